// The index of every page and include file of the handbook's sites. It holds their facts, the
// texts of open documents and the versions that tell a cache it is stale, and answers the queries
// on them: the pages Hugo builds, the page at a URL, where a link or an include call leads, the
// anchors a page really has. It is updated file by file; what is derived from the files
// (derivedTables.ts, anchors.ts) is recomputed lazily after a change. How a build finds and reads
// the files is build.ts; which content files Hugo publishes is ../site/publishing.ts.
import * as path from 'node:path';
import { loadFile, openTextRecord, type FactsRecord } from './load/factsLoader';
import { compileExtendsPatterns, decodeText } from '../page/parsePage';
import type { FileKind, PageFacts, Writable } from '../page/facts';
import type { LinkKind } from '../page/markdown/syntax';
import type { ExtendsPattern } from '../base/extendsSearch';
import { AnchorIds, anchorsOfFile, findAnchorIn } from './anchors';
import { readSources, surveyHandbook, type BuildOptions, type IndexOptions, type IndexProgress, type Source, type Survey } from './build';
import { deriveTables, type DerivedTables } from './derivedTables';
import { findRefPage, hookRules, pageByReference } from './pageFinder';
import type { Anchor, IndexedFile, ResolvedInclude, ResolvedLink, ResolvedRef } from './indexedFile';
import { MARKDOWN_FILE, type Unpublished } from '../site/publishing';
import { contentPathOf, pageUrl, resolveDestination, urlKey, type LinkTarget, type Site } from '../site/site';
import { withAnswerSettings, type HandbookSettings } from '../base/settings';
import { rolePathMatcher } from '../base/settingChecks';
import { LineIndex } from '../base/text';
import type { Workspace } from '../base/workspace';

export class HandbookIndex {
  private sites: readonly Site[] = [];
  private readonly files = new Map<string, IndexedFile>();
  /** Texts of open documents, which win over the disk. */
  private readonly overlays = new Map<string, string>();
  /** Include-root files that are not Markdown (listed for completion and existence only). */
  private readonly assets = new Map<string, { path: string; site: Site; sitePath: string }>();
  private extendsPatterns: ExtendsPattern[] = [];
  private rolePathMatcher: (contentPath: string) => boolean = () => false;
  private derived: DerivedTables | undefined;
  /** Answers kept as they are asked for; `changed` forgets those a change makes stale. */
  private memos = emptyMemos();
  private generation = 0;
  private outlineGeneration = 0;
  private routeGeneration = 0;
  private buildNotes: readonly string[] = [];
  /** The last survey and the one-pass workspace it listed the files with, for the build given it. */
  private surveyed: { readonly survey: Survey; readonly workspace: Workspace } | undefined;
  /** While a build reads the handbook: its progress (see `reading`). */
  private readSoFar: Reading | undefined;
  /** How many files were read when the index last caught up with a build (see catchUpWithReading). */
  private seenSoFar = -1;
  /** Files were stored out of a build's listing order (see restoreListingOrder). */
  private outOfOrder = false;

  constructor(
    readonly workspace: Workspace,
    private settings: HandbookSettings,
    private readonly options: IndexOptions = {},
  ) {
    this.applySettings(settings);
  }

  /** What the last build met that a person may want to know: files that vanished, workers that failed. */
  get notes(): readonly string[] {
    return this.buildNotes;
  }

  /** Bumped on every change: anything computed from the index can tell it is stale. */
  get version(): number {
    return this.generation;
  }

  /**
   * Bumped when the outline of the handbook changes: its files, their URLs, front matter,
   * headings, anchors, extends links and include calls. A cache of tables derived from those alone
   * keys on this, and survives the typing inside a paragraph; a cache of anything else keys on
   * `version`. IndexedFile objects stay the same while their file is indexed (their facts are
   * replaced in place), so such tables may hold them.
   */
  get outlineVersion(): number {
    return this.outlineGeneration;
  }

