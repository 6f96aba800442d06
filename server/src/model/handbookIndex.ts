// The index of every page and include file of the handbook's sites: their facts, the URL each
// page answers at, and the anchors each page really has (its own headings and HTML anchors plus
// those that arrive through `{{% include %}}`, numbered as Hugo numbers them). It is updated
// file by file; everything derived from it is recomputed lazily after a change.
import * as path from 'node:path';
import picomatch from 'picomatch';
import { HeadingIdFactory } from './headingIds';
import { compileExtendsPatterns, decodeText, emptyFacts, parsePage, type HeadingFact, type PageFacts } from './pageFacts';
import type { IncludeCall } from './shortcodes';
import { contentPathOf, loadSite, pageUrl, resolveDestination, urlKey, type LinkTarget, type PageReference, type Site } from './site';
import type { HandbookSettings } from './settings';
import { LineIndex, type TextRange } from './text';
import type { Workspace } from './workspace';

export type FileKind = 'page' | 'include';

export interface IndexedFile {
  readonly path: string;
  readonly site: Site;
  readonly kind: FileKind;
  /** Pages: the path below the content root (`job-families/x.md`); includes: the path an include call names (`includes/x.md`). */
  readonly sitePath: string;
  /** Pages only: the URL path Hugo serves the page at. */
  readonly url?: string;
  readonly facts: PageFacts;
  readonly lines: LineIndex;
}

export interface Anchor {
  readonly id: string;
  /** Heading text, or '' for an HTML anchor. */
  readonly text: string;
  /** Heading level, or 0 for an HTML anchor. */
  readonly level: number;
  /** The file it is written in: the page itself or an include file. */
  readonly file: IndexedFile;
  readonly range: TextRange;
}

/**
 * Why Hugo builds no page from a content file: a draft, a headless bundle, `build.render` never
 * or link, or a Markdown file inside a leaf bundle (a page resource, not a page).
 */
export type Unpublished = 'draft' | 'headless' | 'not-rendered' | 'bundle-resource';

export type ResolvedLink =
  | { readonly kind: 'external' | 'unchecked' }
  /** `unpublished`: a content file that would answer, were it published. */
  | { readonly kind: 'missing-page'; readonly target: LinkTarget; readonly unpublished?: { readonly page: IndexedFile; readonly reason: Unpublished } }
  | { readonly kind: 'page'; readonly page: IndexedFile; readonly fragment?: string; readonly anchor?: Anchor; readonly viaAlias: boolean };

export type ResolvedInclude =
  | { readonly kind: 'found'; readonly file: IndexedFile | { readonly path: string; readonly kind: 'asset' } }
  | { readonly kind: 'missing'; readonly normalized: string }
  | { readonly kind: 'escapes'; readonly normalized: string };

export interface IndexProgress {
  (done: number, total: number): void;
}

const MARKDOWN = /\.(md|markdown)$/i;
const READ_CONCURRENCY = 64;

export class HandbookIndex {
  private sites: Site[] = [];
  private readonly files = new Map<string, IndexedFile>();
  /** Texts of open documents, which win over the disk. */
  private readonly overlays = new Map<string, string>();
  /** Include-root files that are not Markdown (listed for completion and existence only). */
  private readonly assets = new Map<string, { path: string; site: Site; sitePath: string }>();
  private extendsPatterns: RegExp[] = [];
  private rolePathMatcher: (contentPath: string) => boolean = () => false;
  private derived: DerivedTables | undefined;
  private generation = 0;

  constructor(
    readonly workspace: Workspace,
    private settings: HandbookSettings,
  ) {
    this.applySettings(settings);
  }

  /** Bumped on every change: anything computed from the index can tell it is stale. */
  get version(): number {
    return this.generation;
  }

  get siteList(): readonly Site[] {
    return this.sites;
  }

  get currentSettings(): HandbookSettings {
    return this.settings;
  }

