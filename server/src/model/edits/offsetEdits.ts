// Changes to a file's text as offsets into it, the form the model proposes them in: features make
// LSP ranges of them (features/shared/positions.ts), the command line applies them itself.

export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** The text with the edits made; they may come in any order but must not overlap (two equal edits count once). */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const ordered = distinctEdits(edits);
  let result = '';
  let from = 0;
  for (const edit of ordered) {
    if (edit.start < from) throw new Error(`overlapping edits at offset ${edit.start}`);
    result += text.slice(from, edit.start) + edit.newText;
    from = edit.end;
  }
  return result + text.slice(from);
}

/**
 * The edits sorted by offset, each once: two links that share a reference definition ask for the
 * same change of the same destination.
 */
export function distinctEdits(edits: readonly OffsetEdit[]): OffsetEdit[] {
  const seen = new Set<string>();
  return [...edits]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .filter((edit) => {
      const key = `${edit.start}:${edit.end}:${edit.newText}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
