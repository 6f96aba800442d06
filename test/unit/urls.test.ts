// Hugo's URL rules, without Hugo: the URL of a content file (every expected URL below is the
// `.RelPermalink` Hugo 0.111 gave that file, decoded), and how links find pages — case-insensitive,
// with or without the trailing slash, through aliases and the site's own hosts — and which content
// files are no pages at all.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { FrontMatter } from '../../server/src/model/frontMatter';
import { HandbookIndex, type IndexedFile, type ResolvedLink } from '../../server/src/model/handbookIndex';
import { DEFAULT_SETTINGS } from '../../server/src/model/settings';
import { pageUrl, resolveDestination, urlKey } from '../../server/src/model/site';
import { MemoryWorkspace } from '../../server/src/model/workspace';

const NONE: FrontMatter = { aliases: [] };

describe('the URL of a content file', () => {
  const byPath: readonly (readonly [contentPath: string, url: string])[] = [
    ['_index.md', '/'],
    ['a/b.md', '/a/b/'],
    ['a/b/_index.md', '/a/b/'],
    ['a/b/index.md', '/a/b/'],
    ['a/b.markdown', '/a/b/'],
    // Lower-cased; white space runs become one '-'; punctuation other than . _ # + ~ - @ is dropped.
    ['Upper-Case.md', '/upper-case/'],
    ['Two Words/My Page.md', '/two-words/my-page/'],
    ['urls/role (old).md', '/urls/role-old/'],
    ['s/a - b.md', '/s/a-b/'],
    ['s/multi   space.md', '/s/multi-space/'],
    ['s/tab\tx.md', '/s/tab-x/'],
    ['s/ lead.md', '/s/-lead/'],
    ['s/a&b.md', '/s/ab/'],
    ['s/a,b.md', '/s/ab/'],
    ['s/a[1].md', '/s/a1/'],
    ['s/c++.md', '/s/c++/'],
    ['s/a@b.md', '/s/a@b/'],
    ['s/x~y.md', '/s/x~y/'],
    ['s/a_b.md', '/s/a_b/'],
    // '%' stays only before two hex digits.
    ['s/100%.md', '/s/100/'],
    ['s/p%41q.md', '/s/p%41q/'],
    // Letters of any script and marks stay (lower-cased); emoji and letter-numbers go.
    ['s/ÀÉ.md', '/s/àé/'],
    ['urls/日本/ページ.md', '/urls/日本/ページ/'],
    ['s/emoji🚀x.md', '/s/emojix/'],
    // A page is always a directory, whatever dots its name has.
    ['urls/v1.2.md', '/urls/v1.2/'],
    ['w/fault_tolerance.html.md', '/w/fault_tolerance.html/'],
  ];
  for (const [contentPath, url] of byPath) {
    it(`${JSON.stringify(contentPath)} → ${url}`, () => assert.equal(pageUrl(contentPath, NONE), url));
  }

  const byFrontMatter: readonly (readonly [contentPath: string, frontMatter: Partial<FrontMatter>, url: string])[] = [
    // slug replaces the file name (a leaf bundle's folder name), and is sanitized like it.
    ['urls/x.md', { slug: 'My Slug' }, '/urls/my-slug/'],
    ['urls/x.md', { slug: 'Slug (x)' }, '/urls/slug-x/'],
    ['urls/x.md', { slug: 'a/b' }, '/urls/a/b/'],
    ['urls/x.md', { slug: '/abs' }, '/urls/abs/'],
    ['urls/x.md', { slug: 'a.b' }, '/urls/a.b/'],
    ['urls/leaf/index.md', { slug: 'Bundle Slug' }, '/urls/bundle-slug/'],
    // A section's slug is ignored.
    ['urls/_index.md', { slug: 'ignored' }, '/urls/'],
    // url is taken as written: not lower-cased, not sanitized; a trailing '/' unless it names a file.
    ['urls/x.md', { url: 'custom/Path' }, '/custom/Path/'],
    ['urls/x.md', { url: '/Ünï/x' }, '/Ünï/x/'],
    ['urls/x.md', { url: '/z/' }, '/z/'],
    ['urls/x.md', { url: '/file.html' }, '/file.html'],
    ['urls/x.md', { url: '/v1.2' }, '/v1.2'],
    ['urls/x.md', { url: '/handbook/total-rewards/compensation/compensation-calculator/', slug: 'ignored' }, '/handbook/total-rewards/compensation/compensation-calculator/'],
  ];
  for (const [contentPath, frontMatter, url] of byFrontMatter) {
    it(`${JSON.stringify(contentPath)} with ${JSON.stringify(frontMatter)} → ${url}`, () => assert.equal(pageUrl(contentPath, { ...NONE, ...frontMatter }), url));
  }
});