  /** Reads every site from scratch. */
  async build(progress?: IndexProgress): Promise<void> {
    this.sites = await Promise.all(this.workspace.folders.map((folder) => loadSite(this.workspace, folder, this.settings)));
    this.files.clear();
    this.assets.clear();
    const work: { file: string; site: Site; kind: FileKind }[] = [];
    for (const site of this.sites) {
      for (const root of site.contentRoots) {
        for (const file of await this.workspace.listFiles(root.directory, (name) => MARKDOWN.test(name))) work.push({ file, site, kind: 'page' });
      }
      for (const root of site.includeRoots) {
        for (const file of await this.workspace.listFiles(root.directory, () => true)) {
          if (MARKDOWN.test(file)) work.push({ file, site, kind: 'include' });
          else this.addAsset(site, file);
        }
      }
    }
    let done = 0;
    progress?.(0, work.length);
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const item = work[next++];
        await this.load(item.file, item.site, item.kind);
        progress?.(++done, work.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, work.length) }, worker));
    this.changed();
  }

  async updateSettings(settings: HandbookSettings, progress?: IndexProgress): Promise<void> {
    this.applySettings(settings);
    await this.build(progress);
  }

  /** The file changed on disk, was created or deleted: read it again (an open document's text wins). */
  async refreshFile(file: string): Promise<void> {
    const placement = this.placementOf(file);
    if (!placement) return;
    if (placement.kind === 'include' && !MARKDOWN.test(file)) {
      if (await this.workspace.stat(file)) this.addAsset(placement.site, file);
      else this.assets.delete(file);
    } else {
      await this.load(file, placement.site, placement.kind);
    }
    this.changed();
  }

  /** An open document's text: it replaces the file's facts until the document is closed. */
  setOpenText(file: string, text: string): void {
    this.overlays.set(file, text);
    const placement = this.placementOf(file);
    if (placement && MARKDOWN.test(file)) {
      this.storeOpenText(file, placement.site, placement.kind, text);
      this.changed();
    }
  }

  async closeOpenText(file: string): Promise<void> {
    this.overlays.delete(file);
    await this.refreshFile(file);
  }

  get(file: string): IndexedFile | undefined {
    return this.files.get(file);
  }

  allFiles(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  /** The pages Hugo builds (see `unpublished` for the content files it does not). */
  pages(): IndexedFile[] {
    return this.tables().pages;
  }

  /** Why Hugo builds no page from this content file, or undefined when it does. */
  unpublished(file: IndexedFile): Unpublished | undefined {
    return this.tables().unpublished.get(file);
  }

  /** The text of a file: the open document's, else the disk's. */
  async textOf(file: string): Promise<string | undefined> {
    const open = this.overlays.get(file);
    if (open !== undefined) return open;
    const bytes = await this.workspace.readFile(file);
    if (!bytes) return undefined;
    const text = decodeText(bytes, this.settings.maxFileSize);
    return typeof text === 'string' ? text : undefined;
  }

  siteOf(file: string): Site | undefined {
    return this.sites.find((site) => file === site.folder || file.startsWith(site.folder + path.sep));
  }

  /** Pages and include files of a site, and the include-root files that are not Markdown. */
  includeCandidates(site: Site): { sitePath: string; path: string }[] {
    const fromFiles = [...this.files.values()].filter((file) => file.site === site && file.kind === 'include');
    const fromAssets = [...this.assets.values()].filter((asset) => asset.site === site);
    return [...fromFiles, ...fromAssets].map(({ sitePath, path: file }) => ({ sitePath, path: file }));
  }

  pageByUrl(site: Site, url: string): { page: IndexedFile; viaAlias: boolean } | undefined {
    const found = this.tables().byUrl.get(site)?.get(urlKey(url));
    return found && { page: found.page, viaAlias: found.viaAlias };
  }

  isRolePage(file: IndexedFile): boolean {
    return file.kind === 'page' && this.rolePathMatcher(file.sitePath);
  }

  /** A page's title: front matter `title`, else its first heading, else its file name. */
  titleOf(file: IndexedFile): string {
    return file.facts.frontMatter.title ?? file.facts.headings[0]?.text ?? path.basename(file.path).replace(MARKDOWN, '');
  }

  /**
   * The anchors a page has once rendered: headings (numbered in document order, with the
   * headings of `{{% include %}}`d files in place), explicit IDs and HTML anchors, its own and
   * those of the files it includes.
   */
  anchorsOf(file: IndexedFile): readonly Anchor[] {
    const cache = this.tables().anchors;
    let anchors = cache.get(file);
    if (!anchors) {
      anchors = [];
      this.collectAnchors(file, new HeadingIdFactory({ emoji: file.site.emoji }), anchors, file.kind === 'page');
      cache.set(file, anchors);
    }
    return anchors;
  }

  findAnchor(file: IndexedFile, fragment: string): Anchor | undefined {
    const anchors = this.anchorsOf(file);
    return anchors.find((anchor) => anchor.id === fragment) ?? anchors.find((anchor) => anchor.id.toLowerCase() === fragment.toLowerCase());
  }

  /** Where an include path leads, relative to the site's include roots. */
  resolveInclude(site: Site, includePath: string): ResolvedInclude {
    const normalized = path.posix.normalize(includePath.replace(/\\/g, '/').replace(/^\/+/, ''));
    if (normalized.startsWith('../') || normalized === '..') return { kind: 'escapes', normalized };
    for (const root of site.includeRoots) {
      if (root.prefix && !normalized.startsWith(`${root.prefix}/`)) continue;
      const file = path.join(root.directory, normalized.slice(root.prefix ? root.prefix.length + 1 : 0));
      const indexed = this.files.get(file);
      if (indexed?.kind === 'include') return { kind: 'found', file: indexed };
      if (this.assets.has(file)) return { kind: 'found', file: { path: file, kind: 'asset' } };
    }
    return { kind: 'missing', normalized };
  }

  /** Where a link written in `from` leads. */
  resolveLink(from: IndexedFile, destination: string): ResolvedLink {
    // Include files have no URL of their own: only their root-absolute links are resolved.
    const fromUrl = from.url ?? '/';
    const target = resolveDestination(destination, fromUrl, from.kind === 'page' ? from.sitePath : '', this.settings.siteHosts);
    switch (target.kind) {
      case 'external':
      case 'unchecked':
        return { kind: target.kind };
      case 'same-page':
        if (from.kind !== 'page') return { kind: 'unchecked' };
        return this.withAnchor(from, target.fragment, false);
      case 'file': {
        if (from.kind !== 'page' && !destination.startsWith('/')) return { kind: 'unchecked' };
        const page = this.pageByReference(from.site, target.reference);
        return page ? this.withAnchor(page, target.fragment, false) : this.missingPage(from.site, target, target.contentPath);
      }
      case 'page': {
        // An include file's relative links depend on the page that includes it.
        if (from.kind !== 'page' && target.relative) return { kind: 'unchecked' };
        // A host is shared by several sites (about.gitlab.com/blog/ is not the handbook's):
        // only the top-level sections this site has pages in are its own.
        if (target.host !== undefined && !this.hasSectionOf(from.site, target.urlPath)) return { kind: 'external' };
        const referenced = from.site.embeddedLinkHook && target.reference && this.pageByReference(from.site, target.reference);
        if (referenced) return this.withAnchor(referenced, target.fragment, false);
        const found = this.pageByUrl(from.site, target.urlPath);
        return found ? this.withAnchor(found.page, target.fragment, found.viaAlias) : this.missingPage(from.site, target, urlKey(target.urlPath));
      }
    }
  }

  /**
   * The page `.GetPage` finds for a reference (see PageReference): by content file path, or by
   * page path — the file path without its extension, a bundle or section by its folder (so
   * `leaf/`, `leaf/index.md` and `sub/_index.md` work, and a branch's `index.md` does not).
   */
  private pageByReference(site: Site, reference: PageReference): IndexedFile | undefined {
    const tables = this.tables();
    for (const candidate of reference) {
      const lower = candidate.toLowerCase();
      const page = tables.byContentPath.get(site)?.get(lower) ?? tables.byPagePath.get(site)?.get(lower.replace(MARKDOWN, ''));
      if (page) return page;
    }
    return undefined;
  }

  private hasSectionOf(site: Site, urlPath: string): boolean {
    const section = urlKey(urlPath).split('/')[1];
    return section === '' || (this.tables().sections.get(site)?.has(section) ?? false);
  }

  private missingPage(site: Site, target: LinkTarget, key: string): ResolvedLink {
    const unpublished = this.tables().unpublishedByKey.get(site)?.get(key.toLowerCase());
    return unpublished ? { kind: 'missing-page', target, unpublished } : { kind: 'missing-page', target };
  }

  private withAnchor(page: IndexedFile, fragment: string | undefined, viaAlias: boolean): ResolvedLink {
    if (fragment === undefined || fragment === '') return { kind: 'page', page, viaAlias };
    return { kind: 'page', page, fragment, anchor: this.findAnchor(page, fragment), viaAlias };
  }

  /**
   * Only a page's own include calls bring anchors: the include shortcode writes a file's text out
   * as it is, and Hugo does not expand shortcodes in a shortcode's output, so an include call
   * inside an include file is printed as text (the include-nested diagnostic says so).
   */
  private collectAnchors(file: IndexedFile, ids: HeadingIdFactory, into: Anchor[], followIncludes: boolean): void {
    const includes = followIncludes ? file.facts.includes.filter((call) => call.problems.length === 0 && call.path !== undefined) : [];
    const events: ({ at: number; heading: HeadingFact } | { at: number; include: IncludeCall })[] = [
      ...file.facts.headings.map((heading) => ({ at: heading.range.start, heading })),
      ...includes.map((include) => ({ at: include.range.start, include })),
    ].sort((a, b) => a.at - b.at);
    for (const event of events) {
      if ('heading' in event) {
        const { heading } = event;
        into.push({ id: ids.idOf(heading.source), text: heading.text, level: heading.level, file, range: heading.range });
        continue;
      }
      const resolved = this.resolveInclude(file.site, event.include.path!);
      if (resolved.kind !== 'found' || resolved.file.kind !== 'include') continue;
      // `{{% %}}` output is rendered as Markdown with the page, so it brings headings; `{{< >}}`
      // output goes into the HTML as it is: only its HTML anchors count.
      if (event.include.form === '%') this.collectAnchors(resolved.file, ids, into, false);
      else this.collectHtmlAnchors(resolved.file, into);
    }
    this.collectHtmlAnchors(file, into);
  }

  private collectHtmlAnchors(file: IndexedFile, into: Anchor[]): void {
    for (const anchor of file.facts.htmlAnchors) into.push({ id: anchor.id, text: '', level: 0, file, range: anchor.range });
  }

  private applySettings(settings: HandbookSettings): void {
    this.settings = settings;
    this.extendsPatterns = compileExtendsPatterns(settings.extendsPatterns);
    this.rolePathMatcher = picomatch([...settings.rolePaths], { nocase: true, dot: true });
  }

  private placementOf(file: string): { site: Site; kind: FileKind } | undefined {
    for (const site of this.sites) {
      if (contentPathOf(site.contentRoots, file) !== undefined) return { site, kind: 'page' };
      if (contentPathOf(site.includeRoots, file) !== undefined) return { site, kind: 'include' };
    }
    return undefined;
  }

  private addAsset(site: Site, file: string): void {
    this.assets.set(file, { path: file, site, sitePath: contentPathOf(site.includeRoots, file)! });
  }

  private async load(file: string, site: Site, kind: FileKind): Promise<void> {
    const open = this.overlays.get(file);
    if (open !== undefined) {
      this.storeOpenText(file, site, kind, open);
      return;
    }
    const bytes = await this.workspace.readFile(file);
    if (!bytes) {
      this.files.delete(file);
      return;
    }
    const text = decodeText(bytes, this.settings.maxFileSize);
    if (typeof text === 'string') this.store(file, site, kind, text);
    else this.storeFacts(file, site, kind, emptyFacts(text), new LineIndex(''));
  }

  /** An editor's text gets the checks a file's bytes get: a huge or binary text is reported, not parsed. */
  private storeOpenText(file: string, site: Site, kind: FileKind, text: string): void {
    const checked = decodeText(Buffer.from(text), this.settings.maxFileSize);
    if (typeof checked === 'string') this.store(file, site, kind, text);
    else this.storeFacts(file, site, kind, emptyFacts(checked), new LineIndex(''));
  }

  private store(file: string, site: Site, kind: FileKind, text: string): void {
    const facts = parsePage(text, { extendsPatterns: this.extendsPatterns, frontMatter: kind === 'page' });
    this.storeFacts(file, site, kind, facts, new LineIndex(text));
  }

  private storeFacts(file: string, site: Site, kind: FileKind, facts: PageFacts, lines: LineIndex): void {
    const roots = kind === 'page' ? site.contentRoots : site.includeRoots;
    const sitePath = contentPathOf(roots, file)!;
    const url = kind === 'page' ? pageUrl(sitePath, facts.frontMatter) : undefined;
    this.files.set(file, { path: file, site, kind, sitePath, url, facts, lines });
  }

  private changed(): void {
    this.generation++;
    this.derived = undefined;
  }

  private tables(): DerivedTables {
    if (!this.derived) this.derived = buildTables(this.files.values());
    return this.derived;
  }
}

