// What points at what: every link (inline, reference, raw HTML, extends sentence), `ref`/`relref`
// call and include call of every page and include file, resolved once with the index's own
// resolveLink, resolveRef and resolveInclude, and turned around so that a page, an anchor or an include file finds what points
// at it. Built lazily on the first question and kept per index: after a change that moves or
// adds or removes a file (its URL, aliases, publishing) it is built again; after any other edit
// (typing in a paragraph, a heading, an extends sentence) only the files whose facts were
// replaced are resolved again.
import * as path from 'node:path';
import type { HandbookIndex } from './handbookIndex';
import type { Anchor, IndexedFile } from './indexedFile';
import type { LinkFact, PageFacts } from '../page/facts';
import { refTargetArgument, type IncludeCall, type ShortcodeArgument, type ShortcodeCall } from '../page/shortcodes';
import { pageNames, refLookupNames } from './pageFinder';
import { urlKey } from '../site/site';

/** What a reference points at. */
export type ReferenceTarget =
  /** The page: every link and ref call to it, with or without a fragment. */
  | { readonly kind: 'page'; readonly page: IndexedFile }
  /**
   * An anchor (from `index.anchorsOf`): the links and ref calls whose fragment finds it, on the page it is written
   * in or — for an anchor written in an include file — on every page that includes that file.
   */
  | { readonly kind: 'anchor'; readonly anchor: Anchor }
  /** An include file: the include calls that name it. */
  | { readonly kind: 'include'; readonly file: IndexedFile };

/**
 * A link that leads to a page. `kind`: 'extends' for the link of an inheritance sentence, 'html'
 * for a raw HTML `href`, 'link' for the others (inline, reference, autolink). A reference-style
 * link's destination (`destinationStart`) is in its `[ref]:` definition, which all its uses share.
 */
export interface LinkReference {
  readonly kind: 'link' | 'html' | 'extends';
  /** The file the link is written in. */
  readonly file: IndexedFile;
  readonly link: LinkFact;
  /** The page it leads to. */
  readonly page: IndexedFile;
  /** The fragment written after `#`, if any (found or not). */
  readonly fragment?: string;
  /** The link reaches the page through one of its front matter `aliases`. */
  readonly viaAlias: boolean;
}

/** A page's `ref` or `relref` call that finds a page (in an include file such a call is text). */
export interface RefReference {
  readonly kind: 'ref';
  /** The page the call is written in. */
  readonly file: IndexedFile;
  readonly call: ShortcodeCall;
  /** Its path argument (see refTargetArgument): the value, and where it is written inside its quotes. */
  readonly argument: ShortcodeArgument;
  /** The page it finds. */
  readonly page: IndexedFile;
  /** The fragment written after `#`, if any (found or not). */
  readonly fragment?: string;
  /** A ref finds a page by its content path, never through an alias. */
  readonly viaAlias: false;
}

/** What leads to a page: a link or a ref call. */
export type PageReferrer = LinkReference | RefReference;

/** An include call that names an include file. */
export interface IncludeReference {
  readonly kind: 'include';
  /** The file the call is written in. */
  readonly file: IndexedFile;
  readonly call: IncludeCall;
  /** The include file it names. */
  readonly target: IndexedFile;
}

export type Reference = PageReferrer | IncludeReference;

/**
 * Every place that points at `target`, in the index's file order and then by offset. A link to
 * an anchor through an include counts for each page it is written to, once.
 */
export function referencesTo(index: HandbookIndex, target: Extract<ReferenceTarget, { kind: 'include' }>): IncludeReference[];
export function referencesTo(index: HandbookIndex, target: Exclude<ReferenceTarget, { kind: 'include' }>): PageReferrer[];
export function referencesTo(index: HandbookIndex, target: ReferenceTarget): Reference[];
export function referencesTo(index: HandbookIndex, target: ReferenceTarget): Reference[] {
  const table = tableOf(index);
  switch (target.kind) {
    case 'page':
      return [...(table.linksTo.get(target.page) ?? [])].sort(byPlace(table));
    case 'include':
      return [...(table.includesOf.get(target.file) ?? [])].sort(byPlace(table));
    case 'anchor':
      return linksToAnchor(index, table, target.anchor).sort(byPlace(table));
  }
}

