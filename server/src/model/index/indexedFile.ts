// The files of the index and what its queries answer, as the rest of the code sees them: a page
// or include file with its facts, an anchor a page has, where a link or an include call leads.
import type { FileKind, PageFacts } from '../page/facts';
import type { LineIndex, TextRange } from '../base/text';
import type { LinkTarget, Site } from '../site/site';
import type { Unpublished } from '../site/publishing';

/** A page or include file of a site, as the index keeps it: its facts and line starts, never its text. */
export interface IndexedFile {
  readonly path: string;
  readonly site: Site;
  readonly kind: FileKind;
  /** Pages: the path below the content root (`job-families/x.md`); includes: the path an include call names (`includes/x.md`). */
  readonly sitePath: string;
  /** Pages only: the URL path Hugo serves the page at. */
  readonly url?: string;
  readonly facts: PageFacts;
  readonly lines: LineIndex;
}

/** An anchor a page has once rendered: a heading's ID or an HTML anchor, its own or an included file's. */
export interface Anchor {
  readonly id: string;
  /** Heading text, or '' for an HTML anchor. */
  readonly text: string;
  /** Heading level, or 0 for an HTML anchor. */
  readonly level: number;
  /** The file it is written in: the page itself or an include file. */
  readonly file: IndexedFile;
  readonly range: TextRange;
}

/** Where a link leads (see HandbookIndex.resolveLink). */
export type ResolvedLink =
  | { readonly kind: 'external' | 'unchecked' }
  /** `unpublished`: a content file that would answer, were it published. */
  | { readonly kind: 'missing-page'; readonly target: LinkTarget; readonly unpublished?: { readonly page: IndexedFile; readonly reason: Unpublished } }
  | { readonly kind: 'page'; readonly page: IndexedFile; readonly fragment?: string; readonly anchor?: Anchor; readonly viaAlias: boolean };

/** Where a `ref`/`relref` shortcode's argument leads (see HandbookIndex.resolveRef). */
export type ResolvedRef =
  /** `no-path`: neither a path nor an #anchor (Hugo writes `href=""`); `ambiguous`: a bare name more than one page has; `unchecked`: the home page of a site without a content `_index.md`, which Hugo makes anyway. */
  { readonly kind: 'missing' | 'ambiguous' | 'no-path' | 'unchecked' } | { readonly kind: 'page'; readonly page: IndexedFile; readonly fragment?: string; readonly anchor?: Anchor };

/** Where an include call's path leads (see HandbookIndex.resolveInclude). */
export type ResolvedInclude =
  | { readonly kind: 'found'; readonly file: IndexedFile | { readonly path: string; readonly kind: 'asset' } }
  | { readonly kind: 'missing'; readonly normalized: string }
  | { readonly kind: 'escapes'; readonly normalized: string };