describe('URL keys and link destinations', () => {
  it('compare URLs decoded, case-insensitively, without trailing or doubled slashes', () => {
    assert.equal(urlKey('/Jobs/Developer/'), urlKey('/jobs/developer'));
    assert.equal(urlKey('/urls/%E6%97%A5%E6%9C%AC/'), urlKey('/urls/日本'));
    assert.equal(urlKey('//a//b/'), '/a/b');
    assert.equal(urlKey('/'), '/');
    assert.equal(urlKey('/100%'), '/100%');
  });

  it('resolve absolute links to the site hosts as internal, and other hosts as external', () => {
    const hosts = ['handbook.gitlab.com'];
    assert.deepEqual(resolveDestination('https://handbook.gitlab.com/jobs/developer/#staff', '/x/', 'x.md', hosts), { kind: 'page', urlPath: '/jobs/developer/', fragment: 'staff' });
    assert.deepEqual(resolveDestination('//HANDBOOK.gitlab.com/jobs/', '/x/', 'x.md', hosts), { kind: 'page', urlPath: '/jobs/', fragment: undefined });
    assert.deepEqual(resolveDestination('https://example.com/jobs/', '/x/', 'x.md', hosts), { kind: 'external' });
    assert.deepEqual(resolveDestination('mailto:someone@example.com', '/x/', 'x.md', hosts), { kind: 'external' });
  });

  it('resolve relative links against the page URL and Markdown file links against its file', () => {
    assert.deepEqual(resolveDestination('../backend/#requirements', '/job-families/engineering/frontend/', 'job-families/engineering/frontend.md', []), {
      kind: 'page',
      urlPath: '/job-families/engineering/backend/',
      fragment: 'requirements',
    });
    assert.deepEqual(resolveDestination('backend.md#x', '/job-families/engineering/frontend/', 'job-families/engineering/frontend.md', []), {
      kind: 'file',
      contentPath: 'job-families/engineering/backend.md',
      fragment: 'x',
    });
    assert.deepEqual(resolveDestination('#caf%C3%A9', '/x/', 'x.md', []), { kind: 'same-page', fragment: 'café' });
    assert.deepEqual(resolveDestination('/images/logo.png', '/x/', 'x.md', []), { kind: 'unchecked' });
    assert.deepEqual(resolveDestination('{{< ref "x" >}}', '/x/', 'x.md', []), { kind: 'unchecked' });
  });
});

describe('links find pages as Hugo serves them', () => {
  const root = path.resolve('/handbook-site');
  const content = (file: string) => path.join(root, 'content', ...file.split('/'));
  let index: HandbookIndex;
  let from: IndexedFile;

  before(async () => {
    const files: Record<string, string> = {
      'jobs/developer.md': '---\ntitle: Developer\n---\n## Staff Developer\n',
      'job-families/engineering/development/backend.md': '---\ntitle: Backend\naliases:\n  - /job-families/engineering/backend-engineer/\n---\n## Requirements\n',
      'Two Words/My Page.md': '---\ntitle: Spaces\n---\n',
      'drafts/idea.md': '---\ntitle: Idea\ndraft: true\n---\n',
      'hidden/page.md': '---\ntitle: Hidden\nbuild:\n  render: never\n---\n',
      'bundle/index.md': '---\ntitle: Bundle\n---\n',
      'bundle/notes.md': '---\ntitle: Notes\n---\n',
      'bundle/deeper/more.md': '---\ntitle: More\n---\n',
      'from.md': '---\ntitle: From\n---\n',
    };
    const workspace = new MemoryWorkspace([root], Object.fromEntries(Object.entries(files).map(([file, text]) => [content(file), text])));
    index = new HandbookIndex(workspace, DEFAULT_SETTINGS);
    await index.build();
    from = index.get(content('from.md'))!;
  });

  const verdict = (resolved: ResolvedLink): string => {
    if (resolved.kind === 'missing-page') return resolved.unpublished ? `missing (${resolved.unpublished.reason})` : 'missing';
    if (resolved.kind !== 'page') return resolved.kind;
    const fragment = resolved.fragment === undefined ? '' : resolved.anchor ? `#${resolved.anchor.id}` : ' (no such anchor)';
    return `${resolved.page.sitePath}${fragment}${resolved.viaAlias ? ' via alias' : ''}`;
  };

  const cases: readonly (readonly [destination: string, verdict: string])[] = [
    ['/jobs/developer/', 'jobs/developer.md'],
    ['/jobs/developer', 'jobs/developer.md'],
    ['/Jobs/Developer#staff-developer', 'jobs/developer.md#staff-developer'],
    ['/jobs/developer/#Staff-Developer', 'jobs/developer.md#staff-developer'],
    ['/jobs/developer/#fellow', 'jobs/developer.md (no such anchor)'],
    ['https://handbook.gitlab.com/jobs/developer/', 'jobs/developer.md'],
    ['https://about.gitlab.com/jobs/nobody/', 'missing'],
    ['https://gitlab.com/jobs/developer/', 'external'],
    ['/job-families/engineering/backend-engineer', 'job-families/engineering/development/backend.md via alias'],
    ['/job-families/engineering/development/backend/#requirements', 'job-families/engineering/development/backend.md#requirements'],
    ['/two-words/my-page/', 'Two Words/My Page.md'],
    ['jobs/developer.md', 'jobs/developer.md'],
    ['/bundle/', 'bundle/index.md'],
    // Content files Hugo makes no page of.
    ['/drafts/idea/', 'missing (draft)'],
    ['/hidden/page/', 'missing (not-rendered)'],
    ['/bundle/notes/', 'missing (bundle-resource)'],
    ['/bundle/deeper/more/', 'missing (bundle-resource)'],
    ['bundle/notes.md', 'missing (bundle-resource)'],
  ];
  for (const [destination, expected] of cases) {
    it(`${destination} → ${expected}`, () => assert.equal(verdict(index.resolveLink(from, destination)), expected));
  }

  it('lists only the pages Hugo builds', () => {
    assert.deepEqual(
      index.pages().map((page) => page.sitePath).sort(),
      ['Two Words/My Page.md', 'bundle/index.md', 'from.md', 'job-families/engineering/development/backend.md', 'jobs/developer.md'],
    );
  });
});