/** The pages that include `file` with a well-formed call (an include call in an include file is printed as text, see anchors.ts), in the index's order. */
export function pagesIncluding(index: HandbookIndex, file: IndexedFile): IndexedFile[] {
  return [...(includersOf(index).get(file) ?? [])];
}

interface IncludersTable {
  readonly routesVersion: number;
  readonly version: number;
  readonly pagesIncluding: Map<IndexedFile, IndexedFile[]>;
}

const includersTables = new WeakMap<HandbookIndex, IncludersTable>();

/**
 * The pages that include each include file, from the include calls alone. A check asks it of every
 * include file with a link problem, and the whole table (every link resolved, from every page)
 * took 12 MB of 10k generated pages for it. Made again after any change: handbooks have few
 * include calls (the real corpus 49), and the files are only looked through for them.
 */
function includersOf(index: HandbookIndex): Map<IndexedFile, IndexedFile[]> {
  const cached = includersTables.get(index);
  if (cached && cached.routesVersion === index.routesVersion && cached.version === index.version) return cached.pagesIncluding;
  const pagesIncluding = new Map<IndexedFile, IndexedFile[]>();
  for (const file of index.allFiles()) {
    if (file.kind !== 'page') continue;
    for (const call of file.facts.includes) {
      const target = call.problems.length === 0 ? includedFile(index, file, call) : undefined;
      if (!target) continue;
      const pages = pagesIncluding.get(target);
      if (!pages) pagesIncluding.set(target, [file]);
      else if (pages.at(-1) !== file) pages.push(file);
    }
  }
  includersTables.set(index, { routesVersion: index.routesVersion, version: index.version, pagesIncluding });
  return pagesIncluding;
}

/** The include file a call names, when it names one. */
function includedFile(index: HandbookIndex, file: IndexedFile, call: IncludeCall): IndexedFile | undefined {
  if (call.path === undefined) return undefined;
  const resolved = index.resolveInclude(file.site, call.path);
  return resolved.kind === 'found' && resolved.file.kind === 'include' ? resolved.file : undefined;
}

/**
 * The files whose findings (diagnostics) can change when `file` changes, `file` among them:
 * whatever links to it or includes it, what it includes, links to the pages that include it (their anchors), links
 * that miss a page of its name (which it may now be), include calls that miss it, ref calls
 * whose lookup asks for one of its names (found, lost, taken or made ambiguous), and — through
 * extends sentences and include calls, transitively — whatever inherits from it or includes what
 * includes it (cycles are reported along the whole chain). Answered from the handbook as it is
 * now: for a change that moves a file's URL, ask before and after the change and take both.
 */
export function dependentsOf(index: HandbookIndex, file: IndexedFile): IndexedFile[] {
  const table = tableOf(index);
  const found = new Set<IndexedFile>([file]);
  const direct = (target: IndexedFile) => {
    for (const reference of table.linksTo.get(target) ?? []) found.add(reference.file);
    for (const reference of table.includesOf.get(target) ?? []) found.add(reference.file);
  };
  direct(file);
  if (file.kind === 'include') for (const page of pagesIncluding(index, file)) direct(page);
  // Whether any page includes a file decides how its link problems are reported (as information when none does).
  for (const reference of table.outgoing.get(file)?.references ?? []) if (reference.kind === 'include') found.add(reference.target);
  for (const name of missingNamesOf(file)) for (const from of table.missingBy.get(name) ?? []) found.add(from);
  // A ref can be found, lost, taken or made ambiguous (by its bare name) only by a page whose
  // name one of its lookup steps asks for (see refLookupNames), whether it finds a page now or not.
  if (file.kind === 'page') for (const name of pageNames(file.sitePath)) for (const from of table.refLookupsBy.get(name) ?? []) found.add(from);
  // What inherits from or includes a dependent depends on it too: walk those edges backwards.
  const queue = [...found];
  const reached = (from: IndexedFile) => {
    if (found.has(from)) return;
    found.add(from);
    queue.push(from);
  };
  for (let next = queue.pop(); next; next = queue.pop()) {
    for (const reference of table.linksTo.get(next) ?? []) if (reference.kind === 'extends') reached(reference.file);
    for (const reference of table.includesOf.get(next) ?? []) reached(reference.file);
  }
  return [...found].sort(byFileOrder(table));
}

