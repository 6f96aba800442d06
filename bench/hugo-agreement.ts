// How closely `handbook-roles check` agrees with what the real Hugo builds, on a whole site — a
// measurement, not a test (a real handbook is no part of the project; `npm run bench:hugo`).
// Hugo builds a copy of the site with the test layouts of test/hugo/, and what the copy cannot
// have is stubbed: the config keeps only what bears on URLs and Markdown (Hugo modules cannot be
// fetched here), a shortcode without a template prints its inner text (so headings written inside
// it stay headings, and it generates nothing), the handbook's include shortcode stands in when the
// site has none, the settings' anchor shortcodes write the empty `<a id>` docsy-gitlab's `a` writes, and a link hook doing what Hugo's embedded one does is laid in when the config
// asks for that (Hugo 0.111 has none). Then: pages and URLs, heading IDs and every other element
// ID, and every rendered content link into the site, broken or not by Hugo's output, against the
// findings of `check --format json` — recall and precision per category, and each disagreement.
//
//   npm run bench:hugo -- [SITE_FOLDER…]      (default: examples/handbook)
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { pagesIncluding } from '../server/src/model/index/references';
import { isRefCall, refPathArgument } from '../server/src/model/page/shortcodes';
import type { HandbookIndex } from '../server/src/model/index/handbookIndex';
import type { IndexedFile } from '../server/src/model/index/indexedFile';
import { getPageRules, urlKey } from '../server/src/model/site/site';
import { buildHugoSite, EXAMPLE_BREAKS_HUGO, EXAMPLE_SITE, findHugo, type HugoPage } from '../test/hugo/hugoFacts';
import { loadModel, pageDifferences, siteDifferences } from '../test/hugo/modelFacts';

const REPOSITORY = path.resolve(import.meta.dirname, '..');
/** What Hugo's embedded link hook does with a path (test/hugo/getPage.test.ts holds it to the model). */
const LINK_HOOK = path.join(REPOSITORY, 'test/hugo/fixtures/getpage-site/layouts/_default/_markup/render-link.html');
/** Shortcodes Hugo 0.111 has built in. */
const EMBEDDED_SHORTCODES = new Set(['figure', 'gist', 'highlight', 'instagram', 'param', 'ref', 'relref', 'tweet', 'twitter', 'twitter_simple', 'vimeo', 'vimeo_simple', 'youtube']);
/** Config keys that bear on URLs, heading IDs and Markdown, lower-cased as Hugo reads them. */
const KEPT_CONFIG = ['baseurl', 'contentdir', 'assetdir', 'defaultcontentlanguage', 'languagecode', 'enableemoji', 'markup', 'disablepathtolower', 'removepathaccents'];
/** The site's Hugo config files (`hugo.*`, `config.*`, `config/_default/*`), each parsed. */
async function siteConfigs(site: string): Promise<{ file: string; parsed: Record<string, unknown> | null }[]> {
  const files = [
    ...['hugo', 'config'].flatMap((name) => ['toml', 'yaml', 'yml', 'json'].map((extension) => path.join(site, `${name}.${extension}`))),
    ...(await fs.readdir(path.join(site, 'config', '_default')).catch(() => [])).map((name) => path.join(site, 'config', '_default', name)),
  ];
  const configs = [];
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    configs.push({ file, parsed: (file.endsWith('.toml') ? parseToml(text) : file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown> | null });
  }
  return configs;
}

