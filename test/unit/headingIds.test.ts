// Heading IDs as Hugo 0.111 renders them (Goldmark, autoHeadingIDType "github"), without Hugo:
// every expected ID below is what `hugo` 0.111 wrote for that heading, in that order, in one page
// (test/hugo checks the same rules against the live binary). And the plain text people see.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { gemoji } from 'gemoji';
import { emojify, mayHaveEmojiCode } from '../../server/src/model/page/emoji';
import { describeHeading, HeadingIdFactory, slugifyHeading } from '../../server/src/model/page/headingIds';
import { parsePage } from '../../server/src/model/page/parsePage';

/** Headings of one page, in order, and the ID Hugo 0.111 gave each. */
const PAGE: readonly (readonly [markdown: string, hugoId: string])[] = [
  // Punctuation goes, spaces and '-' become '-', nothing is collapsed or trimmed inside.
  ['## Hello, World! (v2.0)', 'hello-world-v20'],
  ["## What's the difference between Staff & Principal?", 'whats-the-difference-between-staff--principal'],
  ['## A --- B', 'a-----b'],
  ['## Tabs\tand  spaces', 'tabsand--spaces'],
  ['## snake_case_name', 'snake_case_name'],
  // Emoji are dropped, the spaces around them stay; any script's letters stay.
  ['## 🚀 Launch 🚀', '-launch-'],
  ['## 日本語の見出し', '日本語の見出し'],
  ['## キャリアパス (Career paths)', 'キャリアパス-career-paths'],
  ['## Über naïve café', 'über-naïve-café'],
  ['## \u3000全角スペース\u3000', '全角スペース'],
  // Go's unicode.ToLower, rune by rune: no final sigma, dotted İ becomes a plain i.
  ['## ΟΔΟΣ Σ', 'οδοσ-σ'],
  ['## İstanbul', 'istanbul'],
  // Duplicates: -1, -2, …, skipping IDs already taken.
  ['## Requirements', 'requirements'],
  ['## Requirements', 'requirements-1'],
  ['## Requirements-1', 'requirements-1-1'],
  // Explicit IDs are taken as written and reserve their ID.
  ['## Custom {#my-id}', 'my-id'],
  ['## my-id', 'my-id-1'],
  ['## Quoted {id="quoted-id"}', 'quoted-id'],
  ["## Single {id='single'}", 'single-idsingle'],
  ['## Dotted {#v1.2}', 'v1.2'],
  ['## Colon {#role:staff}', 'role:staff'],
  ['## Non-ASCII {#キャリア}', 'キャリア'],
  ['## Two {#first} {#second}', 'second'],
  ['## Mixed {#m .c data-x="1"}', 'm'],
  ['## Class only {.cls}', 'class-only'],
  ['## Not at end {#x} more', 'not-at-end-x-more'],
  ['## Escaped \\{#nope}', 'escaped-nope'],
  ['## Brace in value {title="{y}"}', 'brace-in-value-titley'],
  ['## Closing ## {#closed}', 'closed'],
  ['## Closing two ## {.c}', 'closing-two'],
  // The ID is made from the source as written: URLs, tags, entity names and image sources stay.
  ['## Read the [values](/handbook/values/) first', 'read-the-valueshandbookvalues-first'],
  ['## See [the ladder][ladder] here', 'see-the-ladderladder-here'],
  ['## <span>New</span> roles', 'spannewspan-roles'],
  ['## Research &amp; Development', 'research-amp-development'],
  ['## Logo ![alt](/img.png) here', 'logo-altimgpng-here'],
  ['## Use `git rebase` now', 'use-git-rebase-now'],
  ['## **bold** *it* ~~strike~~', 'bold-it-strike'],
  ['## Autolink <https://x.y/z>', 'autolink-httpsxyz'],
  ['## Trailing hashes ##', 'trailing-hashes'],
  ['##', 'heading'],
  ['## {#only-id}', 'only-id'],
  // Setext headings: the last line makes the ID and carries the attributes.
  ['Senior Backend\nEngineer {#setext-id}\n---', 'setext-id'],
  ['Senior\nEngineer\n===', 'engineer'],
  ['> Quoted\n> Multi line\n> ---', 'multi-line'],
];

function idsOfPage(markdown: string): string[] {
  const ids = new HeadingIdFactory();
  return parsePage(markdown).headings.map((heading) => ids.idOfHeading(heading));
}