/** The references written in one file (links and ref calls that lead to a page, include calls that name an include file), by offset. */
export function referencesFrom(index: HandbookIndex, file: IndexedFile): readonly Reference[] {
  return tableOf(index).outgoing.get(file)?.references ?? [];
}

interface Outgoing {
  /** The facts these were resolved from: when the file's facts are replaced, they are resolved again. */
  readonly facts: PageFacts;
  readonly references: readonly Reference[];
  /** The names (last URL segment or file name, lower case) of the pages its broken links ask for. */
  readonly missing: readonly string[];
  /** The names of the pages its ref calls could find (see refLookupNames). */
  readonly refLookups: readonly string[];
}

interface ReferenceTable {
  readonly routesVersion: number;
  version: number;
  readonly order: Map<IndexedFile, number>;
  readonly outgoing: Map<IndexedFile, Outgoing>;
  readonly linksTo: Map<IndexedFile, PageReferrer[]>;
  readonly includesOf: Map<IndexedFile, IncludeReference[]>;
  /** The files whose broken links ask for a page or include file of this name (see Outgoing.missing). */
  readonly missingBy: Map<string, Set<IndexedFile>>;
  /** The files whose ref calls' lookups ask for a page of this name (see Outgoing.refLookups). */
  readonly refLookupsBy: Map<string, Set<IndexedFile>>;
}

const tables = new WeakMap<HandbookIndex, ReferenceTable>();

function tableOf(index: HandbookIndex): ReferenceTable {
  const cached = tables.get(index);
  // While no route changes, only the references written in the files whose facts were replaced
  // differ: a reference keeps the page it leads to and its fragment as written, never the anchor found.
  if (cached && cached.routesVersion === index.routesVersion) {
    if (cached.version !== index.version) refreshReplacedFacts(index, cached);
    return cached;
  }
  const table: ReferenceTable = {
    routesVersion: index.routesVersion,
    version: index.version,
    order: new Map(),
    outgoing: new Map(),
    linksTo: new Map(),
    includesOf: new Map(),
    missingBy: new Map(),
    refLookupsBy: new Map(),
  };
  let position = 0;
  for (const file of index.allFiles()) {
    table.order.set(file, position++);
    add(table, file, resolveOutgoing(index, file));
  }
  tables.set(index, table);
  return table;
}

/** Only files whose facts were replaced point elsewhere now. */
function refreshReplacedFacts(index: HandbookIndex, table: ReferenceTable): void {
  for (const [file, outgoing] of table.outgoing) {
    if (file.facts === outgoing.facts) continue;
    remove(table, file, outgoing);
    add(table, file, resolveOutgoing(index, file));
  }
  table.version = index.version;
}

function add(table: ReferenceTable, file: IndexedFile, outgoing: Outgoing): void {
  table.outgoing.set(file, outgoing);
  for (const reference of outgoing.references) {
    if (reference.kind === 'include') appendTo(table.includesOf, reference.target, reference);
    else appendTo(table.linksTo, reference.page, reference);
  }
  for (const name of outgoing.missing) addByName(table.missingBy, name, file);
  for (const name of outgoing.refLookups) addByName(table.refLookupsBy, name, file);
}

function remove(table: ReferenceTable, file: IndexedFile, outgoing: Outgoing): void {
  const targets = new Set(outgoing.references.map((reference) => (reference.kind === 'include' ? reference.target : reference.page)));
  for (const target of targets) {
    for (const map of [table.linksTo, table.includesOf] as Map<IndexedFile, Reference[]>[]) {
      const list = map.get(target);
      if (list)
        map.set(
          target,
          list.filter((reference) => reference.file !== file),
        );
    }
  }
  for (const name of outgoing.missing) deleteByName(table.missingBy, name, file);
  for (const name of outgoing.refLookups) deleteByName(table.refLookupsBy, name, file);
}

function addByName(map: Map<string, Set<IndexedFile>>, name: string, file: IndexedFile): void {
  const files = map.get(name);
  if (files) files.add(file);
  else map.set(name, new Set([file]));
}

function deleteByName(map: Map<string, Set<IndexedFile>>, name: string, file: IndexedFile): void {
  const files = map.get(name);
  files?.delete(file);
  if (files?.size === 0) map.delete(name);
}

