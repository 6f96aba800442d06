// The safety property of moves: a random move of a random page, include file or folder, with the
// planned edit carried out and the files moved, leaves every link, ref call and include call
// leading where it led (modulo the move: a link to a moved page now leads to it at its new path) and the check's
// findings the same. Broken links stay broken, links through an alias stay so, nothing newly
// leads somewhere else. The handbooks are the bench generator's (with ref calls added, see
// withRefCalls) and the example; the cases come from deterministic seeds.
import * as path from 'node:path';
import { Rng } from '../../bench/generate';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import type { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { IndexedFile } from '../../server/src/model/index/indexedFile';
import type { FileMove, PlannedMove } from '../../server/src/model/edits/moves';
import { applyOffsetEdits } from '../../server/src/model/edits/offsetEdits';
import { isRefCall, refPathArgument } from '../../server/src/model/page/shortcodes';
import type { MemoryWorkspace } from './memoryWorkspace';

/** What a file's links, ref calls and include calls lead to, and which findings it has, in file order. */
export interface FileView {
  readonly links: readonly string[];
  readonly refs: readonly string[];
  readonly includes: readonly string[];
  readonly findings?: readonly string[];
}

/** Every file of the index, by path. `findings`: with the check's codes too (slower). */
export function viewOf(index: HandbookIndex, findings: boolean): Map<string, FileView> {
  const views = new Map<string, FileView>();
  for (const file of index.allFiles()) {
    const links = file.facts.links.map((link) => {
      const resolved = index.resolveLink(file, link.destination, link.kind);
      if (resolved.kind !== 'page') return resolved.kind;
      const anchor = resolved.fragment === undefined ? '' : resolved.anchor ? `#${resolved.anchor.id}@${resolved.anchor.file.path}` : `#missing:${resolved.fragment}`;
      return `page ${resolved.page.path}${anchor}${resolved.viaAlias ? ' (alias)' : ''}`;
    });
    const includes = file.facts.includes.map((call) => {
      if (call.path === undefined) return 'no path';
      const resolved = index.resolveInclude(file.site, call.path);
      return resolved.kind === 'found' ? `found ${resolved.file.path}` : resolved.kind;
    });
    const refs = refsOf(index, file);
    const codes = findings ? computeDiagnostics(index, file).map((diagnostic) => String(diagnostic.code)) : undefined;
    views.set(file.path, { links, refs, includes, findings: codes });
  }
  return views;
}

/** What differs between the views before and after, the paths of the first mapped through the moves. */
export function differences(before: ReadonlyMap<string, FileView>, after: ReadonlyMap<string, FileView>, moves: readonly FileMove[]): string[] {
  const moved = new Map(moves.map(({ from, to }) => [from, to]));
  const mapped = (text: string) => text.replace(/\/[^\s#@]+/g, (file) => moved.get(file) ?? file);
  const found: string[] = [];
  for (const [file, view] of before) {
    const newPath = moved.get(file) ?? file;
    const now = after.get(newPath);
    if (!now) {
      found.push(`${newPath} is gone`);
      continue;
    }
    const expected: FileView = { links: view.links.map(mapped), refs: view.refs.map(mapped), includes: view.includes.map(mapped), findings: view.findings };
    for (const key of ['links', 'refs', 'includes', 'findings'] as const) {
      // Findings are compared when both views have them.
      if (!expected[key] || !now[key]) continue;
      const [was, is] = [expected[key], now[key]];
      if (was.length !== is.length) found.push(`${newPath}: ${was.length} ${key} before, ${is.length} after`);
      was.forEach((entry, at) => {
        if (entry !== is[at]) found.push(`${newPath} ${key}[${at}]: ${entry} → ${is[at]}`);
      });
    }
  }
  if (after.size !== before.size) found.push(`${before.size} files before, ${after.size} after`);
  return found;
}

/** Where each ref call of a page leads (a broken one, missing or ambiguous, as `missing`). */
function refsOf(index: HandbookIndex, file: IndexedFile): string[] {
  if (file.kind !== 'page') return [];
  return (file.facts.shortcodes ?? []).filter(isRefCall).map((call) => {
    const argument = refPathArgument(call);
    if (!argument || call.argumentProblem !== undefined) return 'no argument';
    const resolved = index.resolveRef(file, argument.value);
    if (resolved.kind !== 'page') return resolved.kind === 'ambiguous' ? 'missing' : resolved.kind;
    const anchor = resolved.fragment === undefined ? '' : resolved.anchor ? `#${resolved.anchor.id}@${resolved.anchor.file.path}` : `#missing:${resolved.fragment}`;
    return `page ${resolved.page.path}${anchor}`;
  });
}

/**
 * Ref calls in every style Hugo's ref lookup reads, added to some of a generated handbook's pages
 * (the bench generator writes none): from the content root with a leading `/` or without, with
 * `.md` or without, a section by its folder, relative to the page's folder (`./`, `../`), a bare
 * file name or leaf bundle folder name (ambiguous where two pages share it), an `#anchor`, a
 * broken one. `files`: by path relative to the site folder.
 */
export function withRefCalls(files: Readonly<Record<string, string>>, seed: number): Record<string, string> {
  const rng = new Rng(seed);
  const pages = Object.keys(files).filter((file) => file.startsWith('content/') && file.endsWith('.md'));
  const result = { ...files };
  for (const from of pages) {
    if (!rng.chance(0.3)) continue;
    const calls = Array.from({ length: rng.int(1, 3) }, () => {
      const target = rng.pick(pages);
      const contentPath = target.slice('content/'.length);
      const heading = /^#{2,3} (.+)$/m.exec(files[target])?.[1];
      const anchor =
        heading && rng.chance(0.4)
          ? `#${heading
              .toLowerCase()
              .replace(/[^\w\s-]/g, '')
              .trim()
              .replace(/\s+/g, '-')}`
          : '';
      const section = path.posix.basename(contentPath) === '_index.md';
      const folder = path.posix.dirname(contentPath);
      const written = (() => {
        switch (rng.weighted({ root: 2, rootNoExtension: 2, noSlash: 1, relative: 3, bareName: 3, broken: 1 })) {
          case 'root':
            return `/${contentPath}`;
          case 'rootNoExtension':
            return section ? `/${folder}` : `/${contentPath.replace(/\.md$/, '')}`;
          case 'noSlash':
            return contentPath;
          case 'relative': {
            const relative = path.posix.relative(path.posix.dirname(from), target);
            return relative.startsWith('.') || rng.chance(0.5) ? relative : `./${relative}`;
          }
          case 'bareName':
            return section ? `/${folder}` : rng.chance(0.5) ? path.posix.basename(contentPath) : path.posix.basename(contentPath, '.md');
          case 'broken':
            return `missing-${rng.int(1, 5)}.md`;
        }
      })();
      return `{{< ${rng.chance(0.5) ? 'ref' : 'relref'} "${written}${anchor}" >}}`;
    });
    result[from] = `${files[from].replace(/\n*$/, '')}\n\nSee ${calls.join(', ')}.\n`;
  }
  return result;
}

/**
 * The differences a plan does not account for: a broken link or include call that now leads to a
 * file moved where it points is accounted for when the plan says so in a note.
 */
export function unexplained(found: readonly string[], plan: PlannedMove): string[] {
  const arrived = new Set(plan.files.map(({ to }) => to));
  const noted = plan.notes.some((note) => note.includes('broken'));
  const mendedIn = new Set<string>();
  const rest = found.filter((difference) => {
    const mended = /^(\S+) (\w+)\[\d+\]: (?:missing-page|missing) → (?:page|found) ([^\s#]+)/.exec(difference);
    // A move can mend a bare-name ref that was ambiguous by taking one of the pages away: the note names the page it finds then.
    const explained = mended && noted && (arrived.has(mended[3]) || (mended[2] === 'refs' && plan.notes.some((note) => note.includes('broken') && mended[3].endsWith(note.split(' ')[0]))));
    if (!explained) return true;
    mendedIn.add(mended[1]);
    return false;
  });
  // Its findings then lose the broken link's.
  return rest.filter((difference) => {
    const findings = /^(\S+?):? (?:\d+ findings|findings\[)/.exec(difference);
    return !(findings && mendedIn.has(findings[1]));
  });
}

/** A random move: a page (to another folder, another name or both), a folder of pages, or an include file. */
export function randomMove(rng: Rng, index: HandbookIndex, site: string, serial: number): FileMove {
  const files = [...index.allFiles()];
  const pages = files.filter((file) => file.kind === 'page').map((file) => file.path);
  const includes = files.filter((file) => file.kind === 'include').map((file) => file.path);
  const contentFolders = [...new Set(pages.map((file) => path.dirname(file)))];
  const includeFolders = [...new Set(includes.map((file) => path.dirname(file)))];
  const newName = `renamed-${serial}`;
  const kind = rng.weighted({ page: 55, folder: 25, include: includes.length > 0 ? 20 : 0 });
  if (kind === 'folder') {
    const folder = rng.pick(contentFolders.filter((candidate) => candidate !== path.join(site, 'content')));
    const parents = contentFolders.filter((candidate) => !candidate.startsWith(folder));
    return { from: folder, to: path.join(rng.chance(0.5) ? path.dirname(folder) : rng.pick(parents), rng.chance(0.5) ? newName : path.basename(folder)) };
  }
  const [from, folders] = kind === 'page' ? [rng.pick(pages), contentFolders] : [rng.pick(includes), includeFolders];
  const folder = rng.chance(0.5) ? path.dirname(from) : rng.pick(folders);
  const intoNewFolder = rng.chance(0.2) ? path.join(folder, `new-${serial}`) : folder;
  const name = rng.chance(0.5) && intoNewFolder !== path.dirname(from) ? path.basename(from) : `${newName}.md`;
  return { from, to: path.join(intoNewFolder, path.basename(from).startsWith('_index') && rng.chance(0.7) ? path.basename(from) : name) };
}

/** Carries out a plan on the workspace and tells the index, as file events would; returns how to undo it. */
export async function carryOut(workspace: MemoryWorkspace, index: HandbookIndex, plan: PlannedMove): Promise<() => Promise<void>> {
  const touched = [...new Set([...plan.files.map(({ from }) => from), ...plan.edits.keys()])];
  const originals = new Map<string, Uint8Array>();
  for (const file of touched) originals.set(file, (await workspace.readFile(file))!);
  const after = new Map<string, Uint8Array | string>();
  for (const [file, edits] of plan.edits) after.set(file, applyOffsetEdits(new TextDecoder().decode(originals.get(file)), edits));
  for (const { from } of plan.files) workspace.delete(from);
  for (const [file, text] of after) if (!plan.files.some(({ from }) => from === file)) workspace.write(file, text);
  for (const { from, to } of plan.files) workspace.write(to, after.get(from) ?? originals.get(from)!);
  const refresh = async () => {
    for (const file of [...touched, ...plan.files.map(({ to }) => to)]) await index.refreshFile(file);
  };
  await refresh();
  return async () => {
    for (const { to } of plan.files) workspace.delete(to);
    for (const [file, bytes] of originals) workspace.write(file, bytes);
    await refresh();
  };
}
