// Links as the built site has them (issue 14), against the real Hugo: Hugo builds
// test/hugo/fixtures/built-links-site (its link render hook does what Hugo's embedded one does,
// which its config asks for), every rendered href is followed as a browser follows it from the
// page's URL — to a page (`x/index.html` is page `x/`), then to an id of that page — and the
// verdict is compared, line by line, with the check's: a link is broken on the site exactly when
// the check reports a problem on its line. One link per line in the fixture. Bare URLs
// (roles/bare-urls.md) must also be read where goldmark's Linkify reads them, and no others.
//
//   node --import tsx --test test/hugo/builtLinks.test.ts
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { urlKey } from '../../server/src/model/site/site';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import type { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import { buildHugoSite, findHugo, type HugoPage, type HugoSite } from './hugoFacts';
import { loadModel } from './modelFacts';

const SITE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'built-links-site');
const ORIGIN = 'https://links.example.com';

let hugoPath: string | undefined;
let hugo: HugoSite | undefined;
let buildError: Error | undefined;
let index: HandbookIndex;

before(async () => {
  ({ index } = await loadModel(SITE));
  hugoPath = await findHugo();
  if (!hugoPath) return;
  try {
    hugo = await buildHugoSite(SITE, { hugo: hugoPath });
  } catch (error) {
    buildError = error instanceof Error ? error : new Error(String(error));
  }
});

/**
 * Whether a rendered href leads nowhere on the built site, followed from `page` as a browser does.
 * The site's own hosts (the check's siteHosts, the real handbook's) are this site too.
 */
function brokenOnSite(site: HugoSite, page: HugoPage, href: string): boolean {
  const url = new URL(href, `${ORIGIN}${page.url}`);
  if (url.origin !== ORIGIN && !(url.protocol === 'https:' && DEFAULT_SETTINGS.siteHosts.includes(url.host))) return false;
  const pathname = url.pathname.replace(/\/index\.html$/, '/');
  const target = [...site.pages.values()].find((candidate) => urlKey(candidate.url) === urlKey(pathname));
  if (!target) return true;
  const fragment = decodeURIComponent(url.hash.slice(1));
  return fragment !== '' && !target.ids.includes(fragment);
}

describe('links as the built site has them: the check agrees with Hugo', () => {
  it('finds broken exactly the links that lead nowhere on the site Hugo builds', async (t) => {
    if (!hugoPath) return t.skip('hugo not installed: apt-get install hugo');
    if (buildError) throw buildError;
    for (const [contentPath, hugoPage] of [...hugo!.pages].sort(([a], [b]) => a.localeCompare(b))) {
      await t.test(`${contentPath} (${hugoPage.title})`, () => {
        const file = index.pages().find((candidate) => candidate.sitePath === contentPath);
        assert.ok(file, `the model has no page ${contentPath}`);
        const links = [...file.facts.links].sort((a, b) => a.start - b.start);
        assert.equal(links.length, hugoPage.links.length, 'one rendered link for each link the model reads');
        // A bare URL (goldmark's Linkify) starts and ends where goldmark has it: Hugo's href is its destination, percent-encoded.
        const misread = links.flatMap((link, rank) => (link.kind === 'linkify' && decodeURI(hugoPage.links[rank]) !== link.destination ? [`${link.destination}: Hugo ${hugoPage.links[rank]}`] : []));
        assert.deepEqual(misread, []);
        const reportedLines = new Set(computeDiagnostics(index, file).map((diagnostic) => diagnostic.range.start.line));
        const disagreements = links.flatMap((link, rank) => {
          const line = file.lines.positionAt(link.start).line;
          const onSite = brokenOnSite(hugo!, hugoPage, hugoPage.links[rank]);
          const checked = reportedLines.has(line);
          return onSite === checked
            ? []
            : [`line ${line + 1}, ${link.destination} (rendered ${hugoPage.links[rank]}): ${onSite ? 'broken' : 'fine'} on the site, ${checked ? 'reported' : 'not reported'} by the check`];
        });
        assert.deepEqual(disagreements, []);
      });
    }
  });
});
