// The inheritance graph. A node is a section: a whole page, or the part of a page under one
// heading or HTML anchor ("/job-families/…/distinguished/#requirements"). Its edges are the
// inheritance sentences written inside it (including those in files it includes): following
// them from a section gives everything a role really requires. Traversals keep a visited set,
// so cycles end the walk and are reported instead of looping.
import type { HandbookIndex } from '../index/handbookIndex';
import type { Anchor, IndexedFile } from '../index/indexedFile';
import type { LinkFact } from '../page/facts';
import type { TextRange } from '../base/text';

export interface Section {
  /** The page the section belongs to. */
  readonly page: IndexedFile;
  /** Undefined for the whole page. */
  readonly anchor?: Anchor;
  /** The file the section's text is written in (the page, or an include file). */
  readonly file: IndexedFile;
  readonly range: TextRange;
}

export interface ExtendsLink {
  /** The file the sentence is written in. */
  readonly file: IndexedFile;
  readonly link: LinkFact;
}

export type ExtendsTarget =
  | { readonly kind: 'section'; readonly section: Section }
  | { readonly kind: 'missing-page' }
  | { readonly kind: 'missing-section'; readonly page: IndexedFile; readonly fragment: string }
  | { readonly kind: 'not-internal' };

export interface Role {
  readonly title: string;
  /** The URL path a link to the role uses, with `#anchor` for a role that is a section. */
  readonly url: string;
  readonly page: IndexedFile;
  readonly anchor?: Anchor;
}

/** Headings that name a part of a role (its requirements) rather than a role. */
const ASPECT_HEADING = /^(?:[\w ()-]*\s)?(?:requirements?|responsibilities|competenc(?:y|ies)|expectations|performance indicators|job grade|skills|levels?)$/i;

export function sectionKey(section: Section): string {
  return `${section.page.path}#${section.anchor?.id ?? ''}`;
}

export function isAspectHeading(anchor: Anchor): boolean {
  return anchor.level > 0 && isAspectTitle(anchor.text);
}

/** Whether a heading's text names a part of a role ("Requirements") rather than a role. */
export function isAspectTitle(text: string): boolean {
  return ASPECT_HEADING.test(text);
}

export function wholePage(page: IndexedFile): Section {
  return { page, file: page, range: { start: page.facts.bodyStart, end: Number.MAX_SAFE_INTEGER } };
}

/** The text under an anchor: to the next heading of the same or a higher level. */
export function sectionAt(page: IndexedFile, anchor: Anchor): Section {
  const headings = anchor.file.facts.headings;
  let level = anchor.level;
  let start = anchor.range.start;
  if (level === 0) {
    // An HTML anchor labels what follows it: the next heading's section, or the text up to it.
    const next = headings.find((heading) => heading.range.start > start);
    if (!next) return { page, anchor, file: anchor.file, range: { start, end: Number.MAX_SAFE_INTEGER } };
    const between = anchor.file.lines.positionAt(next.range.start).line - anchor.file.lines.positionAt(start).line;
    if (between > 2) return { page, anchor, file: anchor.file, range: { start, end: next.range.start } };
    level = next.level;
    start = Math.min(start, next.range.start);
  }
  const end = headings.find((heading) => heading.range.start > anchor.range.end && heading.level <= level)?.range.start;
  return { page, anchor, file: anchor.file, range: { start, end: end ?? Number.MAX_SAFE_INTEGER } };
}

export function sectionContains(section: Section, file: IndexedFile, offset: number): boolean {
  return section.file === file && section.range.start <= offset && offset < section.range.end;
}

/**
 * Inheritance sentences written inside a section, including in the files a page includes. An
 * include call inside an include file is printed as text by Hugo, so it is not followed.
 */
export function extendsLinksIn(index: HandbookIndex, section: Section): ExtendsLink[] {
  const found: ExtendsLink[] = [];
  const visit = (file: IndexedFile, range: TextRange) => {
    const includes = file.kind === 'page' ? file.facts.includes.filter((call) => call.path !== undefined && call.problems.length === 0 && inRange(range, call.range.start)) : [];
    const events = [
      ...file.facts.links.filter((link) => link.extendsSentence && inRange(range, link.start)).map((link) => ({ at: link.start, link })),
      ...includes.map((call) => ({ at: call.range.start, call })),
    ].sort((a, b) => a.at - b.at);
    for (const event of events) {
      if ('link' in event) {
        found.push({ file, link: event.link });
        continue;
      }
      const resolved = index.resolveInclude(file.site, event.call.path!);
      if (resolved.kind === 'found' && resolved.file.kind === 'include') visit(resolved.file, { start: 0, end: Number.MAX_SAFE_INTEGER });
    }
  };
  visit(section.file, section.range);
  return found;
}

