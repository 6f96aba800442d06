// Rename of a heading, of the anchor a link's or a `ref` call's `#fragment` names, and of an HTML
// `id=`/`name=`: the heading's text or the anchor's ID changes, and so does every link and ref
// call to it in every file, with
// the IDs Hugo will give the page's anchors afterwards (model/index/anchorRewrites.ts) — later
// repeats renumbered, their links with them. A heading's explicit `{#id}` keeps it (and its
// links) unless the rename is on the ID. A rename that would make any link lead to another
// anchor than it does now, or give a page an ID twice, is refused with the place named; so is a
// name that is empty or no ID. Elsewhere prepareRename says what can be renamed.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { Anchor, IndexedFile } from '../model/index/indexedFile';
import type { HeadingFact, HtmlAnchorFact, LinkFact } from '../model/page/facts';
import type { ShortcodeArgument } from '../model/page/shortcodes';
import { describeHeading, headingSourceParts } from '../model/page/headingIds';
import { rewriteAnchors, type AnchorRewrite, type RewrittenAnchors } from '../model/index/anchorRewrites';
import { pagesIncluding, refCallsOf, referencesTo, type PageReferrer } from '../model/index/references';
import { isWholeBareUrl } from '../model/edits/retarget';
import { contains, type TextRange } from '../model/base/text';
import { prepareIncludeRename, renameIncludePath } from './includeRename';
import { linkWithDestinationAt } from './shared/factAt';
import { toOffset, toRange } from './shared/positions';

/** An answer, or the reason there is none, for the person who asked. */
export type Refusable<T> = T | { readonly refused: string };

const WHAT_CAN_BE_RENAMED =
  'Rename works on a heading (its text, or its {#id}), on the #anchor part of a link or of a ref call, on an HTML id= or name= value, and on the path of an include call (which moves the include file). To rename or move a page, rename its file (in the Explorer).';

export async function prepareRename(index: HandbookIndex, file: IndexedFile, position: Position): Promise<Refusable<{ range: Range; placeholder: string }>> {
  // An include path string is renamed by moving its file (features/includeRename.ts).
  const includePath = prepareIncludeRename(index, file, toOffset(file, position));
  if (includePath) return includePath;
  const target = await targetAt(index, file, toOffset(file, position));
  if ('refused' in target) return target;
  return { range: toRange(file, target.range), placeholder: target.placeholder };
}

export async function provideRename(index: HandbookIndex, file: IndexedFile, position: Position, newName: unknown): Promise<Refusable<WorkspaceEdit>> {
  if (typeof newName === 'string') {
    const includeEdit = await renameIncludePath(index, file, toOffset(file, position), newName);
    if (includeEdit) return includeEdit;
  }
  const target = await targetAt(index, file, toOffset(file, position));
  if ('refused' in target) return target;
  if (typeof newName !== 'string') return { refused: 'The rename names no new name.' };
  if (newName === target.placeholder) return { changes: {} };
  const rewrite = target.rewrite(newName);
  if ('refused' in rewrite) return rewrite;
  return renameEdit(index, rewrite);
}

/** What a rename at a place would rename: where its name is written there, and the rewrite a new name makes. */
interface Target {
  readonly range: TextRange;
  readonly placeholder: string;
  rewrite(newName: string): Refusable<Rewrite>;
}

/** The rewrite of the anchor's facts, and the edit of its own file that makes it. */
interface Rewrite {
  readonly anchor: AnchorRewrite;
  readonly edit: { readonly range: TextRange; readonly newText: string };
}

async function targetAt(index: HandbookIndex, file: IndexedFile, offset: number): Promise<Refusable<Target>> {
  const heading = file.facts.headings.find((candidate) => contains(candidate.range, offset));
  if (heading) return headingTarget(index, file, heading, offset);
  const htmlAnchor = file.facts.htmlAnchors.find((candidate) => contains(candidate.range, offset));
  if (htmlAnchor) return htmlAnchorTarget(file, htmlAnchor, htmlAnchor.range);
  const link = linkWithDestinationAt(file, offset);
  if (link) return fragmentTarget(index, file, link, offset);
  const ref = refCallsOf(file).find(({ argument }) => contains(argument.range, offset));
  if (ref) return refFragmentTarget(index, file, ref.argument, offset);
  return { refused: WHAT_CAN_BE_RENAMED };
}

