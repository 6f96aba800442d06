// Phase 2 of the Markdown scanner (scanner.ts): inline content, once all definitions are
// known. The block phase hands it over as jobs of line segments, and reads its link reference
// definitions with the link parts here (label, destination, title) too.
import { decodeString } from 'micromark-util-decode-string';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { definitionDestination, destinationAt, type LinkKind, type MarkdownSyntax } from './syntax';
import {
  APOSTROPHE,
  ASTERISK,
  AT,
  BACKSLASH,
  BACKTICK,
  COLON,
  CR,
  DASH,
  DOT,
  EXCLAMATION,
  GREATER_THAN,
  isAsciiAlpha,
  isAsciiAlphanumeric,
  isAsciiAtext,
  isAsciiPunctuation,
  isControl,
  isLineEnding,
  isSpaceOrTab,
  LEFT_BRACKET,
  LEFT_PAREN,
  LESS_THAN,
  LF,
  PLUS,
  QUOTE,
  RIGHT_BRACKET,
  RIGHT_PAREN,
  skipLineEnding,
  skipSpaces,
  skipWhitespace,
  SPACE,
  TAB,
  TILDE,
  UNDERSCORE,
} from './characters';
import { scanHtmlText } from './html';
import { isEmailLocal, linkifyAt } from './linkify';
import { detach } from '../../base/strings';
import type { TextRange } from '../../base/text';

// --- What the block phase hands over.

