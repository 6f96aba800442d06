// Find all references: every place in the handbook that points at what the cursor is on — a
// page (its title or front matter), a heading or HTML anchor, a link's, a `ref` call's or an
// extends sentence's target, an include call's file or an include file — through the references model.
import { URI } from 'vscode-uri';
import type { Location, Position } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { referencesTo, type Reference, type ReferenceTarget } from '../model/index/references';
import { linksIntoRole } from '../model/roles/extenders';
import { destinationRange, linkRange } from '../model/page/markdown/syntax';
import { rolesOf } from '../model/roles/inheritance';
import type { TextRange } from '../model/base/text';
import { targetAt, titleRangeOf } from './shared/targets';
import { toOffset, toRange } from './shared/positions';

export async function provideReferences(index: HandbookIndex, file: IndexedFile, position: Position, includeDeclaration: boolean): Promise<Location[]> {
  const target = targetAt(index, file, toOffset(file, position));
  if (!target) return [];
  const locations = referenceLocations(referencesOf(index, target));
  return includeDeclaration ? [await declarationOf(index, target), ...locations] : locations;
}

/** What points at a target; for a role's heading, also what points into the role (its `#requirements`, say). */
function referencesOf(index: HandbookIndex, target: ReferenceTarget): Reference[] {
  if (target.kind !== 'anchor' || target.anchor.file.kind !== 'page') return referencesTo(index, target);
  const { anchor } = target;
  const role = rolesOf(index, anchor.file).find((candidate) => candidate.anchor === anchor);
  return role ? linksIntoRole(index, role) : referencesTo(index, target);
}

/**
 * Where references stand, in their order: a link's whole extent (a reference-style link's
 * `[ref]:` definition too, once), an include call's, a ref call's path argument. Every referring file was read through the
 * Workspace, which reads nothing outside the workspace folders, so none is asked again.
 */
export function referenceLocations(references: readonly Reference[]): Location[] {
  const uris = new Map<IndexedFile, string>();
  const uriOf = (file: IndexedFile) => {
    let uri = uris.get(file);
    if (uri === undefined) uris.set(file, (uri = URI.file(file.path).toString()));
    return uri;
  };
  const definitions = new Set<string>();
  const locations: Location[] = [];
  const add = (file: IndexedFile, range: TextRange) => locations.push({ uri: uriOf(file), range: toRange(file, range) });
  for (const reference of references) {
    if (reference.kind === 'include') {
      add(reference.file, reference.call.range);
      continue;
    }
    if (reference.kind === 'ref') {
      add(reference.file, reference.argument.range);
      continue;
    }
    const { link } = reference;
    add(reference.file, linkRange(link));
    // The uses of one definition share its destination: listed once.
    const definition = `${reference.file.path}\0${link.destinationStart}`;
    if (link.kind === 'reference' && !definitions.has(definition)) {
      definitions.add(definition);
      add(reference.file, destinationRange(link));
    }
  }
  return locations;
}

async function declarationOf(index: HandbookIndex, target: ReferenceTarget): Promise<Location> {
  switch (target.kind) {
    case 'page':
      return { uri: URI.file(target.page.path).toString(), range: toRange(target.page, await titleRangeOf(index, target.page)) };
    case 'anchor':
      return { uri: URI.file(target.anchor.file.path).toString(), range: toRange(target.anchor.file, target.anchor.range) };
    case 'include':
      return { uri: URI.file(target.file.path).toString(), range: toRange(target.file, { start: 0, end: 0 }) };
  }
}