/** The heading's text, or its explicit ID when `offset` is in its attribute block. */
async function headingTarget(index: HandbookIndex, file: IndexedFile, heading: HeadingFact, offset: number): Promise<Refusable<Target>> {
  const written = await writtenHeading(index, file, heading);
  if ('refused' in written) return written;
  const { start, parts } = written;
  if (parts.id && offset >= start + parts.content.end) return headingIdTarget(file, heading, written, undefined, heading.explicitId!);
  const content = { start: start + parts.content.start, end: start + parts.content.end };
  const after = heading.source.slice(parts.content.end);
  return {
    range: content,
    placeholder: heading.source.slice(parts.content.start, parts.content.end),
    rewrite(newName) {
      if (newName.trim() === '') return { refused: 'A heading needs text: the new name is empty.' };
      if (/[\r\n]/.test(newName)) return { refused: 'A heading is one line: the new name has a line break.' };
      return { anchor: { file, heading, source: newName + after }, edit: { range: content, newText: newName } };
    },
  };
}

/** Where a heading's source starts in its file, and its parts there (see headingSourceParts). */
interface WrittenHeading {
  readonly start: number;
  readonly parts: { readonly content: TextRange; readonly id?: TextRange };
}

async function writtenHeading(index: HandbookIndex, file: IndexedFile, heading: HeadingFact): Promise<Refusable<WrittenHeading>> {
  const parts = headingSourceParts(heading.source);
  const text = await index.textOf(file.path);
  const start = text?.indexOf(heading.source, heading.range.start) ?? -1;
  if (!parts || start === -1 || start > heading.range.end) return { refused: `The heading "${heading.text}" is written over several lines: join them into one line to rename it.` };
  return { start, parts };
}

/**
 * A heading's ID, renamed where `{#id}` writes it (`idRange`), or — for an ID made of the
 * heading's text — by giving the heading a `{#id}` of its own: the only way to name one.
 */
