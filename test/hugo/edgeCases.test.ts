// The corner cases of Hugo's URL and heading-ID rules, one page each, in a site of their own
// (test/hugo/fixtures/edge-site): Hugo builds it, and every page's URL, heading IDs and HTML
// anchors are compared with the model's. A failing subtest names the page (the page's title says
// what it tests) and lists each difference as "Hugo …, model …".
//
//   node --import tsx --test test/hugo/edgeCases.test.ts
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildHugoSite, findHugo, type HugoSite } from './hugoFacts';
import { loadModel, pageDifferences, siteDifferences, type ModelPage } from './modelFacts';

const EDGE_SITE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'edge-site');

let hugoPath: string | undefined;
let hugo: HugoSite | undefined;
let buildError: Error | undefined;
let model: Map<string, ModelPage>;

before(async () => {
  ({ pages: model } = await loadModel(EDGE_SITE));
  hugoPath = await findHugo();
  if (!hugoPath) return;
  try {
    hugo = await buildHugoSite(EDGE_SITE, { hugo: hugoPath });
  } catch (error) {
    buildError = error instanceof Error ? error : new Error(String(error));
  }
});

function hugoOrSkip(t: { skip(message: string): void }): HugoSite | undefined {
  if (!hugoPath) {
    t.skip('hugo not installed: apt-get install hugo');
    return undefined;
  }
  if (buildError) throw buildError;
  return hugo;
}

describe('edge cases of URLs and heading IDs: the model agrees with Hugo', () => {
  it('has the same pages as Hugo (drafts and Markdown files inside leaf bundles are not pages)', (t) => {
    const site = hugoOrSkip(t);
    if (!site) return;
    const { onlyHugo, onlyModel } = siteDifferences(site, model);
    assert.deepEqual(onlyHugo, [], 'pages Hugo built that the model does not know');
    assert.deepEqual(onlyModel, [], 'files the model takes for pages that Hugo does not build');
  });

  it("gives each page Hugo's URL, heading IDs and HTML anchors", async (t) => {
    const site = hugoOrSkip(t);
    if (!site) return;
    for (const [contentPath, hugoPage] of [...site.pages].sort(([a], [b]) => a.localeCompare(b))) {
      await t.test(`${contentPath} (${hugoPage.title})`, () => {
        const page = model.get(contentPath);
        assert.ok(page, `the model has no page ${contentPath}`);
        const differences = pageDifferences(hugoPage, page);
        assert.ok(differences.length === 0, `${contentPath} differs from Hugo:\n  ${differences.join('\n  ')}`);
      });
    }
  });
});