/** Lays the stubs into the copy; `anchorShortcodes` are the settings' shortcodes that write an element with their first argument as its ID. */
async function prepareCopy(copy: string, anchorShortcodes: readonly string[]): Promise<void> {
  const config: Record<string, unknown> = { disableKinds: ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404'], refLinksErrorLevel: 'WARNING', refLinksNotFoundURL: '' };
  for (const { file, parsed } of await siteConfigs(copy)) {
    for (const [key, value] of Object.entries(parsed ?? {})) if (KEPT_CONFIG.includes(key.toLowerCase())) config[key] = value;
    await fs.rm(file);
  }
  await fs.writeFile(path.join(copy, 'hugo.json'), JSON.stringify(config, null, 2));
  const useEmbedded = (((config.markup as Record<string, unknown> | undefined)?.goldmark as Record<string, unknown> | undefined)?.renderHooks as { link?: { useEmbedded?: string } } | undefined)?.link
    ?.useEmbedded;
  const siteHook = path.join(copy, 'layouts', '_default', '_markup', 'render-link.html');
  if ((useEmbedded === 'always' || useEmbedded === 'fallback') && !(await exists(siteHook))) {
    await fs.mkdir(path.dirname(siteHook), { recursive: true });
    await fs.copyFile(LINK_HOOK, siteHook);
  }

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
    // What docsy-gitlab's `a` writes: an empty anchor element, so the build has the IDs the real site has.
    else if (anchorShortcodes.includes(name) && !paired) await fs.writeFile(template, '<a id="{{ .Get 0 }}"></a>');
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

/** A link into the site as the browser follows it: the URL key of its page and its fragment. */
interface LinkVerdict {
  readonly category: 'page' | 'anchor';
  /** Content path of the page it is rendered on. */
  readonly page: string;
  /** `urlKey` of the target, then `#fragment` for an anchor. */
  readonly target: string;
  /** Where it is written, as check reports it (`file:line`), when known. */
  readonly at?: string;
  readonly destination: string;
}

/** The findings of a link or ref/relref that a reader cannot follow. */
const BROKEN_LINK_CODES = ['link-missing-page', 'link-missing-anchor', 'link-address-as-path', 'link-empty', 'ref-missing-page', 'ref-missing-anchor'];
/** The target of a link Hugo writes as `href=""`, and of a ref/relref the check finds no page for. */
const EMPTY_HREF = '(empty href)';
/** The page of a verdict on a link in an include file that no page includes. */
const NO_PAGE = '(no page includes it)';

const verdictKey = (verdict: LinkVerdict) => `${verdict.page} ${verdict.target}`;

/** The links of Hugo's output that lead into the site and are broken there: no page at the URL, or no element with the fragment's ID. */
function brokenInHugo(pages: ReadonlyMap<string, HugoPage>, written: ReadonlySet<string>, hosts: readonly string[], leftOut: ReadonlySet<string>): { broken: LinkVerdict[]; links: number } {
  const byUrl = new Map<string, HugoPage>();
  for (const [file, page] of pages) if (written.has(file)) byUrl.set(urlKey(decodeUri(page.url)), page);
  for (const [file, page] of pages) if (written.has(file)) for (const alias of page.aliases) if (!byUrl.has(urlKey(alias))) byUrl.set(urlKey(alias), page);
  const sections = new Set([...byUrl.keys()].map((key) => key.split('/')[1]));
  const broken: LinkVerdict[] = [];
  let links = 0;
  for (const [file, page] of pages) {
    if (!written.has(file)) continue;
    for (const href of page.links) {
      // What Hugo writes for a ref/relref it cannot resolve (refLinksNotFoundURL is set to ''): a link that goes nowhere.
      if (href === '') {
        links++;
        broken.push({ category: 'page', page: file, target: EMPTY_HREF, destination: href });
        continue;
      }
      let url: URL;
      try {
        url = new URL(href, `https://site.invalid${page.url}`);
      } catch {
        continue;
      }
      if (!/^https?:$/.test(url.protocol) || !(hosts.includes(url.hostname) || url.hostname === 'site.invalid')) continue;
      // An absolute URL is this site's only below its own top-level sections, as the model has it (a host several sites
      // share, about.gitlab.com; a section a Hugo module adds, /docs/, which the copy lacks).
      if (!href.startsWith('/') && !href.startsWith('#') && url.hostname !== 'site.invalid' && !sections.has(urlKey(decodeUri(url.pathname)).split('/')[1])) continue;
      // A static file (an image, a PDF) is no page; only paths Hugo serves pages at are judged.
      // A path ending in a top-level domain (`…/pypi.org`, `…/someone@gitlab.com`) is an address written as a path: no
      // file of the build has such a name, so it is judged like a page.
      if (/\.[a-z0-9]{1,5}$/i.test(url.pathname) && !/\.(md|html|com|org|net|io|dev|edu|gov|ai|co)$/i.test(url.pathname)) continue;
      links++;
      const key = pathKey(url.pathname);
      // A page left out of the build on purpose has no verdict, nor has a link to it.
      if (leftOut.has(key)) continue;
      const target = byUrl.get(key);
      // A text directive (`#:~:text=…`) is no anchor; `#ZgotmplZ` is Go's stand-in for a URL its templates refused.
      const fragment = decodeUri(url.hash.slice(1)).replace(/:~:.*$/, '');
      if (fragment === 'ZgotmplZ') continue;
      if (!target) broken.push({ category: 'page', page: file, target: key, destination: href });
      else if (fragment && !target.ids.includes(fragment)) broken.push({ category: 'anchor', page: file, target: `${urlKey(decodeUri(target.url))}#${fragment}`, destination: href });
    }
  }
  return { broken, links };
}

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
}

/** `check --format json`'s broken links, each as the link it is on every page that renders it (an include file's, on every page that includes it). */
async function brokenInCheck(siteDir: string, index: HandbookIndex): Promise<{ broken: LinkVerdict[]; unread: string[] }> {
  const cli = path.join(REPOSITORY, 'dist', 'cli.js');
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'check', siteDir, '--format', 'json', '--no-cache'], { maxBuffer: 256 * 1024 * 1024 }).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? '[]',
  }));
  const findings = (JSON.parse(stdout) as Finding[]).filter((finding) => BROKEN_LINK_CODES.includes(finding.code));
  const byFile = new Map<string, IndexedFile>([...index.allFiles()].map((file) => [path.relative(siteDir, file.path), file]));
  const broken: LinkVerdict[] = [];
  const unread: string[] = [];
  for (const finding of findings) {
    const at = `${finding.file}:${finding.line}`;
    const file = byFile.get(finding.file);
    const offset = file?.lines.offsetAt({ line: finding.line - 1, character: finding.column - 1 });
    const category = finding.code.endsWith('-anchor') ? 'anchor' : 'page';
    if (finding.code.startsWith('ref-')) {
      const call = file && offset !== undefined ? file.facts.shortcodes?.find((candidate) => isRefCall(candidate) && candidate.range.start <= offset && offset < candidate.range.end) : undefined;
      if (!file || !call) {
        unread.push(`${at} ${finding.code}`);
        continue;
      }
      const argument = refPathArgument(call)?.value ?? '';
      const resolved = index.resolveRef(file, argument);
      const target = resolved.kind === 'page' ? `${urlKey(resolved.page.url!)}#${resolved.fragment}` : EMPTY_HREF;
      broken.push({ category, page: file.sitePath, target, at, destination: `{{< ${call.name} "${argument}" >}}` });
      continue;
    }
    const link = file && offset !== undefined ? file.facts.links.find((candidate) => candidate.start <= offset && offset < candidate.end) : undefined;
    if (!file || !link) {
      unread.push(`${at} ${finding.code}`);
      continue;
    }
    if (finding.code === 'link-empty') {
      for (const page of file.kind === 'page' ? [file] : pagesIncluding(index, file)) broken.push({ category, page: page.sitePath, target: EMPTY_HREF, at, destination: link.destination });
      continue;
    }
    // A raw HTML href goes where a browser takes it (the link hook sees only Markdown links): resolved as written.
    const resolved = index.resolveLink(file, link.destination, link.kind);
    // A page the link hook does not find is left as written: the browser resolves it against the page's URL, as brokenInHugo does.
    const targetFrom = (page: IndexedFile | undefined) =>
      !addressAsPath && resolved.kind === 'page' && resolved.fragment
        ? `${urlKey(resolved.page.url!)}#${resolved.fragment}`
        : pathKey(new URL(link.destination, `https://site.invalid${page?.url ?? '/'}`).pathname);
    // An address written as a path (`pypi.org`) names no page of the site: the browser takes it as a path below the page's URL.
    const addressAsPath = finding.code === 'link-address-as-path';
    if (!addressAsPath && resolved.kind !== 'missing-page' && !(resolved.kind === 'page' && resolved.fragment)) continue;
    const pages = file.kind === 'page' ? [file] : pagesIncluding(index, file);
    if (pages.length === 0) broken.push({ category, page: NO_PAGE, target: targetFrom(undefined), at, destination: link.destination });
    for (const page of pages) broken.push({ category, page: page.sitePath, target: targetFrom(page), at, destination: link.destination });
  }
  return { broken, unread };
}

