// The element IDs Goldmark writes besides headings' and raw HTML's: footnotes (`fn:N` on a
// definition, `fnref:N` on its first reference, `fnref1:N` on the second, …) and attribute blocks
// on a line of their own (`{#id}` after a paragraph or a list), which Hugo applies to the block
// before them when `markup.goldmark.parser.attribute.block` is on. What this file finds are facts
// of one file; the numbering of footnotes is the rendered page's (model/index/anchors.ts).
import type { FootnoteFact, HtmlAnchorFact } from './facts';
import { blockAttributeId } from './headingIds';
import { detach } from '../base/strings';

/** `[^label]`: Goldmark's labels are matched as written (case and spaces count), one line long. */
const FOOTNOTE = /\[\^([^\]\r\n]+)\]/g;
/** A definition opens a block: at most three spaces, then `[^label]:`. */
const DEFINITION_START = /(?:^|\n)[ ]{0,3}$/;

/** Footnote references and definitions outside code, in page order. */
export function scanFootnotes(body: string, inCode: (offset: number) => boolean): FootnoteFact[] {
  if (!body.includes('[^')) return [];
  const found: FootnoteFact[] = [];
  for (const match of body.matchAll(FOOTNOTE)) {
    const start = match.index;
    if (inCode(start) || isEscaped(body, start)) continue;
    const end = start + match[0].length;
    const definition = body[end] === ':' && DEFINITION_START.test(body.slice(Math.max(0, start - 4), start));
    found.push({ label: detach(match[1]), definition, range: { start, end: definition ? end + 1 : end } });
  }
  return found;
}

/**
 * The IDs of attribute blocks standing alone on a line that continues a block (the line before it
 * is not blank, not a heading, not a code fence): Hugo's block attribute transformer gives them to
 * that block (markup/goldmark/internal/extensions/attributes).
 */
export function scanBlockAttributeIds(body: string, inCode: (offset: number) => boolean): HtmlAnchorFact[] {
  if (!body.includes('{#') && !body.includes('{ #') && !body.includes('id=')) return [];
  const found: HtmlAnchorFact[] = [];
  // Only a line whose first character past its indentation is `{` can hold one: the search goes
  // from the first `{` of one line to the next line's, rather than cutting every line out of the
  // page (which cost 1-2 % of a check of the real corpus, most pages having an `id=` somewhere).
  // A shortcode's `{{` opens no attribute block, and starts most such lines.
  for (let brace = body.indexOf('{'); brace !== -1;) {
    const lineStart = body.lastIndexOf('\n', brace - 1) + 1;
    const lineFeed = body.indexOf('\n', brace);
    if (body.charCodeAt(brace + 1) !== LEFT_BRACE && brace - lineStart < 4 && ONLY_WHITESPACE.test(body.slice(lineStart, brace)) && !inCode(brace) && continuesBlock(lineBefore(body, lineStart))) {
      const attribute = blockAttributeId(body.slice(lineStart, lineFeed === -1 ? body.length : lineFeed).replace(/\r$/, ''));
      if (attribute) found.push({ id: detach(attribute.id), range: { start: lineStart + attribute.range.start, end: lineStart + attribute.range.end } });
    }
    if (lineFeed === -1) break;
    brace = body.indexOf('{', lineFeed + 1);
  }
  return found;
}

/** What `trimStart` takes off (JavaScript's white space and line terminators, `\s`), and nothing else. */
const ONLY_WHITESPACE = /^\s*$/;
const LEFT_BRACE = 0x7b;

/** The line that ends where the line at `lineStart` begins (empty for the first line). */
function lineBefore(body: string, lineStart: number): string {
  if (lineStart === 0) return '';
  return body.slice(lineStart < 2 ? 0 : body.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1);
}

function continuesBlock(previousLine: string): boolean {
  const trimmed = previousLine.trim();
  return trimmed !== '' && !trimmed.startsWith('#') && !/^(`{3,}|~{3,})/.test(trimmed);
}

function isEscaped(body: string, at: number): boolean {
  let backslashes = 0;
  while (at - backslashes - 1 >= 0 && body[at - backslashes - 1] === '\\') backslashes++;
  return backslashes % 2 === 1;
}
