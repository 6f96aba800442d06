// A hand-written Markdown scanner that finds exactly what the index needs of a page — headings,
// links (inline, reference, autolinks), raw HTML and code — without building a syntax tree.
// Parsing every page with remark costs seconds on a real handbook; this costs milliseconds.
//
// remark (micromark, CommonMark) is the definition of correct: every offset, URL and link text
// this scanner reports must equal what remark's tree says (test/support/remarkFacts.ts is that
// reference; test/unit/scanner.test.ts and bench/verify-scanner.ts compare the two page by page).
// So the scanner follows CommonMark's two phases as micromark implements them, including where
// micromark puts a node's start and end:
//   1. Blocks, line by line: block quotes and list items (containers), and the leaves fenced
//      code, indented code, HTML blocks (7 kinds), ATX and setext headings, thematic breaks and
//      paragraphs (with link reference definitions at their start; tables are paragraphs too).
//   2. Inlines, in paragraphs and headings only, after all definitions are known: code spans,
//      autolinks, inline HTML, links and images (brackets and the CommonMark delimiter rules,
//      with emphasis resolved only inside link text, the only place it shows in a fact).
// Emphasis elsewhere, entities in plain text and other inline detail are skipped: no fact
// depends on them.
import { decodeString } from 'micromark-util-decode-string';
import { htmlBlockNames, htmlRawNames } from 'micromark-util-html-tag-name';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { definitionDestination, destinationAt, type HeadingSyntax, type HtmlSyntax, type LinkKind, type MarkdownSyntax } from './syntax';
import { detach } from '../../base/strings';
import type { TextRange } from '../../base/text';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const APOSTROPHE = 39;
const LEFT_PAREN = 40;
const RIGHT_PAREN = 41;
const ASTERISK = 42;
const PLUS = 43;
const DASH = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const LESS_THAN = 60;
const EQUALS = 61;
const GREATER_THAN = 62;
const QUESTION = 63;
const AT = 64;
const LEFT_BRACKET = 91;
const BACKSLASH = 92;
const RIGHT_BRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;
const TILDE = 126;
const EXCLAMATION = 33;

const HTML_BLOCK_NAMES = new Set(htmlBlockNames);
const HTML_RAW_NAMES = new Set(htmlRawNames);

/** Reads one page body (front matter already blanked out). */
export function scanMarkdown(body: string): MarkdownSyntax {
  const blocks = new BlockScanner(body);
  blocks.scan();
  const syntax: MarkdownSyntax = { headings: blocks.headings, links: [], html: blocks.html, codeRanges: blocks.codeRanges };
  const inline = new InlineScanner(body, blocks.definitions, syntax);
  for (const job of blocks.inlineJobs) inline.scan(job);
  syntax.html.sort((a, b) => a.start - b.start);
  syntax.codeRanges.sort((a, b) => a.start - b.start);
  return syntax;
}

// ---------------------------------------------------------------------------------------------
// Phase 1: blocks.

const enum ContainerKind {
  Quote,
  Item,
}

interface Container {
  readonly kind: ContainerKind;
  /** List items: columns of indentation a line needs to belong to the item. */
  readonly contentIndent: number;
  /** List items (micromark's rule): an item that starts with a blank line ends at the next. */
  initialBlankLine: boolean;
  furtherBlankLines: boolean;
}

const enum LeafKind {
  None,
  Paragraph,
  Fenced,
  Indented,
  Html,
}

/** Inline content to scan once every definition is known: one or more line segments. */
interface InlineJob {
  /** Body offsets of each line's content start and end (line ending excluded). */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /**
   * The column each line's content starts at (tabs expand to the next multiple of 4; a line may
   * start inside a tab its containers used part of). Only inline HTML over several lines needs
   * it, to take a line's indent off as micromark does.
   */
  readonly columns: readonly number[];
}

interface Definition {
  readonly url: string;
  readonly range: TextRange;
}

class BlockScanner {
  readonly headings: HeadingSyntax[] = [];
  readonly html: HtmlSyntax[] = [];
  readonly codeRanges: TextRange[] = [];
  readonly inlineJobs: InlineJob[] = [];
  /** Keyed by micromark's normalized identifier (upper case): what makes a reference a link. */
  readonly definitions = new Map<string, Definition>();

  private readonly containers: Container[] = [];
  private leaf = LeafKind.None;

  // The current line, and where CommonMark's column bookkeeping stands in it.
  private lineStart = 0;
  private lineEnd = 0;
  private offset = 0;
  private column = 0;
  private partiallyConsumedTab = false;
  private nextNonspace = 0;
  /** The line that nextNonspace was found on. */
  private nonspaceLine = -1;
  private nextNonspaceColumn = 0;
  private indent = 0;
  private blank = false;

  // Paragraph: its lines (the first from its first non-space, later ones after their containers).
  private paragraphStarts: number[] = [];
  private paragraphEnds: number[] = [];
  private paragraphColumns: number[] = [];
  // Fenced code.
  private fenceCharacter = 0;
  private fenceLength = 0;
  // Code and HTML blocks: where they start and where their last counted line ends.
  private leafStart = 0;
  private leafEnd = 0;
  private indentedOnLazyLine = false;
  // HTML block.
  private htmlKind = 0;
  private htmlParts: string[] = [];

  constructor(private readonly body: string) {}

  scan(): void {
    const body = this.body;
    const length = body.length;
    // Most pages end lines with LF only: then indexOf finds line ends fastest.
    const carriageReturns = body.includes('\r');
    // A final line ending is followed by one more (empty) line, as micromark counts lines.
    for (let start = 0; ; ) {
      let end: number;
      if (carriageReturns) {
        end = start;
        while (end < length && !isLineEnding(body.charCodeAt(end))) end++;
      } else {
        end = body.indexOf('\n', start);
        if (end === -1) end = length;
      }
      this.line(start, end);
      if (end >= length) break;
      start = end + (body.charCodeAt(end) === CR && body.charCodeAt(end + 1) === LF ? 2 : 1);
    }
    this.closeLeaf();
  }

  // --- Column bookkeeping, as CommonMark counts tabs (stops every 4 columns).

  private findNextNonspace(): void {
    // Between the offset and the next non-space there is only indentation: when the offset has
    // not passed it, it is still the next (and each of many nested containers does not scan
    // the same indentation again).
    if (this.nonspaceLine === this.lineStart && this.offset <= this.nextNonspace) {
      this.indent = this.nextNonspaceColumn - this.column;
      return;
    }
    this.nonspaceLine = this.lineStart;
    const body = this.body;
    let at = this.offset;
    let columns = this.column;
    while (at < this.lineEnd) {
      const code = body.charCodeAt(at);
      if (code === SPACE) {
        at++;
        columns++;
      } else if (code === TAB) {
        at++;
        columns += 4 - (columns % 4);
      } else break;
    }
    this.blank = at >= this.lineEnd;
    this.nextNonspace = at;
    this.nextNonspaceColumn = columns;
    this.indent = columns - this.column;
  }

  private advanceNextNonspace(): void {
    this.offset = this.nextNonspace;
    this.column = this.nextNonspaceColumn;
    this.partiallyConsumedTab = false;
  }

  private advanceOffset(count: number, columns: boolean): void {
    const body = this.body;
    while (count > 0 && this.offset < this.lineEnd) {
      if (body.charCodeAt(this.offset) === TAB) {
        const toTab = 4 - (this.column % 4);
        if (columns) {
          this.partiallyConsumedTab = toTab > count;
          const advance = toTab > count ? count : toTab;
          this.column += advance;
          this.offset += this.partiallyConsumedTab ? 0 : 1;
          count -= advance;
        } else {
          this.partiallyConsumedTab = false;
          this.column += toTab;
          this.offset++;
          count--;
        }
      } else {
        this.partiallyConsumedTab = false;
        this.offset++;
        this.column++;
        count--;
      }
    }
  }

  // --- One line.

