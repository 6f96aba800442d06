// Completion: site URLs segment by segment in link destinations and hrefs, a page's anchors
// after '#', role titles in link text (inserting the whole link), and include paths folder by
// folder inside an include call.
import * as path from 'node:path';
import { CompletionItemKind, type CompletionItem, type Position, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { Anchor, IndexedFile } from '../model/index/indexedFile';
import { allRoles } from '../model/roles/inheritance';
import { urlKey } from '../model/site/site';

export const COMPLETION_TRIGGER_CHARACTERS = ['/', '#', '"', '[', '('];

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Inside the path of `{{< ref "` / `{{% relref path="`: the path typed so far. */
const REF_ARGUMENT = /\{\{\s*[<%]\s*(?:ref|relref)\s+(?:path=)?"([^"]*)$/;
const INCLUDE_ARGUMENT = /\{\{\s*(\S?)\s*include\s+"([^"]*)$/;
/** What of an include call follows the cursor in its path: the rest of a name, then the call's end as far as it is written (`"`, `" %}}`, or the `}}` an editor closed by itself). */
const REST_OF_INCLUDE = /^[^\s"{}%<>]*(?:"?\s*[%>]?\s*\}\}|")?/;
const LINK_DESTINATION = /\]\(\s*<?([^\s)>]*)$/;
const HREF_VALUE = /\bhref\s*=\s*"([^"]*)$/i;
const DEFINITION_DESTINATION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S*)$/;
const LINK_TEXT = /(?:^|[^!\]\\])\[([^\][]*)$/;
const LINK_TEXT_BEFORE_DESTINATION = /\[([^\][]+)\]\(\s*<?$/;
/** The rest of the link text to its `]`, then the destination of a complete link (its title and its `)` stay). */
const REST_OF_LINK = /^[^\][]*\](\(\s*(?:<[^<>\n]*>|[^()\s<>]*)(?=\s*(?:"[^"]*"|'[^']*'|\([^()]*\))?\s*\)))?/;

export function provideCompletions(index: HandbookIndex, file: IndexedFile, lineText: string, position: Position): CompletionItem[] {
  const before = lineText.slice(0, position.character);
  const after = lineText.slice(position.character);
  const ref = REF_ARGUMENT.exec(before);
  if (ref) return refCompletions(index, file, ref[1], position);
  const include = INCLUDE_ARGUMENT.exec(before);
  if (include) return includeCompletions(index, file, include[2], position, closingOf(include[1]), REST_OF_INCLUDE.exec(after)?.[0].length ?? 0);
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

/** The end of an include call that opened with `{{<` is `>}}`; any other (`{{%`, seed 003's `{{$`) ends with `%}}`. */
function closingOf(opening: string): string {
  return opening === '<' ? '" >}}' : '" %}}';
}

/** A file accepted completes the whole call, so that `{{% include "x.md` does not stay open; a folder asks for its children. */
function includeCompletions(index: HandbookIndex, file: IndexedFile, typed: string, position: Position, closing: string, restOfCall: number): CompletionItem[] {
  return folderCompletions(
    index.includeCandidates(file.site).map((candidate) => candidate.sitePath),
    typed,
    position,
    (name) => ({ range: rangeBack(position, typed.length - typed.lastIndexOf('/') - 1, restOfCall), newText: `${name}${closing}` }),
  );
}

/**
 * A `ref` path: content paths from the content root, folder by folder (a leading `/` or none;
 * Hugo tries the page's folder first, and a path from the root is the one that reads the same
 * from every page), or after `#` the anchors of the page it finds.
 */
function refCompletions(index: HandbookIndex, file: IndexedFile, typed: string, position: Position): CompletionItem[] {
  const hash = typed.indexOf('#');
  if (hash !== -1) {
    const resolved = index.resolveRef(file, typed.slice(0, hash));
    return resolved.kind === 'page' ? anchorsOfPage(index, resolved.page, typed.slice(hash + 1), position) : [];
  }
  const fromRoot = typed.replace(/^\/+/, '');
  const pages = index.pages().filter((page) => page.site === file.site);
  return folderCompletions(
    pages.map((page) => page.sitePath),
    fromRoot,
    position,
    (name) => ({ range: rangeBack(position, fromRoot.length - fromRoot.lastIndexOf('/') - 1), newText: name }),
  );
}

/** The next segment of each of `paths` below the folder `typed` is in: folders ask for their children, a file is accepted with `fileEdit`. */
function folderCompletions(paths: readonly string[], typed: string, position: Position, fileEdit: (name: string) => TextEdit): CompletionItem[] {
  const folder = typed.slice(0, typed.lastIndexOf('/') + 1);
  const partial = typed.slice(folder.length);
  const entries = new Map<string, CompletionItem>();
  for (const sitePath of paths) {
    if (!sitePath.startsWith(folder)) continue;
    const rest = sitePath.slice(folder.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash + 1);
    if (entries.has(name)) continue;
    const isFolder = slash !== -1;
    entries.set(name, {
      label: name,
      kind: isFolder ? CompletionItemKind.Folder : CompletionItemKind.File,
      detail: isFolder ? `${folder}${name}` : sitePath,
      sortText: `${isFolder ? 0 : 1}${name}`,
      textEdit: isFolder ? { range: rangeBack(position, partial.length), newText: name } : fileEdit(name),
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
    // Shown beside the label without the details pane: which page the segment leads to.
    ...(child.page ? { labelDetails: { description: index.titleOf(child.page) } } : {}),
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
  return anchorsOfPage(index, page, partial, position);
}

/** The anchors of `page`, in page order, each once. */
function anchorsOfPage(index: HandbookIndex, page: IndexedFile, partial: string, position: Position): CompletionItem[] {
  const seen = new Set<string>();
  const anchors = index.anchorsOf(page);
  return anchors.flatMap((anchor, order) => {
    if (seen.has(anchor.id)) return [];
    seen.add(anchor.id);
    const from = anchor.file === page ? '' : ` (from ${path.posix.basename(anchor.file.sitePath)})`;
    return [
      {
        label: anchor.id,
        kind: CompletionItemKind.Reference,
        detail: `${anchor.level > 0 ? `${'#'.repeat(anchor.level)} ${anchor.text}` : 'HTML anchor'}${from}`,
        // `requirements` and `requirements-1` tell apart by the role heading they are under.
        labelDetails: { description: anchor.level > 0 ? (parentHeading(anchors, order)?.text ?? anchor.text) : 'HTML anchor' },
        sortText: String(order).padStart(5, '0'),
        textEdit: { range: rangeBack(position, partial.length), newText: anchor.id },
      },
    ];
  });
}

/** The heading the heading at `at` is under: the nearest before it of a higher level. */
function parentHeading(anchors: readonly Anchor[], at: number): Anchor | undefined {
  const { level } = anchors[at];
  for (let before = at - 1; before >= 0; before--) {
    if (anchors[before].level > 0 && anchors[before].level < level) return anchors[before];
  }
  return undefined;
}

/**
 * Roles whose title holds the link text, the exact title first: `[Staff Engineer](` → its URL.
 * URLs of one job family look alike and an editor cuts them: each row reads the end of its URL
 * that tells it from the others, with the role's title beside it.
 */
function namedRoleCompletions(index: HandbookIndex, linkText: string, position: Position): CompletionItem[] {
  const wanted = linkText.trim().toLowerCase();
  if (wanted.length < 2) return [];
  const roles = allRoles(index).filter((role) => role.title.toLowerCase().includes(wanted));
  const tails = distinctTails(roles.map((role) => role.url));
  return roles.map((role) => ({
    label: tails.get(role.url)!,
    labelDetails: { description: role.title },
    kind: CompletionItemKind.Reference,
    detail: role.title,
    filterText: role.url,
    // Before the URL folders ("0…"/"1…"); the exact title before titles that only contain the text.
    sortText: `!${role.title.toLowerCase() === wanted ? 0 : 1}${role.title.toLowerCase()}`,
    textEdit: { range: rangeBack(position, 0), newText: role.url },
  }));
}

/**
 * Role titles for the link text being typed, inserting the whole link. Roles of the same title
 * (a level of two job families) tell apart by the end of their URLs beside the title. The edit
 * starts after the `[`, so the title itself is what editors filter by: VS Code by the label,
 * Neovim's omnifunc by the inserted text's start.
 */
function roleCompletions(index: HandbookIndex, typed: string, position: Position, after: string): CompletionItem[] {
  // The inserted link replaces the rest of the link the cursor is in: the ']' the editor closed
  // by itself, or the rest of the text and the destination of a link being rewritten.
  const rest = REST_OF_LINK.exec(after);
  const closing = rest?.[0].length ?? 0;
  // A destination being rewritten keeps what follows it: the link's title and its ")".
  const end = rest?.[1] ? '' : ')';
  const roles = allRoles(index);
  const urlsByTitle = new Map<string, string[]>();
  for (const role of roles) {
    const urls = urlsByTitle.get(role.title);
    if (urls) urls.push(role.url);
    else urlsByTitle.set(role.title, [role.url]);
  }
  const tails = new Map([...urlsByTitle.values()].flatMap((urls) => [...distinctTails(urls)]));
  return roles.map((role) => ({
    label: role.title,
    labelDetails: { description: tails.get(role.url)! },
    kind: CompletionItemKind.Reference,
    detail: role.url,
    sortText: role.title.toLowerCase(),
    textEdit: { range: rangeBack(position, typed.length, closing), newText: `${role.title}](${role.url}${end}` },
  }));
}

/**
 * For each URL, its last segments (with its `#anchor`): as few as tell it from the other URLs,
 * at least the last, with `…/` for the segments left out.
 */
export function distinctTails(urls: readonly string[]): Map<string, string> {
  const split = urls.map((url) => {
    const hash = url.indexOf('#');
    const [pathPart, anchor] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
    return { url, segments: pathPart.split('/').filter(Boolean), anchor, trailing: pathPart.endsWith('/') ? '/' : '' };
  });
  const tailOf = (entry: (typeof split)[number], depth: number) => `${entry.segments.slice(-depth).join('/')}${entry.trailing}${entry.anchor}`;
  const deepest = Math.max(1, ...split.map((entry) => entry.segments.length));
  const counts = Array.from({ length: deepest + 1 }, (_, depth) => countBy(split.map((entry) => tailOf(entry, depth))));
  const tails = new Map<string, string>();
  for (const entry of split) {
    let depth = 1;
    while (depth < entry.segments.length && counts[depth].get(tailOf(entry, depth))! > 1) depth++;
    tails.set(entry.url, depth >= entry.segments.length ? entry.url : `…/${tailOf(entry, depth)}`);
  }
  return tails;
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
