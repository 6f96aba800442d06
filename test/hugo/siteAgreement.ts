// How closely the model agrees with Hugo on a whole real site — a measurement, not a test (a real
// handbook is no part of the project). Hugo builds a copy of the site with the test layouts, and
// what the copy cannot have is stubbed: the config keeps only what bears on URLs and Markdown
// (Hugo modules cannot be fetched here), a shortcode without a template prints its inner text (so
// headings written inside it stay headings, and it generates nothing), and the handbook's include
// shortcode stands in when the site has none. Then page by page: URL, heading IDs, anchors; and
// for every link the model finds broken, whether Hugo's output agrees.
//
//   node --import tsx test/hugo/siteAgreement.ts /path/to/site
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { urlKey } from '../../server/src/model/site/site';
import { buildHugoSite, EXAMPLE_SITE, type HugoPage } from './hugoFacts';
import { loadModel, pageDifferences, siteDifferences } from './modelFacts';

/** Shortcodes Hugo 0.111 has built in. */
const EMBEDDED_SHORTCODES = new Set(['figure', 'gist', 'highlight', 'instagram', 'param', 'ref', 'relref', 'tweet', 'twitter', 'twitter_simple', 'vimeo', 'vimeo_simple', 'youtube']);
/** Config keys that bear on URLs, heading IDs and Markdown, lower-cased as Hugo reads them. */
const KEPT_CONFIG = ['baseurl', 'contentdir', 'assetdir', 'defaultcontentlanguage', 'languagecode', 'enableemoji', 'markup', 'disablepathtolower', 'removepathaccents'];

