// The product reads Markdown with a hand-written scanner
// (server/src/model/page/markdown/scanner.ts); remark is the reference that defines what is
// correct (test/support/remarkFacts.ts). These differential tests hold the scanner to remark:
// on every Markdown file of the example handbook and of the Hugo fixtures, on small adversarial
// files (test/fixtures/markdown/, one tricky construct family each), and on random snippets
// built from tricky pieces with a fixed seed. Both the page facts and the raw findings
// (headings, links, raw HTML, code ranges) must be deeply equal.
//
//   node --import tsx --test test/unit/scanner.test.ts
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scanMarkdown } from '../../server/src/model/page/markdown/scanner';
import type { MarkdownSyntax } from '../../server/src/model/page/markdown/syntax';
import { compileExtendsPatterns, parsePage, type ParseOptions } from '../../server/src/model/page/parsePage';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { remarkFacts, remarkSyntax, withoutBareUrls } from '../support/remarkFacts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extendsPatterns = compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns);

function markdownFiles(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.join(folder, file))
    .sort();
}

/** The findings in one order, whichever order a reader reports them in. */
function ordered(syntax: MarkdownSyntax): MarkdownSyntax {
  const byStart =
    <T>(start: (item: T) => number) =>
    (a: T, b: T) =>
      start(a) - start(b);
  return {
    headings: syntax.headings,
    links: [...syntax.links].sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind)),
    html: [...syntax.html].sort(byStart((html) => html.start)),
    codeRanges: [...syntax.codeRanges].sort((a, b) => a.start - b.start || a.end - b.end),
  };
}

function assertSameAsRemark(text: string, options: ParseOptions): void {
  assert.deepStrictEqual(withoutBareUrls(parsePage(text, options)), remarkFacts(text, options));
  assert.deepStrictEqual(ordered(withoutBareUrls(scanMarkdown(text))), ordered(remarkSyntax(text)));
}

