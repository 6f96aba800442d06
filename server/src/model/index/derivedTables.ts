// The tables derived from the index's files, a pure function of them: the pages Hugo builds (and
// why it builds none from the other content files), and the pages by URL and alias, by content
// path, by the paths `.GetPage` knows, by the last segment of their URL, and the top-level
// sections of each site. The index makes them again after a change to the outline of the handbook.
import type { IndexedFile } from './indexedFile';
import { leafBundleFolder, pagePaths, refNames, unpublishedReason, type Unpublished } from '../site/publishing';
import { urlKey, type Site } from '../site/site';
import { compareText } from '../base/order';

/** The tables derived from the files: which pages Hugo builds, and the ways links find them. */
export interface DerivedTables {
  /** Published pages, sorted by path. */
  readonly pages: IndexedFile[];
  readonly byUrl: Map<Site, Map<string, { page: IndexedFile; viaAlias: boolean }>>;
  readonly byContentPath: Map<Site, Map<string, IndexedFile>>;
  /** Pages by the last segment of their URL key: "did the role move?" asks it for every broken link. */
  readonly byLastSegment: Map<Site, Map<string, IndexedFile[]>>;
  /** By page path as `.GetPage` knows it: lower-cased, no extension, a bundle or section by its folder. */
  readonly byPagePath: Map<Site, Map<string, IndexedFile>>;
  /** By the names `ref` finds a page by (see refNames); a name two pages share finds neither. */
  readonly byRefName: Map<Site, Map<string, IndexedFile | typeof AMBIGUOUS>>;
  /** The first URL segments of the pages and aliases of each site (`handbook`, `job-families`). */
  readonly sections: Map<Site, Set<string>>;
  readonly unpublished: Map<IndexedFile, Unpublished>;
  /** Unpublished pages by URL key and by lower-cased content path, to explain a broken link. */
  readonly unpublishedByKey: Map<Site, Map<string, { page: IndexedFile; reason: Unpublished }>>;
}

/** A `ref` name that more than one page has: Hugo refuses it as ambiguous. */
export const AMBIGUOUS = 'ambiguous';

const NO_LEAF_BUNDLES: ReadonlySet<string> = new Set();

/** The tables of these files, in their order: of two pages with the same URL, the first wins. */
export function deriveTables(files: Iterable<IndexedFile>): DerivedTables {
  const contentFiles = [...files].filter((file) => file.kind === 'page');
  const leafBundles = leafBundlesBySite(contentFiles);
  const pages: IndexedFile[] = [];
  const unpublished = new Map<IndexedFile, Unpublished>();
  const byUrl = new Map<Site, Map<string, { page: IndexedFile; viaAlias: boolean }>>();
  const byContentPath = new Map<Site, Map<string, IndexedFile>>();
  const byLastSegment = new Map<Site, Map<string, IndexedFile[]>>();
  const byPagePath = new Map<Site, Map<string, IndexedFile>>();
  const byRefName = new Map<Site, Map<string, IndexedFile | typeof AMBIGUOUS>>();
  const sections = new Map<Site, Set<string>>();
  const unpublishedByKey = new Map<Site, Map<string, { page: IndexedFile; reason: Unpublished }>>();
  const tableOf = <T>(tables: Map<Site, Map<string, T>>, site: Site) => {
    let table = tables.get(site);
    if (!table) tables.set(site, (table = new Map<string, T>()));
    return table;
  };
  for (const file of contentFiles) {
    const reason = unpublishedReason(file.sitePath, file.facts.frontMatter, leafBundles.get(file.site.folder) ?? NO_LEAF_BUNDLES);
    if (reason) {
      unpublished.set(file, reason);
      const explanations = tableOf(unpublishedByKey, file.site);
      explanations.set(urlKey(file.url!), { page: file, reason });
      explanations.set(file.sitePath.toLowerCase(), { page: file, reason });
      continue;
    }
    pages.push(file);
    const urls = tableOf(byUrl, file.site);
    tableOf(byContentPath, file.site).set(file.sitePath.toLowerCase(), file);
    for (const key of pagePaths(file.sitePath)) tableOf(byPagePath, file.site).set(key, file);
    const names = tableOf(byRefName, file.site);
    for (const name of refNames(file.sitePath)) names.set(name, names.has(name) && names.get(name) !== file ? AMBIGUOUS : file);
    let siteSections = sections.get(file.site);
    if (!siteSections) sections.set(file.site, (siteSections = new Set()));
    const own = urlKey(file.url!);
    if (!urls.get(own) || urls.get(own)!.viaAlias) urls.set(own, { page: file, viaAlias: false });
    const segment = own.slice(own.lastIndexOf('/') + 1);
    const sameSegment = tableOf(byLastSegment, file.site).get(segment);
    if (sameSegment) sameSegment.push(file);
    else tableOf(byLastSegment, file.site).set(segment, [file]);
    siteSections.add(own.split('/')[1]);
    for (const alias of file.facts.frontMatter.aliases) {
      const key = urlKey(alias);
      if (!urls.has(key)) urls.set(key, { page: file, viaAlias: true });
      siteSections.add(key.split('/')[1]);
    }
  }
  pages.sort((a, b) => compareText(a.path, b.path));
  for (const segments of byLastSegment.values()) for (const list of segments.values()) list.sort((a, b) => compareText(a.path, b.path));
  return { pages, byUrl, byContentPath, byLastSegment, byPagePath, byRefName, sections, unpublished, unpublishedByKey };
}

/** By site folder: the folders of that site that are leaf bundles. */
function leafBundlesBySite(contentFiles: readonly IndexedFile[]): Map<string, Set<string>> {
  const leafBundles = new Map<string, Set<string>>();
  for (const file of contentFiles) {
    const folder = leafBundleFolder(file.sitePath);
    if (folder === undefined) continue;
    let siteBundles = leafBundles.get(file.site.folder);
    if (!siteBundles) leafBundles.set(file.site.folder, (siteBundles = new Set()));
    siteBundles.add(folder);
  }
  return leafBundles;
}
