// How a build of the index finds and reads the handbook's files: the survey (the sites and every
// file a build would read, nothing parsed) and the reading of every file into the facts the index
// keeps — open documents' texts first, then a facts cache, then the disk, on parse worker threads
// where that pays, else in this thread with pauses so that a language server stays responsive.
import { availableParallelism } from 'node:os';
import { loadFile, openTextRecord, type FactsRecord, type FactsStore, type Loaded, type LoadRequest, type LoadSettings } from './load/factsLoader';
import { loadInWorkers } from './load/parsePool';
import type { FileKind } from '../page/facts';
import type { ExtendsPattern } from '../base/extendsSearch';
import { MARKDOWN_FILE } from '../site/publishing';
import { contentPathOf, loadSite, type Site } from '../site/site';
import type { HandbookSettings } from '../base/settings';
import { SharedStrings } from './sharedStrings';
import { neighboursOf, type ReadFile } from './readingOrder';
import type { FileStat, Workspace } from '../base/workspace';

export interface IndexProgress {
  (done: number, total: number): void;
}

export interface IndexOptions {
  /**
   * Parse worker threads: 'auto' (the default) uses one per core, at most MAX_WORKERS, when the
   * machine has at least MIN_WORKER_CORES cores and at least WORKER_THRESHOLD files are to be
   * read; 0 reads and parses in this thread.
   */
  readonly workers?: number | 'auto';
  /** The bundled worker entry; tests that run from sources point it at dist/parseWorker.js. */
  readonly workerScript?: string;
}

export interface BuildOptions {
  /** Facts of unchanged files from an earlier run: the command line's on-disk cache. */
  readonly cache?: FactsStore;
  /** The survey just made (`survey()`), so that the build does not list (or stat) the files again. */
  readonly survey?: Survey;
  /** Called once the open documents and what answering them needs are read (see `HandbookIndex.reading`); the rest is read once it settles. */
  readonly openFilesRead?: () => Promise<void>;
}

// Parse workers pay for themselves only where cores are plentiful. Measured on the 4,657-page
// corpus on 2 cores (bench/check-phases.ts, whole check, 3 interleaved runs each): this thread
// alone 2.7 s and 177 MB, two workers 3.3 s and 207 MB. Each worker warms up its own JIT and
// encodes what it parsed, the main thread decodes it, and a page now parses in about 0.3 ms, so
// on two cores the overhead outweighs the split. From MIN_WORKER_CORES cores on (not measurable
// here) the parse, about two thirds of a cold build, is split.
const WORKER_THRESHOLD = 300;
const MIN_WORKER_CORES = 4;
const MAX_WORKERS = 4;
// Parsing in this thread pauses this often so that a language server stays responsive.
const YIELD_EVERY_MS = 20;

export interface Source {
  readonly path: string;
  readonly site: Site;
  readonly kind: FileKind;
  /** The file's stat, when the survey was asked for stats (undefined too when it could not be had). */
  readonly stat?: FileStat;
}

/** What a build reads, found without reading it: the sites, their pages and include files, and their other include-root files. */
export interface Survey {
  readonly sites: readonly Site[];
  /** Every page and include file of every site, in a stable order. */
  readonly sources: readonly Source[];
  /** The include roots' other files (images, HTML, …): an include may name them, nothing parses them. */
  readonly assets: readonly Source[];
}

/**
 * The sites of the workspace folders, read from their Hugo configs, and every file a build would
 * read; nothing is parsed. `stats`: stat each page and include file too (what a facts cache compares).
 */
export async function surveyHandbook(workspace: Workspace, settings: HandbookSettings, options: { readonly stats?: boolean } = {}): Promise<Survey> {
  const sites = await Promise.all(workspace.folders.map((folder) => loadSite(workspace, folder, settings)));
  const statOf = async (file: string) => (options.stats ? await workspace.stat(file) : undefined);
  const sources: Source[] = [];
  const assets: Source[] = [];
  for (const site of sites) {
    for (const root of site.contentRoots) {
      for (const file of await workspace.listFiles(root.directory, (name) => MARKDOWN_FILE.test(name))) sources.push({ path: file, site, kind: 'page', stat: await statOf(file) });
    }
    for (const root of site.includeRoots) {
      for (const file of await workspace.listFiles(root.directory, () => true)) {
        // A Markdown file in a content root too (`assetDir = "content"`) is a page, as Hugo renders it.
        if (MARKDOWN_FILE.test(file)) {
          if (contentPathOf(site.contentRoots, file) === undefined) sources.push({ path: file, site, kind: 'include', stat: await statOf(file) });
        } else {
          assets.push({ path: file, site, kind: 'include' });
        }
      }
    }
  }
  return { sites, sources, assets };
}

