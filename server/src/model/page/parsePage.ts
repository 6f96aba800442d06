// Turns one Markdown file (a page or an include file) into facts: front matter, headings,
// HTML anchors, links and shortcode calls, each with its offsets. A Markdown reader decides
// what is a heading, a link or code, so nothing inside code spans or fenced code is taken for a
// link: the product's reader is the hand-written scanner (markdown/scanner.ts), whose every
// finding must equal what remark's syntax tree says (remark, on the test side, is the
// reference). The facts know nothing about other files; the index puts them together.
import { isAscii, isUtf8, transcode } from 'node:buffer';
import { emptyFacts, type FileProblem, type HtmlAnchorFact, type LinkFact, type PageFacts } from './facts';
import { readFrontMatter } from './frontMatter';
import { describeHeading } from './headingIds';
import { scanMarkdown } from './markdown/scanner';
import type { HtmlSyntax, MarkdownReader } from './markdown/syntax';
import { DEFAULT_SETTINGS } from '../base/settings';
import { extendsPatternProblem } from '../base/settingChecks';
import { compileExtendsPattern, type ExtendsPattern } from '../base/extendsSearch';
import { detach } from '../base/strings';
import { scanShortcodes, type ShortcodeCall, type ShortcodeScan } from './shortcodes';
import { readSuppressions } from './suppressions';
import { scanBlockAttributeIds, scanFootnotes } from './goldmarkAnchors';
import { lineEndAt, type TextRange } from '../base/text';

/** Decodes a file's bytes, refusing what is not text, or more of it than `maxSize` bytes. */
export function decodeText(bytes: Uint8Array, maxSize = DEFAULT_SETTINGS.maxFileSize): string | FileProblem {
  if (bytes.byteLength > maxSize) return { kind: 'too-large', size: bytes.byteLength, limit: maxSize };
  if (bytes.subarray(0, 8192).includes(0)) return { kind: 'binary' };
  // Pure ASCII (most pages of an English handbook) needs no UTF-8 decoding: latin1 copies bytes.
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // What a fatal TextDecoder accepts and gives, at a fourth of its cost: strict UTF-8 only, and
  // a leading byte order mark dropped. Node turns UTF-8 bytes into a string of other than Latin-1
  // characters slowly (330 ms over the Japanese corpus, TextDecoder 260 ms); ICU's transcoding to
  // UTF-16 and a copy take 70 ms. Without ICU (a Node built without Intl) there is no transcode.
  if (!isUtf8(bytes)) return { kind: 'binary' };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const utf8 = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  return typeof transcode === 'function' ? transcode(utf8, 'utf8', 'utf16le').toString('utf16le') : utf8.toString('utf8');
}

/** Compiles the configured inheritance-sentence patterns: those that pass extendsPatternProblem, the rest skipped. */
export function compileExtendsPatterns(patterns: readonly string[]): ExtendsPattern[] {
  return patterns.filter((pattern) => extendsPatternProblem(pattern) === undefined).map(compileExtendsPattern);
}

export interface ParseOptions {
  readonly extendsPatterns?: readonly ExtendsPattern[];
  /** Include files are pulled in as raw text: a leading `---` there is a rule, not front matter. */
  readonly frontMatter?: boolean;
}

/**
 * The facts of one file. `readMarkdown` finds the Markdown syntax: the product always uses the
 * scanner; the tests pass remark's reader (test/support/remarkFacts.ts) to compare the two.
 */
