// Hover: on a role link or an inheritance sentence, what the role really inherits — the linked
// section of the target with its includes expanded, then that section's own extends, level by
// level, each titled with its role, where it comes from and a link to it. On an include call,
// the file's path and its rendered content. Bounded in length, cycle-safe.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { MarkupKind, type Hover, type MarkupContent, type Position } from 'vscode-languageserver-types';
import { expandIncludes, expandedSectionText } from '../model/roles/expansion';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { inheritedLevels } from '../model/roles/effectiveRole';
import { resolveExtends, sectionTitle, sectionUrl, type Section } from '../model/roles/inheritance';
import { parsePage } from '../model/page/parsePage';
import type { LinkFact } from '../model/page/facts';
import { scanMarkdown } from '../model/page/markdown/scanner';
import { destinationRange, linkRange } from '../model/page/markdown/syntax';
import type { TextRange } from '../model/base/text';
import { relativePath } from '../model/base/paths';
import { destinationUri } from './navigation';
import type { Cancellation } from './shared/cancellation';
import { factAt } from './shared/factAt';
import { toOffset, toRange } from './shared/positions';

const MAX_LEVELS = 12;

/** Reads files between its steps: once `cancellation` is requested it stops reading and answers null. */
export async function provideHover(index: HandbookIndex, file: IndexedFile, position: Position, cancellation?: Cancellation): Promise<Hover | null> {
  const hover = await hoverAt(index, file, position, cancellation);
  const reading = index.reading;
  if (!hover || !reading) return hover;
  // Answered before the whole handbook is read (see HandbookIndex.reading): a level or an include not read yet is not there.
  const note = `*Still reading the handbook (${reading.done.toLocaleString('en')} of ${reading.total.toLocaleString('en')} files): what is not read yet is missing here. Hover again in a moment.*`;
  const { value } = hover.contents as MarkupContent;
  return { ...hover, contents: { kind: MarkupKind.Markdown, value: `${value}\n\n---\n\n${note}` } };
}

async function hoverAt(index: HandbookIndex, file: IndexedFile, position: Position, cancellation?: Cancellation): Promise<Hover | null> {
  const offset = toOffset(file, position);
  const fact = factAt(file, offset);
  if (!fact) return null;
  if (fact.kind === 'include') return includeHover(index, file, fact.call.path, toRange(file, fact.call.range), cancellation);

  const { link } = fact;
  const target = resolveExtends(index, { file, link });
  if (target.kind !== 'section') return null;
  const markdown = await inheritanceMarkdown(index, file, link, target.section, cancellation);
  // A cancelled walk stopped early: what it collected is not the hover.
  if (cancellation?.isCancellationRequested) return null;
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(file, link.extendsSentence ?? linkRange(link)) };
}

interface Level {
  readonly section: Section;
  readonly text: string;
  readonly depth: number;
}

/** The chain of extends from `start` (see inheritedLevels), each level's text made fit for a hover. */
async function collectLevels(index: HandbookIndex, start: Section, cancellation?: Cancellation): Promise<{ levels: Level[]; cycles: string[] }> {
  const walk = inheritedLevels(index, start, MAX_LEVELS);
  const levels: Level[] = [];
  for (const { section, depth } of walk.levels) {
    if (cancellation?.isCancellationRequested) break;
    levels.push({ section, depth, text: await forHover(index, section, (await expandedSectionText(index, section)) ?? '') });
  }
  return { levels, cycles: walk.cycles.map((cycle) => cycle.map((section) => sectionTitle(index, section)).join(' → ')) };
}

