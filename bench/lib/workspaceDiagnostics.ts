// What the language server's diagnostics of the whole workspace cost: how long after the index is
// ready every file's findings have arrived, and how long an edit that changes the findings of many
// other files takes to reach them, with how many files were sent for it. The ground truth (every
// file's findings, and the files an edit changes) comes from the model itself, in this process,
// before the server starts: the same functions the server and the command line run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { NodeWorkspace } from '../../server/src/model/base/workspace';
import { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { Anchor, IndexedFile } from '../../server/src/model/index/indexedFile';
import type { Session } from '../../test/protocol/support/session';

/** An ATX heading line: the edit goes right after its opening hashes. */
const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+/;

export interface WorkspaceTruth {
  /** Files with at least one finding, and the findings in all. */
  files: number;
  findings: number;
  /** A heading that many other pages link to, and the files whose findings change when it is edited. */
  hub: HubHeading | null;
}

export interface HubHeading {
  /** Relative to the handbook folder. */
  file: string;
  line: number;
  /** Where the edit inserts `word`. */
  character: number;
  /** What it inserts: a word in the heading's text, or in its `{#id}` when it has one (the ID is then the heading's text no more). */
  word: string;
  /** Files (relative) whose findings the edit changes, the hub itself left out. */
  changed: string[];
}

const BENCH_WORD = 'Bench ';
const BENCH_ID = 'bench-';

/** Every file's findings, and the heading whose edit changes the findings of the number of other files closest to `wanted` (at least that many when there is one). */
export async function workspaceTruth(folder: string, wanted: number): Promise<WorkspaceTruth> {
  const index = new HandbookIndex(new NodeWorkspace([folder]), DEFAULT_SETTINGS);
  await index.build();
  const before = findingsByFile(index);
  const findings = [...before.values()].reduce((sum, found) => sum + found.split('\n').length, 0);
  const hub = await pickHub(folder, index, before, wanted);
  return { files: before.size, findings, hub };
}

/** Each file's findings (JSON lines), for files with any. */
function findingsByFile(index: HandbookIndex): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of index.allFiles()) {
    const diagnostics = computeDiagnostics(index, file);
    if (diagnostics.length > 0) found.set(file.path, diagnostics.map((diagnostic) => JSON.stringify(diagnostic)).join('\n'));
  }
  return found;
}

async function pickHub(folder: string, index: HandbookIndex, before: Map<string, string>, wanted: number): Promise<HubHeading | null> {
  const linkers = new Map<Anchor, Set<IndexedFile>>();
  for (const file of index.allFiles()) {
    for (const link of file.facts.links) {
      const resolved = index.resolveLink(file, link.destination, link.kind);
      if (resolved.kind !== 'page' || !resolved.anchor || resolved.anchor.level === 0 || resolved.anchor.file !== resolved.page || resolved.page === file) continue;
      const set = linkers.get(resolved.anchor) ?? new Set<IndexedFile>();
      set.add(file);
      linkers.set(resolved.anchor, set);
    }
  }
  const ranked = [...linkers].sort(([, a], [, b]) => (a.size >= wanted !== b.size >= wanted ? (a.size >= wanted ? -1 : 1) : a.size >= wanted ? a.size - b.size : b.size - a.size));
  for (const [anchor] of ranked.slice(0, 20)) {
    const text = fs.readFileSync(anchor.file.path, 'utf8');
    const line = text.slice(0, anchor.range.start).split('\n').length - 1;
    const lineText = text.split('\n')[line];
    const prefix = ATX_HEADING.exec(lineText);
    if (!prefix) continue;
    const explicitId = lineText.indexOf('{#');
    const character = explicitId === -1 ? prefix[0].length : explicitId + 2;
    const word = explicitId === -1 ? BENCH_WORD : BENCH_ID;
    const lines = text.split('\n');
    lines[line] = lineText.slice(0, character) + word + lineText.slice(character);
    index.setOpenText(anchor.file.path, lines.join('\n'));
    const after = findingsByFile(index);
    index.setOpenText(anchor.file.path, text);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((file) => file !== anchor.file.path && before.get(file) !== after.get(file));
    const relative = (file: string) => path.relative(folder, file).split(path.sep).join('/');
    return { file: relative(anchor.file.path), line, character, word, changed: changed.map(relative).sort() };
  }
  return null;
}

/** Findings published so far, in all, and the files they are in. */
export function publishedTotals(session: Session): { files: number; findings: number } {
  let files = 0;
  let findings = 0;
  for (const { diagnostics } of session.diagnostics.values()) {
    if (diagnostics.length === 0) continue;
    files++;
    findings += diagnostics.length;
  }
  return { files, findings };
}