  private line(start: number, end: number): void {
    this.lineStart = start;
    this.lineEnd = end;
    this.offset = start;
    this.column = 0;
    this.partiallyConsumedTab = false;

    const matched = this.matchContainers();
    const allMatched = matched === this.containers.length;
    // micromark: while a paragraph or indented code goes on in the continued containers, every
    // list item this line opens "interrupts" it (so an ordered one must start at 1).
    const interrupting = allMatched && (this.leaf === LeafKind.Paragraph || (this.leaf === LeafKind.Indented && !this.indentedOnLazyLine));
    // Fenced code, indented code and HTML blocks take their containers' lines as they are.
    if (allMatched && this.continueLeaf()) return;

    // New containers and leaves. A paragraph left open is the "tip": indented code cannot
    // interrupt it, and when some containers did not match, this line may continue it lazily.
    let depth = matched;
    let paragraphMatched = allMatched && this.leaf === LeafKind.Paragraph;
    for (;;) {
      this.findNextNonspace();
      if (this.indent >= 4) {
        if (this.leaf === LeafKind.Paragraph || this.blank) break;
        this.closeTo(depth);
        this.leaf = LeafKind.Indented;
        this.leafStart = this.startAfterTab();
        this.leafEnd = end;
        // micromark ends indented code at the end of a line that continued no container.
        this.indentedOnLazyLine = !allMatched && depth === matched;
        return;
      }
      if (this.blank) break;
      const code = this.body.charCodeAt(this.nextNonspace);
      if (code === GREATER_THAN) {
        this.closeTo(depth, !allMatched);
        this.skipQuoteMarker();
        this.containers.push({ kind: ContainerKind.Quote, contentIndent: 0, initialBlankLine: false, furtherBlankLines: false });
        depth = this.containers.length;
        paragraphMatched = false;
        continue;
      }
      if (code === HASH && this.atxHeading(depth)) return;
      if ((code === BACKTICK || code === TILDE) && this.fenceOpening(depth, code)) return;
      if (code === LESS_THAN && this.htmlBlockStart(depth, paragraphMatched, !allMatched && this.leaf === LeafKind.Paragraph)) return;
      if ((code === EQUALS || code === DASH) && paragraphMatched && this.setextUnderline(code)) return;
      if ((code === ASTERISK || code === DASH || code === UNDERSCORE) && this.thematicBreak(code)) {
        this.closeTo(depth);
        return;
      }
      if ((code === ASTERISK || code === PLUS || code === DASH || isDigit(code)) && this.listItemStart(depth, interrupting)) {
        depth = this.containers.length;
        paragraphMatched = false;
        continue;
      }
      break;
    }

    // What remains is text.
    if (this.leaf === LeafKind.Paragraph && !this.blank && depth === matched) {
      // A paragraph continuation line, lazy when some containers did not match.
      this.paragraphStarts.push(this.offset);
      this.paragraphEnds.push(end);
      this.paragraphColumns.push(this.column);
      return;
    }
    this.closeTo(depth);
    if (this.blank) return;
    this.leaf = LeafKind.Paragraph;
    this.paragraphStarts = [this.nextNonspace];
    this.paragraphEnds = [end];
    this.paragraphColumns = [this.nextNonspaceColumn];
  }

  /** How many open containers this line continues (advancing past their markers). */
  private matchContainers(): number {
    const containers = this.containers;
    let matched = 0;
    for (; matched < containers.length; matched++) {
      const container = containers[matched];
      this.findNextNonspace();
      if (container.kind === ContainerKind.Quote) {
        if (this.indent > 3 || this.blank || this.body.charCodeAt(this.nextNonspace) !== GREATER_THAN) break;
        this.skipQuoteMarker();
      } else if (this.blank) {
        // A blank line stays in the item; spaces past the item's indent are the line's own.
        container.furtherBlankLines ||= container.initialBlankLine;
        this.advanceOffset(Math.min(this.indent, container.contentIndent), true);
      } else {
        const fits = !container.furtherBlankLines && this.indent >= container.contentIndent;
        container.initialBlankLine = container.furtherBlankLines = false;
        if (!fits) break;
        this.advanceOffset(container.contentIndent, true);
      }
    }
    return matched;
  }

  /** Past a block quote's `>` and the one space (or column of a tab) that may follow it. */
  private skipQuoteMarker(): void {
    this.advanceNextNonspace();
    this.advanceOffset(1, false);
    if (this.offset < this.lineEnd && isSpaceOrTab(this.body.charCodeAt(this.offset))) this.advanceOffset(1, true);
  }

  /**
   * Closes the leaf, and the containers past `depth`. When a new container takes the place of
   * containers this line did not continue, micromark ends fenced code and HTML blocks of kinds
   * 1-5 after their last line ending, not before it.
   */
  private closeTo(depth: number, newContainer = false): void {
    this.closeLeaf(newContainer);
    if (depth < this.containers.length) this.containers.length = depth;
  }

  /** Continues fenced code, indented code or an HTML block; true when the line is used up. */
  private continueLeaf(): boolean {
    switch (this.leaf) {
      case LeafKind.Fenced: {
        this.findNextNonspace();
        // The document's last line, empty inside its containers, is not part of the code.
        this.leafEnd = this.offset === this.lineEnd && this.lineEnd === this.body.length ? this.lineStart : this.lineEnd;
        if (this.indent <= 3 && !this.blank && this.body.charCodeAt(this.nextNonspace) === this.fenceCharacter) {
          let at = this.nextNonspace;
          while (at < this.lineEnd && this.body.charCodeAt(at) === this.fenceCharacter) at++;
          if (at - this.nextNonspace >= this.fenceLength && isBlankBetween(this.body, at, this.lineEnd)) this.closeLeaf();
        }
        return true;
      }
      case LeafKind.Indented: {
        if (this.indentedOnLazyLine) {
          this.closeLeaf();
          return false;
        }
        this.findNextNonspace();
        // A line of 4 or more spaces is code too, though blank.
        if (this.indent >= 4) {
          this.leafEnd = this.lineEnd;
          return true;
        }
        if (this.blank) return true;
        this.closeLeaf();
        return false;
      }
      case LeafKind.Html: {
        this.findNextNonspace();
        if (this.blank && (this.htmlKind === 6 || this.htmlKind === 7)) {
          this.closeLeaf();
          return false;
        }
        this.htmlParts.push(this.lineEndingBefore(), this.lineText());
        this.leafEnd = this.lineEnd;
        if (this.htmlKind <= 5 && htmlFlowEnds(this.body, this.htmlKind, this.offset, this.lineEnd, false)) this.closeLeaf();
        return true;
      }
      default:
        return false;
    }
  }

  /** Where micromark starts a block at the current offset: after a tab that is partly used. */
  private startAfterTab(): number {
    return this.partiallyConsumedTab ? this.offset + 1 : this.offset;
  }

  /** The line from the current offset, a partly used tab counting as the columns left of it. */
  private lineText(): string {
    const text = this.body.slice(this.offset, this.lineEnd);
    if (!this.partiallyConsumedTab) return text;
    return ' '.repeat(4 - (this.column % 4)) + text.slice(1);
  }

  /** The line ending just before the current line, as written. */
  private lineEndingBefore(): string {
    const body = this.body;
    const start = this.lineStart;
    return body.charCodeAt(start - 1) === LF && body.charCodeAt(start - 2) === CR ? '\r\n' : body[start - 1];
  }

  private closeLeaf(afterLineEnding = false): void {
    switch (this.leaf) {
      case LeafKind.Paragraph: {
        const rest = this.readDefinitions(this.paragraph());
        if (rest) this.inlineJobs.push(rest);
        break;
      }
      case LeafKind.Fenced:
        this.codeRanges.push({ start: this.leafStart, end: afterLineEnding ? this.lineStart : this.leafEnd });
        break;
      case LeafKind.Indented:
        this.codeRanges.push({ start: this.leafStart, end: this.leafEnd });
        break;
      case LeafKind.Html:
        if (afterLineEnding && this.htmlKind <= 5) this.htmlParts.push(this.lineEndingBefore());
        this.html.push({ value: this.htmlParts.join(''), start: this.leafStart });
        this.htmlParts = [];
        break;
    }
    this.leaf = LeafKind.None;
  }

  // --- Leaf starts.

  private atxHeading(depth: number): boolean {
    const body = this.body;
    const end = this.lineEnd;
    let at = this.nextNonspace;
    while (at < end && body.charCodeAt(at) === HASH) at++;
    const level = at - this.nextNonspace;
    if (level > 6 || (at < end && !isSpaceOrTab(body.charCodeAt(at)))) return false;
    this.closeTo(depth);
    // The content: between the opening run (and its spaces) and an optional closing run.
    let contentStart = at;
    while (contentStart < end && isSpaceOrTab(body.charCodeAt(contentStart))) contentStart++;
    let contentEnd = end;
    while (contentEnd > contentStart && isSpaceOrTab(body.charCodeAt(contentEnd - 1))) contentEnd--;
    let closing = contentEnd;
    while (closing > contentStart && body.charCodeAt(closing - 1) === HASH) closing--;
    if (closing < contentEnd && (closing === contentStart || isSpaceOrTab(body.charCodeAt(closing - 1)))) {
      contentEnd = closing;
      while (contentEnd > contentStart && isSpaceOrTab(body.charCodeAt(contentEnd - 1))) contentEnd--;
    }
    this.headings.push({ level, source: detach(body.slice(contentStart, contentEnd)), range: { start: this.nextNonspace, end } });
    if (contentEnd > contentStart) this.inlineJobs.push({ starts: [contentStart], ends: [contentEnd], columns: [0] });
    return true;
  }

