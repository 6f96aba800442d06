// Hugo's URL rules, without Hugo: the URL of a content file (every expected URL below is the
// `.RelPermalink` Hugo 0.111 gave that file, decoded), and how links find pages — case-insensitive,
// with or without the trailing slash, through aliases and the site's own hosts — and which content
// files are no pages at all.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { FrontMatter } from '../../server/src/model/page/frontMatter';
import { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { IndexedFile, ResolvedLink } from '../../server/src/model/index/indexedFile';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { contentPathOf, pageUrl, resolveDestination, urlKey } from '../../server/src/model/site/site';
import { MemoryWorkspace } from '../support/memoryWorkspace';

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

  it('resolve absolute links to the site hosts as paths, and other hosts as external', () => {
    const hosts = ['handbook.gitlab.com'];
    assert.deepEqual(resolveDestination('https://handbook.gitlab.com/jobs/developer/#staff', '/x/', 'x.md', hosts), {
      kind: 'page',
      urlPath: '/jobs/developer/',
      fragment: 'staff',
      relative: false,
      reference: undefined,
      host: 'handbook.gitlab.com',
    });
    assert.equal(resolveDestination('//HANDBOOK.gitlab.com/jobs/', '/x/', 'x.md', hosts).kind, 'page');
    assert.deepEqual(resolveDestination('https://example.com/jobs/', '/x/', 'x.md', hosts), { kind: 'external' });
    assert.deepEqual(resolveDestination('mailto:someone@example.com', '/x/', 'x.md', hosts), { kind: 'external' });
  });

  it('take https: without // as a path of the site, as a browser on an https page does', () => {
    const hosts = ['handbook.gitlab.com'];
    const slash = resolveDestination('https:/handbook.gitlab.com/jobs/', '/x/', 'x.md', hosts);
    assert.equal(slash.kind === 'page' && slash.urlPath, '/handbook.gitlab.com/jobs/');
    const none = resolveDestination('https:jobs/', '/x/', 'x.md', hosts);
    assert.equal(none.kind === 'page' && none.urlPath, '/x/jobs/');
    // Another scheme, or http: on an https page, is an absolute URL whatever its slashes.
    assert.deepEqual(resolveDestination('http:/example.com/jobs/', '/x/', 'x.md', hosts), { kind: 'external' });
  });

  it('resolve relative links against the page URL, and say what the link hook would look up', () => {
    assert.deepEqual(resolveDestination('../backend/#requirements', '/job-families/engineering/frontend/', 'job-families/engineering/frontend.md', []), {
      kind: 'page',
      urlPath: '/job-families/engineering/backend/',
      fragment: 'requirements',
      relative: true,
      reference: ['job-families/backend', '../backend'],
      host: undefined,
    });
    assert.deepEqual(resolveDestination('backend.md#x', '/job-families/engineering/frontend/', 'job-families/engineering/frontend.md', []), {
      kind: 'file',
      contentPath: 'job-families/engineering/backend.md',
      fragment: 'x',
      reference: ['job-families/engineering/backend.md', 'backend.md'],
      urlPath: '/job-families/engineering/frontend/backend.md',
    });
    assert.deepEqual(resolveDestination('/a/b/', '/x/', 'x.md', []), { kind: 'page', urlPath: '/a/b/', fragment: undefined, relative: false, reference: ['a/b'], host: undefined });
  });

  it('take .html destinations for the pages the built site serves at them (issue 14)', () => {
    const page = (destination: string, fromUrl = '/s/p/', fromContentPath = 's/p.md') => {
      const target = resolveDestination(destination, fromUrl, fromContentPath, ['handbook.example.com']);
      return target.kind === 'page' ? [target.urlPath, target.fragment, target.reference] : target.kind;
    };
    // `x.html` is no file of the built site (pages are `x/index.html`), but the link hook's .GetPage finds page x.
    assert.deepEqual(page('c.html#a'), ['/s/p/c.html', 'a', ['s/c.html', 'c.html']]);
    assert.deepEqual(page('c.html?x=1#a'), ['/s/p/c.html', 'a', ['s/c.html', 'c.html']]);
    // `index.html` is the page of its folder as a browser finds it.
    assert.deepEqual(page('index.html#a'), ['/s/p/', 'a', ['s/index.html', 'index.html']]);
    assert.deepEqual(page('c/index.html'), ['/s/p/c/', undefined, ['s/c/index.html', 'c/index.html']]);
    assert.deepEqual(page('/s/c/INDEX.HTML'), ['/s/c/', undefined, ['s/c/INDEX.HTML']]);
    assert.deepEqual(page('https://handbook.example.com/s/c/index.html'), ['/s/c/', undefined, undefined]);
    // Other extensions are static files; `.htm` is no name Hugo writes a page to.
    assert.equal(page('c.htm'), 'unchecked');
    assert.equal(page('logo.png'), 'unchecked');
  });

  it('normalize paths and cut queries only where a path needs it, as path.posix and a regular expression would', () => {
    const page = (destination: string, fromUrl = '/p/', fromContentPath = 'p.md') => {
      const target = resolveDestination(destination, fromUrl, fromContentPath, []);
      return target.kind === 'page' ? [target.urlPath, target.reference] : target.kind === 'file' ? [target.contentPath, target.reference] : target.kind;
    };
    assert.deepEqual(page('/a/./b/../c/#x'), ['/a/c/', ['a/c']]);
    assert.deepEqual(page('/a//b/?q=1'), ['/a/b/', ['a/b']]);
    assert.deepEqual(page('x/../../y/', '/a/b/', 'a/b.md'), ['/a/y/', ['y', '../y']]);
    assert.deepEqual(page('../../../c.md', '/a/b/', 'a/b.md'), ['../../c.md', ['../../c.md', '../../../c.md']]);
    assert.deepEqual(page('/%E6%97%A5/'), ['/%E6%97%A5/', ['日']]);
    // A query is what follows a '?' with no line break after it (an href may hold one).
    assert.deepEqual(page('/a/?x\ny'), ['/a/?x\ny', ['a/?x\ny']]);
    assert.deepEqual(page('/a/?x\ny?z'), ['/a/?x\ny', ['a/?x\ny']]);
  });

  it('place files below a content root whether or not their paths are resolved', () => {
    const roots = [{ directory: path.resolve('/site/content'), prefix: '' }];
    assert.equal(contentPathOf(roots, path.resolve('/site/content/a/b.md')), 'a/b.md');
    assert.equal(contentPathOf(roots, '/site/content/a/../b.md'), 'b.md');
    assert.equal(contentPathOf(roots, '/site/content//a/b.md'), 'a/b.md');
    assert.equal(contentPathOf([{ directory: path.resolve('/site/content'), prefix: 'x' }], path.resolve('/site/content/a/b.md')), 'x/a/b.md');
    assert.equal(contentPathOf(roots, path.resolve('/site/contents/a.md')), undefined);
    assert.equal(contentPathOf(roots, path.resolve('/site/content')), undefined);
    assert.equal(contentPathOf([{ directory: path.resolve('/'), prefix: '' }], path.resolve('/a.md')), 'a.md');
  });

  it('decode fragments and drop text directives, which are no anchors', () => {
    assert.deepEqual(resolveDestination('#caf%C3%A9', '/x/', 'x.md', []), { kind: 'same-page', fragment: 'café' });
    assert.deepEqual(resolveDestination('#:~:text=GitLab%20has', '/x/', 'x.md', []), { kind: 'same-page', fragment: '' });
    assert.equal((resolveDestination('/a/#mission:~:text=x', '/x/', 'x.md', []) as { fragment?: string }).fragment, 'mission');
  });

  it('leave static files and templates unchecked, but not pages whose names have dots', () => {
    assert.deepEqual(resolveDestination('/images/logo.png', '/x/', 'x.md', []), { kind: 'unchecked' });
    assert.deepEqual(resolveDestination('{{< ref "x" >}}', '/x/', 'x.md', []), { kind: 'unchecked' });
    assert.equal(resolveDestination('/urls/v1.2/', '/x/', 'x.md', []).kind, 'page');
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
    // A site host is shared: a section this site has no pages in belongs to another site.
    ['https://about.gitlab.com/blog/2020/01/01/post/', 'external'],
    ['/jobs/developer/#:~:text=Staff', 'jobs/developer.md'],
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
      index
        .pages()
        .map((page) => page.sitePath)
        .sort(),
      ['Two Words/My Page.md', 'bundle/index.md', 'from.md', 'job-families/engineering/development/backend.md', 'jobs/developer.md'],
    );
  });
});