export function resolveExtends(index: HandbookIndex, from: ExtendsLink): ExtendsTarget {
  const resolved = index.resolveLink(from.file, from.link.destination, from.link.kind);
  switch (resolved.kind) {
    case 'external':
    case 'unchecked':
      return { kind: 'not-internal' };
    case 'missing-page':
      return { kind: 'missing-page' };
    case 'page':
      if (resolved.fragment === undefined) return { kind: 'section', section: wholePage(resolved.page) };
      if (!resolved.anchor) return { kind: 'missing-section', page: resolved.page, fragment: resolved.fragment };
      return { kind: 'section', section: sectionAt(resolved.page, resolved.anchor) };
  }
}

/** The section an inheritance sentence belongs to: the innermost role section around it, else the page. */
export function sourceSection(index: HandbookIndex, file: IndexedFile, offset: number): Section | undefined {
  if (file.kind !== 'page') return undefined;
  const roleAnchors = new Set(rolesOf(index, file).map((role) => role.anchor));
  const enclosing = index
    .anchorsOf(file)
    .filter((anchor) => roleAnchors.has(anchor) && anchor.file === file && anchor.range.start <= offset)
    .map((anchor) => sectionAt(file, anchor))
    .filter((section) => section.range.end > offset);
  return enclosing.at(-1) ?? wholePage(file);
}

/**
 * Follows the inheritance edges from `start`. Returns the path back to a section that holds
 * the sentence at (`file`, `offset`) — a cycle through that sentence — or undefined.
 */
export function findCycle(index: HandbookIndex, start: Section, file: IndexedFile, offset: number): Section[] | undefined {
  const visited = new Set<string>();
  const walk = (section: Section, trail: Section[]): Section[] | undefined => {
    if (sectionContains(section, file, offset)) return trail;
    const key = sectionKey(section);
    if (visited.has(key)) return undefined;
    visited.add(key);
    for (const edge of extendsLinksIn(index, section)) {
      const target = resolveExtends(index, edge);
      if (target.kind !== 'section') continue;
      const found = walk(target.section, [...trail, target.section]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

/** A human title for a section: the role's title, with the aspect ("— Requirements") when it is one. */
export function sectionTitle(index: HandbookIndex, section: Section): string {
  const { anchor, page } = section;
  if (!anchor) return index.titleOf(page);
  const text = anchor.text || anchor.id;
  if (!isAspectHeading(anchor)) return text;
  const role = sourceSection(index, page, anchor.range.start);
  const roleTitle = role?.anchor && role.anchor !== anchor ? role.anchor.text : index.titleOf(page);
  return `${roleTitle} — ${text}`;
}

export function sectionUrl(section: Section): string {
  return `${section.page.url}${section.anchor ? `#${section.anchor.id}` : ''}`;
}

interface RoleTables {
  readonly version: number;
  readonly rolePages: Set<IndexedFile>;
  /** Per page, the heading level whose headings are roles (set when some link extends one). */
  readonly roleLevels: Map<IndexedFile, number>;
}

const roleTables = new WeakMap<HandbookIndex, RoleTables>();

function tablesFor(index: HandbookIndex): RoleTables {
  const cached = roleTables.get(index);
  if (cached && cached.version === index.outlineVersion) return cached;
  const rolePages = new Set<IndexedFile>();
  const roleLevels = new Map<IndexedFile, number>();
  for (const file of index.allFiles()) {
    if (index.isRolePage(file)) rolePages.add(file);
    for (const link of file.facts.links) {
      if (!link.extendsSentence) continue;
      if (file.kind === 'page') rolePages.add(file);
      const resolved = index.resolveLink(file, link.destination, link.kind);
      if (resolved.kind !== 'page') continue;
      rolePages.add(resolved.page);
      const anchor = resolved.anchor;
      if (anchor && anchor.level > 0 && anchor.file === resolved.page && !isAspectHeading(anchor)) {
        roleLevels.set(resolved.page, Math.min(roleLevels.get(resolved.page) ?? anchor.level, anchor.level));
      }
    }
  }
  const tables = { version: index.outlineVersion, rolePages, roleLevels };
  roleTables.set(index, tables);
  return tables;
}

/**
 * The roles a page describes: the page itself, and — on job-family pages that hold several
 * levels as sections — every heading at the level that inheritance sentences point at.
 */
export function rolesOf(index: HandbookIndex, page: IndexedFile): Role[] {
  const tables = tablesFor(index);
  if (!tables.rolePages.has(page)) return [];
  const roles: Role[] = [{ title: index.titleOf(page), url: page.url!, page }];
  const level = tables.roleLevels.get(page);
  if (level !== undefined) {
    for (const anchor of index.anchorsOf(page)) {
      if (anchor.level === level && anchor.file === page && !isAspectHeading(anchor)) {
        roles.push({ title: anchor.text, url: `${page.url}#${anchor.id}`, page, anchor });
      }
    }
  }
  return roles;
}

export function allRoles(index: HandbookIndex): Role[] {
  const tables = tablesFor(index);
  // A draft or a bundle resource has no URL to link to.
  return [...tables.rolePages].filter((page) => page.kind === 'page' && !index.unpublished(page)).flatMap((page) => rolesOf(index, page));
}

function inRange(range: TextRange, offset: number): boolean {
  return range.start <= offset && offset < range.end;
}