/** One verdict per page and target: a page may link to the same place twice. */
function unique(verdicts: readonly LinkVerdict[]): LinkVerdict[] {
  return [...new Map(verdicts.map((verdict) => [verdictKey(verdict), verdict])).values()];
}

/** The `urlKey` of the page a browser gets for a URL path: Hugo writes each page as …/index.html, which a web server serves for the folder's URL too. */
function pathKey(pathname: string): string {
  return urlKey(decodeUri(pathname).replace(/\/index\.html$/i, '/'));
}

function decodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function siteHosts(siteDir: string, index: HandbookIndex): Promise<string[]> {
  const hosts = [...index.currentSettings.siteHosts];
  for (const name of ['hugo.toml', 'config.toml']) {
    const baseUrl = /^\s*baseURL\s*=\s*["']([^"']+)["']/im.exec((await fs.readFile(path.join(siteDir, name), 'utf8').catch(() => '')) ?? '')?.[1];
    if (baseUrl) hosts.unshift(new URL(baseUrl).hostname);
  }
  return hosts;
}

async function main(siteDir: string): Promise<void> {
  console.log(`\n== ${siteDir}`);
  const exclude = siteDir === EXAMPLE_SITE ? EXAMPLE_BREAKS_HUGO : [];
  const { index, pages: model } = await loadModel(siteDir);
  const hugo = await buildHugoSite(siteDir, { prepare: (copy) => prepareCopy(copy, index.currentSettings.anchorShortcodes), exclude });
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

  // Every rendered link into the site, broken or not by Hugo's output, against check's findings.
  const written = new Set([...hugo.pages.keys()].filter((file) => !notRendered.has(file) && !exclude.includes(file)));
  const hosts = await siteHosts(siteDir, index);
  const leftOut = new Set(exclude.map((file) => urlKey(model.get(file)?.url ?? '')));
  const fromHugo = brokenInHugo(hugo.pages, written, hosts, leftOut);
  const rules = index.siteList[0]?.getPage;
  console.log(`rendered links into the site: ${fromHugo.links}; broken in Hugo's output: ${fromHugo.broken.length}`);
  console.log(`\n-- the check as it runs on the site (${rules}'s .GetPage rules, from the Hugo version the site declares):`);
  await compareLinks(fromHugo, written, siteDir, index);
  // Where the site declares a newer Hugo than the one building it here, the check is run again with the building one's
  // rules, on a copy that declares that version: what is left then is not a version difference.
  const building = hugo.hugoVersion.replace(/^v?(\d+\.\d+).*$/, '$1');
  if (rules !== getPageRules(building)) {
    const copy = await withDeclaredHugo(siteDir, building);
    try {
      const { index: asBuilt } = await loadModel(copy);
      console.log(`\n-- the check with Hugo ${building}'s rules (a copy of the site declaring it), as this build has them:`);
      await compareLinks(fromHugo, written, copy, asBuilt);
    } finally {
      await fs.rm(path.dirname(copy), { recursive: true, force: true });
    }
  }
}