/** What reading a build's files needs of the index. */
interface SourceReader {
  readonly workspace: Workspace;
  readonly settings: HandbookSettings;
  /** `settings.extendsPatterns`, compiled. */
  readonly extendsPatterns: readonly ExtendsPattern[];
  /** Texts of open documents, which win over the disk and the cache. */
  readonly overlays: ReadonlyMap<string, string>;
  readonly options: IndexOptions;
}

/** What a build is told as it reads. */
export interface ReadingListener {
  /** A source's facts (`position`: its place in the sources), in no set order. */
  record(position: number, record: FactsRecord): void;
  progress?: IndexProgress;
  /** The open documents and the files answering them needs (see readingOrder.ts) are read: called once, before the rest is, which waits for it to settle. */
  openFilesRead?(): Promise<void> | void;
}

/**
 * Reads every source: an open document's text, else the cache's facts of an unchanged file, else
 * the file. Open documents come first, then the files answering them needs (see readingOrder.ts),
 * then the rest in listing order. What a person may want to know (files that vanished, workers
 * that failed) comes back as notes.
 */
export async function readSources(sources: readonly Source[], reader: SourceReader, listener: ReadingListener, cache?: FactsStore): Promise<string[]> {
  const { progress } = listener;
  const notes: string[] = [];
  const vanished: string[] = [];
  // For this build only: a table of every string ever seen would grow as long as the server runs.
  const strings = new SharedStrings();
  const settled = new Uint8Array(sources.length);
  let done = 0;
  const settle = (position: number, record: FactsRecord | undefined, fromOverlay = false) => {
    settled[position] = 1;
    // A document opened during the build (see HandbookIndex.setOpenText) keeps its text's facts over the disk's.
    if (record && (fromOverlay || !reader.overlays.has(sources[position].path))) {
      strings.shareIn(record.facts);
      listener.record(position, record);
    }
    progress?.(++done, sources.length);
  };
  /** The cache's facts of an unchanged file. A file the cache has never seen is not stat'ed: reading it yields the stat to remember. */
  const cached = async (position: number): Promise<FactsRecord | undefined> => {
    const { path: file, kind, stat: surveyed } = sources[position];
    const stat = cache?.has(file) ? (surveyed ?? (await reader.workspace.stat(file))) : undefined;
    return stat && cache!.lookup(file, kind, stat);
  };
  const requestOf = (position: number): LoadRequest => {
    const { path: file, kind } = sources[position];
    return { path: file, kind, knownHash: cache?.knownHash(file, kind) };
  };
  /** What a file loaded from disk gives the index (undefined: it vanished), remembered by the cache. */
  const recordOf = (position: number, loaded: Loaded, blob?: Uint8Array): FactsRecord | undefined => {
    const { path: file, kind } = sources[position];
    switch (loaded.outcome) {
      case 'missing':
        vanished.push(file);
        return undefined;
      case 'unchanged':
        return cache!.confirm(file, loaded.stat);
      case 'parsed':
        if (cache && loaded.stat && loaded.hash !== undefined) cache.remember(file, kind, loaded.stat, loaded.hash, loaded.record, blob);
        return loaded.record;
    }
  };
  const loadSettings = { extendsPatterns: reader.extendsPatterns, maxFileSize: reader.settings.maxFileSize, hash: cache !== undefined };
  const pause = pauser();
  progress?.(0, sources.length);

  // What answering the open documents needs, first and in this thread: their own texts, then the
  // files they want, and the files those want in turn, from the cache or the disk.
  const wanted = new WantedFiles(reader.settings.siteHosts);
  // An open document's file goes into the cache all the same (looked up, or read once the rest is,
  // its facts unused): a cache that holds every file lets the next start know the handbook
  // unchanged (cache/resultStore.ts).
  const unremembered: number[] = [];
  for (const [position, source] of sources.entries()) {
    const text = reader.overlays.get(source.path);
    if (text === undefined) continue;
    const record = openTextRecord(text, source.kind, reader.extendsPatterns, reader.settings.maxFileSize);
    wanted.addNeighboursOf({ ...source, facts: record.facts }, true);
    settle(position, record, true);
    if (cache && !(await cached(position))) unremembered.push(position);
  }
  const positionOf = wanted.isEmpty ? undefined : new Map(sources.map((source, position) => [source.path, position]));
  for (let file = wanted.take(); file !== undefined; file = wanted.take()) {
    const position = positionOf!.get(file);
    if (position === undefined || settled[position]) continue;
    const record = (await cached(position)) ?? recordOf(position, await loadFile(reader.workspace, requestOf(position), loadSettings));
    if (record) wanted.addNeighboursOf({ ...sources[position], facts: record.facts }, false);
    settle(position, record);
    await pause();
  }
  await listener.openFilesRead?.();

  // Then the rest, in listing order: from the cache where it can, the others loaded below.
  const positions: number[] = [];
  for (let position = 0; position < sources.length; position++) {
    await pause();
    if (settled[position]) continue;
    const record = await cached(position);
    if (record) settle(position, record);
    else positions.push(position);
  }
  await loadAll(positions.map(requestOf), reader, loadSettings, notes, (request, loaded, blob) => settle(positions[request], recordOf(positions[request], loaded, blob)));
  for (const position of unremembered) {
    const loaded = await loadFile(reader.workspace, requestOf(position), loadSettings);
    // A file gone meanwhile is the document's alone: nothing vanished from the index.
    if (loaded.outcome !== 'missing') recordOf(position, loaded);
  }
  if (vanished.length > 0) notes.push(describeVanished(vanished));
  return notes;
}