  /**
   * Bumped when files come or go, or a file's URL or front matter changes: where Hugo serves each
   * file and whether it publishes it, which is all the tables that links are resolved against are
   * made of. While it stands, a link leads to the same page it led to (its anchor may differ).
   */
  get routesVersion(): number {
    return this.routeGeneration;
  }

  get siteList(): readonly Site[] {
    return this.sites;
  }

  get currentSettings(): HandbookSettings {
    return this.settings;
  }

  /** New settings that shape only answers (see withAnswerSettings) take effect at once: nothing read depends on them. */
  adoptAnswerSettings(settings: HandbookSettings): void {
    this.settings = withAnswerSettings(this.settings, settings);
  }

  /**
   * The sites and every file a build would read (see surveyHandbook); nothing is parsed. Listed
   * (and stat'ed) in a pass of its own, which the build given this survey goes on with.
   */
  async survey(options: { readonly stats?: boolean } = {}): Promise<Survey> {
    const workspace = this.workspace.forOnePass();
    const survey = await surveyHandbook(workspace, this.settings, options);
    this.surveyed = { survey, workspace };
    return survey;
  }

  /**
   * Reads every site from scratch. Each file is stored as it is read, so the index may be read
   * before the build is done (a language server answering open documents, see `reading`), once
   * `catchUpWithReading` has made it see what was read so far.
   */
  async build(progress?: IndexProgress, options: BuildOptions = {}): Promise<void> {
    const { cache } = options;
    // Listed and read in one pass: each file is opened (or stat'ed) as the listing saw it, without
    // resolving its real path first (profiled on the corpus: about 50 ms of the language server's
    // cold start, the `realpath` and `stat` calls less the longer `open`).
    const surveyed = options.survey !== undefined && this.surveyed?.survey === options.survey ? this.surveyed : undefined;
    this.surveyed = undefined;
    const workspace = surveyed?.workspace ?? this.workspace.forOnePass();
    const { sites, sources, assets } = options.survey ?? (await surveyHandbook(workspace, this.settings, { stats: cache !== undefined }));
    this.sites = sites;
    this.files.clear();
    this.assets.clear();
    for (const asset of assets) this.addAsset(asset.site, asset.path);
    this.changed('routes');
    const reader = { workspace, settings: this.settings, extendsPatterns: this.extendsPatterns, overlays: this.overlays, options: this.options };
    this.readSoFar = { done: 0, total: sources.length, openFilesRead: false };
    this.seenSoFar = -1;
    const listener = {
      record: (position: number, record: FactsRecord) => {
        const source = sources[position];
        this.storeRecord(source.path, source.site, source.kind, record);
      },
      progress: (done: number, total: number) => {
        this.readSoFar = { done, total, openFilesRead: this.readSoFar?.openFilesRead ?? false };
        progress?.(done, total);
      },
      openFilesRead: async () => {
        if (this.readSoFar) this.readSoFar = { ...this.readSoFar, openFilesRead: true };
        await options.openFilesRead?.();
      },
    };
    try {
      this.buildNotes = await readSources(sources, reader, listener, cache);
    } finally {
      this.readSoFar = undefined;
    }
    // Stored in listing order, whatever order the files were read in: which of two pages with the
    // same URL wins must not depend on timing.
    this.putInListingOrder(sources);
    this.outOfOrder = false;
    this.changed('routes');
  }

  /**
   * While a build reads the handbook: how many of its files are read so far (the rest are not in
   * the index yet), and whether the open documents and what answering them needs are among them.
   */
  get reading(): Reading | undefined {
    return this.readSoFar;
  }

  /** During a build: what is derived from the files (URL tables, anchors, resolved links) is made again from those read so far. */
  catchUpWithReading(): void {
    if (this.readSoFar && this.readSoFar.done !== this.seenSoFar) {
      this.seenSoFar = this.readSoFar.done;
      this.changed('routes');
    }
  }

