// Phase 1 of the Markdown scanner (scanner.ts): blocks, line by line. Finds headings, code and
// HTML blocks and link reference definitions, and hands paragraphs and headings over to the
// inline phase (inlines.ts) as jobs.
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { HeadingSyntax, HtmlSyntax } from './syntax';
import {
  ASTERISK,
  BACKTICK,
  COLON,
  CR,
  DASH,
  DOT,
  EQUALS,
  GREATER_THAN,
  HASH,
  isBlankBetween,
  isDigit,
  isLineEnding,
  isSpaceOrTab,
  LEFT_BRACKET,
  LESS_THAN,
  LF,
  PLUS,
  RIGHT_PAREN,
  skipSpaces,
  skipWhitespace,
  SPACE,
  TAB,
  TILDE,
  UNDERSCORE,
} from './characters';
import { htmlFlowEnds, htmlFlowKind } from './html';
import { decoded, type Definition, type InlineJob, scanDestination, scanLabel, scanTitle, SegmentText } from './inlines';
import { detach } from '../../base/strings';
import type { TextRange } from '../../base/text';

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

export class BlockScanner {
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
  /**
   * The last line part found to be no thematic break: from `from` on, the marker `marker` does
   * not make one before `until`. Every later start in between fails the same way (it sees the same
   * character at `until`, or fewer markers before the line's end), so `- - - … x`, one list nested
   * in the next on one line, costs one scan rather than one per level.
   */
  private noThematicBreak = { line: -1, marker: 0, from: 0, until: 0 };
  private blank = false;
  /**
   * Whether the previous line was blank. After a blank line only list items are open (a block
   * quote never continues on one), each already marked by it: on the next blank line, once its
   * indentation is used up, every one of them matches with nothing left to do. Without this, a run
   * of blank lines inside lists nested K deep cost K per line (a 2 MB page took 21 s).
   */
  private previousLineBlank = false;

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
    for (let start = 0; ;) {
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
    this.findNextNonspace();
    const blankAgain = this.blank && this.previousLineBlank;
    this.previousLineBlank = this.blank;
    let matched = 0;
    for (; matched < containers.length; matched++) {
      if (blankAgain && this.offset >= this.lineEnd) return containers.length;
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
    const start = this.nextNonspace;
    const known = this.noThematicBreak;
    if (known.line === this.lineStart && known.marker === marker && known.from <= start && start <= known.until) return false;
    let count = 0;
    let at = start;
    for (; at < this.lineEnd; at++) {
      const code = body.charCodeAt(at);
      if (code === marker) count++;
      else if (!isSpaceOrTab(code)) break;
    }
    if (at === this.lineEnd && count >= 3) return true;
    this.noThematicBreak = { line: this.lineStart, marker, from: start, until: at };
    return false;
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
