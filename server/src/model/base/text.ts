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

export class LineIndex {
  private readonly lineStarts: Uint32Array;
  private readonly length: number;

  /** From the text itself, or from line starts computed elsewhere (a parse worker, the facts cache). */
  constructor(text: string);
  constructor(lineStarts: Uint32Array, length: number);
  constructor(source: string | Uint32Array, length?: number) {
    this.lineStarts = typeof source === 'string' ? lineStartsOf(source) : source;
    this.length = typeof source === 'string' ? source.length : length!;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): TextPosition {
    const clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: TextPosition): number {
    if (position.line >= this.lineStarts.length) return this.length;
    const line = Math.max(0, position.line);
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.length;
    return Math.min(this.lineStarts[line] + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.min(Math.max(0, line), this.lineStarts.length - 1)];
  }
}

/** Offsets where each line of `text` starts: 0, then just after every '\n'. */
export function lineStartsOf(text: string): Uint32Array {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  const starts = new Uint32Array(lines);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
  return starts;
}

export function contains(range: TextRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}
