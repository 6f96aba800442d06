// Offsets ↔ line/character positions. Facts keep UTF-16 offsets into the file text (what
// JavaScript strings index); positions are made only when something is shown to a person.
// A LineIndex keeps only where lines start, so the index need not hold every page's text.

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface TextPosition {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 code unit within the line, as LSP counts by default. */
  readonly character: number;
}

/**
 * Where each line starts and where its text ends (before its line ending). Lines end as LSP and
 * CommonMark end them: at `\n`, `\r\n` or a lone `\r`.
 */
export interface LineBounds {
  readonly lineStarts: Uint32Array;
  /**
   * Absent when every line but the last ends with one character (`\n`, or a lone `\r`), as in
   * most pages: each then ends one before the next starts, and the last at the text's end. A
   * build holds every file's bounds until it has read them all (the facts cache until it is
   * saved): a table that says nothing the starts do not was 30 MB of 50k generated pages.
   */
  readonly lineEnds?: Uint32Array;
}

export class LineIndex {
  private readonly lineStarts: Uint32Array;
  /** See LineBounds. */
  private readonly lineEnds: Uint32Array | undefined;
  private readonly length: number;

  /** From the text itself, or from line bounds computed elsewhere (a parse worker, the facts cache). */
  constructor(text: string);
  constructor(bounds: LineBounds, length: number);
  constructor(source: string | LineBounds, length?: number) {
    const bounds = typeof source === 'string' ? lineBoundsOf(source) : source;
    this.lineStarts = bounds.lineStarts;
    this.length = typeof source === 'string' ? source.length : length!;
    this.lineEnds = bounds.lineEnds;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset; one outside the text or inside a line ending is taken to the nearest position in the document. */
  positionAt(offset: number): TextPosition {
    const clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: Math.min(clamped, this.lineEnd(low)) - this.lineStarts[low] };
  }

  /** The offset of a position; as LSP says, a character past the line's end means its end, and a line past the last means the text's end. */
  offsetAt(position: TextPosition): number {
    if (position.line >= this.lineStarts.length) return this.length;
    const line = Math.max(0, position.line);
    return Math.min(this.lineStarts[line] + Math.max(0, position.character), this.lineEnd(line));
  }

  /** One line of the text these bounds were made from, without its line ending. */
  lineText(text: string, line: number): string {
    const at = Math.min(Math.max(0, line), this.lineStarts.length - 1);
    return text.slice(this.lineStarts[at], this.lineEnd(at));
  }

  private lineEnd(line: number): number {
    return lineEndOf(this.lineStarts, this.lineEnds, line, this.length);
  }
}

/** Where a line's text ends, by the bounds (see LineBounds) of a text of `length` UTF-16 code units. */
export function lineEndOf(lineStarts: Uint32Array, lineEnds: Uint32Array | undefined, line: number, length: number): number {
  if (lineEnds) return lineEnds[line];
  return line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : length;
}

/** The bounds, without `lineEnds` when the starts say where each line ends (see LineBounds). */
export function compactLineBounds(lineStarts: Uint32Array, lineEnds: Uint32Array, length: number): LineBounds {
  return endsFollowStarts(lineStarts, lineEnds, length) ? { lineStarts } : { lineStarts, lineEnds };
}

/** Whether each line but the last ends one before the next starts (at a `\n` or a lone `\r`), and the last at the text's end. */
function endsFollowStarts(lineStarts: Uint32Array, lineEnds: Uint32Array, length: number): boolean {
  const last = lineStarts.length - 1;
  if (lineEnds.length !== lineStarts.length || lineEnds[last] !== length) return false;
  for (let line = 0; line < last; line++) if (lineEnds[line] !== lineStarts[line + 1] - 1) return false;
  return true;
}

/** Where each line of `text` starts and ends; a final line ending is followed by one more (empty) line. */
export function lineBoundsOf(text: string): LineBounds {
  const endings = lineEndingsOf(text);
  const lineStarts = new Uint32Array(endings.length + 1);
  // Without a `\r`, every line ends at a `\n`, one before the next starts.
  if (!text.includes('\r')) {
    endings.forEach((at, line) => (lineStarts[line + 1] = at + 1));
    return { lineStarts };
  }
  const lineEnds = new Uint32Array(endings.length + 1);
  endings.forEach((at, line) => {
    lineEnds[line] = at;
    lineStarts[line + 1] = at + (text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1);
  });
  lineEnds[endings.length] = text.length;
  return compactLineBounds(lineStarts, lineEnds, text.length);
}

const LF = 10;
const CR = 13;

/** Where each line ending starts (a `\r\n` counted once). */
function lineEndingsOf(text: string): number[] {
  const endings: number[] = [];
  // Most pages have no `\r`: then indexOf finds line endings fastest.
  if (!text.includes('\r')) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) endings.push(at);
    return endings;
  }
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code !== LF && code !== CR) continue;
    endings.push(at);
    if (code === CR && text.charCodeAt(at + 1) === LF) at++;
  }
  return endings;
}

/** Where the line holding `from` ends: at its line ending (`\n`, `\r\n` or `\r`), or the text's end. */
export function lineEndAt(text: string, from: number): number {
  LINE_ENDING.lastIndex = from;
  return LINE_ENDING.exec(text)?.index ?? text.length;
}

const LINE_ENDING = /[\r\n]/g;

export function contains(range: TextRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}