  /** The file changed on disk, was created or deleted: read it again (an open document's text wins). */
  async refreshFile(file: string): Promise<void> {
    const placement = this.placementOf(file);
    if (!placement) return;
    const markdown = MARKDOWN_FILE.test(file);
    if (markdown && this.overlays.has(file)) return this.changed(await this.load(file, placement.site, placement.kind));
    // What a fresh build would list, nothing else: Markdown pages, any include-root file, none
    // below a hidden folder or a symbolic link to a folder, and no folder of a page's name.
    const listed = (markdown || placement.kind === 'include') && (await this.workspace.reaches(placement.root, file)) === 'entry';
    if (!listed) {
      const known = this.files.delete(file);
      if (this.assets.delete(file) || known) this.changed('routes');
    } else if (!markdown) {
      this.addAsset(placement.site, file);
      this.changed('routes');
    } else {
      this.changed(await this.load(file, placement.site, placement.kind));
    }
  }

  /** An open document's text: it replaces the file's facts until the document is closed. */
  setOpenText(file: string, text: string): void {
    // The same text again (a build read the overlay already, an edit was undone): nothing to parse.
    if (this.overlays.get(file) === text && this.files.has(file)) return;
    this.overlays.set(file, text);
    const placement = this.placementOf(file);
    if (placement && MARKDOWN_FILE.test(file)) this.changed(this.storeOpenText(file, placement.site, placement.kind, text));
  }

  async closeOpenText(file: string): Promise<void> {
    this.overlays.delete(file);
    await this.refreshFile(file);
  }

  /**
   * `check`'s answer as if `file` (a file of this index) held `text`, every query of the index
   * answering from that text; then everything is put back as it was, versions included, so no
   * cache keyed on them notices. A quick fix is tried this way before it is offered. `check` must
   * be synchronous: nothing else may see the index while it holds the trial text.
   */
  withTrialText<T>(file: IndexedFile, text: string, check: (trial: IndexedFile) => T): T {
    if (this.files.get(file.path) !== file) throw new Error(`${file.path} is not a file of this index.`);
    const trial: Writable<IndexedFile> = file;
    const kept = { url: file.url, facts: file.facts, lines: file.lines, derived: this.derived, memos: this.memos };
    const record = openTextRecord(text, file.kind, this.extendsPatterns, this.settings.maxFileSize);
    const { lineStarts, lineEnds, length } = record;
    const facts = factsOfSite(record.facts, file.site);
    trial.url = file.kind === 'page' ? pageUrl(file.sitePath, facts.frontMatter) : undefined;
    trial.facts = facts;
    trial.lines = new LineIndex({ lineStarts, lineEnds }, length);
    // The derived tables read only URLs and front matter (derivedTables.ts): a trial that keeps both keeps them.
    if (trial.url !== kept.url || JSON.stringify(facts.frontMatter) !== JSON.stringify(kept.facts.frontMatter)) this.derived = undefined;
    this.memos = emptyMemos();
    try {
      return check(trial);
    } finally {
      trial.url = kept.url;
      trial.facts = kept.facts;
      trial.lines = kept.lines;
      this.derived = kept.derived;
      this.memos = kept.memos;
    }
  }

  get(file: string): IndexedFile | undefined {
    return this.files.get(file);
  }

  allFiles(): IterableIterator<IndexedFile> {
    // In order now: a query asked while the caller iterates (resolveLink) must not reorder the map under it.
    this.restoreListingOrderIfNeeded();
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
    return this.overlays.get(file) ?? (await this.diskTextOf(file));
  }

