// `handbook-roles move OLD NEW [--dry-run]`, for people who move files with `git mv`: the same
// plan the editor gets for a move (model/edits/moves.ts), carried out on the disk — the one place
// the tool writes files, because the user asked it to. The whole plan is made and every new text
// computed before anything is written; a refused move writes nothing; a failure while writing puts
// back what was already done. `--dry-run` prints the unified diff instead (diffOutput.ts).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { planMoves, type PlannedMove } from '../model/edits/moves';
import { applyOffsetEdits } from '../model/edits/offsetEdits';
import type { HandbookIndex } from '../model/index/handbookIndex';
import { relativePath } from '../model/base/paths';
import { unifiedDiff, type FileChange } from './diffOutput';
import { exists, openHandbook, siteFolderOf } from './handbook';
import { EXIT, type MoveCommand } from './options';

export async function runMove(command: MoveCommand, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const fail = (message: string, code: number = EXIT.usage) => (err.write(`handbook-roles: ${message}\n`), code);
  const from = path.resolve(command.from);
  const to = path.resolve(command.to);
  if (!(await exists(from))) return fail(`${command.from} does not exist: give the page, include file or folder to move.`);
  if (await exists(to)) return fail(`${command.to} already exists: move or delete it first.`, EXIT.failed);
  const blocking = await fileAbove(to);
  if (blocking) return fail(`nothing was moved: ${path.relative(process.cwd(), blocking) || blocking} is a file, so ${command.to} cannot be made below it.`, EXIT.failed);
  const folder = await siteFolderOf(from);
  if (!folder) return fail(`${command.from} is in no Hugo site: no folder above it has a hugo.toml, a config or a content/ folder.`);

  const index = await openHandbook(folder, command.config, err);
  const plan = await planMoves(index, [{ from, to }], { addAliases: index.currentSettings.moveAddAliases });
  if (plan.kind === 'refused') return fail(`nothing was moved: ${plan.reason}`, EXIT.failed);
  const changes = await fileChanges(index, folder, plan, from, to);
  for (const note of plan.notes) err.write(`handbook-roles: note: ${note}\n`);
  if (command.dryRun) {
    out.write(unifiedDiff(changes));
    err.write(`${summary(plan, changes, true)}\n`);
    return EXIT.clean;
  }
  try {
    await carryOut(from, to, folder, changes);
  } catch (error) {
    // The file system refused (a name too long, no room, no permission): carryOut put back what it did.
    return fail(`nothing was moved: ${(error as Error).message}`);
  }
  err.write(`${summary(plan, changes, false)}\n`);
  return EXIT.clean;
}

/** "Moved 3 files; updated 12 links and 1 include call; added 3 aliases." (ref calls named when there are any) */
function summary(plan: PlannedMove, changes: readonly FileChange[], dryRun: boolean): string {
  const { links, refCalls, includeCalls, aliases } = plan.counts;
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const verbs = dryRun ? ['Would move', 'would update', 'would add'] : ['Moved', 'updated', 'added'];
  const refs = refCalls > 0 ? `, ${count(refCalls, 'ref call')}` : '';
  const moved = changes.filter((change) => change.movedFrom !== undefined).length;
  return `${verbs[0]} ${count(moved, 'file')}; ${verbs[1]} ${count(links, 'link')}${refs} and ${count(includeCalls, 'include call')}; ${verbs[2]} ${count(aliases, 'alias', 'aliases')}.`;
}

/**
 * Every file the plan changes or the rename of `from` to `to` moves, with its text before and after
 * (undefined for a file that is not text). Files the handbook does not know move too (a bundle's
 * images), and are named, so that the diff of a dry run does what the move does.
 */
async function fileChanges(index: HandbookIndex, folder: string, plan: PlannedMove, from: string, to: string): Promise<FileChange[]> {
  const newPaths = new Map(plan.files.map((file) => [file.from, file.to]));
  for (const file of await filesBelow(from)) if (!newPaths.has(file)) newPaths.set(file, path.join(to, path.relative(from, file)));
  const paths = [...new Set([...newPaths.keys(), ...plan.edits.keys()])].sort();
  const changes: FileChange[] = [];
  for (const file of paths) {
    const edits = plan.edits.get(file);
    const before = edits ? await index.textOf(file) : undefined;
    if (edits && before === undefined) throw new Error(`${file} could not be read again: nothing was moved.`);
    const after = edits ? applyOffsetEdits(before!, edits) : undefined;
    const newPath = newPaths.get(file) ?? file;
    changes.push({ file: relativePath(folder, newPath), before, after, ...(newPath !== file ? { movedFrom: relativePath(folder, file) } : {}) });
  }
  return changes;
}

/** `file` itself, or every entry below the folder `file` that is not a folder (git lists no folders). */
async function filesBelow(file: string): Promise<string[]> {
  if (!(await fs.lstat(file)).isDirectory()) return [file];
  const entries = await fs.readdir(file, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** The nearest existing entry above `file`, when it is not a folder: nothing can be made below it. */
async function fileAbove(file: string): Promise<string | undefined> {
  for (let above = path.dirname(file); above !== path.dirname(above); above = path.dirname(above)) {
    const stats = await fs.stat(above).catch(() => undefined);
    if (stats) return stats.isDirectory() ? undefined : above;
  }
  return undefined;
}

/**
 * The move on the disk: OLD renamed to NEW in one step (a folder with everything in it, images
 * of a bundle too), then each edited text written at its new place. A failure puts back the texts
 * already written and the rename, and is thrown.
 */
async function carryOut(from: string, to: string, folder: string, changes: readonly FileChange[]): Promise<void> {
  const madeFolder = await fs.mkdir(path.dirname(to), { recursive: true });
  const written: FileChange[] = [];
  let renamed = false;
  try {
    await fs.rename(from, to);
    renamed = true;
    for (const change of changes) {
      if (change.after === undefined || change.after === change.before) continue;
      await writeAtomically(path.join(folder, change.file), change.after);
      written.push(change);
    }
  } catch (error) {
    for (const change of written) await writeAtomically(path.join(folder, change.file), change.before!);
    if (renamed) await fs.rename(to, from);
    // The folders made for NEW are empty again: nothing of the move is left.
    if (madeFolder !== undefined) await fs.rm(madeFolder, { recursive: true });
    throw error;
  }
}

/** Written beside, then renamed over: a file is never left half written. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.handbook-roles-${process.pid}`;
  try {
    await fs.writeFile(temporary, text);
    await fs.rename(temporary, file);
  } catch (error) {
    // A disk that filled up mid-write leaves no half file beside the page.
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
