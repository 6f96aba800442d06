// The command line: `handbook-roles check [folder]`. It loads the same model and computes the
// same diagnostics as the language server, then prints them for people or for CI.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { computeDiagnostics } from './features/diagnostics';
import { FactsCache } from './model/factsCache';
import { HandbookIndex } from './model/handbookIndex';
import { DEFAULT_SETTINGS } from './model/settings';
import { NodeWorkspace } from './model/workspace';

const USAGE = `Usage: handbook-roles check [folder] [--format text|json] [--quiet] [--no-cache | --cache-dir DIR]

Checks every page of the Hugo handbook in [folder] (default: the current folder) for broken
extends sentences, broken includes and broken role links.

Options:
  --format text|json  text: one "path:line:col severity code message" line each (default);
                      json: an array of {file, line, column, endLine, endColumn, severity, code, message}
  --quiet             print only errors, and no summary
  --cache             remember each file's facts between runs, so that unchanged files are not
                      parsed again (the default). The cache lives in
                      <folder>/node_modules/.cache/handbook-roles/ when <folder>/node_modules
                      exists, else in $XDG_CACHE_HOME/handbook-roles/ (~/.cache/handbook-roles/)
  --cache-dir DIR     keep the cache in DIR instead (for a CI cache: a folder inside the project)
  --no-cache          read and parse every file, and write no cache
  -h, --help          show this help

Exit codes: 0 no errors, 1 errors found, 2 usage or internal failure.`;

export interface Finding {
  /** Relative to the checked folder, with '/' separators. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly code: string;
  readonly message: string;
}

const SEVERITY_NAMES: Record<DiagnosticSeverity, Finding['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function toFinding(folder: string, file: string, diagnostic: Diagnostic): Finding {
  return {
    file: path.relative(folder, file).split(path.sep).join('/'),
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    severity: SEVERITY_NAMES[diagnostic.severity ?? DiagnosticSeverity.Error],
    code: String(diagnostic.code),
    message: diagnostic.message,
  };
}

export interface CacheOptions {
  readonly cache: boolean;
  /** Default: see `defaultCacheDirectory`. */
  readonly cacheDir?: string;
}

export async function check(
  folder: string,
  progress?: (done: number, total: number) => void,
  { cache: useCache, cacheDir }: CacheOptions = { cache: false },
): Promise<{ findings: Finding[]; files: number; problems: readonly string[] }> {
  const index = new HandbookIndex(new NodeWorkspace([folder], { singlePass: true }), DEFAULT_SETTINGS);
  const cache = useCache ? FactsCache.open({ folder, settings: DEFAULT_SETTINGS, directory: cacheDir }) : undefined;
  await index.build(progress, { cache });
  // Saved at once and let go: its file's bytes need not stay in memory during the checks.
  const cacheNotes = cache ? (cache.save(), cache.notes) : [];
  const findings: Finding[] = [];
  let files = 0;
  for (const file of [...index.allFiles()].sort((a, b) => a.path.localeCompare(b.path))) {
    files++;
    for (const diagnostic of computeDiagnostics(index, file)) findings.push(toFinding(folder, file.path, diagnostic));
  }
  return { findings, files, problems: [...index.siteList.flatMap((site) => site.problems), ...index.notes, ...cacheNotes] };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        quiet: { type: 'boolean', default: false },
        cache: { type: 'boolean', default: true },
        'no-cache': { type: 'boolean', default: false },
        'cache-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, target = '.', ...extra] = positionals;
  if (command !== 'check' || extra.length > 0 || !['text', 'json'].includes(values.format!)) {
    process.stderr.write(`${command === undefined ? 'No command given.' : command !== 'check' ? `Unknown command "${command}".` : `Unexpected arguments.`}\n\n${USAGE}\n`);
    return 2;
  }
  const folder = path.resolve(target);
  const showProgress = process.stderr.isTTY && !values.quiet;
  const result = await check(folder, showProgress ? (done, total) => {
    if (done === total || done % 200 === 0) process.stderr.write(`\rIndexing ${done}/${total} files…`);
  } : undefined, { cache: !values['no-cache'], cacheDir: values['cache-dir'] && path.resolve(values['cache-dir']) });
  if (showProgress) process.stderr.write('\r\x1b[K');
  for (const problem of result.problems) process.stderr.write(`handbook-roles: ${problem}\n`);
  if (result.files === 0) {
    process.stderr.write(`handbook-roles: no Markdown pages found in ${folder}. Is it a Hugo site (a folder with content/)?\n`);
    return 2;
  }

  const shown = values.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings;
  if (values.format === 'json') {
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    for (const finding of shown) process.stdout.write(`${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.code} ${finding.message}\n`);
  }
  const count = (severity: Finding['severity']) => result.findings.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  if (!values.quiet && values.format === 'text') {
    process.stdout.write(`\n${errors} errors, ${count('warning')} warnings, ${count('information')} notes in ${result.files} files.\n`);
  }
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    // Not process.exit: it would cut off what is still being written to a pipe (stdout of CI jobs).
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`handbook-roles: internal error: ${(error as Error).stack ?? error}\n`);
      process.exit(2);
    },
  );
}
