// How the anchors of pages change when one heading's source or one HTML anchor's ID is rewritten,
// worked out before the edit is made: what a rename asks of the links into those pages. The
// anchors are made again by anchors.ts from the rewritten facts, so Hugo's own rules decide the
// new IDs — a rename that frees or takes an ID renumbers the later repeats (`-1`, `-2`, …) as
// Hugo will, and the links to those follow too.
import { describeHeading } from '../page/headingIds';
import type { HeadingFact, HtmlAnchorFact, PageFacts } from '../page/facts';
import { AnchorIds, anchorsOfFile } from './anchors';
import type { HandbookIndex } from './handbookIndex';
import type { Anchor, IndexedFile } from './indexedFile';

/** A new source for one heading of `file`, or a new ID for one of its HTML anchors. */
export type AnchorRewrite = { readonly file: IndexedFile } & ({ readonly heading: HeadingFact; readonly source: string } | { readonly htmlAnchor: HtmlAnchorFact; readonly id: string });

/** What a link's fragment must become for the link to reach the same anchor after a rewrite. */
export type FragmentAfter =
  /** As written: it reaches its anchor (or the same nothing) either way. */
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'renamed'; readonly id: string }
  /** No fragment would: another anchor of the page takes the one it reaches (`now`: what it would reach). */
  | { readonly kind: 'retargeted'; readonly anchor: Anchor; readonly now?: Anchor }
  /**
   * A link that leads nowhere would reach `now`, another anchor that the rewrite renumbers (on a
   * page whose nested shortcodes number headings apart, an ID can stand twice, and the count of
   * repeats stays the same while one of them moves).
   */
  | { readonly kind: 'awakened'; readonly now: Anchor };

/** One page's anchors before and after a rewrite, in the same order: a rewrite adds or takes away none. */
export class RewrittenAnchors {
  private readonly positions = new Map<Anchor, number>();
  private readonly beforeIds: AnchorIds;
  private readonly afterIds: AnchorIds;

  constructor(
    readonly page: IndexedFile,
    readonly before: readonly Anchor[],
    readonly after: readonly Anchor[],
  ) {
    before.forEach((anchor, at) => this.positions.set(anchor, at));
    this.beforeIds = new AnchorIds(before);
    this.afterIds = new AnchorIds(after);
  }

  /** The fragment a link into the page must have after the rewrite (`fragment`: as the link has it now, decoded). */
  fragmentAfter(fragment: string): FragmentAfter {
    const reached = this.beforeIds.find(fragment);
    if (!reached) {
      // A broken link stays broken, or reaches the anchor its fragment names from now on, as its
      // author meant: the rewritten one, not another that the rewrite only renumbers.
      const now = this.afterIds.find(fragment);
      const at = now && this.after.indexOf(now);
      const renumbered = now !== undefined && at !== undefined && this.before[at].text === now.text && this.before[at].id !== now.id;
      return renumbered ? { kind: 'awakened', now } : { kind: 'unchanged' };
    }
    const anchor = this.after[this.positions.get(reached)!];
    const written = anchor.id === reached.id ? fragment : anchor.id;
    const now = this.afterIds.find(written);
    if (now !== anchor) return { kind: 'retargeted', anchor: reached, now };
    return written === fragment ? { kind: 'unchanged' } : { kind: 'renamed', id: written };
  }

  /** IDs that more anchors of the page have after the rewrite than before: an HTML page has each ID once. */
  newRepeats(): string[] {
    const before = countIds(this.before);
    return [...countIds(this.after)].filter(([id, count]) => count > 1 && count > (before.get(id) ?? 0)).map(([id]) => id);
  }
}

/**
 * The anchors of each of `pages` (those that show the rewritten file's anchors: the file itself,
 * if it is a page, and the pages that include it) before and after the rewrite.
 */
export function rewriteAnchors(index: HandbookIndex, rewrite: AnchorRewrite, pages: readonly IndexedFile[]): RewrittenAnchors[] {
  const rewritten: IndexedFile = { ...rewrite.file, facts: rewrittenFacts(rewrite) };
  const resolveInclude = (site: IndexedFile['site'], includePath: string) => {
    const resolved = index.resolveInclude(site, includePath);
    return resolved.kind === 'found' && resolved.file === rewrite.file ? { kind: 'found' as const, file: rewritten } : resolved;
  };
  return pages.map((page) => new RewrittenAnchors(page, index.anchorsOf(page), anchorsOfFile(page === rewrite.file ? rewritten : page, resolveInclude, index.currentSettings.anchorShortcodes)));
}

function rewrittenFacts(rewrite: AnchorRewrite): PageFacts {
  const { facts } = rewrite.file;
  if ('heading' in rewrite) {
    // Every reader of a heading derives its text and IDs through describeHeading.
    const heading: HeadingFact = { ...rewrite.heading, source: rewrite.source, ...describeHeading(rewrite.source) };
    return { ...facts, headings: facts.headings.map((each) => (each === rewrite.heading ? heading : each)) };
  }
  return { ...facts, htmlAnchors: facts.htmlAnchors.map((each) => (each === rewrite.htmlAnchor ? { ...each, id: rewrite.id } : each)) };
}

function countIds(anchors: readonly Anchor[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { id } of anchors) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