export function parsePage(text: string, options: ParseOptions = {}, readMarkdown: MarkdownReader = scanMarkdown): PageFacts {
  const { extendsPatterns = [], frontMatter: hasFrontMatter = true } = options;
  const frontMatter = hasFrontMatter ? readFrontMatter(text) : { frontMatter: emptyFacts().frontMatter, bodyStart: 0 };
  // Blank out the front matter rather than cutting it off, so that offsets stay the file's.
  const body = frontMatter.bodyStart === 0 ? text : blankedOut(text, frontMatter.bodyStart) + text.slice(frontMatter.bodyStart);
  const syntax = readMarkdown(body);

  const shortcodes = scanShortcodes(body, syntax.codeRanges);
  const links = withoutBareUrlsInShortcodes(syntax.links, shortcodes);
  const htmlAnchors: HtmlAnchorFact[] = [];
  for (const html of syntax.html) readHtml(body, html, links, htmlAnchors);
  links.sort((a, b) => a.start - b.start);
  const marked = markExtendsLinks(body, links, extendsPatterns, syntax.codeRanges);
  const headings = syntax.headings.map(({ level, source, range }) => {
    // Every key in one literal: a spread in the middle left V8 room for four inline, and the
    // other two took an array of their own (24 bytes a heading more, 15 MB of 50k generated pages).
    const { text, explicitId, autoId } = describeHeading(source);
    return { level, source, text, explicitId, autoId, range };
  });
  const suppressions = readSuppressions(syntax.html);
  const inCode = codeLookup(syntax.codeRanges);
  const footnotes = scanFootnotes(body, inCode);
  const blockAttributeIds = scanBlockAttributeIds(body, inCode);
  return {
    frontMatter: frontMatter.frontMatter,
    frontMatterProblem: frontMatter.problem,
    bodyStart: frontMatter.bodyStart,
    headings,
    htmlAnchors,
    links: marked,
    includes: shortcodes.includes.map((include) => (include.path === undefined ? include : { ...include, path: detach(include.path) })),
    unterminatedShortcodes: shortcodes.unterminated.map((shortcode) => ({ ...shortcode, name: detach(shortcode.name) })),
    ...(shortcodes.calls.length > 0 ? { shortcodes: shortcodes.calls.map(detachCall) } : {}),
    ...(suppressions.length > 0 ? { suppressions } : {}),
    ...(shortcodes.separateRenders.length > 0 ? { separateRenders: shortcodes.separateRenders } : {}),
    ...(footnotes.length > 0 ? { footnotes } : {}),
    ...(blockAttributeIds.length > 0 ? { blockAttributeIds } : {}),
  };
}

/**
 * Hugo takes shortcode calls out of the page before goldmark reads it: a URL written in a call's
 * arguments (or running into one) is no bare URL.
 */
function withoutBareUrlsInShortcodes(links: LinkFact[], shortcodes: ShortcodeScan): LinkFact[] {
  if (!links.some((link) => link.kind === 'linkify')) return links;
  const calls = [...shortcodes.calls, ...shortcodes.includes, ...shortcodes.unterminated].map((call) => call.range);
  if (calls.length === 0) return links;
  return links.filter((link) => link.kind !== 'linkify' || !calls.some((call) => call.start < link.end && link.start < call.end));
}

function detachCall(call: ShortcodeCall): ShortcodeCall {
  return { ...call, name: detach(call.name), arguments: call.arguments.map((argument) => ({ ...argument, value: detach(argument.value) })) };
}

/** The text up to `end` with every character but line feeds turned into a space. */
function blankedOut(text: string, end: number): string {
  let blank = '';
  for (let start = 0; start < end;) {
    const lineFeed = text.indexOf('\n', start);
    const lineEnd = lineFeed === -1 || lineFeed >= end ? end : lineFeed;
    blank += ' '.repeat(lineEnd - start);
    if (lineEnd < end) blank += '\n';
    start = lineEnd + 1;
  }
  return blank;
}

/**
 * An inheritance sentence is a pattern match followed, in the same paragraph, by a link — or a
 * match inside a link's own text ("[All competencies exhibited by an Intermediate](…)"). The
 * first such link is the role extended.
 */