interface DerivedTables {
  /** Published pages, sorted by path. */
  readonly pages: IndexedFile[];
  readonly byUrl: Map<Site, Map<string, { page: IndexedFile; viaAlias: boolean }>>;
  readonly byContentPath: Map<Site, Map<string, IndexedFile>>;
  /** By page path as `.GetPage` knows it: lower-cased, no extension, a bundle or section by its folder. */
  readonly byPagePath: Map<Site, Map<string, IndexedFile>>;
  /** The first URL segments of the pages and aliases of each site (`handbook`, `job-families`). */
  readonly sections: Map<Site, Set<string>>;
  readonly unpublished: Map<IndexedFile, Unpublished>;
  /** Unpublished pages by URL key and by lower-cased content path, to explain a broken link. */
  readonly unpublishedByKey: Map<Site, Map<string, { page: IndexedFile; reason: Unpublished }>>;
  readonly anchors: Map<IndexedFile, Anchor[]>;
}

const LEAF_BUNDLE_INDEX = /^index\.(md|markdown)$/i;

function buildTables(files: Iterable<IndexedFile>): DerivedTables {
  const contentFiles = [...files].filter((file) => file.kind === 'page');
  const leafBundles = new Set<string>();
  for (const file of contentFiles) {
    const directory = path.posix.dirname(file.sitePath);
    // An index.md right in the content root is no leaf bundle: the whole site would be its resources.
    if (LEAF_BUNDLE_INDEX.test(path.posix.basename(file.sitePath)) && directory !== '.') leafBundles.add(bundleKey(file.site, directory));
  }
  const pages: IndexedFile[] = [];
  const unpublished = new Map<IndexedFile, Unpublished>();
  const byUrl = new Map<Site, Map<string, { page: IndexedFile; viaAlias: boolean }>>();
  const byContentPath = new Map<Site, Map<string, IndexedFile>>();
  const byPagePath = new Map<Site, Map<string, IndexedFile>>();
  const sections = new Map<Site, Set<string>>();
  const unpublishedByKey = new Map<Site, Map<string, { page: IndexedFile; reason: Unpublished }>>();
  const tableOf = <T>(tables: Map<Site, Map<string, T>>, site: Site) => {
    let table = tables.get(site);
    if (!table) tables.set(site, (table = new Map()));
    return table;
  };
  for (const file of contentFiles) {
    const reason = unpublishedReason(file, leafBundles);
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
    let siteSections = sections.get(file.site);
    if (!siteSections) sections.set(file.site, (siteSections = new Set()));
    const own = urlKey(file.url!);
    if (!urls.get(own) || urls.get(own)!.viaAlias) urls.set(own, { page: file, viaAlias: false });
    siteSections.add(own.split('/')[1]);
    for (const alias of file.facts.frontMatter.aliases) {
      const key = urlKey(alias);
      if (!urls.has(key)) urls.set(key, { page: file, viaAlias: true });
      siteSections.add(key.split('/')[1]);
    }
  }
  pages.sort((a, b) => a.path.localeCompare(b.path));
  return { pages, byUrl, byContentPath, byPagePath, sections, unpublished, unpublishedByKey, anchors: new Map() };
}