  /** The text of a file on disk, whether or not a document is open on it. */
  async diskTextOf(file: string): Promise<string | undefined> {
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

  /** Pages whose URL key (see `urlKey`) ends in the segment `lastSegment`. */
  pagesWithLastSegment(site: Site, lastSegment: string): readonly IndexedFile[] {
    return this.tables().byLastSegment.get(site)?.get(lastSegment) ?? [];
  }

  isRolePage(file: IndexedFile): boolean {
    return file.kind === 'page' && this.rolePathMatcher(file.sitePath);
  }

  /** A page's title: front matter `title`, else its first heading, else its file name. */
  titleOf(file: IndexedFile): string {
    return file.facts.frontMatter.title ?? file.facts.headings[0]?.text ?? path.basename(file.path).replace(MARKDOWN_FILE, '');
  }

  /** The anchors a page has once rendered, its includes' among them (see anchorsOfFile). */
  anchorsOf(file: IndexedFile): readonly Anchor[] {
    const cache = this.memos.anchors;
    let anchors = cache.get(file);
    if (!anchors) cache.set(file, (anchors = anchorsOfFile(file, (site, includePath) => this.resolveInclude(site, includePath), this.settings.anchorShortcodes)));
    return anchors;
  }

  /**
   * An object that stays the same while nothing a link into `page` can find there changes: its
   * facts (title, headings, shortcodes), its anchors with those of the files it includes, and the
   * routes. What was found by following links into the page may be kept while its stamp stands.
   */
  stampOf(page: IndexedFile): object {
    const stamps = this.memos.stamps;
    let stamp = stamps.get(page);
    if (!stamp) stamps.set(page, (stamp = {}));
    return stamp;
  }

  /** The first anchor with this ID, else the first whose ID differs only in case. */
  findAnchor(file: IndexedFile, fragment: string): Anchor | undefined {
    const anchors = this.anchorsOf(file);
    if (!AnchorIds.worthTables(anchors)) return findAnchorIn(anchors, fragment);
    // Tables for a page with many anchors: every link with a fragment asks, and most pages are linked many times.
    const cache = this.memos.anchorIds;
    let ids = cache.get(file);
    if (!ids) cache.set(file, (ids = new AnchorIds(anchors)));
    return ids.find(fragment);
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
      // A page in an include root too (`assetDir = "content"`): Hugo finds it, and it is checked as the page it is.
      if (indexed || this.assets.has(file)) return { kind: 'found', file: { path: file, kind: 'asset' } };
    }
    return { kind: 'missing', normalized };
  }

  /**
   * Where a link written in `from` leads. `written`: how (see LinkKind) — a link render hook sees
   * only Markdown links, so a raw HTML `href` goes where a browser takes it.
   */
  resolveLink(from: IndexedFile, destination: string, written: LinkKind = 'inline'): ResolvedLink {
    const seenByHook = written !== 'html' || !from.site.embeddedLinkHook;
    if (from.kind !== 'page' || !seenByHook) return this.resolveLinkFrom(from, destination, seenByHook).resolved;
    // A handbook links to the same places from many pages (46k of the real corpus' 76k links
    // lead out of it, 23k into it by absolute URL): where the way there does not depend on the
    // linking page, a site resolves each destination once.
    const memos = this.memos.resolvedFromAnyPage;
    let memo = memos.get(from.site);
    if (!memo) memos.set(from.site, (memo = new Map<string, ResolvedLink>()));
    const known = memo.get(destination);
    // The page a destination leads to stands while the routes do; the anchor it finds there is
    // looked up again each time, so that an edit of the page's headings forgets no destination.
    if (known?.kind === 'page' && known.fragment !== undefined) return this.withAnchor(known.page, known.fragment, known.viaAlias);
    if (known) return known;
    const { resolved, fromAnyPage } = this.resolveLinkFrom(from, destination, seenByHook);
    if (!fromAnyPage) return resolved;
    // A memo that outgrows its bound starts over: where most destinations are written once it
    // saves little and holds much (10k generated pages have 130k of them, 5.7 MB of answers at
    // the end of a check). What a link leads to is the same whether it was remembered or not.
    if (memo.size >= RESOLVED_MEMO_BOUND) memo.clear();
    memo.set(destination, resolved);
    return resolved;
  }

