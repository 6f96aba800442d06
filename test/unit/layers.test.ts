// The layering ARCHITECTURE.md promises, checked on the import statements of the sources:
// the model knows nothing of LSP, the editor or the command line; features know nothing of the
// transport; only the Workspace touches the file system, so nothing else can read outside the
// workspace folders or write a file.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');

function sources(folder: string): string[] {
  const absolute = path.join(ROOT, folder);
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath ?? entry.path, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1],
  );
}

/** Relative imports resolved to repository paths; package imports as written. */
function resolvedImportsOf(file: string): string[] {
  return importsOf(file).map((specifier) =>
    specifier.startsWith('.') ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier)) : specifier,
  );
}

function violations(files: string[], forbidden: (target: string) => boolean): string[] {
  return files.flatMap((file) => resolvedImportsOf(file).filter(forbidden).map((target) => `${file} imports ${target}`));
}

describe('layers', () => {
  const model = sources('server/src/model');
  const features = sources('server/src/features');

  it('finds the sources it checks', () => {
    assert.ok(model.length >= 8, `only ${model.length} model files found`);
    assert.ok(features.length >= 5, `only ${features.length} feature files found`);
  });

  it('keeps the model free of LSP, the editor, features, the server and the command line', () => {
    const forbidden = (target: string) =>
      /^vscode(-|$)/.test(target) || /^server\/src\/(features|server|cli)/.test(target) || target.startsWith('client/');
    assert.deepEqual(violations(model, forbidden), []);
  });

  it('keeps features free of the transport, the editor and the command line', () => {
    const forbidden = (target: string) =>
      /^vscode-languageserver(\/node)?$/.test(target) || target === 'vscode' || /^server\/src\/(server|cli)/.test(target) || target.startsWith('client/');
    assert.deepEqual(violations(features, forbidden), []);
  });

  it('lets only the Workspace (and the command line) touch the file system', () => {
    const touchesDisk = (target: string) => /^(node:)?fs(\/promises)?$/.test(target);
    const allowed = new Set(['server/src/model/workspace.ts']);
    assert.deepEqual(violations([...model, ...features, 'server/src/server.ts'].filter((file) => !allowed.has(file)), touchesDisk), []);
  });
});
