// The reference reader of Markdown: remark (CommonMark, as remark() parses without plugins)
// defines what counts as a heading, a link, a definition, raw HTML or code in a page. The product
// reads pages with a hand-written scanner because a full syntax tree of every page costs too much
// (server/src/model/page/markdown/scanner.ts); the differential tests and bench/verify-scanner.ts
// hold the scanner to exactly what this reader finds. This is the extraction the product used
// before the scanner, unchanged in meaning: keep it that way, it is the definition of correct.
import type { Definition, Heading, Link, LinkReference, Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { remark } from 'remark';
import { visit } from 'unist-util-visit';
import { definitionDestination, destinationAt, type HeadingSyntax, type HtmlSyntax, type LinkSyntax, type MarkdownSyntax } from '../../server/src/model/page/markdown/syntax';
import { parsePage, type ParseOptions } from '../../server/src/model/page/parsePage';
import type { LinkFact, PageFacts } from '../../server/src/model/page/facts';
import type { TextRange } from '../../server/src/model/base/text';

const processor = remark();

/**
 * Facts without the bare URLs goldmark's Linkify makes links of (kind 'linkify'): remark reads
 * CommonMark, which has none. Neither remark-gfm's literal autolinks nor markdown-it's linkify
 * follow goldmark's rules (which characters may precede one, what ends it, e-mail addresses), so
 * the scanner's are held to goldmark itself, in test/hugo/, and left out here.
 */
export function withoutBareUrls<T extends { readonly links: readonly LinkSyntax[] }>(facts: T): T {
  return facts.links.some((link) => link.kind === 'linkify') ? { ...facts, links: facts.links.filter((link) => link.kind !== 'linkify') } : facts;
}

/** A page's facts as remark's syntax tree gives them. */
export function remarkFacts(text: string, options: ParseOptions = {}): PageFacts {
  return parsePage(text, options, remarkSyntax);
}

export function remarkSyntax(body: string): MarkdownSyntax {
  const tree = processor.parse(body);
  const headings: HeadingSyntax[] = [];
  const links: LinkFact[] = [];
  const html: HtmlSyntax[] = [];
  const codeRanges: TextRange[] = [];
  const references: LinkReference[] = [];
  const definitions = new Map<string, Definition>();

  visit(tree, (node: Nodes) => {
    const range = rangeOf(node);
    if (!range) return;
    switch (node.type) {
      case 'heading':
        headings.push(headingSyntax(body, node, range));
        break;
      case 'link':
        links.push(linkFact(body, node, range));
        break;
      case 'linkReference':
        references.push(node);
        break;
      case 'definition':
        // `[^1]: …` is a footnote to Hugo (Goldmark's footnote extension is on by default), not a link.
        if (!node.identifier.startsWith('^') && !definitions.has(node.identifier)) definitions.set(node.identifier, node);
        break;
      case 'html':
        html.push({ value: node.value, start: range.start });
        break;
      case 'code':
      case 'inlineCode':
        codeRanges.push(range);
        break;
    }
  });
  for (const reference of references) {
    const definition = definitions.get(reference.identifier);
    const range = rangeOf(reference);
    const definitionRange = definition && rangeOf(definition);
    if (!definition || !range || !definitionRange) continue;
    links.push({
      kind: 'reference',
      text: toString(reference, { includeHtml: false }),
      destination: definition.url,
      ...linkOffsets(range, definitionDestination(body, definitionRange)),
    });
  }
  return { headings, links, html, codeRanges };
}

function rangeOf(node: Nodes): TextRange | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

function headingSyntax(body: string, node: Heading, range: TextRange): HeadingSyntax {
  const first = node.children[0]?.position?.start.offset;
  const last = node.children.at(-1)?.position?.end.offset;
  const source = first === undefined || last === undefined ? '' : body.slice(first, last);
  return { level: node.depth, source, range };
}

function linkFact(body: string, node: Link, range: TextRange): LinkFact {
  const source = body.slice(range.start, range.end);
  const text = toString(node, { includeHtml: false });
  if (source.startsWith('<')) {
    // An autolink `<https://…>`: the destination is everything between the brackets.
    return { kind: 'autolink', text, destination: node.url, ...linkOffsets(range, { start: range.start + 1, end: range.end - 1 }) };
  }
  const lastChild = node.children.at(-1);
  const textEnd = lastChild?.position?.end.offset ?? range.start + 1;
  const open = body.indexOf('](', textEnd);
  if (open === -1 || open >= range.end) {
    return { kind: 'inline', text, destination: node.url, ...linkOffsets(range, { start: range.end, end: range.end }) };
  }
  return { kind: 'inline', text, destination: node.url, ...linkOffsets(range, destinationAt(body, open + 2, range.end)) };
}

/** A link's four offsets, in the order the product's readers write them. */
function linkOffsets(range: TextRange, destination: TextRange): Pick<LinkFact, 'start' | 'end' | 'destinationStart' | 'destinationEnd'> {
  return { start: range.start, end: range.end, destinationStart: destination.start, destinationEnd: destination.end };
}