  private fenceOpening(depth: number, fence: number): boolean {
    const body = this.body;
    const end = this.lineEnd;
    let at = this.nextNonspace;
    while (at < end && body.charCodeAt(at) === fence) at++;
    if (at - this.nextNonspace < 3) return false;
    if (fence === BACKTICK) {
      const backtick = body.indexOf('`', at);
      if (backtick !== -1 && backtick < end) return false;
    }
    this.closeTo(depth);
    this.leaf = LeafKind.Fenced;
    this.fenceCharacter = fence;
    this.fenceLength = at - this.nextNonspace;
    this.leafStart = this.nextNonspace;
    this.leafEnd = end;
    return true;
  }

  /**
   * An HTML block of kind 7 cannot interrupt a paragraph, except (in micromark) on a lazy line;
   * there it even stays inside the containers the line did not continue.
   */
  private htmlBlockStart(depth: number, interrupting: boolean, lazyParagraph: boolean): boolean {
    const kind = htmlFlowKind(this.body, this.nextNonspace, this.lineEnd);
    if (kind === 0 || (kind === 7 && interrupting)) return false;
    this.closeTo(kind === 7 && lazyParagraph ? this.containers.length : depth);
    this.leaf = LeafKind.Html;
    this.htmlKind = kind;
    this.leafStart = this.startAfterTab();
    this.leafEnd = this.lineEnd;
    this.htmlParts = [this.lineText()];
    if (kind <= 5 && htmlFlowEnds(this.body, kind, this.nextNonspace, this.lineEnd, true)) this.closeLeaf();
    return true;
  }

  private setextUnderline(marker: number): boolean {
    const body = this.body;
    const end = this.lineEnd;
    let at = this.nextNonspace;
    while (at < end && body.charCodeAt(at) === marker) at++;
    if (!isBlankBetween(body, at, end)) return false;
    // Definitions at the paragraph's start are not part of the heading's text.
    const content = this.readDefinitions(this.paragraph());
    if (!content) {
      // Nothing but definitions: micromark ends them here and starts a paragraph with this line
      // (unless it is a thematic break).
      if (marker === DASH && this.thematicBreak(marker)) return false;
      this.paragraphStarts = [this.nextNonspace];
      this.paragraphEnds = [end];
      this.paragraphColumns = [this.nextNonspaceColumn];
      return true;
    }
    const { starts, ends } = content;
    this.headings.push({
      level: marker === EQUALS ? 1 : 2,
      source: detach(body.slice(starts[0], ends[ends.length - 1])),
      range: { start: this.paragraphStarts[0], end },
    });
    this.inlineJobs.push(content);
    this.leaf = LeafKind.None;
    return true;
  }

  private thematicBreak(marker: number): boolean {
    const body = this.body;
    let count = 0;
    for (let at = this.nextNonspace; at < this.lineEnd; at++) {
      const code = body.charCodeAt(at);
      if (code === marker) count++;
      else if (!isSpaceOrTab(code)) return false;
    }
    return count >= 3;
  }

  private listItemStart(depth: number, interrupting: boolean): boolean {
    const body = this.body;
    const end = this.lineEnd;
    const markerStart = this.nextNonspace;
    let at = markerStart;
    const first = body.charCodeAt(at);
    if (first === ASTERISK || first === PLUS || first === DASH) {
      at++;
    } else {
      while (at < end && at - markerStart <= 9 && isDigit(body.charCodeAt(at))) at++;
      const digits = at - markerStart;
      const delimiter = body.charCodeAt(at);
      if (digits > 9 || at >= end || (delimiter !== DOT && delimiter !== RIGHT_PAREN)) return false;
      // Only a list that starts at 1 may interrupt a paragraph.
      if (interrupting && !(digits === 1 && first === 49)) return false;
      at++;
    }
    if (at < end && !isSpaceOrTab(body.charCodeAt(at))) return false;
    const blankItem = isBlankBetween(body, at, end);
    if (interrupting && blankItem) return false;

    this.closeTo(depth, depth < this.containers.length);
    const markerOffset = this.indent;
    this.advanceNextNonspace();
    this.advanceOffset(at - markerStart, true);
    const markerWidth = at - markerStart;
    // Content starts after 1-4 columns of spaces; after 5 or more (indented code), or none,
    // it starts one column after the marker.
    const spacesColumn = this.column;
    const spacesOffset = this.offset;
    do {
      this.advanceOffset(1, true);
    } while (this.column - spacesColumn < 5 && this.offset < end && isSpaceOrTab(body.charCodeAt(this.offset)));
    const spaces = this.column - spacesColumn;
    let padding: number;
    if (spaces >= 5 || spaces < 1 || blankItem) {
      padding = markerWidth + 1;
      this.column = spacesColumn;
      this.offset = spacesOffset;
      this.partiallyConsumedTab = false;
      if (this.offset < end && isSpaceOrTab(body.charCodeAt(this.offset))) this.advanceOffset(1, true);
    } else {
      padding = markerWidth + spaces;
    }
    this.containers.push({ kind: ContainerKind.Item, contentIndent: markerOffset + padding, initialBlankLine: blankItem, furtherBlankLines: false });
    return true;
  }

  private paragraph(): InlineJob {
    return { starts: this.paragraphStarts, ends: this.paragraphEnds, columns: this.paragraphColumns };
  }

  // --- Definitions.

  /**
   * Reads the link reference definitions at the start of a paragraph; returns the rest of it
   * (its last line's trailing spaces taken off), or undefined when nothing is left.
   */
  private readDefinitions(paragraph: InlineJob): InlineJob | undefined {
    const body = this.body;
    let { starts, ends, columns } = paragraph;
    if (body.charCodeAt(starts[0]) === LEFT_BRACKET) {
      const content = new SegmentText(body, starts, ends);
      const text = content.text;
      let line = 0;
      let at = 0;
      while (text.charCodeAt(at) === LEFT_BRACKET) {
        const lineEnd = this.readDefinition(content, at);
        if (lineEnd === undefined) break;
        line = content.segmentOf(lineEnd) + 1;
        if (line >= starts.length) return undefined;
        at = skipSpaces(text, content.segmentStart(line));
      }
      if (line > 0) {
        starts = [content.toBody(at), ...starts.slice(line + 1)];
        ends = ends.slice(line);
        columns = columns.slice(line);
      }
    }
    const last = ends.length - 1;
    let lastEnd = ends[last];
    while (lastEnd > starts[last] && isSpaceOrTab(body.charCodeAt(lastEnd - 1))) lastEnd--;
    if (lastEnd !== ends[last]) ends = [...ends.slice(0, last), lastEnd];
    return { starts, ends, columns };
  }

  /** One definition at `at` (a `[`) in the content: the offset of its line's end, or undefined. */
  private readDefinition(content: SegmentText, at: number): number | undefined {
    const text = content.text;
    const labelEnd = scanLabel(text, at);
    if (labelEnd === -1 || text.charCodeAt(labelEnd) !== COLON) return undefined;
    const destination = scanDestination(text, skipWhitespace(text, labelEnd + 1), Infinity);
    if (!destination) return undefined;
    // An optional title, separated from the destination by whitespace, then the line's end.
    let lineEnd = -1;
    const titleStart = skipWhitespace(text, destination.end);
    if (titleStart > destination.end) {
      const titleEnd = scanTitle(text, titleStart);
      if (titleEnd !== -1) {
        const afterTitle = skipSpaces(text, titleEnd);
        if (afterTitle >= text.length || isLineEnding(text.charCodeAt(afterTitle))) lineEnd = afterTitle;
      }
    }
    if (lineEnd === -1) {
      const afterSpaces = skipSpaces(text, destination.end);
      if (afterSpaces < text.length && !isLineEnding(text.charCodeAt(afterSpaces))) return undefined;
      lineEnd = afterSpaces;
    }
    const key = normalizeIdentifier(text.slice(at + 1, labelEnd - 1));
    // `[^1]: …` is a footnote to Hugo (Goldmark's footnote extension is on by default), not a link.
    if (!key.startsWith('^') && !this.definitions.has(key)) {
      const url = detach(decoded(text, destination.valueStart, destination.valueEnd));
      this.definitions.set(key, { url, range: { start: content.toBody(at), end: content.toBody(lineEnd) } });
    }
    return lineEnd;
  }
}

