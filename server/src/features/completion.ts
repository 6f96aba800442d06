// Completion: site URLs segment by segment in link destinations and hrefs, a page's anchors
// after '#', role titles in link text (inserting the whole link), and include paths folder by
// folder inside an include call.
import * as path from 'node:path';
import { CompletionItemKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { allRoles } from '../model/roles/inheritance';
import { urlKey } from '../model/site/site';

export const COMPLETION_TRIGGER_CHARACTERS = ['/', '#', '"', '[', '('];

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

const INCLUDE_ARGUMENT = /\{\{\s*\S?\s*include\s+"([^"]*)$/;
const LINK_DESTINATION = /\]\(\s*<?([^\s)>]*)$/;
const HREF_VALUE = /\bhref\s*=\s*"([^"]*)$/i;
const DEFINITION_DESTINATION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S*)$/;
const LINK_TEXT = /(?:^|[^!\]\\])\[([^\][]*)$/;
const LINK_TEXT_BEFORE_DESTINATION = /\[([^\][]+)\]\(\s*<?$/;
const REST_OF_LINK = /^[^\][]*\](?:\([^()\s]*\))?/;

export function provideCompletions(index: HandbookIndex, file: IndexedFile, lineText: string, position: Position): CompletionItem[] {
  const before = lineText.slice(0, position.character);
  const after = lineText.slice(position.character);
  const include = INCLUDE_ARGUMENT.exec(before);
  if (include) return includeCompletions(index, file, include[1], position);
  const destination = LINK_DESTINATION.exec(before) ?? HREF_VALUE.exec(before) ?? DEFINITION_DESTINATION.exec(before);
  if (destination) {
    const items = destinationCompletions(index, file, destination[1], position);
    // Nothing typed yet after "[Staff Engineer](": the roles the link text names come first.
    const text = destination[1] === '' ? LINK_TEXT_BEFORE_DESTINATION.exec(before)?.[1] : undefined;
    return text ? [...namedRoleCompletions(index, text, position), ...items] : items;
  }
  const linkText = LINK_TEXT.exec(before);
  if (linkText) return roleCompletions(index, linkText[1], position, after);
  return [];
}

function rangeBack(position: Position, length: number, forward = 0): Range {
  return { start: { line: position.line, character: position.character - length }, end: { line: position.line, character: position.character + forward } };
}

function includeCompletions(index: HandbookIndex, file: IndexedFile, typed: string, position: Position): CompletionItem[] {
  const folder = typed.slice(0, typed.lastIndexOf('/') + 1);
  const partial = typed.slice(folder.length);
  const entries = new Map<string, CompletionItem>();
  for (const candidate of index.includeCandidates(file.site)) {
    if (!candidate.sitePath.startsWith(folder)) continue;
    const rest = candidate.sitePath.slice(folder.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash + 1);
    if (entries.has(name)) continue;
    const isFolder = slash !== -1;
    entries.set(name, {
      label: name,
      kind: isFolder ? CompletionItemKind.Folder : CompletionItemKind.File,
      detail: isFolder ? `${folder}${name}` : candidate.sitePath,
      sortText: `${isFolder ? 0 : 1}${name}`,
      textEdit: { range: rangeBack(position, partial.length), newText: name },
      ...(isFolder ? { command: RETRIGGER } : {}),
    });
  }
  return [...entries.values()];
}

function destinationCompletions(index: HandbookIndex, file: IndexedFile, typed: string, position: Position): CompletionItem[] {
  const hash = typed.indexOf('#');
  if (hash !== -1) return anchorCompletions(index, file, typed.slice(0, hash), typed.slice(hash + 1), position);
  if (!typed.startsWith('/')) {
    // Nothing typed yet: start from the site root.
    if (typed !== '') return [];
    return urlSegmentCompletions(index, file, '/', '', position).map((item) => ({ ...item, textEdit: item.textEdit && { ...item.textEdit, newText: `/${item.textEdit.newText}` } }));
  }
  const parent = typed.slice(0, typed.lastIndexOf('/') + 1);
  return urlSegmentCompletions(index, file, parent, typed.slice(parent.length), position);
}

function urlSegmentCompletions(index: HandbookIndex, file: IndexedFile, parent: string, partial: string, position: Position): CompletionItem[] {
  const tree = urlTree(index);
  const children = tree.get(`${file.site.folder}\0${urlKey(parent)}`);
  if (!children) return [];
  return [...children.entries()].map(([segment, child]) => ({
    label: `${segment}/`,
    kind: child.page ? CompletionItemKind.File : CompletionItemKind.Folder,
    detail: child.page ? index.titleOf(child.page) : undefined,
    // Role pages first, then the rest, each alphabetically.
    sortText: `${child.isRole ? 0 : 1}${segment}`,
    filterText: `${segment}/`,
    textEdit: { range: rangeBack(position, partial.length), newText: `${segment}/` },
    ...(child.hasChildren ? { command: RETRIGGER } : {}),
  }));
}

interface UrlNode {
  page?: IndexedFile;
  hasChildren: boolean;
  isRole: boolean;
}

const urlTrees = new WeakMap<HandbookIndex, { version: number; tree: Map<string, Map<string, UrlNode>> }>();

/** Children of every URL folder, per site: built once per outline of the index. */
function urlTree(index: HandbookIndex): Map<string, Map<string, UrlNode>> {
  const cached = urlTrees.get(index);
  if (cached && cached.version === index.outlineVersion) return cached.tree;
  const tree = new Map<string, Map<string, UrlNode>>();
  const roles = new Set(allRoles(index).map((role) => role.page));
  for (const page of index.pages()) {
    const segments = urlKey(page.url!).split('/').filter(Boolean);
    for (let depth = 0; depth < segments.length; depth++) {
      const key = `${page.site.folder}\0${urlKey(`/${segments.slice(0, depth).join('/')}`)}`;
      let children = tree.get(key);
      if (!children) tree.set(key, (children = new Map<string, UrlNode>()));
      const node = children.get(segments[depth]) ?? { hasChildren: false, isRole: false };
      if (depth === segments.length - 1) node.page = page;
      else node.hasChildren = true;
      node.isRole ||= roles.has(page);
      children.set(segments[depth], node);
    }
  }
  urlTrees.set(index, { version: index.outlineVersion, tree });
  return tree;
}

function anchorCompletions(index: HandbookIndex, file: IndexedFile, pagePart: string, partial: string, position: Position): CompletionItem[] {
  let page: IndexedFile | undefined = file;
  if (pagePart !== '') {
    const resolved = index.resolveLink(file, pagePart);
    page = resolved.kind === 'page' ? resolved.page : undefined;
  }
  if (!page || page.kind !== 'page') return [];
  const seen = new Set<string>();
  return index.anchorsOf(page).flatMap((anchor, order) => {
    if (seen.has(anchor.id)) return [];
    seen.add(anchor.id);
    const from = anchor.file === page ? '' : ` (from ${path.posix.basename(anchor.file.sitePath)})`;
    return [
      {
        label: anchor.id,
        kind: CompletionItemKind.Reference,
        detail: `${anchor.level > 0 ? `${'#'.repeat(anchor.level)} ${anchor.text}` : 'HTML anchor'}${from}`,
        sortText: String(order).padStart(5, '0'),
        textEdit: { range: rangeBack(position, partial.length), newText: anchor.id },
      },
    ];
  });
}

/** Roles whose title holds the link text, the exact title first: `[Staff Engineer](` → its URL. */
function namedRoleCompletions(index: HandbookIndex, linkText: string, position: Position): CompletionItem[] {
  const wanted = linkText.trim().toLowerCase();
  if (wanted.length < 2) return [];
  return allRoles(index)
    .filter((role) => role.title.toLowerCase().includes(wanted))
    .map((role) => ({
      label: role.url,
      kind: CompletionItemKind.Reference,
      detail: role.title,
      // Before the URL folders ("0…"/"1…"); the exact title before titles that only contain the text.
      sortText: `!${role.title.toLowerCase() === wanted ? 0 : 1}${role.title.toLowerCase()}`,
      textEdit: { range: rangeBack(position, 0), newText: role.url },
    }));
}

function roleCompletions(index: HandbookIndex, typed: string, position: Position, after: string): CompletionItem[] {
  // The inserted link replaces the rest of the link the cursor is in: the ']' the editor closed
  // by itself, or the rest of the text and the destination of a link being rewritten.
  const closing = REST_OF_LINK.exec(after)?.[0].length ?? 0;
  return allRoles(index).map((role) => ({
    label: role.title,
    kind: CompletionItemKind.Reference,
    detail: role.url,
    filterText: `[${role.title}`,
    sortText: role.title.toLowerCase(),
    textEdit: { range: rangeBack(position, typed.length + 1, closing), newText: `[${role.title}](${role.url})` },
  }));
}
