// Inheritance read backwards: the roles that extend a role, found through the references table
// (../index/references.ts) rather than by walking every role's sentences.
import { referencesTo, type LinkReference } from '../index/references';
import type { HandbookIndex } from '../index/handbookIndex';
import { sectionAt, sectionKey, sourceSection, wholePage, type Role, type Section } from './inheritance';

/** An extends sentence that points into a role, and the role (section) it is written in. */
export interface Extender {
  readonly reference: LinkReference;
  /** The section whose role inherits: the innermost role around the sentence (on each page that includes it, for a sentence in an include file). */
  readonly section: Section;
}

/**
 * The extends sentences that point at `role` or into it (at one of its aspect sections, like
 * its `#requirements`), each with the role it is written in, in reference order. A sentence in
 * an include file counts once for every page that includes it.
 */
export function extendersOf(index: HandbookIndex, role: Role): Extender[] {
  const wanted = sectionKey(role.anchor ? sectionAt(role.page, role.anchor) : wholePage(role.page));
  const extenders: Extender[] = [];
  for (const reference of referencesTo(index, { kind: 'page', page: role.page })) {
    if (reference.kind !== 'extends' || sectionKey(targetRole(index, reference)) !== wanted) continue;
    for (const section of inheritingSections(index, reference)) extenders.push({ reference, section });
  }
  return extenders;
}

/** The role an extends link points into: the innermost role section around its anchor, else the whole page. */
function targetRole(index: HandbookIndex, reference: LinkReference): Section {
  const { page, fragment } = reference;
  const anchor = fragment ? index.findAnchor(page, fragment) : undefined;
  // An anchor written in an include file has no offset in the page: it belongs to the page's role.
  if (!anchor || anchor.file !== page) return wholePage(page);
  return sourceSection(index, page, anchor.range.start) ?? wholePage(page);
}

function inheritingSections(index: HandbookIndex, reference: LinkReference): Section[] {
  const { file, link } = reference;
  if (file.kind === 'page') return [sourceSection(index, file, link.range.start) ?? wholePage(file)];
  // Hugo prints an include call inside an include file as text: only pages' calls bring the sentence in.
  const calls = referencesTo(index, { kind: 'include', file }).filter((include) => include.file.kind === 'page' && include.call.problems.length === 0);
  return calls.map((include) => sourceSection(index, include.file, include.call.range.start) ?? wholePage(include.file));
}