  /** `fromAnyPage`: any page of the site would get the same answer (see resolveLink). */
  private resolveLinkFrom(from: IndexedFile, destination: string, seenByHook: boolean): { resolved: ResolvedLink; fromAnyPage: boolean } {
    // Include files have no URL of their own: only their root-absolute links are resolved.
    const fromUrl = from.url ?? '/';
    const target = resolveDestination(destination, fromUrl, from.kind === 'page' ? from.sitePath : '', this.settings.siteHosts, hookRules(from.site));
    const fromAnyPage = target.kind === 'external' || target.kind === 'unchecked' || (target.kind === 'page' && !target.relative);
    return { resolved: this.resolveTarget(from, destination, target, seenByHook), fromAnyPage };
  }

  private resolveTarget(from: IndexedFile, destination: string, target: LinkTarget, seenByHook: boolean): ResolvedLink {
    switch (target.kind) {
      case 'external':
        return EXTERNAL;
      case 'unchecked':
        return UNCHECKED;
      case 'same-page':
        if (from.kind !== 'page') return UNCHECKED;
        return this.withAnchor(from, target.fragment, false);
      case 'file': {
        if (from.kind !== 'page' && !destination.startsWith('/')) return UNCHECKED;
        if (!seenByHook) return this.pageAtUrl(from.site, target, target.urlPath);
        const page = pageByReference(this.tables(), from.site, target.reference);
        return page ? this.withAnchor(page, target.fragment, false) : this.missingPage(from.site, target, target.contentPath);
      }
      case 'page': {
        // An include file's relative links depend on the page that includes it.
        if (from.kind !== 'page' && target.relative) return UNCHECKED;
        // A host is shared by several sites (about.gitlab.com/blog/ is not the handbook's):
        // only the top-level sections this site has pages in are its own.
        if (target.host !== undefined && !this.hasSectionOf(from.site, target.urlPath)) return EXTERNAL;
        const referenced = seenByHook && from.site.embeddedLinkHook && target.reference && pageByReference(this.tables(), from.site, target.reference);
        if (referenced) return this.withAnchor(referenced, target.fragment, false);
        return this.pageAtUrl(from.site, target, target.urlPath);
      }
    }
  }

  private pageAtUrl(site: Site, target: Extract<LinkTarget, { kind: 'page' | 'file' }>, urlPath: string): ResolvedLink {
    const found = this.pageByUrl(site, urlPath);
    return found ? this.withAnchor(found.page, target.fragment, found.viaAlias) : this.missingPage(site, target, urlKey(urlPath));
  }