/** Inline content to scan once every definition is known: one or more line segments. */
export interface InlineJob {
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

export interface Definition {
  readonly url: string;
  readonly range: TextRange;
}

/** Content made of line segments of the body, joined by their line endings. */
export class SegmentText {
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

// --- The inline scanner.

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

/** What a job may hold (see InlineScanner.mayHoldInlines). */
const enum Holds {
  Nothing,
  Inlines,
  BareUrlsOnly,
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

const SPECIAL = /[\\`<[\]*_!]/g;
/**
 * Outside brackets, runs of `*` and `_` cannot matter: emphasis only shows in facts inside link
 * text, and a run before every open bracket is below what any link's emphasis resolves.
 */
const SPECIAL_OUTSIDE_BRACKETS = /[\\`<[\]!]/g;

export class InlineScanner {
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
  private readonly links: { span: Span; kind: LinkKind; destination: string; start: number; end: number; destinationStart: number; destinationEnd: number }[] = [];
  /**
   * Where Linkify makes no link: the outermost spans and goldmark's link labels (each `[` or `![`
   * to its `]`, or to the job's end when never closed), by threes — start, end, and whether the
   * end is an inline node's (then goldmark tries Linkify right after it) — disjoint, in order.
   */
  private readonly outside: number[] = [];
  /** How much of `outside` is in use (its array is only ever written over: shortening an array costs, in V8). */
  private outsideLength = 0;
  /** Where the last bare URL of the job ends: none starts before it. */
  private linkifiedTo = 0;
  /** Code spans known not to close: for each backtick run length, from where none follows. */
  private readonly noCloserAfter = new Map<number, number>();
  private readonly closersMissingFrom = new Map<string, number>();
  /** For each of INLINE_STARTS: from where it was looked for, and where it next occurs. */
  private readonly searchedFrom = INLINE_STARTS.map(() => Infinity);
  private readonly nextStart = INLINE_STARTS.map(() => 0);

  constructor(
    private readonly body: string,
    private readonly definitions: ReadonlyMap<string, Definition>,
    private readonly syntax: MarkdownSyntax,
  ) {}

  scan(job: InlineJob): void {
    const body = this.body;
    // Nothing in it can be a link, code or HTML: skip it.
    const holds = this.mayHoldInlines(job);
    if (holds === Holds.Nothing) return;
    this.segments = new SegmentText(body, job.starts, job.ends, job.columns);
    this.text = this.segments.text;
    this.outsideLength = 0;
    if (holds === Holds.BareUrlsOnly) {
      // No span and no label: only bare URLs to look for.
      this.linkify();
      return;
    }
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
    for (let from = 0; ;) {
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
    if (this.bareUrlStarts !== 0) {
      for (const opener of this.openers) this.keepOutside(opener.at, text.length, false);
      this.linkify();
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
      for (let search = text.indexOf('`', runEnd); search !== -1;) {
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
      this.links.push({ span, kind: 'autolink', destination: detach(url), start, end, destinationStart: start + 1, destinationEnd: end - 1 });
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
    // Whatever follows, this `]` closes the label `opener` started.
    if (this.bareUrlStarts !== 0) this.keepOutside(opener.at, at + 1, false);
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
      let destinationStart: number;
      let destinationEnd: number;
      if (kind === 'reference') ({ start: destinationStart, end: destinationEnd } = definitionDestination(this.body, definition!.range));
      else if (resource!.plain && resource!.valueStart === at + 2) {
        destinationStart = this.segments.toBody(at) + 2;
        destinationEnd = destinationStart + resource!.valueEnd - resource!.valueStart;
      } else ({ start: destinationStart, end: destinationEnd } = destinationAt(this.body, this.segments.toBody(at) + 2, rangeEnd));
      this.links.push({ span, kind, destination: kind === 'inline' ? detach(url) : url, start, end: rangeEnd, destinationStart, destinationEnd });
    }
    return end;
  }

  /**
   * What a job can hold: a link, code span or HTML (one of `[`, a backtick or `<` between its
   * first line's start and its last line's end; container markers between its lines hold none of
   * them), and which of `://`, `www.` and `@` a bare URL or address needs it has (`bareUrlStarts`,
   * by bits). Jobs come in document order, so each string's next occurrence is looked up once and
   * kept until a job starts past it.
   */
  private mayHoldInlines(job: InlineJob): Holds {
    const from = job.starts[0];
    const to = job.ends[job.ends.length - 1];
    // Most jobs lie before the next occurrence of every string: one comparison says so.
    if (this.nothingFrom <= from && to <= this.nothingUntil) return Holds.Nothing;
    let inlines = false;
    let bareUrlStarts = 0;
    for (let i = 0; i < INLINE_STARTS.length; i++) {
      if (!(this.searchedFrom[i] <= from && from <= this.nextStart[i])) {
        const next = this.body.indexOf(INLINE_STARTS[i], from);
        this.searchedFrom[i] = from;
        this.nextStart[i] = next === -1 ? Infinity : next;
      }
      if (this.nextStart[i] >= to) continue;
      if (i < LINKIFY_STARTS) {
        inlines = true;
        i = LINKIFY_STARTS - 1;
      } else bareUrlStarts |= 1 << (i - LINKIFY_STARTS);
    }
    this.bareUrlStarts = bareUrlStarts;
    if (inlines) return Holds.Inlines;
    if (bareUrlStarts !== 0) return Holds.BareUrlsOnly;
    let until = Infinity;
    for (const next of this.nextStart) if (next < until) until = next;
    this.nothingFrom = from;
    this.nothingUntil = until;
    return Holds.Nothing;
  }

  /** From `nothingFrom` up to `nothingUntil`, the body holds none of INLINE_STARTS. */
  private nothingFrom = Infinity;
  private nothingUntil = -Infinity;

  /** Of `://`, `www.` and `@` (bits 1, 2, 4), those the job being scanned holds (see mayHoldInlines). */
  private bareUrlStarts = 0;

  /**
   * Adds a span or label to `outside`. Each comes after those kept, or around the last of them (a
   * link around the code spans of its text, a label around the links in it): those go.
   */
  private keepOutside(start: number, end: number, node: boolean): void {
    const outside = this.outside;
    let length = this.outsideLength;
    while (length !== 0 && outside[length - 3] >= start) length -= 3;
    outside[length] = start;
    outside[length + 1] = end;
    outside[length + 2] = node ? 1 : 0;
    this.outsideLength = length + 3;
  }

  /** The index in `outside` of the last span or label that starts before `at`, or -1. */
  private outsideBefore(at: number): number {
    const outside = this.outside;
    let low = 0;
    let high = this.outsideLength / 3 - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (outside[middle * 3] < at) low = middle + 1;
      else high = middle - 1;
    }
    return high * 3;
  }

  /**
   * Goldmark's Linkify (linkify.ts) over the job, once its spans are known: a bare URL or
   * address where goldmark tries one, outside every span and link label.
   */
  private linkify(): void {
    const text = this.text;
    // The next `://`, `www.` and `@` the job has, each looked up again once passed (indexOf is
    // much faster than one pattern for the three).
    const starts = this.bareUrlStarts;
    let scheme = starts & 1 ? text.indexOf('://') : -1;
    let www = starts & 2 ? text.indexOf('www.') : -1;
    let address = starts & 4 ? text.indexOf('@') : -1;
    while (scheme !== -1 || www !== -1 || address !== -1) {
      let at: number;
      if (scheme !== -1 && (www === -1 || scheme < www) && (address === -1 || scheme < address)) {
        at = schemeStart(text, scheme);
        scheme = text.indexOf('://', scheme + 3);
      } else if (www !== -1 && (address === -1 || www < address)) {
        at = www;
        www = text.indexOf('www.', www + 4);
      } else {
        at = this.addressStart(address);
        address = text.indexOf('@', address + 1);
      }
      if (at === -1 || at < this.linkifiedTo) continue;
      const before = this.outsideBefore(at);
      // Inside a span or a label (most URLs of a page are a link's destination).
      if (before !== -3 && this.outside[before + 1] > at) continue;
      if (!this.linkifyTried(at, before)) continue;
      const found = linkifyAt(text, at);
      if (!found) continue;
      const start = this.segments.toBody(at);
      const end = start + (found.end - at);
      this.syntax.links.push({ kind: 'linkify', text: detach(text.slice(at, found.end)), destination: detach(found.destination), start, end, destinationStart: start, destinationEnd: end });
      this.linkifiedTo = found.end;
    }
    this.linkifiedTo = 0;
  }

  /**
   * Where goldmark would read the address whose `@` is at `at`: the first place in the run of
   * address characters before it where Linkify is tried and a punctuation character does not
   * start the rest; -1 if none.
   */
  private addressStart(at: number): number {
    const text = this.text;
    let start = at;
    while (start > this.linkifiedTo && isEmailLocal(text.charCodeAt(start - 1))) start--;
    for (let position = start; position < at; position++) {
      if (isAsciiPunctuation(text.charCodeAt(position))) continue;
      const before = this.outsideBefore(position);
      if ((before === -3 || this.outside[before + 1] <= position) && this.linkifyTried(position, before)) return position;
    }
    return -1;
  }

  /**
   * Whether goldmark tries Linkify at `at`: a line's head, right after an inline node (a span,
   * a bare URL, a run of emphasis or strikethrough delimiters, a typographer substitution), or
   * after the space or `(` the extension itself steps over. Typographer is on in Hugo unless
   * `markup.goldmark.extensions.typographer.disable`; its quotes and dashes count here.
   * `before`: outsideBefore(at).
   */
  private linkifyTried(at: number, before: number): boolean {
    if (at < this.linkifiedTo) return false;
    if (at === 0 || at === this.linkifiedTo || (before !== -3 && this.outside[before + 1] === at && this.outside[before + 2] === 1)) return true;
    const text = this.text;
    const previous = text.charCodeAt(at - 1);
    switch (previous) {
      case LF:
      case CR:
      case SPACE:
        return true;
      case LEFT_PAREN:
      case ASTERISK:
      case UNDERSCORE:
      case TILDE:
        return !isEscaped(text, at - 1);
      case QUOTE:
        // A left double quote only: after a space or a punctuation character, or at a line's head.
        return !isEscaped(text, at - 1) && (at < 2 || classify(text.charCodeAt(at - 2)) !== CharacterClass.Other);
      case APOSTROPHE:
        // Before a letter, always a substitution: a left quote, or an apostrophe (`it's`).
        return !isEscaped(text, at - 1) && isAsciiAlpha(text.charCodeAt(at));
      case DASH:
      case DOT: {
        // `---` and `--` are dashes, `...` an ellipsis, taken from the run's start: a run of
        // dashes ends in one when one is not left over, a run of dots when none is.
        let runStart = at - 1;
        while (runStart > 0 && text.charCodeAt(runStart - 1) === previous) runStart--;
        if (isEscaped(text, runStart)) runStart++;
        const length = at - runStart;
        return length > 0 && (previous === DASH ? length % 3 !== 1 : length % 3 === 0);
      }
      default:
        return false;
    }
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
    if (this.bareUrlStarts !== 0) this.keepOutside(start, end, true);
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
    for (let closerIndex = 0; closerIndex !== -1;) {
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
    for (const { span, kind, destination, start, end, destinationStart, destinationEnd } of this.links) {
      if (span.dropped) continue;
      this.syntax.links.push({ kind, text: detach(this.textOf(span.textStart, span.textEnd, false)), destination, start, end, destinationStart, destinationEnd });
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

/** Where `http://`, `https://` or `ftp://` starts, given where its `://` is; -1 for another scheme. */
function schemeStart(text: string, colon: number): number {
  if (colon >= 5 && text.startsWith('https', colon - 5)) return colon - 5;
  if (colon >= 4 && text.startsWith('http', colon - 4)) return colon - 4;
  if (colon >= 3 && text.startsWith('ftp', colon - 3)) return colon - 3;
  return -1;
}

/** Whether a backslash escapes the character at `at` (an odd run of them before it). */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (at - backslashes > 0 && text.charCodeAt(at - backslashes - 1) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

/** Plain text between two offsets with its escapes and character references decoded. */
export function decoded(text: string, from: number, to: number): string {
  if (to <= from) return '';
  const plain = text.slice(from, to);
  return ESCAPE_OR_REFERENCE.test(plain) ? decodeString(plain) : plain;
}

const ESCAPE_OR_REFERENCE = /[\\&]/;

/** What any link, code span or HTML starts with, then (from LINKIFY_STARTS) what any bare URL or address holds. */
const INLINE_STARTS = ['[', '`', '<', '://', 'www.', '@'];
const LINKIFY_STARTS = 3;

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
export function scanLabel(text: string, at: number): number {
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

export function scanDestination(text: string, at: number, maxBalance: number): Destination | undefined {
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
export function scanTitle(text: string, at: number): number {
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
