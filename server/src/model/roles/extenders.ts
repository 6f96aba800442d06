// Inheritance read backwards: the roles that extend a role, found through the references table
// (../index/references.ts) rather than by walking every role's sentences.
import { referencesTo, type LinkReference, type PageReferrer } from '../index/references';
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
  return linksIntoRole(index, role)
    .filter(isExtendsLink)
    .flatMap((reference) => inheritingSections(index, reference).map((section) => ({ reference, section })));
}

/** The link of an extends sentence (not a plain link, nor a ref call). */
export function isExtendsLink(reference: PageReferrer): reference is LinkReference {
  return reference.kind === 'extends';
}

/**
 * Every link and ref call that leads to `role` or into it: to its heading or one of its aspect sections, or —
 * for a page's own role — to the page, to its own text outside its section roles, or to an anchor
 * its includes bring.
 */
export function linksIntoRole(index: HandbookIndex, role: Role): PageReferrer[] {
  const wanted = sectionKey(role.anchor ? sectionAt(role.page, role.anchor) : wholePage(role.page));
  // A page is linked many times with the same few fragments: each is placed once.
  const intoRole = new Map<string, boolean>();
  return referencesTo(index, { kind: 'page', page: role.page }).filter((reference) => {
    const fragment = reference.fragment ?? '';
    let into = intoRole.get(fragment);
    if (into === undefined) intoRole.set(fragment, (into = sectionKey(targetRole(index, reference)) === wanted));
    return into;
  });
}

/** The role an extends link points into: the innermost role section around its anchor, else the whole page. */
function targetRole(index: HandbookIndex, reference: PageReferrer): Section {
  const { page, fragment } = reference;
  const anchor = fragment ? index.findAnchor(page, fragment) : undefined;
  // An anchor written in an include file has no offset in the page: it belongs to the page's role.
  if (!anchor || anchor.file !== page) return wholePage(page);
  return sourceSection(index, page, anchor.range.start) ?? wholePage(page);
}

/** The sections whose role an extends sentence is written in: the innermost role around it, on each page that includes it for a sentence in an include file. */
export function inheritingSections(index: HandbookIndex, reference: LinkReference): Section[] {
  const { file, link } = reference;
  if (file.kind === 'page') return [sourceSection(index, file, link.start) ?? wholePage(file)];
  // Hugo prints an include call inside an include file as text: only pages' calls bring the sentence in.
  const calls = referencesTo(index, { kind: 'include', file }).filter((include) => include.file.kind === 'page' && include.call.problems.length === 0);
  return calls.map((include) => sourceSection(index, include.file, include.call.range.start) ?? wholePage(include.file));
}