/** Content made of line segments of the body, joined by their line endings. */
class SegmentText {
  readonly text: string;
  /** Where each segment starts in `text`. */
  private readonly textStarts: number[];

  constructor(
    body: string,
    private readonly starts: readonly number[],
    ends: readonly number[],
    private readonly columns: readonly number[] = [],
  ) {
    const textStarts = [0];
    let contiguous = true;
    for (let i = 1; i < starts.length; i++) {
      const previousEnd = ends[i - 1];
      const lineEnding = body.charCodeAt(previousEnd) === CR && body.charCodeAt(previousEnd + 1) === LF ? 2 : 1;
      if (starts[i] !== previousEnd + lineEnding) contiguous = false;
      textStarts.push(textStarts[i - 1] + (previousEnd - starts[i - 1]) + lineEnding);
    }
    this.textStarts = textStarts;
    if (contiguous) {
      this.text = body.slice(starts[0], ends[ends.length - 1]);
    } else {
      let text = '';
      for (let i = 0; i < starts.length; i++) {
        text += body.slice(starts[i], ends[i]);
        if (i + 1 < starts.length) text += body.charCodeAt(ends[i]) === CR && body.charCodeAt(ends[i] + 1) === LF ? '\r\n' : body[ends[i]];
      }
      this.text = text;
    }
  }

