// Conformance with the real engine: Hugo (Debian's 0.111, `apt-get install hugo`) builds the
// example handbook, and for every page the URL and heading IDs it produced are compared with
// what the project's model (HandbookIndex) says. Also checks the fixture itself: that the pages
// listed as breaking the build really do, and that the only links Hugo's output leaves dangling
// are the documented defects of examples/handbook/README.md.
//
// Skips when hugo is not installed. Run alone with:
//   node --import tsx --test test/hugo/conformance.test.ts
// Print Hugo's facts for the example: node --import tsx test/hugo/hugoFacts.ts
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it, before } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import type { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { IndexedFile } from '../../server/src/model/index/indexedFile';
import { buildHugoSite, EXAMPLE_BREAKS_HUGO, EXAMPLE_SITE, findHugo, type HugoPage, type HugoSite } from './hugoFacts';
import { loadModel, pageDifferences, siteDifferences, type ModelPage } from './modelFacts';

const SKIP_MESSAGE = 'hugo not installed: apt-get install hugo';

/**
 * Links of the example that point at no page or at no anchor, as Hugo's output shows them:
 * `page → href` of the rendered HTML. Exactly the "dangling link" defects of the README.
 */
const EXPECTED_DANGLING = [
  'handbook/engineering/careers/_index.md → /jobs/developer#engineering-fellow: no such anchor',
  'handbook/engineering/careers/_index.md → /jobs/security-management#director-of-security: no such page',
  'handbook/engineering/careers/_index.md → /jobs/security-management#security-engineering-manager: no such page',
  'handbook/engineering/careers/cross-references.md → /handbook/engineering/careers/faq/#no-such-question: no such anchor',
  'handbook/engineering/careers/cross-references.md → /handbook/engineering/careers/kpis/#hiring-kpi: no such anchor',
  'handbook/engineering/careers/cross-references.md → https://handbook.gitlab.com/handbook/engineering/careers/faq/#no-such-answer: no such anchor',
  'handbook/engineering/careers/matrix/development/_index.md → /job-families/engineering/frontend/#senior-frontend-engineer: no such page',
  'handbook/values/_index.md → #earlier-wording-1: no such anchor',
  'handbook/values/_index.md → #fn:3: no such anchor',
  'job-families/engineering/development/fullstack.md → /job-families/engineering/development/backend/#hiring-proces: no such anchor',
  'job-families/engineering/development/management/senior-distinguished.md → /handbook/engineering/careers/#roles: no such anchor',
];

/** Links that only work through a front matter `aliases` entry (the moved Backend Engineer role). */
const EXPECTED_VIA_ALIAS = [
  'handbook/engineering/careers/matrix/development/_index.md → /job-families/engineering/backend-engineer/',
  'jobs/developer.md → /job-families/engineering/backend-engineer/',
];

let hugoPath: string | undefined;
let hugo: HugoSite | undefined;
let buildError: Error | undefined;

before(async () => {
  hugoPath = await findHugo();
  if (!hugoPath) return;
  try {
    hugo = await buildHugoSite(EXAMPLE_SITE, { exclude: EXAMPLE_BREAKS_HUGO, hugo: hugoPath });
  } catch (error) {
    buildError = error instanceof Error ? error : new Error(String(error));
  }
});

/** Hugo's facts, or undefined after skipping the test. */
function hugoOrSkip(t: { skip(message: string): void }): HugoSite | undefined {
  if (!hugoPath) {
    t.skip(SKIP_MESSAGE);
    return undefined;
  }
  if (buildError) throw buildError;
  return hugo;
}

/** `/a/b/` and `/A/b` are the same page to a reader (Hugo lower-cases paths; servers add the slash). */
function urlKey(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // kept as written
  }
  return decoded.toLowerCase().replace(/\/+$/, '') || '/';
}

