// Where the link hook's `.GetPage` finds a page, against the real Hugo: the site of
// test/hugo/fixtures/getpage-site has a link hook that writes the URL of the page `.GetPage` finds
// for a link's path (or the link as written when it finds none), and every link of every page is
// compared with the page the model resolves it to. A failing subtest names the page and lists each
// link as "Hugo …, model …".
//
//   node --import tsx --test test/hugo/getPage.test.ts
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import { buildHugoSite, findHugo, type HugoSite } from './hugoFacts';
import { loadModel } from './modelFacts';

const GETPAGE_SITE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'getpage-site');

let hugoPath: string | undefined;
let hugo: HugoSite | undefined;
let index: HandbookIndex;

before(async () => {
  ({ index } = await loadModel(GETPAGE_SITE));
  hugoPath = await findHugo();
  if (hugoPath) hugo = await buildHugoSite(GETPAGE_SITE, { hugo: hugoPath });
});

/** The href Hugo's link hook writes for a link, as the model predicts it: the found page's URL, or the link as written. */
function modelHref(destination: string, from: Parameters<HandbookIndex['resolveLink']>[0]): string {
  const resolved = index.resolveLink(from, destination);
  return resolved.kind === 'page' ? resolved.page.url! : destination;
}

describe("the link hook's .GetPage: the model finds the pages Hugo finds", () => {
  it('resolves every link of every page as Hugo does', async (t) => {
    if (!hugo) return t.skip('hugo not installed: apt-get install hugo');
    let links = 0;
    for (const page of index.pages()) {
      const hugoPage = hugo.pages.get(page.sitePath);
      assert.ok(hugoPage, `Hugo built no page from ${page.sitePath}`);
      await t.test(`${page.sitePath} (${hugoPage.title})`, () => {
        const model = page.facts.links.map((link) => `${link.destination} → ${modelHref(link.destination, page)}`);
        const written = page.facts.links.map((link, i) => `${link.destination} → ${hugoPage.links[i]}`);
        assert.deepEqual(model, written);
        links += model.length;
      });
    }
    assert.ok(links >= 12, `only ${links} links were compared`);
  });
});