  segmentOf(at: number): number {
    const starts = this.textStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  segmentStart(segment: number): number {
    return this.textStarts[segment];
  }

  /** The column a line's content starts at, for an offset where a line starts. */
  columnAt(lineStart: number): number {
    return this.columns[this.segmentOf(lineStart)] ?? 0;
  }

  toBody(at: number): number {
    const segment = this.segmentOf(at);
    return this.starts[segment] + (at - this.textStarts[segment]);
  }
}

// --- HTML blocks (CommonMark's 7 kinds, with micromark's end conditions).

/** The kind (1-7) of HTML block starting at `at` (a `<`), or 0. */
function htmlFlowKind(body: string, at: number, end: number): number {
  let position = at + 1;
  const code = body.charCodeAt(position);
  if (position >= end) return 0;
  if (code === EXCLAMATION) {
    const next = body.charCodeAt(position + 1);
    if (next === DASH) return body.charCodeAt(position + 2) === DASH && position + 2 < end ? 2 : 0;
    if (next === LEFT_BRACKET) return body.startsWith('[CDATA[', position + 1) && position + 8 <= end ? 5 : 0;
    return isAsciiAlpha(next) && position + 1 < end ? 4 : 0;
  }
  if (code === QUESTION) return 3;
  const closing = code === SLASH;
  if (closing) position++;
  if (position >= end || !isAsciiAlpha(body.charCodeAt(position))) return 0;
  const nameStart = position;
  while (position < end && (isAsciiAlphanumeric(body.charCodeAt(position)) || body.charCodeAt(position) === DASH)) position++;
  const after = position < end ? body.charCodeAt(position) : -1;
  if (after !== -1 && after !== SLASH && after !== GREATER_THAN && after !== SPACE && after !== TAB) return 0;
  const name = body.slice(nameStart, position).toLowerCase();
  const slash = after === SLASH;
  if (!slash && !closing && HTML_RAW_NAMES.has(name)) return 1;
  if (HTML_BLOCK_NAMES.has(name)) {
    if (slash) return body.charCodeAt(position + 1) === GREATER_THAN && position + 1 < end ? 6 : 0;
    return 6;
  }
  return completeTagThenBlank(body, position, end, closing) ? 7 : 0;
}

/**
 * After a tag name: the rest of a complete open (or closing) tag, then only whitespace to the
 * line's end (micromark's states for an HTML block of kind 7).
 */
function completeTagThenBlank(body: string, at: number, end: number, closing: boolean): boolean {
  let position = at;
  if (closing) {
    while (isSpaceOrTab(codeBefore(body, position, end))) position++;
    return completeEnd(body, position, end);
  }
  for (;;) {
    // Before an attribute name.
    let code = codeBefore(body, position, end);
    if (isSpaceOrTab(code)) {
      position++;
      continue;
    }
    if (code === SLASH) return completeEnd(body, position + 1, end);
    if (!(code === COLON || code === UNDERSCORE || isAsciiAlpha(code))) return completeEnd(body, position, end);
    position++;
    while (isAttributeNameCharacter(codeBefore(body, position, end))) position++;
    // After it: `=` and a value, any number of times (`<a b=c=d>` is complete).
    for (;;) {
      while (isSpaceOrTab(codeBefore(body, position, end))) position++;
      if (codeBefore(body, position, end) !== EQUALS) break;
      position++;
      while (isSpaceOrTab(codeBefore(body, position, end))) position++;
      code = codeBefore(body, position, end);
      if (code === -1 || code === LESS_THAN || code === EQUALS || code === GREATER_THAN || code === BACKTICK) return false;
      if (code === QUOTE || code === APOSTROPHE) {
        const close = body.indexOf(code === QUOTE ? '"' : "'", position + 1);
        if (close === -1 || close >= end) return false;
        position = close + 1;
        const after = codeBefore(body, position, end);
        if (after !== SLASH && after !== GREATER_THAN && !isSpaceOrTab(after)) return false;
        break;
      }
      while (position < end) {
        const c = body.charCodeAt(position);
        if (c === QUOTE || c === APOSTROPHE || c === SLASH || c === LESS_THAN || c === EQUALS || c === GREATER_THAN || c === BACKTICK || isSpaceOrTab(c)) break;
        position++;
      }
    }
  }
}

/** `>` at `at`, then only spaces and tabs to `end`. */
function completeEnd(body: string, at: number, end: number): boolean {
  return codeBefore(body, at, end) === GREATER_THAN && isBlankBetween(body, at + 1, end);
}

/** The character at `at`, or -1 at or past `end`. */
function codeBefore(body: string, at: number, end: number): number {
  return at < end ? body.charCodeAt(at) : -1;
}

/** Where micromark stands inside an HTML block of kind 1-5 (its `continuation…` states). */
const enum HtmlFlowState {
  Continuation,
  CommentInside,
  RawTagOpen,
  RawEndTag,
  CdataInside,
  DeclarationInside,
}

/**
 * Whether an HTML block of kind 1-5 ends on this line (it ends with the line). On the block's
 * first line the search starts right after the opening, in the state micromark is in there:
 * the opening may share characters with the end (`<!-->` is a whole comment).
 */
function htmlFlowEnds(body: string, kind: number, from: number, end: number, firstLine: boolean): boolean {
  let state = HtmlFlowState.Continuation;
  let position = from;
  if (firstLine) {
    const afterOpening = [0, 1, 4, 2, 3, 9][kind];
    position += afterOpening;
    if (kind >= 2 && kind <= 4) state = HtmlFlowState.DeclarationInside;
  }
  let nameStart = 0;
  for (; position < end; position++) {
    const code = body.charCodeAt(position);
    switch (state) {
      case HtmlFlowState.Continuation:
        if (kind === 2 && code === DASH) state = HtmlFlowState.CommentInside;
        else if (kind === 1 && code === LESS_THAN) state = HtmlFlowState.RawTagOpen;
        else if (kind === 4 && code === GREATER_THAN) return true;
        else if (kind === 3 && code === QUESTION) state = HtmlFlowState.DeclarationInside;
        else if (kind === 5 && code === RIGHT_BRACKET) state = HtmlFlowState.CdataInside;
        continue;
      case HtmlFlowState.CommentInside:
        if (code === DASH) {
          state = HtmlFlowState.DeclarationInside;
          continue;
        }
        break;
      case HtmlFlowState.CdataInside:
        if (code === RIGHT_BRACKET) {
          state = HtmlFlowState.DeclarationInside;
          continue;
        }
        break;
      case HtmlFlowState.DeclarationInside:
        if (code === GREATER_THAN) return true;
        if (kind === 2 && code === DASH) continue;
        break;
      case HtmlFlowState.RawTagOpen:
        if (code === SLASH) {
          state = HtmlFlowState.RawEndTag;
          nameStart = position + 1;
          continue;
        }
        break;
      case HtmlFlowState.RawEndTag:
        if (code === GREATER_THAN && HTML_RAW_NAMES.has(body.slice(nameStart, position).toLowerCase())) return true;
        if (isAsciiAlpha(code) && position - nameStart < 8) continue;
        break;
    }
    // Anything else: read this character again as plain continuation.
    state = HtmlFlowState.Continuation;
    position--;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Phase 2: inlines.

/** A bracket that may open a link (`[`) or an image (`![`). */
interface Opener {
  /** Text offset of `[` or `!`. */
  readonly at: number;
  readonly image: boolean;
  /** How many delimiter runs were on the stack when it opened. */
  readonly delimiterBottom: number;
  /** How many spans were known when it opened: those after it are inside it. */
  readonly spanBottom: number;
}

/** A run of `*` or `_`. */
interface DelimiterRun {
  readonly at: number;
  readonly character: number;
  readonly length: number;
  remaining: number;
  readonly canOpen: boolean;
  readonly canClose: boolean;
}

const enum SpanKind {
  Code,
  Html,
  Autolink,
  Image,
  Link,
}

/** Something inside inline content that link text reads specially. */
interface Span {
  readonly kind: SpanKind;
  readonly start: number;
  readonly end: number;
  /** Links and images: where their text is. */
  readonly textStart: number;
  readonly textEnd: number;
  /** Whether the span sits inside an image's description (then the tree drops it). */
  dropped: boolean;
}

const SPECIAL = /[\\`<\[\]*_!]/g;
/**
 * Outside brackets, runs of `*` and `_` cannot matter: emphasis only shows in facts inside link
 * text, and a run before every open bracket is below what any link's emphasis resolves.
 */
const SPECIAL_OUTSIDE_BRACKETS = /[\\`<\[\]!]/g;

class InlineScanner {
  private text = '';
  private segments!: SegmentText;
  private readonly openers: Opener[] = [];
  /** Link openers below this height on the stack are inactive: a link formed after them. */
  private inactiveBelow = 0;
  /** The delimiter runs that may still open or close emphasis. */
  private readonly stack: DelimiterRun[] = [];
  private readonly runs = new Map<number, DelimiterRun>();
  private readonly spans = new Map<number, Span>();
  private readonly spanList: Span[] = [];
  private readonly links: { span: Span; kind: LinkKind; destination: string; range: TextRange; destinationRange: TextRange }[] = [];
  /** Code spans known not to close: for each backtick run length, from where none follows. */
  private readonly noCloserAfter = new Map<number, number>();
  private readonly closersMissingFrom = new Map<string, number>();
  /** For each of INLINE_STARTS: from where it was looked for, and where it next occurs. */
  private readonly searchedFrom = [Infinity, Infinity, Infinity];
  private readonly nextStart = [0, 0, 0];

  constructor(
    private readonly body: string,
    private readonly definitions: ReadonlyMap<string, Definition>,
    private readonly syntax: MarkdownSyntax,
  ) {}

  scan(job: InlineJob): void {
    const body = this.body;
    // Nothing in it can be a link, code or HTML: skip it.
    if (!this.mayHoldInlines(job)) return;
    this.segments = new SegmentText(body, job.starts, job.ends, job.columns);
    this.text = this.segments.text;
    // (Clearing what is already empty costs, in V8.)
    if (this.openers.length !== 0) this.openers.length = 0;
    this.inactiveBelow = 0;
    if (this.stack.length !== 0) this.stack.length = 0;
    if (this.runs.size !== 0) this.runs.clear();
    if (this.spans.size !== 0) this.spans.clear();
    if (this.spanList.length !== 0) this.spanList.length = 0;
    if (this.links.length !== 0) this.links.length = 0;
    if (this.noCloserAfter.size !== 0) this.noCloserAfter.clear();
    if (this.closersMissingFrom.size !== 0) this.closersMissingFrom.clear();
    const text = this.text;
    for (let from = 0; ; ) {
      const special = this.openers.length === 0 ? SPECIAL_OUTSIDE_BRACKETS : SPECIAL;
      special.lastIndex = from;
      const match = special.exec(text);
      if (!match) break;
      const at = match.index;
      const code = text.charCodeAt(at);
      let next = at + 1;
      switch (code) {
        case BACKSLASH:
          if (isAsciiPunctuation(text.charCodeAt(at + 1))) next = at + 2;
          break;
        case BACKTICK:
          next = this.codeSpan(at);
          break;
        case LESS_THAN:
          next = this.autolinkOrHtml(at);
          break;
        case EXCLAMATION:
          if (text.charCodeAt(at + 1) !== LEFT_BRACKET) break;
          this.openers.push({ at, image: true, delimiterBottom: this.stack.length, spanBottom: this.spanList.length });
          next = at + 2;
          break;
        case LEFT_BRACKET:
          this.openers.push({ at, image: false, delimiterBottom: this.stack.length, spanBottom: this.spanList.length });
          break;
        case RIGHT_BRACKET:
          next = this.closeBracket(at);
          break;
        default:
          next = this.delimiterRun(at, code);
      }
      from = next;
    }
    this.emit();
  }

  private codeSpan(at: number): number {
    const text = this.text;
    let runEnd = at;
    while (text.charCodeAt(runEnd) === BACKTICK) runEnd++;
    const length = runEnd - at;
    const known = this.noCloserAfter.get(length);
    if (known === undefined || known > runEnd) {
      for (let search = text.indexOf('`', runEnd); search !== -1; ) {
        let closeEnd = search;
        while (text.charCodeAt(closeEnd) === BACKTICK) closeEnd++;
        if (closeEnd - search === length) {
          this.addSpan(SpanKind.Code, at, closeEnd, runEnd, search);
          this.syntax.codeRanges.push({ start: this.segments.toBody(at), end: this.segments.toBody(closeEnd) });
          return closeEnd;
        }
        search = text.indexOf('`', closeEnd);
      }
      this.noCloserAfter.set(length, runEnd);
    }
    return runEnd;
  }

  private autolinkOrHtml(at: number): number {
    const text = this.text;
    const autolinkEnd = scanAutolink(text, at);
    if (autolinkEnd !== -1) {
      const span = this.addSpan(SpanKind.Autolink, at, autolinkEnd, at + 1, autolinkEnd - 1);
      const raw = text.slice(at + 1, autolinkEnd - 1);
      const start = this.segments.toBody(at);
      const end = this.segments.toBody(autolinkEnd);
      // A URI autolink always has a `:` after its scheme; an email address never has one.
      const url = raw.includes(':') ? raw : `mailto:${raw}`;
      this.links.push({ span, kind: 'autolink', destination: detach(url), range: { start, end }, destinationRange: { start: start + 1, end: end - 1 } });
      return autolinkEnd;
    }
    const htmlEnd = this.htmlText(at);
    if (htmlEnd !== -1) {
      this.addSpan(SpanKind.Html, at, htmlEnd, at, htmlEnd);
      return htmlEnd;
    }
    return at + 1;
  }

  private delimiterRun(at: number, character: number): number {
    const text = this.text;
    let end = at;
    while (text.charCodeAt(end) === character) end++;
    const before = at === 0 ? -1 : text.charCodeAt(at - 1);
    const after = end >= text.length ? -1 : text.charCodeAt(end);
    const beforeClass = classify(before);
    const afterClass = classify(after);
    const leftFlanking = afterClass !== CharacterClass.Whitespace && (afterClass !== CharacterClass.Punctuation || beforeClass !== CharacterClass.Other);
    const rightFlanking = beforeClass !== CharacterClass.Whitespace && (beforeClass !== CharacterClass.Punctuation || afterClass !== CharacterClass.Other);
    const canOpen = character === ASTERISK ? leftFlanking : leftFlanking && (!rightFlanking || beforeClass === CharacterClass.Punctuation);
    const canClose = character === ASTERISK ? rightFlanking : rightFlanking && (!leftFlanking || afterClass === CharacterClass.Punctuation);
    const run: DelimiterRun = { at, character, length: end - at, remaining: end - at, canOpen, canClose };
    this.runs.set(at, run);
    if (canOpen || canClose) this.stack.push(run);
    return end;
  }

  private closeBracket(at: number): number {
    const text = this.text;
    const opener = this.openers.at(-1);
    if (!opener) return at + 1;
    if (!opener.image && this.openers.length - 1 < this.inactiveBelow) {
      this.closeOpener();
      return at + 1;
    }
    const textStart = opener.at + (opener.image ? 2 : 1);
    let end = -1;
    let kind: 'inline' | 'reference' = 'inline';
    let url = '';
    let definition: Definition | undefined;
    let resource: Destination | undefined;
    const after = text.charCodeAt(at + 1);
    if (after === LEFT_PAREN) {
      resource = scanResource(text, at + 1);
      if (resource) {
        end = resource.end;
        url = decoded(text, resource.valueStart, resource.valueEnd);
      } else {
        definition = this.definitionOf(textStart, at);
        if (definition) end = at + 1;
      }
    } else if (after === LEFT_BRACKET) {
      const labelEnd = scanLabel(text, at + 1);
      const full = labelEnd === -1 ? undefined : this.definitionOf(at + 2, labelEnd - 1);
      if (full) {
        definition = full;
        end = labelEnd;
      } else {
        definition = this.definitionOf(textStart, at);
        if (definition && text.charCodeAt(at + 2) === RIGHT_BRACKET) end = at + 3;
        else definition = undefined;
      }
    } else {
      definition = this.definitionOf(textStart, at);
      if (definition) end = at + 1;
    }
    if (end === -1) {
      this.closeOpener();
      return at + 1;
    }
    if (definition) {
      kind = 'reference';
      url = definition.url;
    }

    this.resolveEmphasis(opener.delimiterBottom);
    if (this.stack.length > opener.delimiterBottom) this.stack.length = opener.delimiterBottom;
    this.closeOpener();
    if (opener.image) {
      // What an image's description holds is not in the tree: only its text survives, as `alt`.
      for (let i = opener.spanBottom; i < this.spanList.length; i++) this.spanList[i].dropped = true;
    }
    const span = this.addSpan(opener.image ? SpanKind.Image : SpanKind.Link, opener.at, end, textStart, at);
    if (!opener.image) {
      // Links may not contain links: every `[` still open before this one is done.
      this.inactiveBelow = this.openers.length;
      const start = this.segments.toBody(opener.at);
      const rangeEnd = this.segments.toBody(end);
      // The extent of the written destination is the shared rule's (destinationAt); a plain
      // destination right after `](` is known to be exactly its own extent.
      let destinationRange: TextRange;
      if (kind === 'reference') destinationRange = definitionDestination(this.body, definition!.range);
      else if (resource!.plain && resource!.valueStart === at + 2) {
        const destinationStart = this.segments.toBody(at) + 2;
        destinationRange = { start: destinationStart, end: destinationStart + resource!.valueEnd - resource!.valueStart };
      } else destinationRange = destinationAt(this.body, this.segments.toBody(at) + 2, rangeEnd);
      this.links.push({ span, kind, destination: kind === 'inline' ? detach(url) : url, range: { start, end: rangeEnd }, destinationRange });
    }
    return end;
  }

  /**
   * Whether a job can hold a link, code span or HTML: it has a `[`, a backtick or a `<` between
   * its first line's start and its last line's end (container markers between its lines hold
   * none of them). Jobs come in document order, so each character's next occurrence is looked
   * up once and kept until a job starts past it.
   */
  private mayHoldInlines(job: InlineJob): boolean {
    const from = job.starts[0];
    const to = job.ends[job.ends.length - 1];
    for (let i = 0; i < INLINE_STARTS.length; i++) {
      if (!(this.searchedFrom[i] <= from && from <= this.nextStart[i])) {
        const next = this.body.indexOf(INLINE_STARTS[i], from);
        this.searchedFrom[i] = from;
        this.nextStart[i] = next === -1 ? Infinity : next;
      }
      if (this.nextStart[i] < to) return true;
    }
    return false;
  }

  /** Inline HTML at `at`, its closers looked up through the job's cache. */
  private htmlText(at: number): number {
    return scanHtmlText(this.text, at, this.closerAfter);
  }

  /**
   * The next `closer` (`-->`, `?>`, …) at or after `from`. Once one is known to be missing after
   * some offset, it is missing after any later one: a line of a thousand unclosed `<!--` is not
   * searched a thousand times.
   */
  private readonly closerAfter = (closer: string, from: number): number => {
    const missingFrom = this.closersMissingFrom.get(closer);
    if (missingFrom !== undefined && from >= missingFrom) return -1;
    const found = this.text.indexOf(closer, from);
    if (found === -1) this.closersMissingFrom.set(closer, missingFrom === undefined ? from : Math.min(from, missingFrom));
    return found;
  };

  /** The definition whose label is the text between `from` and `to`, if any. */
  private definitionOf(from: number, to: number): Definition | undefined {
    return this.definitions.size === 0 ? undefined : this.definitions.get(normalizeIdentifier(this.text.slice(from, to)));
  }

  private closeOpener(): void {
    this.openers.pop();
    if (this.inactiveBelow > this.openers.length) this.inactiveBelow = this.openers.length;
  }

  private addSpan(kind: SpanKind, start: number, end: number, textStart: number, textEnd: number): Span {
    const span: Span = { kind, start, end, textStart, textEnd, dropped: false };
    this.spans.set(start, span);
    this.spanList.push(span);
    return span;
  }

  /**
   * CommonMark's "process emphasis" over the runs above `bottom`: how many characters of each
   * remain. The runs form a linked list (by index) so that taking runs out costs nothing.
   */
  private resolveEmphasis(bottom: number): void {
    const runs = this.stack;
    const count = runs.length - bottom;
    if (count < 2) return;
    const previous = new Int32Array(count);
    const next = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      previous[i] = i - 1;
      next[i] = i + 1 < count ? i + 1 : -1;
    }
    const remove = (i: number) => {
      if (previous[i] !== -1) next[previous[i]] = next[i];
      if (next[i] !== -1) previous[next[i]] = previous[i];
    };
    // Per kind of closer (character, can it open, length mod 3): below which no opener is left.
    const openersBottom = new Map<string, number>();
    for (let closerIndex = 0; closerIndex !== -1; ) {
      const closer = runs[bottom + closerIndex];
      if (!closer.canClose) {
        closerIndex = next[closerIndex];
        continue;
      }
      const key = `${closer.character}${closer.canOpen ? 1 : 0}${closer.length % 3}`;
      const floor = openersBottom.get(key) ?? -1;
      let openerIndex = previous[closerIndex];
      for (; openerIndex !== -1 && openerIndex > floor; openerIndex = previous[openerIndex]) {
        const opener = runs[bottom + openerIndex];
        if (opener.character !== closer.character || !opener.canOpen) continue;
        const oddMatch = (closer.canOpen || opener.canClose) && closer.length % 3 !== 0 && (opener.length + closer.length) % 3 === 0;
        if (!oddMatch) break;
      }
      if (openerIndex !== -1 && openerIndex > floor) {
        const opener = runs[bottom + openerIndex];
        const use = closer.remaining >= 2 && opener.remaining >= 2 ? 2 : 1;
        opener.remaining -= use;
        closer.remaining -= use;
        // Runs between them can no longer match anything.
        next[openerIndex] = closerIndex;
        previous[closerIndex] = openerIndex;
        if (opener.remaining === 0) remove(openerIndex);
        if (closer.remaining === 0) {
          const after = next[closerIndex];
          remove(closerIndex);
          closerIndex = after;
        }
      } else {
        openersBottom.set(key, previous[closerIndex]);
        const after = next[closerIndex];
        if (!closer.canOpen) remove(closerIndex);
        closerIndex = after;
      }
    }
  }

  /** Hands the job's findings over in body offsets. */
  private emit(): void {
    for (const { span, kind, destination, range, destinationRange } of this.links) {
      if (span.dropped) continue;
      this.syntax.links.push({ kind, text: detach(this.textOf(span.textStart, span.textEnd, false)), destination, range, destinationRange });
    }
    for (const span of this.spanList) {
      if (span.kind !== SpanKind.Html || span.dropped) continue;
      this.syntax.html.push({ value: this.htmlTextValue(span), start: this.segments.toBody(span.start) });
    }
    // Code spans inside image descriptions are not in the tree either.
    if (this.spanList.some((span) => span.kind === SpanKind.Code && span.dropped)) {
      const dropped = new Set(this.spanList.filter((span) => span.kind === SpanKind.Code && span.dropped).map((span) => this.segments.toBody(span.start)));
      const ranges = this.syntax.codeRanges;
      for (let i = ranges.length - 1; i >= 0; i--) if (dropped.has(ranges[i].start)) ranges.splice(i, 1);
    }
  }

  /**
   * Inline HTML as the tree holds it: after each line ending, up to 3 columns of indent go
   * (micromark counts a tab as the columns to the next multiple of 4; what is left of a tab that
   * straddles the third column stays, as spaces).
   */
  private htmlTextValue(span: Span): string {
    const text = this.text;
    let value = '';
    let copiedTo = span.start;
    for (let at = span.start; at < span.end; at++) {
      const code = text.charCodeAt(at);
      if (!isLineEnding(code)) continue;
      const lineStart = skipLineEnding(text, at);
      value += text.slice(copiedTo, lineStart);
      let column = this.segments.columnAt(lineStart);
      let taken = 0;
      let position = lineStart;
      for (; position < span.end && taken < 3; position++) {
        const indent = text.charCodeAt(position);
        if (!isSpaceOrTab(indent)) break;
        const width = indent === TAB ? 4 - (column % 4) : 1;
        if (taken + width > 3) {
          value += ' '.repeat(taken + width - 3);
          position++;
          break;
        }
        taken += width;
        column += width;
      }
      copiedTo = position;
      at = position - 1;
    }
    return value + text.slice(copiedTo, span.end);
  }

  /**
   * Link text as mdast-util-to-string gives it: text with escapes and references decoded, code
   * as its value, images as their alt, emphasis markers that matched taken out, soft line
   * breaks kept (without the spaces around them) and hard breaks dropped.
   */
  private textOf(from: number, to: number, includeHtml: boolean): string {
    const text = this.text;
    let out = '';
    let plainStart = from;
    let at = from;
    while (at < to) {
      const code = text.charCodeAt(at);
      const span = code === LEFT_BRACKET || code === EXCLAMATION || code === BACKTICK || code === LESS_THAN ? this.spans.get(at) : undefined;
      if (span && span.end <= to) {
        out += decoded(text, plainStart, at);
        switch (span.kind) {
          case SpanKind.Code:
            out += codeSpanValue(text.slice(span.textStart, span.textEnd));
            break;
          case SpanKind.Html:
            if (includeHtml) out += text.slice(span.start, span.end);
            break;
          case SpanKind.Autolink:
            out += text.slice(span.textStart, span.textEnd);
            break;
          case SpanKind.Image:
            out += this.textOf(span.textStart, span.textEnd, true);
            break;
          case SpanKind.Link:
            out += this.textOf(span.textStart, span.textEnd, includeHtml);
            break;
        }
        at = plainStart = span.end;
        continue;
      }
      if (code === BACKSLASH) {
        const next = text.charCodeAt(at + 1);
        if (isLineEnding(next) && at + 1 < to) {
          // A hard break: the backslash and the line ending go.
          out += decoded(text, plainStart, at);
          at = plainStart = skipSpaces(text, skipLineEnding(text, at + 1));
          continue;
        }
        at += isAsciiPunctuation(next) ? 2 : 1;
        continue;
      }
      if (code === ASTERISK || code === UNDERSCORE) {
        const run = this.runs.get(at);
        if (run) {
          out += decoded(text, plainStart, at);
          out += text.slice(at, at + run.remaining);
          at = plainStart = at + run.length;
          continue;
        }
      }
      if (isLineEnding(code)) {
        // Spaces and tabs before a line ending go; two or more spaces and no tab make a hard
        // break, which drops the line ending too.
        let spacesStart = at;
        let tab = false;
        while (spacesStart > plainStart && isSpaceOrTab(text.charCodeAt(spacesStart - 1))) {
          spacesStart--;
          if (text.charCodeAt(spacesStart) === TAB) tab = true;
        }
        out += decoded(text, plainStart, spacesStart);
        const afterLineEnding = skipLineEnding(text, at);
        if (tab || at - spacesStart < 2) out += text.slice(at, afterLineEnding);
        at = plainStart = skipSpaces(text, afterLineEnding);
        continue;
      }
      at++;
    }
    return out + decoded(text, plainStart, to);
  }
}

/** Plain text between two offsets with its escapes and character references decoded. */
function decoded(text: string, from: number, to: number): string {
  if (to <= from) return '';
  const plain = text.slice(from, to);
  return ESCAPE_OR_REFERENCE.test(plain) ? decodeString(plain) : plain;
}

const ESCAPE_OR_REFERENCE = /[\\&]/;

/** What any link, code span or HTML starts with. */
const INLINE_STARTS = ['[', '`', '<'];

/** A code span's value: its content, one padding space (or line ending) taken off each side. */
function codeSpanValue(content: string): string {
  const first = content.charCodeAt(0);
  const last = content.charCodeAt(content.length - 1);
  if (content.length >= 2 && (first === SPACE || isLineEnding(first)) && (last === SPACE || isLineEnding(last)) && /[^ \r\n]/.test(content)) {
    return content.slice(first === CR && content.charCodeAt(1) === LF ? 2 : 1, last === LF && content.charCodeAt(content.length - 2) === CR ? -2 : -1);
  }
  return content;
}

const enum CharacterClass {
  Whitespace,
  Punctuation,
  Other,
}

const UNICODE_PUNCTUATION = /\p{P}|\p{S}/u;
const UNICODE_WHITESPACE = /\s/;

/** micromark's classification of the character next to a delimiter run (UTF-16 code units). */
function classify(code: number): CharacterClass {
  if (code === -1 || code === SPACE || code === TAB || code === LF || code === CR) return CharacterClass.Whitespace;
  if (code < 128) {
    if (isAsciiPunctuation(code)) return CharacterClass.Punctuation;
    return code <= SPACE ? (UNICODE_WHITESPACE.test(String.fromCharCode(code)) ? CharacterClass.Whitespace : CharacterClass.Other) : CharacterClass.Other;
  }
  const character = String.fromCharCode(code);
  if (UNICODE_WHITESPACE.test(character)) return CharacterClass.Whitespace;
  if (UNICODE_PUNCTUATION.test(character)) return CharacterClass.Punctuation;
  return CharacterClass.Other;
}

// --- Inline constructs, on a content string.

/** A link label `[…]` at `at`: the offset after its `]`, or -1 (micromark's factoryLabel). */
function scanLabel(text: string, at: number): number {
  if (text.charCodeAt(at) !== LEFT_BRACKET) return -1;
  let size = 0;
  let seen = false;
  for (let position = at + 1; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code === LEFT_BRACKET) return -1;
    if (code === RIGHT_BRACKET) return seen ? position + 1 : -1;
    if (isLineEnding(code)) continue;
    if (size++ > 999) return -1;
    if (!seen) seen = code !== SPACE && code !== TAB;
    if (code === BACKSLASH) {
      const next = text.charCodeAt(position + 1);
      if (next === LEFT_BRACKET || next === BACKSLASH || next === RIGHT_BRACKET) {
        position++;
        size++;
      }
    }
  }
  return -1;
}

/** A destination at `at`: `<…>` or a raw run with balanced parentheses (micromark's rules). */
interface Destination {
  readonly end: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  /** A bare run of ASCII without backslashes: the extent destinationAt() finds is its own. */
  readonly plain: boolean;
}

function scanDestination(text: string, at: number, maxBalance: number): Destination | undefined {
  const code = text.charCodeAt(at);
  if (at >= text.length) return undefined;
  if (code === LESS_THAN) {
    for (let position = at + 1; position < text.length; position++) {
      const c = text.charCodeAt(position);
      if (c === GREATER_THAN) return { end: position + 1, valueStart: at + 1, valueEnd: position, plain: false };
      if (c === LESS_THAN || isLineEnding(c)) return undefined;
      if (c === BACKSLASH) {
        const next = text.charCodeAt(position + 1);
        if (next === LESS_THAN || next === GREATER_THAN || next === BACKSLASH) position++;
      }
    }
    return undefined;
  }
  if (code === SPACE || code === RIGHT_PAREN || isControl(code)) return undefined;
  let balance = 0;
  let position = at;
  let ascii = true;
  for (; position < text.length; position++) {
    const c = text.charCodeAt(position);
    // Most characters of a URL need no further look.
    if (c > RIGHT_PAREN && c !== BACKSLASH && c !== 127) {
      if (c > 127) ascii = false;
      continue;
    }
    if (balance === 0 && (c === RIGHT_PAREN || c === SPACE || c === TAB || isLineEnding(c))) break;
    if (c === LEFT_PAREN) {
      if (balance >= maxBalance) return undefined;
      balance++;
    } else if (c === RIGHT_PAREN) {
      balance--;
    } else if (c === SPACE || c === TAB || isLineEnding(c) || isControl(c)) {
      return undefined;
    } else if (c === BACKSLASH) {
      ascii = false;
      const next = text.charCodeAt(position + 1);
      if (next === LEFT_PAREN || next === RIGHT_PAREN || next === BACKSLASH) position++;
    }
  }
  if (balance !== 0) return undefined;
  return { end: position, valueStart: at, valueEnd: position, plain: ascii };
}

/** A title `"…"`, `'…'` or `(…)` at `at`: the offset after it, or -1. */
function scanTitle(text: string, at: number): number {
  const open = text.charCodeAt(at);
  if (open !== QUOTE && open !== APOSTROPHE && open !== LEFT_PAREN) return -1;
  const close = open === LEFT_PAREN ? RIGHT_PAREN : open;
  for (let position = at + 1; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code === close) return position + 1;
    if (code === BACKSLASH) {
      const next = text.charCodeAt(position + 1);
      if (next === close || next === BACKSLASH) position++;
    }
  }
  return -1;
}

