// A hand-written Markdown scanner that finds exactly what the index needs of a page — headings,
// links (inline, reference, autolinks), raw HTML and code — without building a syntax tree.
// Parsing every page with remark costs seconds on a real handbook; this costs milliseconds.
//
// remark (micromark, CommonMark) is the definition of correct: every offset, URL and link text
// this scanner reports must equal what remark's tree says (test/support/remarkFacts.ts is that
// reference; test/unit/scanner.test.ts and bench/verify-scanner.ts compare the two page by page).
// So the scanner follows CommonMark's two phases as micromark implements them, including where
// micromark puts a node's start and end:
//   1. Blocks (blocks.ts), line by line: block quotes and list items (containers), and the leaves
//      fenced code, indented code, HTML blocks (7 kinds), ATX and setext headings, thematic
//      breaks and paragraphs (with link reference definitions at their start; tables are
//      paragraphs too).
//   2. Inlines (inlines.ts), in paragraphs and headings only, after all definitions are known:
//      code spans, autolinks, inline HTML, links and images (brackets and the CommonMark
//      delimiter rules, with emphasis resolved only inside link text, the only place it shows in
//      a fact).
// Emphasis elsewhere, entities in plain text and other inline detail are skipped: no fact
// depends on them.
//
// One finding is not CommonMark's: bare URLs, which goldmark's Linkify (on in Hugo) makes links;
// inlines.ts says where goldmark tries it, linkify.ts what it takes there. remark has none, so the
// comparison leaves them out and test/hugo/ holds them to Hugo.
//
// html.ts reads HTML for both phases (where an HTML block starts and ends, how far inline HTML
// reaches), linkify.ts bare URLs, and characters.ts holds the character codes and classes they
// share. Each part imports only the parts before it: characters ← html, linkify ← inlines ←
// blocks ← this entry.
import { BlockScanner } from './blocks';
import { InlineScanner } from './inlines';
import type { MarkdownSyntax } from './syntax';

/** Reads one page body (front matter already blanked out). */
export function scanMarkdown(body: string): MarkdownSyntax {
  const blocks = new BlockScanner(body);
  blocks.scan();
  const syntax: MarkdownSyntax = { headings: blocks.headings, links: [], html: blocks.html, codeRanges: blocks.codeRanges };
  const inline = new InlineScanner(body, blocks.definitions, syntax);
  for (const job of blocks.inlineJobs) inline.scan(job);
  syntax.html.sort((a, b) => a.start - b.start);
  syntax.codeRanges.sort((a, b) => a.start - b.start);
  return syntax;
}