/** Files to read before the rest, found as the files that need them are read. */
class WantedFiles {
  private readonly queue: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly siteHosts: readonly string[]) {}

  get isEmpty(): boolean {
    return this.queue.length === 0;
  }

  addNeighboursOf(file: ReadFile, allLinks: boolean): void {
    for (const neighbour of neighboursOf(file, this.siteHosts, allLinks)) {
      if (this.seen.has(neighbour)) continue;
      this.seen.add(neighbour);
      this.queue.push(neighbour);
    }
  }

  /** The next wanted file, first found first out. */
  take(): string | undefined {
    return this.queue.shift();
  }
}

/**
 * Loads every request, on worker threads when there are enough of them, calling `onLoaded`
 * with each request's position as it is done. If the workers fail, this thread loads the rest.
 */
async function loadAll(
  requests: readonly LoadRequest[],
  { workspace, settings, options }: SourceReader,
  loadSettings: LoadSettings,
  notes: string[],
  onLoaded: (request: number, loaded: Loaded, blob?: Uint8Array) => void,
): Promise<void> {
  const answered = new Uint8Array(requests.length);
  const deliver = (request: number, loaded: Loaded, blob?: Uint8Array) => {
    answered[request] = 1;
    onLoaded(request, loaded, blob);
  };
  const workers = workerCount(requests.length, options.workers ?? 'auto');
  if (workers > 0) {
    const data = { folders: workspace.folders, extendsPatterns: settings.extendsPatterns, maxFileSize: settings.maxFileSize, hash: loadSettings.hash };
    try {
      if (await loadInWorkers(requests, data, workers, (request, { loaded, blob }) => deliver(request, loaded, blob), options.workerScript)) return;
    } catch (error) {
      notes.push(`The parse workers failed (${(error as Error).message}); the rest of the handbook was read without them.`);
    }
  }
  const pause = pauser();
  for (let request = 0; request < requests.length; request++) {
    if (answered[request]) continue;
    deliver(request, await loadFile(workspace, requests[request], loadSettings));
    await pause();
  }
}

/**
 * A pause for a turn of the event loop once YIELD_EVERY_MS have passed since the last: during a
 * build in this thread, a language server still answers requests and hears a re-index cancelled.
 */
function pauser(): () => Promise<void> {
  let lastPause = performance.now();
  return async () => {
    if (performance.now() - lastPause <= YIELD_EVERY_MS) return;
    await new Promise((resume) => setImmediate(resume));
    lastPause = performance.now();
  };
}

function workerCount(files: number, wanted: number | 'auto'): number {
  if (wanted !== 'auto') return wanted;
  const cores = availableParallelism();
  return files >= WORKER_THRESHOLD && cores >= MIN_WORKER_CORES ? Math.min(cores, MAX_WORKERS) : 0;
}

function describeVanished(files: readonly string[]): string {
  const shown = files.slice(0, 5).join(', ');
  const more = files.length > 5 ? ` and ${files.length - 5} more` : '';
  return `${files.length === 1 ? 'A file' : `${files.length} files`} vanished while the handbook was being read, and ${files.length === 1 ? 'was' : 'were'} left out: ${shown}${more}.`;
}
