// What the cursor is on, as something other places point at: the page (its front matter or title
// heading), a heading or HTML anchor, the target of a link, a `ref` call or an extends sentence, an
// include call's file, or an include file itself. References, code lens and the type hierarchy ask it.
import type { HandbookIndex } from '../../model/index/handbookIndex';
import type { Anchor, IndexedFile } from '../../model/index/indexedFile';
import { refCallsOf, type ReferenceTarget } from '../../model/index/references';
import type { HeadingFact, LinkFact } from '../../model/page/facts';
import type { ShortcodeArgument } from '../../model/page/shortcodes';
import { contains, type TextRange } from '../../model/base/text';
import { factAt } from './factAt';

/** The target under `offset` of `file`, if it is on something that can be pointed at. */
export function targetAt(index: HandbookIndex, file: IndexedFile, offset: number): ReferenceTarget | undefined {
  const fact = factAt(file, offset);
  if (fact?.kind === 'include') {
    if (fact.call.path === undefined) return undefined;
    const resolved = index.resolveInclude(file.site, fact.call.path);
    return resolved.kind === 'found' && resolved.file.kind === 'include' ? { kind: 'include', file: resolved.file } : undefined;
  }
  if (fact?.kind === 'link') return linkTarget(index, file, fact.link, offset);
  const ref = refCallsOf(file).find(({ argument }) => contains(argument.range, offset));
  const refTargeted = ref && refTarget(index, file, ref.argument, offset);
  if (refTargeted) return refTargeted;
  const anchor = ownAnchorAt(index, file, offset);
  if (anchor) return file.kind === 'page' && isTitleHeading(file, anchor) ? { kind: 'page', page: file } : { kind: 'anchor', anchor };
  if (file.kind === 'include') return { kind: 'include', file };
  return offset < file.facts.bodyStart ? { kind: 'page', page: file } : undefined;
}

/** The heading or HTML anchor written in `file` under `offset` (for a page, with its ID as the page numbers it). */
export function ownAnchorAt(index: HandbookIndex, file: IndexedFile, offset: number): Anchor | undefined {
  return index.anchorsOf(file).find((anchor) => anchor.file === file && contains(anchor.range, offset));
}

/** The heading a page takes its title from, when it has no front matter `title`. */
export function titleHeadingOf(page: IndexedFile): HeadingFact | undefined {
  return page.facts.frontMatter.title === undefined ? page.facts.headings[0] : undefined;
}

export function isTitleHeading(page: IndexedFile, anchor: Anchor): boolean {
  return anchor.level > 0 && titleHeadingOf(page)?.range.start === anchor.range.start;
}

/** Where a page's title is written: its `title:` line in the front matter (read from its text), else its title heading, else its first line. */
export async function titleRangeOf(index: HandbookIndex, page: IndexedFile): Promise<TextRange> {
  const { frontMatter, bodyStart } = page.facts;
  if (frontMatter.title === undefined) return titleHeadingOf(page)?.range ?? { start: 0, end: 0 };
  const text = await index.textOf(page.path);
  const line = text === undefined ? null : /^[ \t]*["']?title["']?[ \t]*[:=].*$/m.exec(text.slice(0, bodyStart));
  return line ? { start: line.index, end: line.index + line[0].length } : { start: 0, end: 0 };
}

/** An extends sentence points at its section; a link at its page, or at its anchor when the cursor is on the `#fragment`. */
function linkTarget(index: HandbookIndex, file: IndexedFile, link: LinkFact, offset: number): ReferenceTarget | undefined {
  const resolved = index.resolveLink(file, link.destination, link.kind);
  if (resolved.kind !== 'page') return undefined;
  if (resolved.anchor && (link.extendsSentence || inFragment(link, offset))) return { kind: 'anchor', anchor: resolved.anchor };
  return { kind: 'page', page: resolved.page };
}

/** A ref call points at its page, or at its anchor when the cursor is on the `#fragment`. */
function refTarget(index: HandbookIndex, file: IndexedFile, argument: ShortcodeArgument, offset: number): ReferenceTarget | undefined {
  const resolved = index.resolveRef(file, argument.value);
  if (resolved.kind !== 'page') return undefined;
  const hash = argument.value.indexOf('#');
  if (resolved.anchor && hash !== -1 && offset >= argument.range.start + hash) return { kind: 'anchor', anchor: resolved.anchor };
  return { kind: 'page', page: resolved.page };
}

/** The cursor is on the `#fragment` of the destination as written (a reference-style link's is in its definition). */
function inFragment(link: LinkFact, offset: number): boolean {
  const { destinationStart, destinationEnd, destination } = link;
  const hash = destination.indexOf('#');
  // Only where the destination is written as it is read (no escapes, no entities) do offsets match its characters.
  if (hash === -1 || destinationEnd - destinationStart !== destination.length) return false;
  return offset >= destinationStart + hash && offset <= destinationEnd;
}
