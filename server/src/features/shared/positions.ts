// The one place where model offsets become LSP ranges and back.
import type { Position, Range } from 'vscode-languageserver-types';
import type { IndexedFile } from '../../model/index/indexedFile';
import type { TextRange } from '../../model/base/text';

/** The range of `range` in the file, always inside the document (LineIndex.positionAt clamps) and never ending before it starts. */
export function toRange(file: Pick<IndexedFile, 'lines'>, range: TextRange): Range {
  return { start: file.lines.positionAt(range.start), end: file.lines.positionAt(Math.max(range.start, range.end)) };
}

export function toOffset(file: IndexedFile, position: Position): number {
  return file.lines.offsetAt(position);
}