describe("with Hugo's embedded link hook on, links are looked up as pages first, as .GetPage does", () => {
  // Every expected page is the one Hugo 0.111's .GetPage returned for that link from s/page.md
  // (its URL is /s/renamed/): relative to the file's folder first, then from the content root.
  const root = path.resolve('/hook-site');
  const content = (file: string) => path.join(root, 'content', ...file.split('/'));
  const build = async (useEmbedded: string, hugoVersionMin?: string) => {
    const pages = ['_index.md', 'other.md', 's/_index.md', 's/leaf/index.md', 's/sub/_index.md', 's/sub/deep.md', 's/Upper.md'];
    const module = hugoVersionMin === undefined ? '' : `[module.hugoVersion]\nmin = "${hugoVersionMin}"\n`;
    const files: Record<string, string> = {
      [path.join(root, 'hugo.toml')]: `[markup.goldmark.renderHooks.link]\nuseEmbedded = "${useEmbedded}"\n${module}`,
      [content('s/page.md')]: '---\ntitle: Page\nslug: renamed\n---\n',
      ...Object.fromEntries(pages.map((page) => [content(page), `---\ntitle: ${page}\n---\n`])),
    };
    const index = new HandbookIndex(new MemoryWorkspace([root], files), DEFAULT_SETTINGS);
    await index.build();
    return { index, from: index.get(content('s/page.md'))! };
  };
  const target = (resolved: ResolvedLink) => (resolved.kind === 'page' ? resolved.page.sitePath : resolved.kind);

  const cases: readonly (readonly [destination: string, page: string])[] = [
    ['leaf/', 's/leaf/index.md'],
    ['leaf/index.md', 's/leaf/index.md'],
    ['leaf/index', 's/leaf/index.md'],
    ['./leaf/', 's/leaf/index.md'],
    ['sub/_index.md', 's/sub/_index.md'],
    ['sub/deep', 's/sub/deep.md'],
    ['Sub/Deep.md', 's/sub/deep.md'],
    ['../other/', 'other.md'],
    ['other.md', 'other.md'],
    ['upper', 's/Upper.md'],
    ['..', '_index.md'],
    ['/s/sub/deep', 's/sub/deep.md'],
    // Not pages to .GetPage: a branch's index.md, a file of another folder, a slug.
    ['index.md', 'missing-page'],
    ['sub/_index', 'missing-page'],
    ['deep.md', 'missing-page'],
    ['renamed', 'missing-page'],
  ];
  for (const [destination, page] of cases) {
    it(`${destination} → ${page}`, async () => {
      const { index, from } = await build('fallback');
      assert.equal(target(index.resolveLink(from, destination)), page);
    });
  }

  it("look a leaf bundle's links up from its parent folder, except those that climb with ..", async () => {
    const { index } = await build('fallback');
    const leaf = index.get(content('s/leaf/index.md'))!;
    assert.equal(target(index.resolveLink(leaf, 'sub/deep.md')), 's/sub/deep.md');
    assert.equal(target(index.resolveLink(leaf, 'sub/')), 's/sub/_index.md');
    assert.equal(target(index.resolveLink(leaf, '../sub/deep/')), 's/sub/deep.md');
  });

  it('find the page a folder names by its index.md or _index.md, unless the folder is a section', async () => {
    const { index, from } = await build('fallback');
    assert.equal(target(index.resolveLink(from, 'sub/deep/index.md')), 's/sub/deep.md');
    assert.equal(target(index.resolveLink(from, 'sub/deep/_index.md')), 's/sub/deep.md');
    assert.equal(target(index.resolveLink(from, 'sub/index.md')), 'missing-page');
  });

  it('apply the rules of Hugo 0.123 when the site declares module.hugoVersion.min 0.123 or later', async () => {
    const { index, from } = await build('fallback', '0.123.0');
    const leaf = index.get(content('s/leaf/index.md'))!;
    // A path with an extension is looked up from the bundle's own folder; without one, from its parent.
    assert.equal(target(index.resolveLink(leaf, 'sub/deep.md')), 'missing-page');
    assert.equal(target(index.resolveLink(leaf, 'sub/deep')), 's/sub/deep.md');
    assert.equal(target(index.resolveLink(leaf, '../sub/deep.md')), 's/sub/deep.md');
    // A section is found by its index.md or _index too.
    assert.equal(target(index.resolveLink(from, 'index.md')), 's/_index.md');
    assert.equal(target(index.resolveLink(from, 'sub/_index')), 's/sub/_index.md');
    // A path starting with . is not looked up from the content root.
    assert.equal(target(index.resolveLink(from, './other.md')), 'missing-page');
    assert.equal(target(index.resolveLink(from, 'other.md')), 'other.md');
    const older = await build('fallback', '0.111');
    assert.equal(target(older.index.resolveLink(older.from, './other.md')), 'other.md');
  });

  it('resolve relative links against the page URL alone when the hook is off', async () => {
    const { index, from } = await build('auto');
    assert.equal(target(index.resolveLink(from, 'leaf/')), 'missing-page');
    assert.equal(target(index.resolveLink(from, '../leaf/')), 's/leaf/index.md');
  });
});