async function inheritanceMarkdown(index: HandbookIndex, file: IndexedFile, link: LinkFact, start: Section, cancellation?: Cancellation): Promise<string> {
  const { levels, cycles } = await collectLevels(index, start, cancellation);
  const maxLines = index.currentSettings.hoverMaxLines;
  const heading = link.extendsSentence ? `**Inherited from ${sectionTitle(index, start)}**${levels.length > 1 ? ` — ${levels.length} levels` : ''}` : `**${sectionTitle(index, start)}**`;
  const out: string[] = [heading];
  let budget = maxLines;
  let cutLines = 0;
  const cutLevels: string[] = [];
  for (const level of levels) {
    const title = sectionTitle(index, level.section);
    const lines = level.text.split('\n');
    if (budget <= 0) {
      cutLines += lines.length;
      cutLevels.push(title);
      continue;
    }
    out.push('', '---', '', `${'↳ '.repeat(level.depth)}**${markdownLink(title, level.section)}** · \`${sectionUrl(level.section)}\``, `*${sourceNote(index, file, level.section)}*`, '');
    const shown = lines.slice(0, budget);
    out.push(closeOpenBlocks(shown.join('\n')));
    budget -= shown.length;
    cutLines += lines.length - shown.length;
  }
  if (cutLines > 0) {
    const levelsNote = cutLevels.length > 0 ? ` and ${cutLevels.length} more level${cutLevels.length > 1 ? 's' : ''} (${cutLevels.join(', ')})` : '';
    out.push('', `… ${cutLines} more line${cutLines > 1 ? 's' : ''} cut${levelsNote}. Set handbookRoles.hover.maxLines to see more.`);
  }
  for (const cycle of cycles) out.push('', `⚠ Extends cycle: ${cycle}`);
  return out.join('\n');
}

function markdownLink(title: string, section: Section): string {
  return `[${title.replace(/[[\]]/g, '\\$&')}](${sectionHref(section)})`;
}

/** `file:…#Lline`: a URI that opens the section's source at its heading. */
export function sectionHref(section: Section): string {
  const line = section.anchor ? section.anchor.file.lines.positionAt(section.anchor.range.start).line + 1 : 1;
  return `${URI.file(section.anchor?.file.path ?? section.page.path).toString()}#L${line}`;
}

/** Where a section is written, for people: its file (relative to `from`'s site), line, the page that includes it and the files it includes. */
export function sourceNote(index: HandbookIndex, from: IndexedFile, section: Section): string {
  const file = section.anchor?.file ?? section.page;
  const line = section.anchor ? file.lines.positionAt(section.anchor.range.start).line + 1 : 1;
  const where = relativePath(from.site.folder, file.path);
  const via = section.anchor && section.anchor.file !== section.page ? `, included by ${index.titleOf(section.page)}` : '';
  const included = section.file.facts.includes
    .filter((call) => call.path !== undefined && call.problems.length === 0 && section.range.start <= call.range.start && call.range.start < section.range.end)
    .map((call) => path.posix.basename(call.path!));
  const withIncludes = included.length > 0 ? ` (with ${[...new Set(included)].join(', ')})` : '';
  return `from ${where}, line ${line}${via}${withIncludes}`;
}

async function includeHover(index: HandbookIndex, file: IndexedFile, includePath: string | undefined, range: Hover['range'], cancellation?: Cancellation): Promise<Hover | null> {
  if (includePath === undefined) return null;
  const resolved = index.resolveInclude(file.site, includePath);
  if (resolved.kind !== 'found') return null;
  const where = relativePath(file.site.folder, resolved.file.path);
  const header = `**Include** \`${includePath}\` → [${where}](${URI.file(resolved.file.path).toString()})`;
  if (resolved.file.kind !== 'include') return { contents: { kind: MarkupKind.Markdown, value: header }, range };
  const included = resolved.file;
  const text = (await index.textOf(included.path)) ?? '';
  if (cancellation?.isCancellationRequested) return null;
  const expanded = await forHover(index, { page: file, file: included }, (await expandIncludes(index, included, text, { start: 0, end: text.length })).trim());
  const lines = expanded.split('\n');
  if (cancellation?.isCancellationRequested) return null;
  const maxLines = index.currentSettings.hoverMaxLines;
  const body = closeOpenBlocks(lines.slice(0, maxLines).join('\n'));
  const cut = lines.length > maxLines ? `\n\n… ${lines.length - maxLines} more lines cut.` : '';
  return { contents: { kind: MarkupKind.Markdown, value: `${header}\n\n---\n\n${body}${cut}` }, range };
}

/**
 * Lines that end what a quoted text can leave open at its end — a code fence, an HTML block that
 * runs to its end marker (a comment, `<pre>`…) — tried in turn. Backtick and tilde fences as long
 * as the longest fence in the text, so that they close any of them.
 */
