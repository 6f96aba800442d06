// What a Markdown reader must find in a page body, and the rules both readers share. The product
// reads pages with the hand-written scanner (scanner.ts); remark, on the test side
// (test/support/remarkFacts.ts), is the reference that defines what is correct. Both hand their
// findings over in this form, and everything derived from it (HTML attributes, written
// destination extents) is computed here, once, so that the two can differ only in what they
// take for Markdown syntax.
import type { TextRange } from '../../base/text';

export interface HeadingSyntax {
  readonly level: number;
  /** The heading's inline content as written, first to last child. */
  readonly source: string;
  readonly range: TextRange;
}

export type LinkKind = 'inline' | 'reference' | 'html' | 'autolink' | 'linkify';

/** A link as a Markdown reader finds it. */
export interface LinkSyntax {
  readonly kind: LinkKind;
  /** The link text as a reader sees it. */
  readonly text: string;
  /** The destination as written (for a reference link, its definition's). */
  readonly destination: string;
  // The offsets are kept as plain fields rather than as two range objects: at 50,000 pages the
  // links are the bulk of the facts, and two objects more per link cost about 65 MB (issue 16).
  /** The whole link, `[` to `)`: its first offset and the one after its last. */
  readonly start: number;
  readonly end: number;
  /** Where the destination is written: the place an edit must change. */
  readonly destinationStart: number;
  readonly destinationEnd: number;
}

/** The whole link's extent, made where it is used (the link keeps only the offsets). */
export function linkRange(link: LinkSyntax): TextRange {
  return { start: link.start, end: link.end };
}

/** Where the link's destination is written, made where it is used (the link keeps only the offsets). */
export function destinationRange(link: LinkSyntax): TextRange {
  return { start: link.destinationStart, end: link.destinationEnd };
}

/** A piece of raw HTML: an HTML block, or one tag (or comment) of inline HTML. */
export interface HtmlSyntax {
  /** The HTML as the parser's tree holds it (block quote and list prefixes taken out). */
  readonly value: string;
  readonly start: number;
}

export interface MarkdownSyntax {
  /** In document order. */
  readonly headings: HeadingSyntax[];
  /** Inline, reference (resolved against their definitions) and autolinks, in any order. */
  readonly links: LinkSyntax[];
  /** In document order. */
  readonly html: HtmlSyntax[];
  /** Fenced and indented code blocks and code spans: nothing in them is a link or an include. */
  readonly codeRanges: TextRange[];
}

export type MarkdownReader = (body: string) => MarkdownSyntax;

/** Where a reference definition writes its destination, given the definition's extent. */
export function definitionDestination(body: string, range: TextRange): TextRange {
  const colon = body.indexOf(']:', range.start);
  return destinationAt(body, colon === -1 ? range.start : colon + 2, range.end);
}

/** The written destination starting at `from` (after `](` or `]:`): `<dest>` or a bare run. */
export function destinationAt(body: string, from: number, limit: number): TextRange {
  let start = from;
  while (start < limit && isWhitespace(body.charCodeAt(start))) start++;
  if (body.charCodeAt(start) === 60) {
    const close = body.indexOf('>', start);
    return { start: start + 1, end: close === -1 || close > limit ? limit : close };
  }
  let end = start;
  let depth = 0;
  while (end < limit) {
    const code = body.charCodeAt(end);
    if (code === 92) end++;
    else if (code === 40) depth++;
    else if (code === 41) {
      if (depth === 0) break;
      depth--;
    } else if (isWhitespace(code)) break;
    end++;
  }
  return { start, end: Math.min(end, limit) };
}

/** JavaScript's `\s`: what the destination extent has always stopped at. */
function isWhitespace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