function appendTo<T>(map: Map<IndexedFile, T[]>, key: IndexedFile, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function resolveOutgoing(index: HandbookIndex, file: IndexedFile): Outgoing {
  const references: Reference[] = [];
  const missing: string[] = [];
  for (const link of file.facts.links) {
    const resolved = index.resolveLink(file, link.destination, link.kind);
    if (resolved.kind === 'missing-page') {
      const { target } = resolved;
      const wanted = target.kind === 'page' ? lastSegment(urlKey(target.urlPath)) : target.kind === 'file' ? fileName(target.contentPath) : '';
      if (wanted) missing.push(wanted);
      continue;
    }
    if (resolved.kind !== 'page') continue;
    const kind = link.extendsSentence ? 'extends' : link.kind === 'html' ? 'html' : 'link';
    references.push({ kind, file, link, page: resolved.page, fragment: resolved.fragment, viaAlias: resolved.viaAlias });
  }
  for (const call of file.facts.includes) {
    if (call.path === undefined) continue;
    const resolved = index.resolveInclude(file.site, call.path);
    if (resolved.kind === 'found' && resolved.file.kind === 'include') references.push({ kind: 'include', file, call, target: resolved.file });
    else if (resolved.kind === 'missing') missing.push(path.posix.basename(resolved.normalized).toLowerCase());
  }
  const refLookups = new Set<string>();
  for (const { call, argument } of refCallsOf(file)) {
    const written = argument.value.replace(/#.*/s, '');
    for (const name of written === '' ? [] : refLookupNames(file.sitePath, written)) refLookups.add(name);
    const resolved = index.resolveRef(file, argument.value);
    if (resolved.kind === 'page') references.push({ kind: 'ref', file, call, argument, page: resolved.page, fragment: resolved.fragment, viaAlias: false });
  }
  references.sort((a, b) => offsetOf(a) - offsetOf(b));
  return { facts: file.facts, references, missing, refLookups: [...refLookups] };
}

/** A page's ref calls that can lead to a page, with their path arguments (in an include file they are text). */
export function refCallsOf(file: IndexedFile): { readonly call: ShortcodeCall; readonly argument: ShortcodeArgument }[] {
  if (file.kind !== 'page') return [];
  return (file.facts.shortcodes ?? []).flatMap((call) => {
    const argument = refTargetArgument(call);
    return argument ? [{ call, argument }] : [];
  });
}

function linksToAnchor(index: HandbookIndex, table: ReferenceTable, anchor: Anchor): PageReferrer[] {
  const pages = anchor.file.kind === 'page' ? [anchor.file] : pagesIncluding(index, anchor.file);
  const found: PageReferrer[] = [];
  for (const page of pages) {
    for (const reference of table.linksTo.get(page) ?? []) {
      if (reference.fragment === undefined || reference.fragment === '') continue;
      const reached = index.findAnchor(page, reference.fragment);
      if (reached && reached.file === anchor.file && reached.range.start === anchor.range.start) found.push(reference);
    }
  }
  return found;
}

/** The names a link asking for `file` would miss it by (see Outgoing.missing). */
function missingNamesOf(file: IndexedFile): Set<string> {
  if (file.kind === 'include') return new Set([path.posix.basename(file.sitePath).toLowerCase()]);
  const keys = [file.url ?? '', ...file.facts.frontMatter.aliases].map((url) => lastSegment(urlKey(url)));
  return new Set([...keys, fileName(file.sitePath)].filter((name) => name !== ''));
}

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** A content path's page name: the file name without `.md`, or its folder's for an index file. */
function fileName(contentPath: string): string {
  const parts = contentPath.toLowerCase().replace(/\.md$/, '').split('/');
  const last = parts.at(-1) ?? '';
  return last === 'index' || last === '_index' ? (parts.at(-2) ?? '') : last;
}

function offsetOf(reference: Reference): number {
  return reference.kind === 'include' || reference.kind === 'ref' ? reference.call.range.start : reference.link.start;
}

function byFileOrder(table: ReferenceTable): (a: IndexedFile, b: IndexedFile) => number {
  return (a, b) => (table.order.get(a) ?? 0) - (table.order.get(b) ?? 0);
}

function byPlace(table: ReferenceTable): (a: Reference, b: Reference) => number {
  const files = byFileOrder(table);
  return (a, b) => files(a.file, b.file) || offsetOf(a) - offsetOf(b);
}