/** An inline link's `(…)` at `at`: its end and destination, or undefined. */
function scanResource(text: string, at: number): Destination | undefined {
  let position = skipWhitespace(text, at + 1);
  if (text.charCodeAt(position) === RIGHT_PAREN) return { end: position + 1, valueStart: position, valueEnd: position, plain: true };
  const destination = scanDestination(text, position, 32);
  if (!destination) return undefined;
  position = destination.end;
  const afterDestination = skipWhitespace(text, position);
  if (afterDestination > position) {
    position = afterDestination;
    const code = text.charCodeAt(position);
    if (code === QUOTE || code === APOSTROPHE || code === LEFT_PAREN) {
      const titleEnd = scanTitle(text, position);
      if (titleEnd === -1) return undefined;
      position = skipWhitespace(text, titleEnd);
    }
  }
  if (text.charCodeAt(position) !== RIGHT_PAREN) return undefined;
  return { end: position + 1, valueStart: destination.valueStart, valueEnd: destination.valueEnd, plain: destination.plain };
}

/** An autolink `<scheme:…>` or `<email>` at `at`: the offset after `>`, or -1. */
function scanAutolink(text: string, at: number): number {
  let position = at + 1;
  const first = text.charCodeAt(position);
  if (isAsciiAlpha(first)) {
    // A scheme: 2 to 32 characters, then `:`.
    let schemeEnd = position + 1;
    while (schemeEnd < text.length && schemeEnd - position < 33) {
      const c = text.charCodeAt(schemeEnd);
      if (c === PLUS || c === DASH || c === DOT || isAsciiAlphanumeric(c)) schemeEnd++;
      else break;
    }
    const schemeLength = schemeEnd - position;
    if (text.charCodeAt(schemeEnd) === COLON && schemeLength >= 2 && schemeLength <= 32) {
      for (let c = schemeEnd + 1; c < text.length; c++) {
        const code = text.charCodeAt(c);
        if (code === GREATER_THAN) return c + 1;
        if (code === SPACE || code === LESS_THAN || isControl(code) || isLineEnding(code) || code === TAB) return -1;
      }
      return -1;
    }
  }
  // An email address.
  if (first === AT) return -1;
  while (position < text.length && isAsciiAtext(text.charCodeAt(position))) position++;
  if (text.charCodeAt(position) !== AT || position === at + 1) return -1;
  position++;
  for (;;) {
    // A label: alphanumerics and dashes, at most 63, starting with an alphanumeric.
    if (!isAsciiAlphanumeric(text.charCodeAt(position))) return -1;
    let size = 0;
    for (;;) {
      const c = text.charCodeAt(position);
      // After a dash, only a dash or an alphanumeric may follow.
      const afterDash = text.charCodeAt(position - 1) === DASH;
      if (c === DOT && !afterDash) {
        position++;
        break;
      }
      if (c === GREATER_THAN && !afterDash) return position + 1;
      if ((c === DASH || isAsciiAlphanumeric(c)) && size++ < 63) {
        position++;
        continue;
      }
      return -1;
    }
  }
}

