// The layering ARCHITECTURE.md promises, checked on the import statements of the sources. One
// table says, for each folder, which folders it may import (a folder may import its own files;
// naming a folder admits its subfolders, which are part of that layer). The table is ordered from
// the bottom up and may only point down, so the layers cannot form a cycle; and no two files may
// import each other, even through a chain or a type-only import.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');

const MODEL = 'server/src/model';
/** Folder (or entry file) → the folders it may import, bottom layer first. */
const MAY_IMPORT: readonly (readonly [string, readonly string[]])[] = [
  [`${MODEL}/base`, []],
  [`${MODEL}/page/markdown`, [`${MODEL}/base`]],
  [`${MODEL}/page`, [`${MODEL}/base`, `${MODEL}/page/markdown`]],
  [`${MODEL}/site`, [`${MODEL}/base`, `${MODEL}/page`]],
  [`${MODEL}/index/load`, [`${MODEL}/base`, `${MODEL}/page`]],
  [`${MODEL}/index`, [`${MODEL}/base`, `${MODEL}/page`, `${MODEL}/site`, `${MODEL}/index/load`]],
  [`${MODEL}/roles`, [`${MODEL}/base`, `${MODEL}/page`, `${MODEL}/site`, `${MODEL}/index`]],
  [`${MODEL}/edits`, [`${MODEL}/base`, `${MODEL}/page`, `${MODEL}/site`, `${MODEL}/index`]],
  ['server/src/features', [MODEL]],
  ['server/src/cache', [MODEL]],
  ['server/src/protocol', [MODEL, 'server/src/features', 'server/src/cache']],
  ['server/src/cli', [MODEL, 'server/src/features', 'server/src/cache']],
  ['server/src/parseWorker.ts', [`${MODEL}/base`, `${MODEL}/page`, `${MODEL}/index/load`]],
  ['server/src/server.ts', ['server/src/protocol']],
  ['client/src', []],
];

/** Packages only some layers may import: the transport, the editor, the disk. */
const PACKAGE_OWNERS: readonly { readonly packages: RegExp; readonly owners: readonly string[]; readonly why: string }[] = [
  { packages: /^vscode-languageserver$|^vscode-languageserver-textdocument$/, owners: ['server/src/protocol'], why: 'only the protocol layer speaks LSP' },
  // The entry point picks the transport (createConnection) and hands the connection to the protocol layer.
  { packages: /^vscode-languageserver\/node$/, owners: ['server/src/protocol', 'server/src/server.ts'], why: 'only the protocol layer speaks LSP, on the connection the entry point creates' },
  { packages: /^vscode-languageserver-types$|^vscode-uri$/, owners: ['server/src/features', 'server/src/protocol', 'server/src/cli'], why: 'the model knows nothing of LSP' },
  { packages: /^vscode$|^vscode-languageclient/, owners: ['client/src'], why: 'only the client runs inside the editor' },
  {
    packages: /^(node:)?fs(\/promises)?$/,
    owners: [`${MODEL}/base/workspace.ts`, 'server/src/cli', 'server/src/cache'],
    why: 'only the Workspace (and the command line and the facts cache, for their own files) touches the disk',
  },
];

function sources(folder: string): string[] {
  const absolute = path.join(ROOT, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath ?? entry.path, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const statements = text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm);
  const dynamic = text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g);
  return [...statements, ...dynamic].map((match) => match[1]);
}

/** Relative imports resolved to repository files; package imports as written. */
function resolvedImportsOf(file: string): string[] {
  return importsOf(file).map((specifier) => {
    if (!specifier.startsWith('.')) return specifier;
    const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
    return existsSync(path.join(ROOT, `${target}.ts`)) ? `${target}.ts` : target;
  });
}

const isUnder = (folder: string, file: string) => file === folder || file.startsWith(`${folder}/`);

/** The most specific table entry a file belongs to. */
function layerOf(file: string): string | undefined {
  return MAY_IMPORT.map(([layer]) => layer)
    .filter((layer) => isUnder(layer, file))
    .sort((a, b) => b.length - a.length)[0];
}

const SERVER = sources('server/src');
const CLIENT = sources('client/src');
const ALL = [...SERVER, ...CLIENT];

describe('layers', () => {
  it('finds the sources it checks, and every one belongs to a layer', () => {
    assert.ok(sources(MODEL).length >= 20, `only ${sources(MODEL).length} model files found`);
    assert.ok(sources('server/src/features').length >= 5);
    assert.deepEqual(
      ALL.filter((file) => layerOf(file) === undefined),
      [],
    );
  });

  it('orders the table from the bottom up, so layers cannot import each other in a circle', () => {
    const seen = new Set<string>();
    for (const [layer, allowed] of MAY_IMPORT) {
      for (const lower of allowed) {
        const layersThere = MAY_IMPORT.map(([other]) => other).filter((other) => isUnder(lower, other));
        assert.ok(layersThere.length > 0 && layersThere.every((other) => seen.has(other)), `${layer} may import ${lower}, which is not below it in the table`);
      }
      seen.add(layer);
    }
  });

  it('lets every file import only its own layer and the layers the table names', () => {
    const violations = ALL.flatMap((file) => {
      const own = layerOf(file)!;
      const allowed = MAY_IMPORT.find(([layer]) => layer === own)![1];
      return resolvedImportsOf(file)
        .filter((target) => target.startsWith('server/') || target.startsWith('client/') || target.startsWith('test/'))
        .filter((target) => layerOf(target) !== own && !allowed.some((folder) => isUnder(folder, target)))
        .map((target) => `${file} (${own}) imports ${target}`);
    });
    assert.deepEqual(violations, []);
  });

  it('keeps each transport, editor and disk package to the layers that own it', () => {
    const violations = ALL.flatMap((file) =>
      resolvedImportsOf(file).flatMap((target) => {
        const rule = PACKAGE_OWNERS.find(({ packages }) => packages.test(target));
        return rule && !rule.owners.some((owner) => isUnder(owner, file)) ? [`${file} imports ${target}: ${rule.why}`] : [];
      }),
    );
    assert.deepEqual(violations, []);
  });

  it('has no import cycle between files, type-only imports included', () => {
    const graph = new Map(SERVER.map((file) => [file, resolvedImportsOf(file).filter((target) => SERVER.includes(target))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file)!) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of SERVER) visit(file, []);
    assert.deepEqual(cycles, []);
  });
});
