// Roles as a type hierarchy (LSP 3.17): a role's supertypes are the roles and sections its extends
// sentences point at, its subtypes the roles whose sentences point at it or into it, across the
// handbook. Prepared on a role heading, a role page's title, an extends sentence (its target) or
// anywhere inside a role (the innermost one around the cursor).
import { URI } from 'vscode-uri';
import { SymbolKind, type Position, type TypeHierarchyItem } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { referencesTo } from '../model/index/references';
import { extendersOf, inheritingSections, isExtendsLink } from '../model/roles/extenders';
import { extendsLinksIn, resolveExtends, rolesOf, sectionAt, sectionKey, sectionTitle, sectionUrl, sourceSection, wholePage, type Section } from '../model/roles/inheritance';
import { factAt } from './shared/factAt';
import { titleRangeOf } from './shared/targets';
import { toOffset, toRange } from './shared/positions';

/** What an item carries to its supertypes and subtypes requests: its page and the section's anchor ID ('' for the whole page). */
export interface HierarchyData {
  readonly uri: string;
  readonly anchorId: string;
}

export async function prepareTypeHierarchy(index: HandbookIndex, file: IndexedFile, position: Position): Promise<TypeHierarchyItem[] | null> {
  const section = sectionAtCursor(index, file, toOffset(file, position));
  return section ? [await itemOf(index, section)] : null;
}

export async function supertypes(index: HandbookIndex, page: IndexedFile, item: TypeHierarchyItem): Promise<TypeHierarchyItem[] | null> {
  const section = sectionOfItem(index, page, item);
  if (!section) return null;
  const targets = extendsLinksIn(index, section).flatMap((edge) => {
    const target = resolveExtends(index, edge);
    return target.kind === 'section' ? [target.section] : [];
  });
  return Promise.all(distinct(targets).map((target) => itemOf(index, target)));
}

export async function subtypes(index: HandbookIndex, page: IndexedFile, item: TypeHierarchyItem): Promise<TypeHierarchyItem[] | null> {
  const section = sectionOfItem(index, page, item);
  if (!section) return null;
  const role = rolesOf(index, page).find((candidate) => candidate.anchor === section.anchor);
  if (role) return Promise.all(distinct(extendersOf(index, role).map((extender) => extender.section)).map((extender) => itemOf(index, extender)));
  // A section that is no role (a role's Requirements) inherits only to what points at it exactly.
  const pointing = section.anchor ? referencesTo(index, { kind: 'anchor', anchor: section.anchor }) : referencesTo(index, { kind: 'page', page }).filter((reference) => !reference.fragment);
  const extending = pointing.filter(isExtendsLink).flatMap((reference) => inheritingSections(index, reference));
  return Promise.all(distinct(extending).map((extender) => itemOf(index, extender)));
}

/** The page a supertypes or subtypes request is about, from the item's data. */
export function hierarchyDocument(item: TypeHierarchyItem): string | undefined {
  const uri = (item.data as Partial<HierarchyData> | undefined)?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/** An extends sentence's target; else the innermost role around the cursor (its heading, its title, its text). */
function sectionAtCursor(index: HandbookIndex, file: IndexedFile, offset: number): Section | undefined {
  const fact = factAt(file, offset);
  if (fact?.kind === 'link' && fact.link.extendsSentence) {
    const target = resolveExtends(index, { file, link: fact.link });
    return target.kind === 'section' ? target.section : undefined;
  }
  if (file.kind !== 'page' || rolesOf(index, file).length === 0) return undefined;
  return sourceSection(index, file, offset);
}

function sectionOfItem(index: HandbookIndex, page: IndexedFile, item: TypeHierarchyItem): Section | undefined {
  const anchorId = (item.data as Partial<HierarchyData> | undefined)?.anchorId;
  if (page.kind !== 'page' || typeof anchorId !== 'string') return undefined;
  if (anchorId === '') return wholePage(page);
  const anchor = index.anchorsOf(page).find((candidate) => candidate.id === anchorId);
  return anchor && sectionAt(page, anchor);
}

async function itemOf(index: HandbookIndex, section: Section): Promise<TypeHierarchyItem> {
  const { page, anchor, file } = section;
  const selection = anchor ? anchor.range : await titleRangeOf(index, page);
  const data: HierarchyData = { uri: URI.file(page.path).toString(), anchorId: anchor?.id ?? '' };
  return {
    name: sectionTitle(index, section) || sectionUrl(section),
    kind: SymbolKind.Class,
    detail: sectionUrl(section),
    uri: URI.file(file.path).toString(),
    range: toRange(file, { start: Math.min(section.range.start, selection.start), end: section.range.end }),
    selectionRange: toRange(file, selection),
    data,
  };
}

function distinct(sections: readonly Section[]): Section[] {
  const byKey = new Map<string, Section>();
  for (const section of sections) if (!byKey.has(sectionKey(section))) byKey.set(sectionKey(section), section);
  return [...byKey.values()];
}