/** Inline HTML at `at` (a `<`): the offset after it, or -1 (micromark's htmlText). */
function scanHtmlText(text: string, at: number, closerAfter: (closer: string, from: number) => number): number {
  const length = text.length;
  let position = at + 1;
  const code = text.charCodeAt(position);
  if (code === EXCLAMATION) {
    const next = text.charCodeAt(position + 1);
    if (next === DASH) {
      if (text.charCodeAt(position + 2) !== DASH) return -1;
      // A comment ends at the first `-->`, which may share the opening's dashes (`<!-->`).
      const close = closerAfter('-->', at + 2);
      return close === -1 ? -1 : close + 3;
    }
    if (next === LEFT_BRACKET) {
      if (!text.startsWith('[CDATA[', position + 1)) return -1;
      const close = closerAfter(']]>', position + 8);
      return close === -1 ? -1 : close + 3;
    }
    if (isAsciiAlpha(next)) {
      const close = closerAfter('>', position + 2);
      return close === -1 ? -1 : close + 1;
    }
    return -1;
  }
  if (code === QUESTION) {
    const close = closerAfter('?>', position + 1);
    return close === -1 ? -1 : close + 2;
  }
  if (code === SLASH) {
    position++;
    if (!isAsciiAlpha(text.charCodeAt(position))) return -1;
    while (position < length && (isAsciiAlphanumeric(text.charCodeAt(position)) || text.charCodeAt(position) === DASH)) position++;
    position = skipWhitespace(text, position);
    return text.charCodeAt(position) === GREATER_THAN ? position + 1 : -1;
  }
  if (!isAsciiAlpha(code)) return -1;
  while (position < length && (isAsciiAlphanumeric(text.charCodeAt(position)) || text.charCodeAt(position) === DASH)) position++;
  // Attributes, each after whitespace.
  for (;;) {
    const beforeSpace = position;
    position = skipWhitespace(text, position);
    const c = text.charCodeAt(position);
    if (c === SLASH) return text.charCodeAt(position + 1) === GREATER_THAN ? position + 2 : -1;
    if (c === GREATER_THAN) return position + 1;
    if (position === beforeSpace || !(c === COLON || c === UNDERSCORE || isAsciiAlpha(c))) return -1;
    position++;
    while (position < length && isAttributeNameCharacter(text.charCodeAt(position))) position++;
    const afterName = skipWhitespace(text, position);
    if (text.charCodeAt(afterName) !== EQUALS) continue;
    position = skipWhitespace(text, afterName + 1);
    const v = text.charCodeAt(position);
    if (position >= length || v === LESS_THAN || v === EQUALS || v === GREATER_THAN || v === BACKTICK) return -1;
    if (v === QUOTE || v === APOSTROPHE) {
      const close = text.indexOf(String.fromCharCode(v), position + 1);
      if (close === -1) return -1;
      position = close + 1;
      const a = text.charCodeAt(position);
      if (!(a === SLASH || a === GREATER_THAN || a === SPACE || a === TAB || isLineEnding(a))) return -1;
    } else {
      while (position < length) {
        const u = text.charCodeAt(position);
        if (u === QUOTE || u === APOSTROPHE || u === LESS_THAN || u === EQUALS || u === BACKTICK) return -1;
        if (u === SLASH || u === GREATER_THAN || u === SPACE || u === TAB || isLineEnding(u)) break;
        position++;
      }
    }
  }
}

