// `check --fix`: the files the preferred fixes changed are written, and each fix is named on a line
// (`path:line:col fixed code[, code]: what it did`); `--fix --dry-run` writes nothing and prints the
// unified diff of what --fix would write instead.
import { promises as fs } from 'node:fs';
import type { FixedFile } from './check';
import { unifiedDiff } from './diffOutput';

/** One line per fix applied, in the order of the files and of each file. */
export function formatFixes(fixed: readonly FixedFile[]): string[] {
  return fixed.flatMap(({ file, fixes }) => fixes.map(({ line, column, codes, title }) => `${file}:${line}:${column} fixed ${codes.join(', ')}: ${title}\n`));
}

export function formatFixDiff(fixed: readonly FixedFile[]): string {
  return unifiedDiff(fixed.map(({ file, before, after }) => ({ file, before, after })));
}

/** "Fixed 5 problems in 3 files." (or, for a dry run, what would be). */
export function formatFixSummary(fixed: readonly FixedFile[], dryRun: boolean): string {
  const problems = fixed.reduce((sum, { fixes }) => sum + fixes.reduce((count, fix) => count + fix.codes.length, 0), 0);
  const files = `${fixed.length} file${fixed.length === 1 ? '' : 's'}`;
  if (problems === 0) return 'No problem has a fix that is clearly right: nothing to fix.\n';
  const counted = `${problems} problem${problems === 1 ? '' : 's'} in ${files}`;
  return dryRun ? `Would fix ${counted}; nothing was written (run without --dry-run to apply the diff above).\n` : `Fixed ${counted}.\n`;
}

/** Writes each changed file's new text. */
export async function writeFixedFiles(fixed: readonly FixedFile[]): Promise<void> {
  for (const { path, after } of fixed) await fs.writeFile(path, after);
}
