// Front matter through the fast path for plain YAML (server/src/model/plainYaml.ts) must read
// exactly what gray-matter reads — fields, body start and problems — because gray-matter is the
// reference. Every block below, and thousands made by mixing tricky lines, is read both ways.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { readFrontMatter } from '../../server/src/model/page/frontMatter';
import { readPlainYaml } from '../../server/src/model/page/plainYaml';

const grayMatterOnly = () => undefined;

/** Lines a handbook's front matter has, and lines that trip YAML up. */
const LINES = [
  'title: Senior Backend Engineer',
  'title: "Quoted: with colon"',
  "title: 'It''s single'",
  'title: "Escaped \\" quote"',
  'title: 2024',
  'title: 2024年の目標',
  'title: true',
  'title: null',
  'title: ~',
  'title:',
  'title: a: b',
  'title: C# & Go',
  'title: text # comment',
  'title: "text" # comment',
  'title: "text"trailing',
  'title: [a, b]',
  'title: >-',
  'title: -leading dash',
  'title: @at',
  'title: `tick`',
  'title: キャリアパス',
  'url: /handbook/roles/',
  'url: "/quoted/"',
  'url: .inf',
  'slug: engineer',
  'slug: 1.5',
  'draft: true',
  'draft: True',
  'draft: "true"',
  'draft: false',
  'draft: yes',
  'draft: 1',
  'headless: TRUE',
  'aliases: [/a/, "/b/", \'/c/\']',
  'aliases: []',
  'aliases: [ ]',
  'aliases: [/a/, ]',
  'aliases: [/a/, [nested]]',
  'aliases: [1, /b/]',
  'aliases: /just-one/',
  'aliases:',
  '- /old/path/',
  '  - /indented/',
  '- "quoted/item"',
  '- 2024',
  '-',
  '- a: b',
  '  continuation',
  'description: >-',
  'description: |',
  'description: |2',
  '  folded text: with colon # and hash',
  '    deeper text',
  ' shallow text',
  '   ',
  '',
  '# a comment',
  '  # an indented comment',
  'authors: [ "@AndyWH" ]',
  'tags: [one, two three]',
  'menu:',
  '  main:',
  '    weight: 10',
  'build:',
  '  render: never',
  '_build: {render: link}',
  'lastmod: 2024-01-02',
  'owning-stage: "~devops::plan"',
  'key:value',
  'key : value',
  'true: x',
  'null: y',
  'Null: z',
  '__proto__: x',
  '...',
  '---x',
  '%TAG ! x',
  'title: a\tb',
  'stale: false',
  'upstream_path: content/handbook/_index.md',
];

function bothWays(block: string): void {
  const text = `---\n${block}\n---\nBody\n`;
  assert.deepEqual(readFrontMatter(text), readFrontMatter(text, grayMatterOnly), JSON.stringify(block));
}

describe('front matter read by the fast path for plain YAML', () => {
  it('reads what gray-matter reads, line by line', () => {
    for (const line of LINES) bothWays(line);
    for (const line of LINES) bothWays(`title: Page\n${line}\nslug: page`);
  });

  it('reads what gray-matter reads, for thousands of blocks mixed from those lines', () => {
    let seed = 11;
    const random = (below: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 16) % below;
    let readFast = 0;
    for (let round = 0; round < 4000; round++) {
      const block = Array.from({ length: 1 + random(6) }, () => LINES[random(LINES.length)]).join('\n');
      bothWays(block);
      if (readPlainYaml(block)) readFast++;
    }
    // The mix must exercise the fast path itself, not only its refusals.
    assert.ok(readFast > 300, `${readFast} blocks read by the fast path`);
  });

  it('reads the shapes handbooks write itself, and leaves the rest to gray-matter', () => {
    const page = 'title: "ハンドブック"\ndescription: >-\n  Long text: here\nlastmod: 2024-01-02\naliases:\n- /a/\n- "/b/"\nauthors: [ "@x" ]\ndraft: true';
    assert.deepEqual(readPlainYaml(page), { title: 'ハンドブック', aliases: ['/a/', '/b/'], draft: true });
    bothWays(page);
    assert.equal(readPlainYaml('menu:\n  main:\n    weight: 1'), undefined);
    assert.equal(readPlainYaml('title: "a\\nb"'), undefined);
    assert.equal(readPlainYaml('title: 2024'), undefined);
  });

  it('leaves blocks ended by "...", indented openings and CRLF lines to gray-matter', () => {
    for (const text of ['---\ntitle: a\n...\nBody', '---  \ntitle: a\n---\nBody', '---\r\ntitle: a\r\n---\r\nBody', '---\ntitle: a\ntitle: b\n---\n']) {
      assert.deepEqual(readFrontMatter(text), readFrontMatter(text, grayMatterOnly), JSON.stringify(text));
    }
  });
});