function headingIdTarget(file: IndexedFile, heading: HeadingFact, written: WrittenHeading, shownAt: TextRange | undefined, placeholder: string): Target {
  const { start, parts } = written;
  const idRange = parts.id && { start: start + parts.id.start, end: start + parts.id.end };
  const contentEnd = start + parts.content.end;
  return {
    range: shownAt ?? idRange!,
    placeholder,
    rewrite(newName) {
      const newId = newName.replace(/^#/, '');
      const edit = idRange ? { range: idRange, newText: newId } : { range: { start: contentEnd, end: contentEnd }, newText: ` {#${newId}}` };
      const source = heading.source.slice(0, edit.range.start - start) + edit.newText + heading.source.slice(edit.range.end - start);
      // The new source read as Hugo reads it must set exactly this ID.
      if (newId === '' || describeHeading(source).explicitId !== newId)
        return { refused: invalidId(newId, 'in a heading’s {#id} it may hold letters, digits and - _ : . but no spaces or other punctuation') };
      return { anchor: { file, heading, source }, edit };
    },
  };
}

function htmlAnchorTarget(file: IndexedFile, htmlAnchor: HtmlAnchorFact, shownAt: TextRange): Target {
  return {
    range: shownAt,
    placeholder: htmlAnchor.id,
    rewrite(newName) {
      const newId = newName.replace(/^#/, '');
      if (newId === '' || /[\s"'<>&=`]/.test(newId)) return { refused: invalidId(newId, 'an HTML id may not be empty or hold spaces, quotes, < > & = or `') };
      return { anchor: { file, htmlAnchor, id: newId }, edit: { range: htmlAnchor.range, newText: newId } };
    },
  };
}

function invalidId(id: string, rule: string): string {
  return id === '' ? 'An anchor needs an ID: the new name is empty.' : `"${id}" is no valid ID: ${rule}.`;
}

/** The anchor a link's `#fragment` reaches, renamed from the link. */
async function fragmentTarget(index: HandbookIndex, file: IndexedFile, link: LinkFact, offset: number): Promise<Refusable<Target>> {
  const written = await writtenFragment(index, file, link);
  if (!written || offset < written.start) return { refused: WHAT_CAN_BE_RENAMED };
  const resolved = index.resolveLink(file, link.destination, link.kind);
  if (resolved.kind !== 'page' || !resolved.fragment) return { refused: `This link leads to no page of the handbook, so its #${written.fragment} names no anchor to rename.` };
  const { anchor } = resolved;
  if (!anchor)
    return {
      refused: `${resolved.page.url ?? resolved.page.sitePath} has no heading or anchor #${resolved.fragment}, so there is nothing to rename: fix the link first (its quick fix offers the nearest anchor).`,
    };
  if (!index.workspace.leadsInside(anchor.file.path)) return { refused: `The anchor #${anchor.id} is written outside the workspace folders, where rename does not edit.` };
  return anchorTarget(index, anchor, written.range);
}

/** The anchor a ref call's `#fragment` finds, renamed from the call. */
async function refFragmentTarget(index: HandbookIndex, file: IndexedFile, argument: ShortcodeArgument, offset: number): Promise<Refusable<Target>> {
  const written = refFragment(argument);
  if (!written || offset < written.start) return { refused: WHAT_CAN_BE_RENAMED };
  const resolved = index.resolveRef(file, argument.value);
  if (resolved.kind !== 'page') return { refused: `This ref finds no page of the handbook, so its #${written.fragment} names no anchor to rename.` };
  const { anchor } = resolved;
  if (!anchor) return { refused: `${resolved.page.url ?? resolved.page.sitePath} has no heading or anchor #${written.fragment}, so there is nothing to rename: fix the ref first.` };
  if (!index.workspace.leadsInside(anchor.file.path)) return { refused: `The anchor #${anchor.id} is written outside the workspace folders, where rename does not edit.` };
  return anchorTarget(index, anchor, written.range);
}

/** Where a ref call's argument writes its fragment (after `#`), and the fragment; its value is the text inside the quotes as written. */
function refFragment(argument: ShortcodeArgument): { start: number; range: TextRange; fragment: string } | undefined {
  const hash = argument.value.indexOf('#');
  if (hash === -1) return undefined;
  const start = argument.range.start + hash + 1;
  return { start, range: { start, end: argument.range.end }, fragment: argument.value.slice(hash + 1) };
}

/** The target of an anchor written in `anchor.file`, shown at `shownAt` in the document asked about. */
async function anchorTarget(index: HandbookIndex, anchor: Anchor, shownAt: TextRange): Promise<Refusable<Target>> {
  const { file } = anchor;
  if (anchor.level === 0) {
    // Footnotes, anchor shortcodes and {#id} block attributes make anchors of level 0 too, and rename edits none of them.
    const htmlAnchor = file.facts.htmlAnchors.find((candidate) => candidate.range.start === anchor.range.start);
    if (!htmlAnchor) return { refused: `The anchor #${anchor.id} is written by no heading or HTML id= (a footnote, an anchor shortcode or an {#id} line makes it), and rename edits only those.` };
    return htmlAnchorTarget(file, htmlAnchor, shownAt);
  }
  const heading = file.facts.headings.find((candidate) => candidate.range.start === anchor.range.start)!;
  const written = await writtenHeading(index, file, heading);
  if ('refused' in written) return written;
  return headingIdTarget(file, heading, written, shownAt, anchor.id);
}

/**
 * Where a link writes its fragment (after `#`, before a `:~:` text directive) and the fragment as
 * written. The facts hold the destination as written unless it had entities or escapes to
 * decode (then it is shorter): only then is the file's text read, which a rename over hundreds
 * of referring files would otherwise pay for each.
 */
async function writtenFragment(index: HandbookIndex, file: IndexedFile, link: LinkFact): Promise<{ start: number; range: TextRange; fragment: string } | undefined> {
  const { destinationStart, destinationEnd } = link;
  const asWritten = destinationEnd - destinationStart === link.destination.length;
  const destination = asWritten ? link.destination : (await index.textOf(file.path))?.slice(destinationStart, destinationEnd);
  const hash = destination?.indexOf('#') ?? -1;
  if (destination === undefined || hash === -1) return undefined;
  const directive = destination.indexOf(':~:', hash);
  const end = directive === -1 ? destination.length : directive;
  const start = destinationStart + hash + 1;
  return { start, range: { start, end: destinationStart + end }, fragment: destination.slice(hash + 1, end) };
}

/** The whole edit: the anchor's own, and every link's and ref call's fragment that must follow. */
async function renameEdit(index: HandbookIndex, rewrite: Rewrite): Promise<Refusable<WorkspaceEdit>> {
  const pages = pagesShowing(index, rewrite.anchor.file);
  const changes = rewriteAnchors(index, rewrite.anchor, pages);
  for (const change of changes) {
    const [repeated] = change.newRepeats();
    if (repeated !== undefined) return { refused: `${describePage(index, change.page)} would have the ID #${repeated} twice, and links to it would all lead to the first: choose another name.` };
  }
  const edits = new EditSet();
  edits.add(rewrite.anchor.file, rewrite.edit.range, rewrite.edit.newText);
  const byPage = new Map(changes.map((change) => [change.page, change]));
  for (const reference of pages.flatMap((page) => referencesTo(index, { kind: 'page', page }))) {
    const change = byPage.get(reference.page)!;
    const after = reference.fragment ? change.fragmentAfter(reference.fragment) : { kind: 'unchanged' as const };
    if (after.kind === 'unchanged') continue;
    const { file } = reference;
    if (after.kind === 'retargeted') return { refused: retargetedMessage(index, change, reference, after.anchor, after.now) };
    if (after.kind === 'awakened') {
      return {
        refused: `The ${describeReferrer(reference)} leads to no anchor of ${describePage(index, change.page)}; after this rename it would lead to the heading "${after.now.text}". Choose another name.`,
      };
    }
    // Hugo writes a ref's fragment into the URL as it is, and finds no anchor by a percent-escape.
    const written = reference.kind === 'ref' ? refFragment(reference.argument) : await writtenFragment(index, file, reference.link);
    if (!written) return { refused: `The ${describeReferrer(reference)} to #${reference.fragment} could not be read again: save the file and rename again.` };
    // A bare URL ends where goldmark's Linkify stops (at the first character beyond ASCII, say): its new fragment is percent-encoded where it must be.
    const link = reference.kind === 'ref' ? undefined : reference.link;
    const bareUrlBreaks = link?.kind === 'linkify' && !isWholeBareUrl(`${link.destination.slice(0, link.destination.indexOf('#') + 1)}${after.id}`);
    edits.add(file, written.range, reference.kind !== 'ref' && (written.fragment.includes('%') || bareUrlBreaks) ? encodeURIComponent(after.id) : after.id);
  }
  return edits.toWorkspaceEdit();
}

function retargetedMessage(index: HandbookIndex, change: RewrittenAnchors, reference: PageReferrer, anchor: Anchor, now: Anchor | undefined): string {
  const taker = now ? ` to ${now.level === 0 ? `the HTML anchor #${now.id}` : `the heading "${now.text}"`}` : '';
  return `The ${describeReferrer(reference)} leads to #${anchor.id} of ${describePage(index, change.page)}; after this rename it would lead${taker} instead. Choose another name.`;
}

function describePage(index: HandbookIndex, page: IndexedFile): string {
  return `the page "${index.titleOf(page)}" (${page.url ?? page.sitePath})`;
}

/** "link at a/b.md:12", "ref at a/b.md:3". */
function describeReferrer(reference: PageReferrer): string {
  const { file } = reference;
  const [what, start] = reference.kind === 'ref' ? [reference.call.name, reference.call.range.start] : ['link', reference.link.start];
  return `${what} at ${path.relative(file.site.folder, file.path).split(path.sep).join('/')}:${file.lines.positionAt(start).line + 1}`;
}

/** Text edits by file, each range once (reference links share their definition's destination). */
class EditSet {
  private readonly byFile = new Map<IndexedFile, Map<number, { range: TextRange; newText: string }>>();

  add(file: IndexedFile, range: TextRange, newText: string): void {
    let edits = this.byFile.get(file);
    if (!edits) this.byFile.set(file, (edits = new Map<number, { range: TextRange; newText: string }>()));
    edits.set(range.start, { range, newText });
  }

  toWorkspaceEdit(): WorkspaceEdit {
    const changes: Record<string, TextEdit[]> = {};
    for (const [file, edits] of this.byFile) changes[URI.file(file.path).toString()] = [...edits.values()].map(({ range, newText }) => ({ range: toRange(file, range), newText }));
    return { changes };
  }
}

/** The pages whose anchors include `file`'s: the file itself, if it is a page, and the pages that include it. */
function pagesShowing(index: HandbookIndex, file: IndexedFile): IndexedFile[] {
  return file.kind === 'page' ? [file] : pagesIncluding(index, file);
}
