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

export async function expandedSectionText(index: HandbookIndex, section: Section): Promise<string | undefined> {
  const text = await index.textOf(section.file.path);
  if (text === undefined) return undefined;
  let start = Math.min(section.range.start, text.length);
  if (section.anchor && section.anchor.level > 0) {
    // The heading itself becomes the hover's title.
    const headingEnd = lineEndAt(text, section.anchor.range.start);
    start = Math.min(text.length, Math.max(start, headingEnd + (text.startsWith('\r\n', headingEnd) ? 2 : 1)));
  }
  const range = { start, end: Math.min(section.range.end, text.length) };
  return (await expandIncludes(index, section.file, text, range)).trim();
}

/** The text of `range` in `file` as Hugo renders it (see above). */
export async function expandIncludes(index: HandbookIndex, file: IndexedFile, text: string, range: TextRange): Promise<string> {
  let result = '';
  let at = range.start;
  for (const call of file.facts.includes) {
    if (call.range.start < range.start || call.range.end > range.end || call.path === undefined || call.problems.length > 0) continue;
    result += text.slice(at, call.range.start);
    at = call.range.end;
    if (file.kind === 'include') {
      result += `\`${text.slice(call.range.start, call.range.end)}\` *(printed as text: Hugo does not expand an include inside an included file)*`;
      continue;
    }
    const resolved = index.resolveInclude(file.site, call.path);
    if (resolved.kind !== 'found' || resolved.file.kind !== 'include') {
      result += `*(include \`${call.path}\` not found)*`;
      continue;
    }
    const included = resolved.file;
    const includedText = await index.textOf(included.path);
    if (includedText === undefined) continue;
    result += (await expandIncludes(index, included, includedText, { start: included.facts.bodyStart, end: includedText.length })).trim();
  }
  return result + text.slice(at, range.end);
}
