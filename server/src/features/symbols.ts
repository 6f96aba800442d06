// Symbols. A document's outline: its headings nested by level, role sections marked as roles, and
// include calls as children of the heading they stand under. Workspace symbols: the roles of the
// whole handbook by title, then its other pages by title, matched fuzzily (fuzzysort), each with
// its URL for detail.
import fuzzysort, { type Prepared } from 'fuzzysort';
import { URI } from 'vscode-uri';
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { allRoles, isAspectHeading, rolesOf, type Role } from '../model/roles/inheritance';
import type { HeadingFact } from '../model/page/facts';
import type { TextRange } from '../model/base/text';
import type { Cancellation } from './shared/cancellation';
import { ownAnchorAt, titleHeadingOf, titleRangeOf } from './shared/targets';
import { toRange } from './shared/positions';

/** At most this many workspace symbols: a list to pick from, not an export of the handbook. */
export const WORKSPACE_SYMBOL_LIMIT = 200;

const TO_END = Number.MAX_SAFE_INTEGER;

export async function provideDocumentSymbols(index: HandbookIndex, file: IndexedFile): Promise<DocumentSymbol[]> {
  const roles = file.kind === 'page' ? rolesOf(index, file) : [];
  const roleHeadings = new Map(roles.flatMap((role) => (role.anchor ? [[role.anchor.range.start, role] as const] : [])));
  const pageRole = roles.find((role) => !role.anchor);
  const titleHeading = pageRole && titleHeadingOf(file);
  const outline = outlineOf(file, (heading) => {
    const role = roleHeadings.get(heading.range.start) ?? (heading === titleHeading ? pageRole : undefined);
    if (role) return { kind: SymbolKind.Class, detail: `role · level ${heading.level} heading` };
    const anchor = ownAnchorAt(index, file, heading.range.start);
    return { kind: anchor && isAspectHeading(anchor) ? SymbolKind.Field : SymbolKind.String, detail: '' };
  });
  if (!pageRole || titleHeading) return outline;
  // A role page titled in its front matter: the role is the page, and holds its outline.
  const title = toRange(file, await titleRangeOf(index, file));
  return [
    { name: pageRole.title || pageRole.url, kind: SymbolKind.Class, detail: `role page · ${pageRole.url}`, range: toRange(file, { start: 0, end: TO_END }), selectionRange: title, children: outline },
  ];
}

/** Headings nested by level, include calls under the heading they follow. */
function outlineOf(file: IndexedFile, describe: (heading: HeadingFact) => { kind: SymbolKind; detail: string }): DocumentSymbol[] {
  const top: DocumentSymbol[] = [];
  const open: { level: number; symbol: DocumentSymbol }[] = [];
  const headings = [...file.facts.headings].sort((a, b) => a.range.start - b.range.start);
  const events = [...headings.map((heading) => ({ at: heading.range.start, heading })), ...file.facts.includes.map((call) => ({ at: call.range.start, call }))].sort((a, b) => a.at - b.at);
  for (const event of events) {
    if ('call' in event) {
      const { call } = event;
      const symbol: DocumentSymbol = {
        name: `include "${call.path ?? ''}"`,
        kind: SymbolKind.File,
        detail: 'include',
        range: toRange(file, call.range),
        selectionRange: toRange(file, call.pathRange ?? call.range),
      };
      (open.at(-1)?.symbol.children ?? top).push(symbol);
      continue;
    }
    const { heading } = event;
    while (open.length > 0 && open.at(-1)!.level >= heading.level) open.pop();
    const { kind, detail } = describe(heading);
    const symbol: DocumentSymbol = {
      name: heading.text || '(empty heading)',
      kind,
      detail,
      range: toRange(file, sectionRange(headings, heading)),
      selectionRange: toRange(file, heading.range),
      children: [],
    };
    (open.at(-1)?.symbol.children ?? top).push(symbol);
    open.push({ level: heading.level, symbol });
  }
  return top;
}

/** From a heading to the next heading of its level or higher. */
function sectionRange(headings: readonly HeadingFact[], heading: HeadingFact): TextRange {
  const next = headings.find((other) => other.range.start > heading.range.start && other.level <= heading.level);
  return { start: heading.range.start, end: next ? Math.max(heading.range.end, next.range.start - 1) : TO_END };
}

interface SymbolEntry {
  readonly prepared: Prepared;
  readonly symbol: SymbolInformation;
}

interface SymbolTable {
  readonly outlineVersion: number;
  readonly roles: readonly SymbolEntry[];
  readonly pages: readonly SymbolEntry[];
}

const symbolTables = new WeakMap<HandbookIndex, SymbolTable>();

/** Roles whose title matches `query` fuzzily, best first, then other pages the same way; everything (to the limit) for an empty query. */
export function provideWorkspaceSymbols(index: HandbookIndex, query: string, token?: Cancellation): SymbolInformation[] {
  const { roles, pages } = symbolTableOf(index);
  const trimmed = query.trim();
  const found: SymbolInformation[] = [];
  for (const entries of [roles, pages]) {
    if (token?.isCancellationRequested || found.length >= WORKSPACE_SYMBOL_LIMIT) break;
    const limit = WORKSPACE_SYMBOL_LIMIT - found.length;
    const matches = trimmed === '' ? entries.slice(0, limit) : fuzzysort.go(trimmed, entries, { key: 'prepared', limit, threshold: 0.3 }).map((result) => result.obj);
    for (const entry of matches) found.push(entry.symbol);
  }
  return found;
}

function symbolTableOf(index: HandbookIndex): SymbolTable {
  const cached = symbolTables.get(index);
  if (cached?.outlineVersion === index.outlineVersion) return cached;
  const roles = allRoles(index);
  const rolePages = new Set(roles.map((role) => role.page));
  const table = {
    outlineVersion: index.outlineVersion,
    roles: roles.map((role) => entryOf(role.title || role.url, SymbolKind.Class, role.url, role.page, roleRange(role))),
    pages: index
      .pages()
      .filter((page) => !rolePages.has(page))
      .map((page) => entryOf(index.titleOf(page), SymbolKind.File, page.url!, page, { start: 0, end: 0 })),
  };
  symbolTables.set(index, table);
  return table;
}

function entryOf(name: string, kind: SymbolKind, url: string, file: IndexedFile, range: TextRange): SymbolEntry {
  return { prepared: fuzzysort.prepare(name), symbol: { name, kind, containerName: url, location: { uri: URI.file(file.path).toString(), range: toRange(file, range) } } };
}

/** A role section's heading; a page's role at its title heading, else at its top. */
function roleRange(role: Role): TextRange {
  return role.anchor?.range ?? titleHeadingOf(role.page)?.range ?? { start: 0, end: 0 };
}