  /** The page (and anchor) `{{< ref "…" >}}` in page `from` finds (see findRefPage); a bare `#anchor` is on `from` itself. */
  resolveRef(from: IndexedFile, ref: string): ResolvedRef {
    const hash = ref.indexOf('#');
    const written = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? undefined : ref.slice(hash + 1);
    const withAnchor = (page: IndexedFile): ResolvedRef => (fragment ? { kind: 'page', page, fragment, anchor: this.findAnchor(page, fragment) } : { kind: 'page', page });
    if (written === '') return fragment ? withAnchor(from) : { kind: 'no-path' };
    const found = findRefPage(this.tables(), from.site, from.sitePath, written);
    return found.kind === 'page' ? withAnchor(found.page) : found;
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

  private applySettings(settings: HandbookSettings): void {
    this.settings = settings;
    this.extendsPatterns = compileExtendsPatterns(settings.extendsPatterns);
    this.rolePathMatcher = rolePathMatcher(settings.rolePaths);
  }

  /** The site, kind and root a build files `file` under: its first content root, else its first include root. */
  private placementOf(file: string): { site: Site; kind: FileKind; root: string; rank: number } | undefined {
    // A relative path would be read against the working folder: it names no file of a site.
    if (!path.isAbsolute(file)) return undefined;
    let rank = 0;
    for (const site of this.sites) {
      for (const [kind, roots] of [['page', site.contentRoots] as const, ['include', site.includeRoots] as const]) {
        for (const root of roots) {
          if (contentPathOf([root], file) !== undefined) return { site, kind, root: root.directory, rank };
          rank++;
        }
      }
    }
    return undefined;
  }

  /**
   * Files stored one by one land at the end of the table, where a build stores them in the order
   * of its listing, and which of two pages with the same URL wins follows that order: put back
   * in it, the index equals a fresh build's.
   */
  private restoreListingOrder(): void {
    const rankOf = (file: IndexedFile) => this.placementOf(file.path)?.rank ?? Number.MAX_SAFE_INTEGER;
    const ordered = [...this.files.values()].map((file) => ({ file, rank: rankOf(file) })).sort((a, b) => a.rank - b.rank || (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
    this.files.clear();
    for (const { file } of ordered) this.files.set(file.path, file);
  }

  /**
   * The files in the order of a build's listing (`sources`), as if stored in it: the order
   * restoreListingOrder sorts them into (each root's listing is sorted by path), made without a
   * sort since the listing is at hand.
   */
  private putInListingOrder(sources: readonly Source[]): void {
    const byPath = new Map(this.files);
    this.files.clear();
    for (const { path: file } of sources) {
      const indexed = byPath.get(file);
      if (indexed) this.files.set(file, indexed);
    }
  }

  private addAsset(site: Site, file: string): void {
    this.assets.set(file, { path: file, site, sitePath: contentPathOf(site.includeRoots, file)! });
  }

  private async load(file: string, site: Site, kind: FileKind): Promise<Change> {
    const open = this.overlays.get(file);
    if (open !== undefined) return this.storeOpenText(file, site, kind, open);
    const loaded = await loadFile(this.workspace, { path: file, kind }, { extendsPatterns: this.extendsPatterns, maxFileSize: this.settings.maxFileSize, hash: false });
    // Opened while the disk was read: the editor's text wins over what was read.
    const openedMeanwhile = this.overlays.get(file);
    if (openedMeanwhile !== undefined) return this.storeOpenText(file, site, kind, openedMeanwhile);
    // Without a known hash the outcome is 'parsed' or 'missing'.
    if (loaded.outcome === 'parsed') return this.storeRecord(file, site, kind, loaded.record);
    this.files.delete(file);
    return 'routes';
  }

  private storeOpenText(file: string, site: Site, kind: FileKind, text: string): Change {
    return this.storeRecord(file, site, kind, openTextRecord(text, kind, this.extendsPatterns, this.settings.maxFileSize));
  }

  private storeRecord(file: string, site: Site, kind: FileKind, record: FactsRecord): Change {
    const { lineStarts, lineEnds, length } = record;
    const facts = factsOfSite(record.facts, site);
    const roots = kind === 'page' ? site.contentRoots : site.includeRoots;
    const sitePath = contentPathOf(roots, file)!;
    const url = kind === 'page' ? pageUrl(sitePath, facts.frontMatter) : undefined;
    const lines = new LineIndex({ lineStarts, lineEnds }, length);
    // Writable: this is where a file's facts are replaced in place (see outlineVersion).
    const existing: Writable<IndexedFile> | undefined = this.files.get(file);
    if (!existing || existing.site !== site || existing.kind !== kind) {
      if (!existing) this.outOfOrder = true;
      this.files.set(file, { path: file, site, kind, sitePath, url, facts, lines });
      return 'routes';
    }
    const before = { route: routeOf(existing), outline: outlineOf(existing) };
    existing.url = url;
    existing.facts = facts;
    existing.lines = lines;
    if (routeOf(existing) !== before.route) return 'routes';
    return outlineOf(existing) === before.outline ? { textOf: existing } : { outlineOf: existing };
  }

  private changed(change: Change): void {
    this.generation++;
    if (change === 'routes') {
      this.routeGeneration++;
      this.outlineGeneration++;
      this.derived = undefined;
      this.memos = emptyMemos();
      return;
    }
    const file = 'outlineOf' in change ? change.outlineOf : change.textOf;
    if ('outlineOf' in change) this.outlineGeneration++;
    if (file.kind === 'include') {
      // An include file's anchors are in every page that includes it, and point into its text.
      this.memos = emptyMemos();
      return;
    }
    // A page's own anchors are all that changed (or their offsets): they are found again as they
    // are asked for (a link resolved before looks its anchor up again), and everything else stands.
    this.memos.anchors.delete(file);
    this.memos.anchorIds.delete(file);
    this.memos.stamps.delete(file);
  }

  private restoreListingOrderIfNeeded(): void {
    if (this.outOfOrder) {
      this.restoreListingOrder();
      this.outOfOrder = false;
    }
  }

  private tables(): DerivedTables {
    this.restoreListingOrderIfNeeded();
    if (!this.derived) this.derived = deriveTables(this.files.values());
    return this.derived;
  }
}

/** How far a build has read (see HandbookIndex.reading). */
export interface Reading {
  readonly done: number;
  readonly total: number;
  /** The open documents and the files answering them needs are read (see readingOrder.ts). */
  readonly openFilesRead: boolean;
}

// One object each: the memo of links resolved from any page holds an answer per destination, and
// most of a handbook's destinations lead out of it (46k of the real corpus' 76k links).
const EXTERNAL: ResolvedLink = Object.freeze({ kind: 'external' });
const UNCHECKED: ResolvedLink = Object.freeze({ kind: 'unchecked' });

/** Destinations a site's memo of links resolved from any page holds at most (the real corpus has 39k). */
const RESOLVED_MEMO_BOUND = 65_536;

function emptyMemos() {
  return {
    anchors: new Map<IndexedFile, Anchor[]>(),
    anchorIds: new Map<IndexedFile, AnchorIds>(),
    /** See stampOf: forgotten with the page's anchors, and with all of them on any wider change. */
    stamps: new Map<IndexedFile, object>(),
    /** Links resolved from a site's pages by destination, where the linking page makes no difference. */
    resolvedFromAnyPage: new Map<Site, Map<string, ResolvedLink>>(),
  };
}

/**
 * What a change touched: where files are served or whether they are published (see
 * `routesVersion`), else the outline of one file (see `outlineVersion`), else only its text, whose
 * anchors' offsets are then all that is stale.
 */
type Change = 'routes' | { readonly outlineOf: IndexedFile } | { readonly textOf: IndexedFile };

/**
 * A file's facts as its site renders them. Facts are read alike for every site (a facts cache
 * holds them by file), so what a site's Hugo config changes is applied here: a site that turns
 * goldmark's Linkify off has no bare URLs for links.
 */
function factsOfSite(facts: PageFacts, site: Site): PageFacts {
  if (site.linkify || !facts.links.some((link) => link.kind === 'linkify')) return facts;
  return { ...facts, links: facts.links.filter((link) => link.kind !== 'linkify') };
}

/** What the derived tables read of a file (derivedTables.ts, ../site/publishing.ts), beside its path and kind. */
function routeOf({ url, facts: { frontMatter } }: IndexedFile): string {
  const { aliases, draft, headless, render } = frontMatter;
  return JSON.stringify([url, aliases, draft, headless, render]);
}

/** What other files see of a file beside its route (see `outlineVersion`). */
function outlineOf({ facts }: IndexedFile): string {
  return JSON.stringify([
    facts.frontMatter,
    facts.headings.map((heading) => [heading.level, heading.source, heading.text, heading.explicitId]),
    facts.htmlAnchors.map((anchor) => anchor.id),
    facts.links.flatMap((link) => (link.extendsSentence ? [link.destination] : [])),
    facts.includes.map((call) => [call.path, call.form, call.problems.length]),
  ]);
}
