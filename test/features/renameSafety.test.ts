// The safety property of heading rename: on generated handbooks (the bench generator) and on the
// example handbook, random renames of random headings — new names that are fresh, repeat another
// heading of the page (so Hugo renumbers), differ only in case, are all punctuation or CJK — with
// the returned edit applied leave every file's findings where they were and every link and ref call leading to
// the same page and the same anchor (by its place among the page's anchors) as before. A rename
// may be refused only for the reasons rename gives on purpose. Deterministic seeds.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { generate, Rng } from '../../bench/generate';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { provideRename } from '../../server/src/features/rename';
import type { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { IndexedFile } from '../../server/src/model/index/indexedFile';
import type { HeadingFact } from '../../server/src/model/page/facts';
import { applyTextEdits } from '../support/applyEdits';
import { memoryHandbook } from '../support/memoryHandbook';
import { withRefCalls } from '../support/moveSafety';
import { refCallsOf } from '../../server/src/model/index/references';

/** Every file under `folder`, by path relative to it. */
function filesUnder(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    files[path.relative(folder, absolute)] = readFileSync(absolute, 'utf8');
  }
  return files;
}

function generatedHandbook(pages: number, seed: number): Record<string, string> {
  const folder = mkdtempSync(path.join(tmpdir(), 'handbook-roles-rename-'));
  try {
    generate(pages, folder, seed);
    return withRefCalls(filesUnder(folder), seed);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What the property holds fixed: each file's findings (file, line, code) and where each of its links and ref calls leads. */
function snapshot(index: HandbookIndex): Map<string, string> {
  const state = new Map<string, string>();
  for (const file of index.allFiles()) {
    const findings = computeDiagnostics(index, file).map((diagnostic) => `${diagnostic.range.start.line}:${String(diagnostic.code)}`);
    const targets = file.facts.links.map((link) => {
      const resolved = index.resolveLink(file, link.destination, link.kind);
      if (resolved.kind !== 'page') return resolved.kind;
      const anchor = resolved.anchor ? index.anchorsOf(resolved.page).indexOf(resolved.anchor) : resolved.fragment ? 'missing' : '';
      return `${resolved.page.path}#${anchor}`;
    });
    const refs = refCallsOf(file).map(({ argument }) => {
      const resolved = index.resolveRef(file, argument.value);
      if (resolved.kind !== 'page') return resolved.kind;
      const anchor = resolved.anchor ? index.anchorsOf(resolved.page).indexOf(resolved.anchor) : resolved.fragment ? 'missing' : '';
      return `${resolved.page.path}#${anchor}`;
    });
    state.set(file.path, JSON.stringify([findings.sort(), targets, refs]));
  }
  return state;
}

/**
 * Headings a rename's name can stand for (one line, no links or HTML in them, which a rename would
 * take out), and those of them some link leads to, which a rename must follow.
 */
function renameableHeadings(index: HandbookIndex): { all: Target[]; linked: Target[] } {
  const all = [...index.allFiles()].flatMap((file) => file.facts.headings.filter((heading) => !/[\n[<]/.test(heading.source)).map((heading) => ({ file, heading })));
  const reached = new Set<string>();
  for (const file of index.allFiles()) {
    for (const link of file.facts.links) {
      const resolved = index.resolveLink(file, link.destination, link.kind);
      if (resolved.kind === 'page' && resolved.anchor) reached.add(`${resolved.anchor.file.path}:${resolved.anchor.range.start}`);
    }
    for (const { argument } of refCallsOf(file)) {
      const resolved = index.resolveRef(file, argument.value);
      if (resolved.kind === 'page' && resolved.anchor) reached.add(`${resolved.anchor.file.path}:${resolved.anchor.range.start}`);
    }
  }
  return { all, linked: all.filter(({ file, heading }) => reached.has(`${file.path}:${heading.range.start}`)) };
}

interface Target {
  readonly file: IndexedFile;
  readonly heading: HeadingFact;
}

/** A new name: fresh words, another heading of the same file (Hugo then numbers the repeat), a change of case, punctuation only, CJK. */
function newName(rng: Rng, file: IndexedFile, heading: HeadingFact): string {
  const words = ['Requirements', 'Responsibilities', 'Scope', 'Impact', 'Growth', 'Leadership'];
  switch (rng.weighted({ fresh: 3, repeat: 3, recase: 1, punctuation: 1, cjk: 1 })) {
    case 'fresh':
      return `${rng.pick(words)} ${rng.int(1, 3)}`;
    case 'repeat':
      return rng.pick(file.facts.headings).text || rng.pick(words);
    case 'recase':
      return heading.text.toUpperCase() || 'UPPER';
    case 'punctuation':
      return '¿?!';
    case 'cjk':
      return rng.pick(['要件', '責任 と 役割', 'キャリア']);
  }
}

// The refusals rename makes on purpose, which the names above can provoke.
const EXPECTED_REFUSALS = /would have the ID #.* twice|after this rename it would lead/;

/** `linked`: renames whose edit moved links too, not only the heading. */
async function checkRandomRenames(files: Record<string, string>, seed: number, cases: number): Promise<{ applied: number; refused: number; linked: number }> {
  const { index } = await memoryHandbook(files);
  const before = snapshot(index);
  const headings = renameableHeadings(index);
  const rng = new Rng(seed);
  let applied = 0;
  let refused = 0;
  let linked = 0;
  for (let at = 0; at < cases; at++) {
    const { file, heading } = rng.pick(rng.chance(0.7) ? headings.linked : headings.all);
    const name = newName(rng, file, heading);
    const text = (await index.textOf(file.path))!;
    const position = file.lines.positionAt(text.indexOf(heading.source, heading.range.start));
    const what = `case ${at} (seed ${seed}): "${heading.text}" in ${file.sitePath} → "${name}"`;
    const edit = await provideRename(index, file, position, name);
    if ('refused' in edit) {
      assert.match(edit.refused, EXPECTED_REFUSALS, what);
      refused++;
      continue;
    }
    if (Object.values(edit.changes ?? {}).flat().length > 1) linked++;
    const originals = new Map<string, string>();
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const edited = URI.parse(uri).fsPath;
      const original = (await index.textOf(edited))!;
      originals.set(edited, original);
      index.setOpenText(edited, applyTextEdits(original, edits));
    }
    const after = snapshot(index);
    for (const [edited, state] of before) assert.equal(after.get(edited), state, `${what}: ${edited} changed`);
    for (const [edited, original] of originals) index.setOpenText(edited, original);
    applied++;
  }
  return { applied, refused, linked };
}

describe('random heading renames keep findings and link targets', () => {
  it('on generated handbooks', async () => {
    for (const seed of [1, 2]) {
      const { applied, refused, linked } = await checkRandomRenames(generatedHandbook(60, seed), seed, 150);
      assert.ok(applied > 100 && linked > 60, `of 150 renames ${applied} applied (${linked} with links), ${refused} refused`);
    }
  });

  it('on the example handbook', async () => {
    const { applied, linked } = await checkRandomRenames(filesUnder(path.resolve('examples/handbook')), 3, 200);
    assert.ok(applied > 150 && linked > 80, `of 200 renames ${applied} applied (${linked} with links)`);
  });
});