function closersFor(text: string): string[] {
  const longest = Math.max(3, ...[...text.matchAll(/^[ \t]{0,3}(`{3,}|~{3,})/gm)].map((match) => match[1].length));
  return ['`'.repeat(longest), '~'.repeat(longest), '-->', '</pre></script></style></textarea>', '?>', ']]>', '>'];
}

/**
 * Quoted text as a closed block: an open code fence or HTML block at its end (the source's, or
 * where the hover cut it) would swallow the hover's own lines after it — the next level's title,
 * the cut note. Whether something is open is the scanner's answer: a heading after the text is
 * read as one only once the text is closed.
 */
function closeOpenBlocks(text: string): string {
  const closed = (candidate: string) => parsePage(`${candidate}\n\n# end`, { frontMatter: false }).headings.some((heading) => heading.range.start > candidate.length);
  if (closed(text)) return text;
  return (
    closersFor(text)
      .map((closer) => `${text}\n${closer}`)
      .find(closed) ?? text
  );
}

const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** `<a id="senior-requirements"></a>` on a line of its own: an anchor for links, nothing to read. */
const EMPTY_HTML_ANCHOR = /^\s*<a\s[^>]*>\s*<\/a>\s*$/i;

/**
 * Inherited Markdown made fit for a small hover: headings become bold lines, thematic breaks and
 * bare HTML anchors go (the hover's own rules separate the levels), reference links become inline links, and every
 * link into the site points at the file and line it leads to, so it can be followed from the
 * hover. Links resolve as in `where.page`, where Hugo renders the text.
 */
export async function forHover(index: HandbookIndex, where: { page: IndexedFile; file: IndexedFile }, text: string): Promise<string> {
  // Reference links need their definitions, which usually stand at the end of the page.
  const definitions = (await Promise.all([...new Set([where.file, where.page])].map((file) => definitionLines(index, file)))).flat();
  const facts = parsePage(`${text}\n\n${definitions.join('\n')}`, { frontMatter: false });
  const edits: { range: TextRange; newText: string }[] = facts.headings.map((heading) => ({ range: heading.range, newText: boldLine(text, heading.range.start, heading.text) }));
  const inHeading = (range: TextRange) => facts.headings.some((heading) => heading.range.start <= range.start && range.end <= heading.range.end);
  for (const link of facts.links) {
    if (link.end > text.length || link.kind === 'html' || link.kind === 'autolink' || inHeading(link)) continue;
    if (link.kind === 'linkify' && !where.page.site.linkify) continue;
    const target = destinationUri(index, where.page, link.destination);
    if (link.kind === 'reference') edits.push({ range: linkRange(link), newText: `[${link.text.replace(/[[\]\\]/g, '\\$&')}](${target ?? link.destination})` });
    // A bare URL into the site: a link to the file, with the URL for its text.
    else if (link.kind === 'linkify' && target) edits.push({ range: linkRange(link), newText: `[${link.text.replace(/[[\]\\]/g, '\\$&')}](${target})` });
    else if (target) edits.push({ range: destinationRange(link), newText: target });
  }
  // From the end, so that earlier offsets stay right.
  edits.sort((a, b) => b.range.start - a.range.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  // Code is quoted as it is: a `---` or a run of blank lines in a code block is its text, not layout.
  const code = scanMarkdown(result).codeRanges;
  const lines: string[] = [];
  let lineStart = 0;
  for (const line of result.split('\n')) {
    const inCode = code.some((range) => range.start <= lineStart && lineStart < range.end);
    lineStart += line.length + 1;
    if (!inCode && (THEMATIC_BREAK.test(line) || EMPTY_HTML_ANCHOR.test(line) || (line === '' && lines.at(-1) === ''))) continue;
    lines.push(line);
  }
  return lines.join('\n').trim();
}

/**
 * A heading as a bold line. A heading interrupts the list item or paragraph before it, a bold line
 * would continue it, so it gets blank lines of its own (in its block quote or list item's
 * indentation); not when it is a list item's first line, where a blank line would end the item.
 */
function boldLine(text: string, start: number, heading: string): string {
  const prefix = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  return /^[ \t>]*$/.test(prefix) ? `\n${prefix}**${heading}**\n${prefix}` : `**${heading}**`;
}

/** The reference definitions (`[label]: /url`) written in a file. */
async function definitionLines(index: HandbookIndex, file: IndexedFile): Promise<string[]> {
  const references = file.facts.links.filter((link) => link.kind === 'reference');
  if (references.length === 0) return [];
  const text = (await index.textOf(file.path)) ?? '';
  const lines = new Set(references.map((link) => file.lines.positionAt(link.destinationStart).line));
  return [...lines].map((line) => file.lines.lineText(text, line));
}
