// How a build of the index finds and reads the handbook's files: the survey (the sites and every
// file a build would read, nothing parsed) and the reading of every file into the facts the index
// keeps — open documents' texts first, then a facts cache, then the disk, on parse worker threads
// where that pays, else in this thread with pauses so that a language server stays responsive.
import { availableParallelism } from 'node:os';
import { loadFile, openTextRecord, type FactsRecord, type FactsStore, type Loaded, type LoadRequest } from './load/factsLoader';
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
  /** The open documents and the files answering them needs (see readingOrder.ts) are read: called once, before the rest is. */
  openFilesRead?(): void;
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
  // For this build only: a table of every string ever seen would grow as long as the server runs.
  const strings = new SharedStrings();
  let done = 0;
  const settle = (position: number, record: FactsRecord | undefined) => {
    if (record) {
      strings.shareIn(record.facts);
      listener.record(position, record);
    }
    progress?.(++done, sources.length);
  };
  progress?.(0, sources.length);

  const wanted = new WantedFiles(reader.settings.siteHosts);
  const openPositions: number[] = [];
  sources.forEach((source, position) => reader.overlays.has(source.path) && openPositions.push(position));
  for (const position of openPositions) {
    const { path: file, kind, site } = sources[position];
    const record = openTextRecord(reader.overlays.get(file)!, kind, reader.extendsPatterns, reader.settings.maxFileSize);
    wanted.addNeighboursOf({ path: file, site, kind, facts: record.facts }, true);
    settle(position, record);
  }

  const requests: LoadRequest[] = [];
  const positions: number[] = [];
  // Facts the cache holds come back fast, but a whole handbook of them still takes a while.
  const pause = pauser();
  for (let position = 0; position < sources.length; position++) {
    await pause();
    const { path: file, kind, stat: surveyed } = sources[position];
    if (reader.overlays.has(file)) continue;
    // A file the cache has never seen is not stat'ed here: reading it yields the stat to remember.
    const stat = cache?.has(file) ? (surveyed ?? (await reader.workspace.stat(file))) : undefined;
    const cached = stat && cache!.lookup(file, kind, stat);
    if (cached) {
      settle(position, cached);
      continue;
    }
    positions.push(position);
    requests.push({ path: file, kind, knownHash: cache?.knownHash(file, kind) });
  }

  const vanished: string[] = [];
  const order = new ReadingQueue(requests, wanted);
  await loadAll(requests, reader, cache !== undefined, notes, order, () => listener.openFilesRead?.(), (request, loaded, blob) => {
    const position = positions[request];
    const { path: file, kind, site } = sources[position];
    let record: FactsRecord | undefined;
    switch (loaded.outcome) {
      case 'missing':
        vanished.push(file);
        break;
      case 'unchanged':
        record = cache!.confirm(file, loaded.stat);
        break;
      case 'parsed':
        if (cache && loaded.stat && loaded.hash !== undefined) cache.remember(file, kind, loaded.stat, loaded.hash, loaded.record, blob);
        record = loaded.record;
        break;
    }
    if (record && order.wasWanted(request)) wanted.addNeighboursOf({ path: file, site, kind, facts: record.facts }, false);
    settle(position, record);
  });
  if (vanished.length > 0) notes.push(describeVanished(vanished));
  return notes;
}

/** Files to read before the rest, found as the files that need them are read. */
class WantedFiles {
  private readonly queue: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly siteHosts: readonly string[]) {}

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

/** The order requests are loaded in: wanted files (those of them still to load) first, then the rest in order. */
class ReadingQueue {
  /** Made when a file is first wanted: a build with no open documents (`check`) never needs it. */
  private byPath: Map<string, number> | undefined;
  private readonly wantedRequests = new Set<number>();
  private next = 0;

  constructor(
    private readonly requests: readonly LoadRequest[],
    private readonly wanted: WantedFiles,
  ) {}

  /** The next wanted request still to load, given which are answered; undefined when none is left. */
  takeWanted(answered: Uint8Array): number | undefined {
    for (let file = this.wanted.take(); file !== undefined; file = this.wanted.take()) {
      this.byPath ??= new Map(this.requests.map((request, position) => [request.path, position]));
      const request = this.byPath.get(file);
      if (request !== undefined && !answered[request]) {
        this.wantedRequests.add(request);
        return request;
      }
    }
    return undefined;
  }

  /** The next request in order still to load; undefined when all are. */
  takeNext(answered: Uint8Array): number | undefined {
    while (this.next < answered.length && answered[this.next]) this.next++;
    return this.next < answered.length ? this.next++ : undefined;
  }

  wasWanted(request: number): boolean {
    return this.wantedRequests.has(request);
  }
}

/**
 * Loads every request, calling `onLoaded` with each request's position as it is done: first the
 * wanted ones in `order`, in this thread (a few files, the chains they lead to), then, once
 * `wantedRead` is called, the rest, on worker threads when there are enough of them. If the
 * workers fail, this thread loads what they left.
 */
async function loadAll(
  requests: readonly LoadRequest[],
  { workspace, settings, extendsPatterns, options }: SourceReader,
  hash: boolean,
  notes: string[],
  order: ReadingQueue,
  wantedRead: () => void,
  onLoaded: (request: number, loaded: Loaded, blob?: Uint8Array) => void,
): Promise<void> {
  const answered = new Uint8Array(requests.length);
  const deliver = (request: number, loaded: Loaded, blob?: Uint8Array) => {
    answered[request] = 1;
    onLoaded(request, loaded, blob);
  };
  const loadSettings = { extendsPatterns, maxFileSize: settings.maxFileSize, hash };
  const pause = pauser();
  const loadHere = async (take: () => number | undefined) => {
    for (let request = take(); request !== undefined; request = take()) {
      deliver(request, await loadFile(workspace, requests[request], loadSettings));
      await pause();
    }
  };
  // A wanted file read adds the files it wants: this ends when a chain has no more to read.
  await loadHere(() => order.takeWanted(answered));
  wantedRead();
  const remaining = requests.flatMap((_, request) => (answered[request] ? [] : [request]));
  const workers = workerCount(remaining.length, options.workers ?? 'auto');
  if (workers > 0) {
    const data = { folders: workspace.folders, extendsPatterns: settings.extendsPatterns, maxFileSize: settings.maxFileSize, hash };
    try {
      const toLoad = remaining.map((request) => requests[request]);
      if (await loadInWorkers(toLoad, data, workers, (at, { loaded, blob }) => deliver(remaining[at], loaded, blob), options.workerScript)) return;
    } catch (error) {
      notes.push(`The parse workers failed (${(error as Error).message}); the rest of the handbook was read without them.`);
    }
  }
  await loadHere(() => order.takeNext(answered));
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