/** Hugo's broken links against check's findings on `checkDir` (the site, or a copy of it), per category, and each disagreement. */
async function compareLinks(fromHugo: { broken: LinkVerdict[] }, written: ReadonlySet<string>, checkDir: string, index: HandbookIndex): Promise<void> {
  const fromCheck = await brokenInCheck(checkDir, index);
  console.log(`broken links check reports: ${fromCheck.broken.length}`);
  for (const category of ['page', 'anchor'] as const) {
    const hugoKeys = new Set(fromHugo.broken.filter((verdict) => verdict.category === category).map(verdictKey));
    // A finding on a page Hugo does not write (excluded, never rendered) has no verdict, nor has one in an include file
    // no page includes: Hugo renders no link there, and the check says so, as information (listed below).
    const checked = fromCheck.broken.filter((verdict) => verdict.category === category && written.has(verdict.page));
    const unseen = fromCheck.broken.filter((verdict) => verdict.category === category && verdict.page === NO_PAGE);
    const checkKeys = new Set(checked.map(verdictKey));
    // Hugo may judge a link by the other category (a page check calls missing may be found with a missing anchor): any broken verdict counts.
    const anyHugo = new Set(fromHugo.broken.map(verdictKey).map((key) => key.replace(/#.*$/, '')));
    const found = [...hugoKeys].filter((key) => checkKeys.has(key) || fromCheck.broken.some((verdict) => verdictKey(verdict) === key)).length;
    const right = [...checkKeys].filter((key) => hugoKeys.has(key) || anyHugo.has(key.replace(/#.*$/, ''))).length;
    console.log(`  missing ${category}: recall ${percent(found, hugoKeys.size)} of Hugo's broken links; precision ${percent(right, checkKeys.size)} of check's findings`);
    for (const verdict of unique(fromHugo.broken).filter(
      (each) => each.category === category && !checkKeys.has(verdictKey(each)) && !fromCheck.broken.some((other) => verdictKey(other) === verdictKey(each)),
    )) {
      console.log(`    Hugo broken, check silent [${disagreementClass(verdict.destination)}]: ${verdict.page} ${verdict.destination}`);
    }
    for (const verdict of unique(checked).filter((each) => !hugoKeys.has(verdictKey(each)) && !anyHugo.has(verdictKey(each).replace(/#.*$/, '')))) {
      console.log(`    check reports, Hugo renders it [${disagreementClass(verdict.destination)}]: ${verdict.at} ${verdict.destination}`);
    }
    console.log(`    in include files no page includes (information; Hugo renders no link there): ${unseen.length}`);
    for (const verdict of unseen) console.log(`      ${verdict.at} ${verdict.destination}`);
  }
  for (const line of fromCheck.unread) console.log(`  a finding on no link the model knows: ${line}`);
}

/** A copy of the site (without its `public/` and `node_modules/`) whose configs declare `module.hugoVersion.min: version`; its path. */
async function withDeclaredHugo(siteDir: string, version: string): Promise<string> {
  const copy = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'handbook-agreement-')), 'site');
  await fs.cp(siteDir, copy, { recursive: true, filter: (source) => !['public', 'node_modules', '.git', 'resources'].includes(path.relative(siteDir, source).split(path.sep)[0]) });
  for (const { file, parsed } of await siteConfigs(copy)) {
    const toml = file.endsWith('.toml');
    const module = (parsed as { module?: { hugoVersion?: { min?: unknown } } } | null)?.module;
    if (module?.hugoVersion?.min === undefined) continue;
    module.hugoVersion.min = version;
    await fs.writeFile(file, toml ? stringifyToml(parsed!) : file.endsWith('.json') ? JSON.stringify(parsed) : stringifyYaml(parsed));
  }
  return copy;
}

/** The issue's classes of disagreement a destination falls in, by its form (a guide for the reader, not a verdict). */
function disagreementClass(destination: string): string {
  if (/(?:^|\/)_?index(?:\.md|\.html)?(?:#|$)/i.test(destination)) return "a section's index.md or index.html: Hugo 0.123 finds it, 0.111 does not";
  if (/\.html?(?:[?#]|$)/i.test(destination)) return '.html destination';
  if (/^[^/:#?]+@[^/]+$|^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|io|net|dev)\/?$/i.test(destination)) return 'e-mail or domain written as a path';
  if (/#fn(ref\d*)?:\d+$/.test(destination)) return 'footnote';
  if (destination === '') return 'empty href (an unresolved ref/relref?)';
  if (/^https?:/i.test(destination)) return 'absolute URL';
  return 'other';
}

async function all(sites: readonly string[]): Promise<void> {
  if (!(await findHugo())) {
    console.log('bench:hugo skipped: no hugo on PATH (apt-get install hugo)');
    return;
  }
  for (const site of sites) await main(site);
}

all(process.argv.length > 2 ? process.argv.slice(2).map((site) => path.resolve(site)) : [EXAMPLE_SITE]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