describe('the Markdown scanner finds exactly what remark finds', () => {
  for (const folder of ['examples/handbook', 'test/hugo/fixtures', 'test/fixtures/markdown']) {
    describe(folder, () => {
      for (const file of markdownFiles(folder)) {
        it(path.relative(folder, file), () => {
          const text = readFileSync(path.join(root, file), 'utf8');
          // Include files are read without front matter, as the index reads them.
          const frontMatter = !file.split(path.sep).includes('assets');
          assertSameAsRemark(text, { extendsPatterns, frontMatter });
        });
      }
    });
  }

  it('on 1,000 random snippets of tricky pieces (fixed seed)', () => {
    const random = mulberry32(20261123);
    const differing: string[] = [];
    for (let snippet = 0; snippet < 1000; snippet++) {
      const count = 1 + Math.floor(random() * 40);
      let text = '';
      for (let piece = 0; piece < count; piece++) text += PIECES[Math.floor(random() * PIECES.length)];
      try {
        assertSameAsRemark(text, { extendsPatterns, frontMatter: false });
      } catch (error) {
        differing.push(`${JSON.stringify(text)}: ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
      }
    }
    assert.deepEqual(differing.slice(0, 3), [], `${differing.length} snippets differ from remark`);
  });

  it('on 500 random nests of lists, quotes, code and HTML with runs of blank lines (fixed seed)', () => {
    const random = mulberry32(20261202);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const differing: string[] = [];
    for (let snippet = 0; snippet < 500; snippet++) {
      const lines: string[] = [];
      for (let line = 0; line < 1 + Math.floor(random() * 30); line++) {
        if (random() < 0.4) {
          // A run of blank lines, some with indentation of their own.
          for (let blank = 0; blank < 1 + Math.floor(random() * 4); blank++) lines.push(pick(['', '', ' ', '  ', '    ', '\t', '      ']));
          continue;
        }
        let text = pick(['', ' ', '  ', '   ', '    ', '\t', '      ']);
        for (let marker = Math.floor(random() * 4); marker > 0; marker--) text += pick(['- ', '* ', '1. ', '> ', '-   ', '2) ', '>', '-\t']);
        lines.push(text + pick(['[a](/b/)', 'text', '```', '    code', '<div>', '<!-- x', '-->', '', '# h', '[r]: /u']));
      }
      const text = lines.join(pick(['\n', '\r\n']));
      try {
        assertSameAsRemark(text, { extendsPatterns, frontMatter: false });
      } catch (error) {
        differing.push(`${JSON.stringify(text)}: ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
      }
    }
    assert.deepEqual(differing.slice(0, 3), [], `${differing.length} snippets differ from remark`);
  });
});

describe('the Markdown scanner on pathological pages', () => {
  // Pages that would make a naive scanner recurse or rescan without end. No timing is asserted;
  // these must simply come back with the right facts (they once overflowed the stack).
  const cases: { name: string; text: string; links: number }[] = [
    { name: 'one long line in an unclosed comment block', text: '<!--' + '-'.repeat(100_000), links: 0 },
    { name: 'thousands of unclosed inline comments', text: 'x ' + '<!-- '.repeat(20_000), links: 0 },
    { name: 'thousands of unclosed brackets, then links', text: '['.repeat(20_000) + '[a](b) '.repeat(1_000), links: 1_000 },
    { name: 'thousands of emphasis runs in one link text', text: '[' + '*a_'.repeat(20_000) + '](u)', links: 1 },
    { name: 'lists nested a thousand deep', text: Array.from({ length: 1_000 }, (_, depth) => `${' '.repeat(depth * 2)}- [a](/${depth}/)`).join('\n'), links: 1_000 },
    // Each blank line of the run matches every open list item: at the cost of its own indentation, not of the depth.
    {
      name: 'lists nested a thousand deep, then 100,000 blank lines',
      text: Array.from({ length: 1_000 }, (_, depth) => `${' '.repeat(depth * 2)}- [a](/${depth}/)`).join('\n') + '\n'.repeat(100_000) + '[z](/z/)',
      links: 1_001,
    },
    { name: 'block quotes nested a thousand deep', text: '> '.repeat(1_000) + '[a](b)', links: 1 },
    // Each level asks whether the rest of the line is a thematic break: once, not once per level.
    { name: 'lists nested 20,000 deep on one line', text: '- '.repeat(20_000) + '[a](b)\n' + '* '.repeat(20_000) + '[c](d)', links: 2 },
    { name: 'unclosed titles', text: '[a](u "'.repeat(10_000), links: 0 },
  ];
  for (const { name, text, links } of cases) {
    it(name, () => {
      assert.equal(parsePage(text, { frontMatter: false }).links.length, links);
    });
  }
});

/**
 * What the random snippets are made of: the delimiters and openers of every construct the
 * scanner must get right (block starts at line starts, containers, fences, HTML of each kind,
 * link syntax, code spans, emphasis, escapes, entities, tabs, CRLF), plus plain text.
 */
const PIECES = [
  '[',
  ']',
  '(',
  ')',
  '![',
  '<',
  '>',
  '`',
  '``',
  '```',
  '~~~',
  '*',
  '**',
  '_',
  '__',
  '\\',
  '&amp;',
  '&#x41;',
  '&nope;',
  '"',
  "'",
  '\n',
  '\n',
  '\n',
  '\n\n',
  '  ',
  ' ',
  '\t',
  '    ',
  '> ',
  '>',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '2) ',
  '# ',
  '## ',
  '---',
  '===',
  '***',
  'a',
  'foo',
  'bar baz',
  'x',
  'http://e.com/a?b',
  'https://x.y',
  'u@e.com',
  '/path',
  '#frag',
  '(x)',
  '[a]',
  '[a]: /u',
  '[A]: <b c> "t"',
  '[link](/url "title")',
  '[t](<d e>)',
  '[x][a]',
  '[a][]',
  '![img](i.png)',
  '<div>',
  '</div>',
  '<a href="x">',
  '</a>',
  '<span id="s">',
  '<!-- c -->',
  '<!--',
  '-->',
  '<?p ?>',
  '<!X>',
  '<![CDATA[',
  ']]>',
  '<script>',
  '</script>',
  '<pre>',
  '<http://a.b>',
  '<u@e.com>',
  '{{% include "x" %}}',
  'é',
  '日本',
  '　',
  '。',
  '| a | b |',
  '|---|---|',
  '\\[',
  '\\]',
  '\\`',
  '\\*',
  ' #',
  ' # ',
  '{#id}',
  '((a))',
  '\n   ',
  '\n      ',
  '\n- ',
  '\n> ',
  '\n1. ',
  '  \n',
  '\\\n',
  '*a*',
  '_a_',
  'a*b',
  'a_b_',
  ' *',
  '* ',
  '_ ',
  ' _',
  '[*a*](u)',
  '[a](u *b*)',
  '\n\t',
  '\t\t',
  ' \t',
  '&quot;',
  '&#0;',
  '[a]:',
  ' /u',
  ' "t"',
  '\n[a]: ',
  'b>',
  '`a`',
  '``a``',
  '\r\n',
  '\r',
  '\r\r',
  '<a\nhref="x">',
  "<a href='y'>",
  '<img src=x>',
  '<x-y>',
  '\n    ',
  '\n  - ',
  '\n   > ',
  'Extends that of the ',
  '![a [b](c) d](e)',
  '[![i](j)](k)',
  '![`c`](d)',
  '![<b>h</b>](i)',
  '[[a](b)](c)',
  '![a](b "t")',
  '[a]: <b>',
  '\n  [a]:\n  /u',
  '\n\n    code',
  '<!-->',
  '</x>',
  '*[a*](b)',
  '_[a_](b)',
  '[a*](b)*',
  '&#x5b;',
  '\\![',
  '[a\n]: /m',
  '[*a*][a]',
  '[<http://x.y>](z)',
  '[`]`](u)',
  '[a](<b>c)',
  '[a](b\\)c)',
  '\n1) ',
  '10. ',
  '\n***\n',
  '\n===\n',
  '\n---\n',
  '\n```js\n',
  '\n~~~\n',
  '\n<div>\n',
  '\n<!--\n',
];

/** A small seeded generator, so that every run tests the same snippets. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