describe('the example handbook, built by Hugo', () => {
  it('builds once the pages that break it on purpose are left out, and those pages really break it', async (t) => {
    const site = hugoOrSkip(t);
    if (!site) return;
    assert.ok(site.pages.size >= 25, `Hugo built only ${site.pages.size} pages`);
    const readme = await fs.readFile(path.join(EXAMPLE_SITE, 'README.md'), 'utf8');
    for (const broken of EXAMPLE_BREAKS_HUGO) {
      assert.ok(readme.includes(`content/${broken}`), `examples/handbook/README.md does not describe content/${broken}`);
      const others = EXAMPLE_BREAKS_HUGO.filter((other) => other !== broken);
      await assert.rejects(
        buildHugoSite(EXAMPLE_SITE, { exclude: others, hugo: hugoPath }),
        (error: Error) => error.message.includes(path.basename(broken)) || /logged \d+ error/.test(error.message),
        `Hugo built the example with content/${broken} in it: it is no longer a page that breaks the build`,
      );
    }
  });

  it('leaves dangling exactly the links the README lists as defects', (t) => {
    const site = hugoOrSkip(t);
    if (!site) return;
    const byUrl = new Map<string, HugoPage>();
    for (const page of site.pages.values()) byUrl.set(urlKey(page.url), page);
    const aliases = new Set([...site.pages.values()].flatMap((page) => page.aliases.map(urlKey)));
    const generated = new Set(site.generatedPages.map(urlKey));
    // The pages left out of the build exist for the model; links to them are not dangling.
    const leftOut = new Set(EXAMPLE_BREAKS_HUGO.map((file) => urlKey(`/${file.replace(/\.md$/, '/')}`)));

    const dangling: string[] = [];
    const viaAlias: string[] = [];
    for (const [contentPath, page] of site.pages) {
      for (const href of page.links) {
        // An absolute URL on one of the site's own hosts (a bare URL in the text, say) is a link into it.
        const own = /^https:\/\/([^/?#]+)/i.exec(href);
        if (own && !DEFAULT_SETTINGS.siteHosts.includes(own[1].toLowerCase())) continue;
        if (!own && (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//'))) continue;
        const hashAt = href.indexOf('#');
        const pathPart = (hashAt === -1 ? href : href.slice(0, hashAt)).slice(own ? own[0].length : 0);
        const fragment = hashAt === -1 ? '' : decodeURIComponent(href.slice(hashAt + 1));
        const key = urlKey(pathPart || page.url);
        const target = byUrl.get(key);
        if (target) {
          if (fragment && !target.ids.includes(fragment)) dangling.push(`${contentPath} → ${href}: no such anchor`);
        } else if (aliases.has(key)) {
          viaAlias.push(`${contentPath} → ${href}`);
        } else if (!generated.has(key) && !leftOut.has(key)) {
          dangling.push(`${contentPath} → ${href}: no such page`);
        }
      }
    }
    assert.deepEqual([...new Set(dangling)].sort(), EXPECTED_DANGLING);
    // An unresolved ref or relref is an empty href (the README's broken ref).
    const emptyHrefs = [...site.pages].flatMap(([contentPath, page]) => page.links.filter((href) => href === '').map(() => contentPath));
    assert.deepEqual(emptyHrefs, ['handbook/engineering/careers/cross-references.md']);
    assert.deepEqual([...new Set(viaAlias)].sort(), EXPECTED_VIA_ALIAS);
  });
});

describe('the model agrees with Hugo on the example handbook', () => {
  let index: HandbookIndex;
  let model: Map<string, ModelPage>;
  let modelPages: Map<string, IndexedFile>;

  before(async () => {
    ({ index, pages: model } = await loadModel(EXAMPLE_SITE));
    modelPages = new Map(index.pages().map((page) => [page.sitePath, page]));
  });

  it('knows every page Hugo built, and only the deliberately broken ones besides', (t) => {
    const site = hugoOrSkip(t);
    if (!site) return;
    const { onlyHugo, onlyModel } = siteDifferences(site, model);
    assert.deepEqual(onlyHugo, [], 'pages Hugo built that the model does not know');
    assert.deepEqual(onlyModel, [...EXAMPLE_BREAKS_HUGO].sort(), 'pages the model knows that Hugo did not build');
  });

  it('gives every page the URL, aliases, heading IDs (in order) and HTML anchors Hugo renders', async (t) => {
    const site = hugoOrSkip(t);
    if (!site) return;
    for (const [contentPath, hugoPage] of [...site.pages].sort(([a], [b]) => a.localeCompare(b))) {
      await t.test(contentPath, () => {
        const page = model.get(contentPath);
        assert.ok(page, `the model has no page ${contentPath}`);
        const differences = pageDifferences(hugoPage, page);
        assert.ok(differences.length === 0, `${contentPath} differs from Hugo:\n  ${differences.join('\n  ')}`);
      });
    }
  });

  it("judges the links written in each page as Hugo's output does", async (t) => {
    const site = hugoOrSkip(t);
    if (!site) return;
    const byUrl = new Map<string, HugoPage>();
    for (const page of site.pages.values()) byUrl.set(urlKey(page.url), page);
    const aliases = new Map<string, HugoPage>();
    for (const page of site.pages.values()) for (const alias of page.aliases) aliases.set(urlKey(alias), page);
    const generated = new Set(site.generatedPages.map(urlKey));

    for (const [contentPath, page] of [...modelPages].sort(([a], [b]) => a.localeCompare(b))) {
      if (!site.pages.has(contentPath)) continue;
      await t.test(contentPath, () => {
        const disagreements: string[] = [];
        for (const link of page.facts.links) {
          const resolved = index.resolveLink(page, link.destination, link.kind);
          let model: string;
          if (resolved.kind === 'missing-page') model = 'no such page';
          else if (resolved.kind !== 'page') continue;
          else if (resolved.fragment !== undefined && !resolved.anchor) model = 'no such anchor';
          else model = resolved.viaAlias ? 'alias' : 'ok';
          // Hugo's verdict, for the root-absolute and same-page links the example uses.
          const hashAt = link.destination.indexOf('#');
          const pathPart = hashAt === -1 ? link.destination : link.destination.slice(0, hashAt);
          const fragment = hashAt === -1 ? '' : decodeURIComponent(link.destination.slice(hashAt + 1));
          if (pathPart && !pathPart.startsWith('/')) continue;
          const key = urlKey(pathPart || site.pages.get(contentPath)!.url);
          const target = byUrl.get(key);
          if (!target && EXAMPLE_BREAKS_HUGO.some((file) => urlKey(`/${file.replace(/\.md$/, '/')}`) === key)) continue;
          const truth = target ? (fragment && !target.ids.includes(fragment) ? 'no such anchor' : 'ok') : aliases.has(key) ? 'alias' : generated.has(key) ? 'ok' : 'no such page';
          if (model !== truth) disagreements.push(`${link.destination}: Hugo says "${truth}", the model says "${model}"`);
        }
        assert.deepEqual(disagreements, [], `${contentPath}: link verdicts`);
      });
    }
  });
});