function markExtendsLinks(body: string, links: LinkFact[], patterns: readonly ExtendsPattern[], codeRanges: readonly TextRange[]): LinkFact[] {
  // A role is extended by a Markdown link: a bare URL is none, whether the site linkifies it or not.
  if (!links.some((link) => link.kind !== 'html' && link.kind !== 'linkify')) return links;
  const inCode = codeLookup(codeRanges);
  const marked = new Map<LinkFact, TextRange>();
  for (const pattern of patterns) {
    // Matches come in order, so what was looked up for one serves the next: where the
    // paragraph ends (the next blank line) and which links end before the match.
    let blankLineSearchedFrom = Infinity;
    let blankLine = -1;
    let firstLinkAfter = 0;
    for (const at of pattern.matchStarts(body)) {
      if (inCode(at)) continue;
      if (!(blankLineSearchedFrom <= at && at <= blankLine)) {
        BLANK_LINE.lastIndex = at;
        blankLineSearchedFrom = at;
        blankLine = BLANK_LINE.exec(body)?.index ?? Infinity;
      }
      const limit = blankLine === Infinity ? body.length : blankLine;
      while (firstLinkAfter < links.length && links[firstLinkAfter].end <= at) firstLinkAfter++;
      let link: LinkFact | undefined;
      for (let i = firstLinkAfter; i < links.length && links[i].start < limit; i++) {
        const candidate = links[i];
        if (candidate.kind !== 'html' && candidate.kind !== 'linkify' && candidate.end > at) {
          link = candidate;
          break;
        }
      }
      if (!link || marked.has(link)) continue;
      marked.set(link, { start: Math.min(at, link.start), end: lineEndAt(body, link.end) });
    }
  }
  return links.map((link) => (marked.has(link) ? { ...link, extendsSentence: marked.get(link) } : link));
}

/** A blank line: where a paragraph ends (lines end at `\n`, `\r\n` or `\r`, as CommonMark says). */
const BLANK_LINE = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)/g;

/** Whether an offset is inside code, by binary search (code ranges never overlap). */
function codeLookup(codeRanges: readonly TextRange[]): (offset: number) => boolean {
  const sorted = [...codeRanges].sort((a, b) => a.start - b.start);
  return (offset) => {
    let low = 0;
    let high = sorted.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (sorted[middle].start <= offset) low = middle + 1;
      else high = middle - 1;
    }
    return high >= 0 && offset < sorted[high].end;
  };
}

const HTML_ATTRIBUTE = /<([a-zA-Z][\w-]*)\b[^>]*>/g;
const ID_OR_NAME = /\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const HREF = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** `id=`/`name=` anchors and `href=` links in raw HTML (seed 002's ladder tables). */
function readHtml(body: string, node: HtmlSyntax, links: LinkFact[], anchors: HtmlAnchorFact[]): void {
  // Every attribute read here has an `=`: most inline HTML (`<br>`, `</a>`) has none.
  if (!node.value.includes('=')) return;
  // Comments render as comments: blank them out, keeping offsets.
  const html = node.value.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => ' '.repeat(comment.length));
  HTML_ATTRIBUTE.lastIndex = 0;
  for (let tag = HTML_ATTRIBUTE.exec(html); tag; tag = HTML_ATTRIBUTE.exec(html)) {
    const tagStart = node.start + tag.index;
    const source = tag[0];
    const tagName = tag[1].toLowerCase();
    for (const attribute of source.matchAll(ID_OR_NAME)) {
      if (attribute[1].toLowerCase() === 'name' && tagName !== 'a') continue;
      const value = attribute[2] ?? attribute[3] ?? attribute[4];
      const valueStart = tagStart + attribute.index + attribute[0].length - value.length - (attribute[4] === undefined ? 1 : 0);
      anchors.push({ id: detach(value), range: { start: valueStart, end: valueStart + value.length } });
    }
    if (tagName !== 'a') continue;
    for (const attribute of source.matchAll(HREF)) {
      const value = attribute[1] ?? attribute[2] ?? attribute[3];
      const valueStart = tagStart + attribute.index + attribute[0].length - value.length - (attribute[3] === undefined ? 1 : 0);
      // Inline HTML comes as one node per tag, so the link text is looked up in the page itself.
      const tagEnd = tagStart + source.length;
      const closeTag = body.slice(tagEnd, tagEnd + 1000).search(/<\/a\s*>/i);
      const text =
        closeTag === -1
          ? ''
          : body
              .slice(tagEnd, tagEnd + closeTag)
              .replace(/<[^>]*>/g, '')
              .trim();
      const end = closeTag === -1 ? tagEnd : tagEnd + closeTag + 4;
      links.push({
        kind: 'html',
        text: detach(text),
        destination: detach(decodeEntities(value)),
        start: tagStart,
        end,
        destinationStart: valueStart,
        destinationEnd: valueStart + value.length,
      });
    }
  }
}

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