describe('heading IDs', () => {
  it("give a page of tricky headings exactly Hugo 0.111's IDs, in order", () => {
    const page = `---\ntitle: ids\n---\n${PAGE.map(([markdown]) => markdown).join('\n')}\n\n[ladder]: /x/\n`;
    assert.deepEqual(
      idsOfPage(page),
      PAGE.map(([, id]) => id),
    );
  });

  it('number a repeated heading after the explicit IDs that came before it, not those after', () => {
    assert.deepEqual(idsOfPage('## Roles\n## Roles {#roles-1}\n## Roles\n'), ['roles', 'roles-1', 'roles-2']);
    assert.deepEqual(idsOfPage('## Roles\n## Roles\n## Roles {#roles-1}\n'), ['roles', 'roles-1', 'roles-1']);
  });

  it('sanitize raw text the way the "github" ID type does', () => {
    assert.equal(slugifyHeading('  C++ & Go — “quotes”  '), 'c--go--quotes');
    assert.equal(slugifyHeading('Full-width ＡＢＣ１２３ and Arabic ٣'), 'full-width-ａｂｃ１２３-and-arabic-٣');
    // Only decimal digits are digits: ½, ² and Ⅳ are dropped.
    assert.equal(slugifyHeading('Numbers ½ ² Ⅳ'), 'numbers---');
    assert.equal(slugifyHeading('!!!'), '');
  });

  it('replace emoji codes first when the site has enableEmoji, as Hugo 0.111 does', () => {
    const withEmoji = new HeadingIdFactory({ emoji: true });
    const headings: readonly (readonly [source: string, hugoId: string])[] = [
      [':feather: Retro principles', '-retro-principles'],
      ['Leave - :us: and :canada: only', 'leave----and--only'],
      // The emoji is what the sanitizer sees: a keycap keeps its digit, ℹ is a letter.
      [':one: keycap and :information_source: letter', '1-keycap-and-ℹ-letter'],
      [':not_an_emoji: stays', 'not_an_emoji-stays'],
      ['Time 10:30:45 and a:b:c', 'time-103045-and-ac'],
      [':tada::rocket: adjacent', '-adjacent'],
    ];
    assert.deepEqual(
      headings.map(([source]) => withEmoji.idOf(source)),
      headings.map(([, id]) => id),
    );
    assert.equal(new HeadingIdFactory().idOf(':feather: Retro principles'), 'feather-retro-principles');
  });

  it('know every emoji code by its characters, so that text without such a code is left alone', () => {
    const names = gemoji.flatMap((entry) => entry.names);
    assert.ok(names.length > 1000);
    for (const name of names) assert.ok(mayHaveEmojiCode(`:${name}:`), name);
    assert.equal(mayHaveEmojiCode('Time 10 : 30, a:b c:'), false);
    assert.equal(emojify('Time 10 : 30, a:b c:'), 'Time 10 : 30, a:b c:');
  });

  it('are the same whether made from the parsed heading or from its source, emoji or not', () => {
    const emojiHeadings = [':feather: Retro principles', 'Leave - :us: and :canada: only', 'Time 10:30:45 {#t}', ':tada: Again', 'Plain'];
    const page = `${PAGE.map(([markdown]) => markdown).join('\n')}\n${emojiHeadings.map((heading) => `## ${heading}`).join('\n')}\n\n[ladder]: /x/\n`;
    const headings = parsePage(page).headings;
    for (const emoji of [false, true]) {
      const fromFacts = new HeadingIdFactory({ emoji });
      const fromSource = new HeadingIdFactory({ emoji });
      assert.deepEqual(
        headings.map((heading) => fromFacts.idOfHeading(heading)),
        headings.map((heading) => fromSource.idOf(heading.source)),
      );
    }
  });

  it('number thousands of repeats -1, -2, … in turn, each skipping what explicit IDs took', () => {
    const ids = new HeadingIdFactory();
    ids.reserve('x-3');
    const given = Array.from({ length: 10_000 }, () => ids.generate('x'));
    assert.deepEqual(given.slice(0, 5), ['x', 'x-1', 'x-2', 'x-4', 'x-5']);
    assert.equal(given.at(-1), 'x-10000');
    assert.equal(new Set(given).size, given.length);
  });

  it('number repeats as the plain rule does: the first of base, base-1, base-2, … not taken yet, whatever came before', () => {
    // The rule as Hugo states it, one look-up per suffix tried: the factory must agree with it
    // after any mix of generated and explicit IDs.
    const plainRule = (operations: readonly (readonly [kind: 'generate' | 'reserve', text: string])[]) => {
      const taken = new Set<string>();
      return operations.map(([kind, text]) => {
        let id = text;
        for (let suffix = 1; kind === 'generate' && taken.has(id); suffix++) id = `${text}-${suffix}`;
        taken.add(id);
        return id;
      });
    };
    const names = fc.constantFrom('a', 'a-1', 'a-2', 'a-1-1', 'b', 'b-1');
    const operation = fc.tuple(fc.constantFrom('generate' as const, 'reserve' as const), names);
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const ids = new HeadingIdFactory();
        assert.deepEqual(
          operations.map(([kind, text]) => (kind === 'generate' ? ids.generate(text) : ids.reserve(text))),
          plainRule(operations),
        );
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it('fall back to "heading" when nothing is left, and number that too', () => {
    const ids = new HeadingIdFactory();
    assert.deepEqual(
      ['🚀', '', '{.only-class}'].map((source) => ids.idOf(source)),
      ['heading', 'heading-1', 'heading-2'],
    );
  });
});

describe('heading text for people', () => {
  const cases: readonly (readonly [source: string, text: string, explicitId?: string])[] = [
    ['Read the [values](/handbook/values/) first', 'Read the values first'],
    ['See [the ladder][ladder] here', 'See the ladder here'],
    ['Logo ![alt text](/img.png) here', 'Logo alt text here'],
    ['<span>New</span> roles', 'New roles'],
    ['Research &amp; Development &#x1F680;', 'Research & Development 🚀'],
    ['Use `git rebase` now', 'Use git rebase now'],
    ['**bold** *it* ~~strike~~', 'bold it strike'],
    ['A \\*star\\* escaped', 'A *star* escaped'],
    ['snake_case and 2 * 3', 'snake_case and 2 * 3'],
    ['Autolink <https://x.y/z>', 'Autolink https://x.y/z'],
    ['Link with [x](/a_(b)) parentheses', 'Link with x parentheses'],
    ['Senior Backend\nEngineer', 'Senior Backend Engineer'],
    ['Engineering Fellow – Security {#engineering-fellow-security}', 'Engineering Fellow – Security', 'engineering-fellow-security'],
    ['Closing hashes ## {#after-hashes}', 'Closing hashes', 'after-hashes'],
    ['Quoted {id="quoted-id" .c}', 'Quoted', 'quoted-id'],
    ['Class only {.cls}', 'Class only'],
    // Not an attribute block to Goldmark, so it stays in the text.
    ['Escaped \\{#not-an-id}', 'Escaped {#not-an-id}'],
    ['Not at end {#x} more', 'Not at end {#x} more'],
  ];
  for (const [source, text, explicitId] of cases) {
    it(JSON.stringify(source), () => {
      const described = describeHeading(source);
      assert.equal(described.text, text);
      assert.equal(described.explicitId, explicitId);
    });
  }
});

describe('attribute blocks on a line of their own', () => {
  const idsOf = (body: string) => parsePage(body, { frontMatter: false }).blockAttributeIds?.map(({ id, range }) => [id, body.slice(range.start, range.end)]) ?? [];
  it('gives the block before it an ID: after a paragraph or a list item, indented up to 3 spaces, with any line endings', () => {
    assert.deepEqual(idsOf('Text\n{#after-text}\n\n- item\n   { #after-item .c }\n\nLast\r\n{#crlf}\r\n'), [
      ['after-text', 'after-text'],
      ['after-item', 'after-item'],
      ['crlf', 'crlf'],
    ]);
  });
  it('is none on the first line, after a blank line, a heading or a fence, indented 4 spaces, in code, in a shortcode or before more text', () => {
    const none = '{#first}\nText\n\n{#after-blank}\n## Heading\n{#after-heading}\n```\n{#in-code}\n```\n{#after-fence}\nText\n    {#indented}\nText\n{{< x id="y" >}}\nText\n{#x} more\n';
    assert.deepEqual(idsOf(none), []);
  });
  it('counts any white space as indentation, but reads only spaces and tabs before the brace', () => {
    // trimStart takes the ideographic space off; Goldmark's attribute parser sees no `{` after it.
    assert.deepEqual(idsOf('Text\n\u3000{#wide}\nText\n\t{#tab}\nText\n\u3000\u3000\u3000\u3000{#deep}\n'), [['tab', 'tab']]);
  });
});
