// A section's text as Hugo would render it: every well-formed `{{% include %}}` call replaced by
// the included file's text, recursively. Cycles and missing files are left in place as a short
// note instead of recursing forever or failing.
import * as path from 'node:path';
import type { HandbookIndex, IndexedFile } from './handbookIndex';
import type { Section } from './inheritance';
import type { TextRange } from './text';

export async function expandedSectionText(index: HandbookIndex, section: Section): Promise<string | undefined> {
  const text = await index.textOf(section.file.path);
  if (text === undefined) return undefined;
  let start = Math.min(section.range.start, text.length);
  if (section.anchor && section.anchor.level > 0) {
    // The heading itself becomes the hover's title.
    const headingEnd = text.indexOf('\n', section.anchor.range.start);
    start = headingEnd === -1 ? text.length : Math.max(start, headingEnd + 1);
  }
  const range = { start, end: Math.min(section.range.end, text.length) };
  return (await expandIncludes(index, section.file, text, range, [section.file])).trim();
}

/** The text of `range` in `file` with its include calls replaced, `stack` being the files being included. */
export async function expandIncludes(index: HandbookIndex, file: IndexedFile, text: string, range: TextRange, stack: IndexedFile[]): Promise<string> {
  let result = '';
  let at = range.start;
  for (const call of file.facts.includes) {
    if (call.range.start < range.start || call.range.end > range.end || call.path === undefined || call.problems.length > 0) continue;
    result += text.slice(at, call.range.start);
    at = call.range.end;
    const resolved = index.resolveInclude(file.site, call.path);
    if (resolved.kind !== 'found' || resolved.file.kind !== 'include') {
      result += `*(include \`${call.path}\` not found)*`;
      continue;
    }
    const included = resolved.file;
    if (stack.includes(included)) {
      const cycle = [...stack.slice(stack.indexOf(included)), included].map((entry) => path.posix.basename(entry.sitePath));
      result += `*(include cycle: ${cycle.join(' → ')})*`;
      continue;
    }
    const includedText = await index.textOf(included.path);
    if (includedText === undefined) continue;
    const inner = { start: included.facts.bodyStart, end: includedText.length };
    result += (await expandIncludes(index, included, includedText, inner, [...stack, included])).trim();
  }
  return result + text.slice(at, range.end);
}