// --- Characters.

function isSpaceOrTab(code: number): boolean {
  return code === SPACE || code === TAB;
}

function isLineEnding(code: number): boolean {
  return code === LF || code === CR;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiAlpha(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isAsciiAlphanumeric(code: number): boolean {
  return isDigit(code) || isAsciiAlpha(code);
}

function isAttributeNameCharacter(code: number): boolean {
  return code === DASH || code === DOT || code === COLON || code === UNDERSCORE || isAsciiAlphanumeric(code);
}

/** `[#-'*+\--9=?A-Z^-~]`: what an email autolink's local part may hold (micromark's set). */
function isAsciiAtext(code: number): boolean {
  return (
    (code >= HASH && code <= APOSTROPHE) ||
    code === ASTERISK ||
    code === PLUS ||
    (code >= DASH && code <= 57) ||
    code === EQUALS ||
    code === QUESTION ||
    (code >= 65 && code <= 90) ||
    (code >= 94 && code <= 126)
  );
}

function isAsciiPunctuation(code: number): boolean {
  return (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
}

function isControl(code: number): boolean {
  return (code < 32 && code !== TAB && code !== LF && code !== CR) || code === 127;
}

function isBlankBetween(body: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (!isSpaceOrTab(body.charCodeAt(at))) return false;
  return true;
}

/** Spaces, tabs and line endings. */
function skipWhitespace(text: string, at: number): number {
  let position = at;
  while (position < text.length) {
    const code = text.charCodeAt(position);
    if (code === SPACE || code === TAB || code === LF || code === CR) position++;
    else break;
  }
  return position;
}

function skipSpaces(text: string, at: number): number {
  let position = at;
  while (position < text.length && isSpaceOrTab(text.charCodeAt(position))) position++;
  return position;
}

function skipLineEnding(text: string, at: number): number {
  return text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
}