async function prepareCopy(copy: string): Promise<void> {
  const config: Record<string, unknown> = { disableKinds: ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404'], refLinksErrorLevel: 'WARNING', refLinksNotFoundURL: '' };
  const configFiles = [
    ...['hugo', 'config'].flatMap((name) => ['toml', 'yaml', 'yml', 'json'].map((extension) => path.join(copy, `${name}.${extension}`))),
    ...(await fs.readdir(path.join(copy, 'config', '_default')).catch(() => [])).map((name) => path.join(copy, 'config', '_default', name)),
  ];
  for (const file of configFiles) {
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const parsed = (file.endsWith('.toml') ? parseToml(text) : file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(parsed ?? {})) if (KEPT_CONFIG.includes(key.toLowerCase())) config[key] = value;
    await fs.rm(file);
  }
  await fs.writeFile(path.join(copy, 'hugo.json'), JSON.stringify(config, null, 2));

  const used = new Map<string, boolean>();
  for (const folder of ['content', 'assets']) {
    for (const file of await listFiles(path.join(copy, folder))) {
      if (!/\.(md|markdown)$/i.test(file)) continue;
      const text = await fs.readFile(file, 'utf8');
      for (const match of text.matchAll(/\{\{[%<]-?\s*(\/?)([A-Za-z][\w/.-]*)/g)) used.set(match[2], (used.get(match[2]) ?? false) || match[1] === '/');
    }
  }
  const shortcodes = path.join(copy, 'layouts', 'shortcodes');
  for (const [name, paired] of used) {
    const template = path.join(shortcodes, `${name}.html`);
    if (EMBEDDED_SHORTCODES.has(name) || (await exists(template))) continue;
    await fs.mkdir(path.dirname(template), { recursive: true });
    if (name === 'include') await fs.copyFile(path.join(EXAMPLE_SITE, 'layouts', 'shortcodes', 'include.html'), template);
    // Hugo 0.111 refuses a closing tag for a template without .Inner, and requires one with it.
    else await fs.writeFile(template, paired ? '{{- /* stub */ -}}{{- .Inner -}}' : '{{- /* stub */ -}}');
  }
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, { withFileTypes: true }).catch(() => []);
  const files = await Promise.all(entries.map(async (entry) => (entry.isDirectory() ? listFiles(path.join(directory, entry.name)) : [path.join(directory, entry.name)])));
  return files.flat();
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

const percent = (part: number, whole: number) => `${part}/${whole} (${whole === 0 ? 100 : ((100 * part) / whole).toFixed(2)}%)`;

async function main(siteDir: string): Promise<void> {
  const hugo = await buildHugoSite(siteDir, { prepare: prepareCopy });
  const { index, pages: model } = await loadModel(siteDir);
  const { onlyHugo, onlyModel } = siteDifferences(hugo, model);
  // Hugo lists a page with `build.render: never` in .Site.AllPages but writes nothing for it.
  const notRendered = new Set([...index.allFiles()].filter((file) => index.unpublished(file) === 'not-rendered').map((file) => file.sitePath));
  const unrendered = onlyHugo.filter((file) => notRendered.has(file));
  console.log(`Hugo ${hugo.hugoVersion}: ${hugo.pages.size} pages; model: ${model.size} pages`);
  console.log(`  pages only Hugo lists: ${onlyHugo.length} (of which not written out, build.render never/link: ${unrendered.length})`);
  for (const file of onlyHugo.filter((file) => !unrendered.includes(file))) console.log(`    ${file}`);
  console.log(`  pages only the model has: ${onlyModel.length}`);
  for (const file of onlyModel) console.log(`    ${file}`);

  let urls = 0;
  let headingPages = 0;
  let hugoIds = 0;
  let matchedIds = 0;
  let hugoAnchors = 0;
  let modelAnchors = 0;
  const anchorsOnlyHugo: string[] = [];
  const anchorsOnlyModel: string[] = [];
  const both = [...hugo.pages].filter(([file]) => model.has(file));
  for (const [file, hugoPage] of both) {
    const page = model.get(file)!;
    const differences = pageDifferences(hugoPage, page);
    if (!differences.some((line) => line.startsWith('url'))) urls++;
    if (!differences.some((line) => line.startsWith('heading'))) headingPages++;
    hugoIds += hugoPage.headingIds.length;
    const modelIds = new Set(page.headingIds);
    matchedIds += hugoPage.headingIds.filter((id) => modelIds.has(id)).length;
    const hugoSet = new Set(hugoPage.ids);
    const modelSet = new Set([...page.headingIds, ...page.htmlAnchors]);
    hugoAnchors += hugoSet.size;
    modelAnchors += modelSet.size;
    for (const id of hugoSet) if (!modelSet.has(id)) anchorsOnlyHugo.push(`${file} #${id}`);
    for (const id of modelSet) if (!hugoSet.has(id)) anchorsOnlyModel.push(`${file} #${id}`);
  }
  console.log(`URLs equal: ${percent(urls, both.length)}`);
  console.log(`pages whose heading IDs are equal, in order: ${percent(headingPages, both.length)}; heading IDs the model has too: ${percent(matchedIds, hugoIds)}`);
  console.log(
    `anchors (heading IDs and id/name attributes) Hugo renders that the model knows: ${percent(hugoAnchors - anchorsOnlyHugo.length, hugoAnchors)}; model anchors Hugo lacks: ${anchorsOnlyModel.length} of ${modelAnchors}`,
  );
  const footnote = (line: string) => /#fn(ref\d*)?:\d+$/.test(line);
  console.log(`  Hugo only, footnotes (fn:N, fnref:N): ${anchorsOnlyHugo.filter(footnote).length}; others:`);
  for (const line of anchorsOnlyHugo.filter((line) => !footnote(line))) console.log(`    ${line}`);
  for (const line of anchorsOnlyModel) console.log(`  model only: ${line}`);

  // Every link the model calls broken, judged by Hugo's output.
  const written = [...hugo.pages].filter(([file]) => !notRendered.has(file)).map(([, page]) => page);
  const byUrl = new Map<string, HugoPage>(written.map((page) => [urlKey(page.url), page]));
  for (const page of written) for (const alias of page.aliases) if (!byUrl.has(urlKey(alias))) byUrl.set(urlKey(alias), page);
  const verdicts = { page: { agree: 0, disagree: [] as string[] }, anchor: { agree: 0, disagree: [] as string[] } };
  for (const file of index.allFiles()) {
    for (const link of file.facts.links) {
      const resolved = index.resolveLink(file, link.destination);
      const at = `${file.sitePath}: ${link.destination}`;
      if (resolved.kind === 'missing-page') {
        const target = resolved.target.kind === 'page' ? byUrl.get(urlKey(resolved.target.urlPath)) : undefined;
        if (target) verdicts.page.disagree.push(at);
        else verdicts.page.agree++;
      } else if (resolved.kind === 'page' && resolved.fragment && !resolved.anchor) {
        const target = byUrl.get(urlKey(resolved.page.url!));
        if (target?.ids.includes(resolved.fragment)) verdicts.anchor.disagree.push(at);
        else verdicts.anchor.agree++;
      }
    }
  }
  for (const [kind, verdict] of Object.entries(verdicts)) {
    console.log(`links the model finds to a missing ${kind} that Hugo's output also lacks: ${percent(verdict.agree, verdict.agree + verdict.disagree.length)}`);
    for (const line of verdict.disagree) console.log(`    ${line}`);
  }
}

if (process.argv[2] === undefined) {
  console.error('usage: node --import tsx test/hugo/siteAgreement.ts SITE_FOLDER');
  process.exitCode = 2;
} else {
  main(path.resolve(process.argv[2])).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
