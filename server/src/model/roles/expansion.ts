// A section's text as Hugo renders it: in a page, every well-formed `{{% include %}}` call
// replaced by the included file's text. The include shortcode writes that text out as it is and
// Hugo does not expand shortcodes in a shortcode's output, so an include call inside an include
// file is printed as text, not followed (and an include cycle cannot loop). Missing files are
// left in place as a short note.
//
// That is the behaviour of the handbook's shortcode (`resources.Get` of an assets file, then
// `.Content`), which the whole model assumes. A shortcode that does expand nested shortcodes has
// to read a content page (`.Site.GetPage` + `.RenderShortcodes`, Hugo ≥ 0.117), not an asset, so
// it would be a different kind of include altogether.
import type { HandbookIndex } from '../index/handbookIndex';
import type { IndexedFile } from '../index/indexedFile';
import type { Section } from './inheritance';
import { lineEndAt, type TextRange } from '../base/text';

/** One stretch of expanded text: the file's own text, or what one include call became. */
export type ExpandedPiece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'included'; readonly path: string; readonly file: IndexedFile; readonly text: string }
  | { readonly kind: 'missing-include'; readonly path: string }
  /** An include call inside an include file, which Hugo prints as it is. */
  | { readonly kind: 'printed-include'; readonly call: string };

export async function expandedSectionText(index: HandbookIndex, section: Section): Promise<string | undefined> {
  const pieces = await expandedSectionPieces(index, section);
  return pieces && piecesText(pieces).trim();
}

/** A section's text (without its heading, which is its title) as pieces: see expandIncludePieces. */
export async function expandedSectionPieces(index: HandbookIndex, section: Section): Promise<ExpandedPiece[] | undefined> {
  const text = await index.textOf(section.file.path);
  if (text === undefined) return undefined;
  let start = Math.min(section.range.start, text.length);
  if (section.anchor && section.anchor.level > 0) {
    // The heading itself is the section's title, shown apart.
    const headingEnd = lineEndAt(text, section.anchor.range.start);
    start = Math.min(text.length, Math.max(start, headingEnd + (text.startsWith('\r\n', headingEnd) ? 2 : 1)));
  }
  return expandIncludePieces(index, section.file, text, { start, end: Math.min(section.range.end, text.length) });
}

/** The text of `range` in `file` as Hugo renders it (see above). */
export async function expandIncludes(index: HandbookIndex, file: IndexedFile, text: string, range: TextRange): Promise<string> {
  return piecesText(await expandIncludePieces(index, file, text, range));
}

/** The text of `range` in `file` as Hugo renders it, each include call's result a piece of its own, so a reader can tell where it came from. */
export async function expandIncludePieces(index: HandbookIndex, file: IndexedFile, text: string, range: TextRange): Promise<ExpandedPiece[]> {
  const pieces: ExpandedPiece[] = [];
  const addText = (until: number) => {
    if (until > at) pieces.push({ kind: 'text', text: text.slice(at, until) });
  };
  let at = range.start;
  for (const call of file.facts.includes) {
    if (call.range.start < range.start || call.range.end > range.end || call.path === undefined || call.problems.length > 0) continue;
    addText(call.range.start);
    at = call.range.end;
    if (file.kind === 'include') {
      pieces.push({ kind: 'printed-include', call: text.slice(call.range.start, call.range.end) });
      continue;
    }
    const resolved = index.resolveInclude(file.site, call.path);
    if (resolved.kind !== 'found' || resolved.file.kind !== 'include') {
      pieces.push({ kind: 'missing-include', path: call.path });
      continue;
    }
    const included = resolved.file;
    const includedText = await index.textOf(included.path);
    if (includedText === undefined) continue;
    pieces.push({
      kind: 'included',
      path: call.path,
      file: included,
      text: (await expandIncludes(index, included, includedText, { start: included.facts.bodyStart, end: includedText.length })).trim(),
    });
  }
  addText(range.end);
  return pieces;
}

/** Pieces as one text, notes in place of what Hugo would not include. */
export function piecesText(pieces: readonly ExpandedPiece[]): string {
  return pieces.map(pieceText).join('');
}

function pieceText(piece: ExpandedPiece): string {
  switch (piece.kind) {
    case 'text':
    case 'included':
      return piece.text;
    case 'missing-include':
      return `*(include \`${piece.path}\` not found)*`;
    case 'printed-include':
      return `\`${piece.call}\` *(printed as text: Hugo does not expand an include inside an included file)*`;
  }
}
