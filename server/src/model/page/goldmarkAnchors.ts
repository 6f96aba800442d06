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
  let previous = '';
  let lineStart = 0;
  while (lineStart <= body.length) {
    const lineFeed = body.indexOf('\n', lineStart);
    const lineEnd = lineFeed === -1 ? body.length : lineFeed;
    const line = body.slice(lineStart, lineEnd).replace(/\r$/, '');
    const indent = line.length - line.trimStart().length;
    if (line.trimStart().startsWith('{') && indent < 4 && !inCode(lineStart + indent) && continuesBlock(previous)) {
      const attribute = blockAttributeId(line);
      if (attribute) found.push({ id: detach(attribute.id), range: { start: lineStart + attribute.range.start, end: lineStart + attribute.range.end } });
    }
    previous = line;
    if (lineFeed === -1) break;
    lineStart = lineFeed + 1;
  }
  return found;
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