/**
 * The paths `.GetPage` finds a page by, without extension: `a/b.md` → `a/b`; a section
 * `a/b/_index.md` → `a/b`; a leaf bundle `a/b/index.md` → `a/b` and `a/b/index` (Hugo 0.111
 * finds `leaf/index` but neither `sub/_index` nor a branch's `index`); `_index.md` → ''.
 */
function pagePaths(contentPath: string): string[] {
  const withoutExtension = contentPath.toLowerCase().replace(MARKDOWN, '');
  const name = path.posix.basename(withoutExtension);
  if (name !== 'index' && name !== '_index') return [withoutExtension];
  const directory = path.posix.dirname(withoutExtension);
  const folder = directory === '.' ? '' : directory;
  return name === 'index' ? [folder, withoutExtension] : [folder];
}

function bundleKey(site: Site, directory: string): string {
  return `${site.folder}\0${directory}`;
}

function unpublishedReason(file: IndexedFile, leafBundles: ReadonlySet<string>): Unpublished | undefined {
  const { frontMatter } = file.facts;
  const directory = path.posix.dirname(file.sitePath);
  const isBundleIndex = LEAF_BUNDLE_INDEX.test(path.posix.basename(file.sitePath));
  // Every file below a leaf bundle's directory is one of its resources, except its own index.
  for (let ancestor = directory; ancestor !== '.'; ancestor = path.posix.dirname(ancestor)) {
    if (leafBundles.has(bundleKey(file.site, ancestor)) && !(isBundleIndex && ancestor === directory)) return 'bundle-resource';
  }
  if (frontMatter.draft) return 'draft';
  if (frontMatter.headless && isBundleIndex) return 'headless';
  if (frontMatter.render === 'never' || frontMatter.render === 'link') return 'not-rendered';
  return undefined;
}
