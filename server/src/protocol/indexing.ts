// The index the server answers from, and when it may be read. Only the first build makes
// requests wait. A rebuild (settings, workspace folders or a Hugo config changed) builds a new
// index beside the current one, with the open documents' texts, while requests are answered
// from the current one; once built, it replaces the current one in one step. Builds run one
// after another, never two at once; a rebuild asked for while another runs supersedes it (the
// older one's index is dropped when it ends, never swapped in). Open documents' texts are taken
// lazily: an edit only marks its document, and whoever reads the index next takes the latest
// text of each marked one, so a burst of keystrokes costs one parse, not one per edit.
import type { ClientCapabilities, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { distinctFolders } from '../model/base/paths';
import { readAlike, type HandbookSettings } from '../model/base/settings';
import { NodeWorkspace } from '../model/base/workspace';
import { HandbookIndex } from '../model/index/handbookIndex';
import type { Survey } from '../model/index/build';
import { chooseCacheFolder, WorkspaceFactsCache } from '../cache/serverCache';
import { resultsKey } from '../cache/resultStore';
import { filePathOf } from './uris';
import { describeError, logInternalError } from './log';

/** Where the client wants the facts cache kept between sessions (`initializationOptions`). */
export interface FactsCacheOptions {
  /** The folder for the server's own state (VS Code: the extension's storageUri); default: an XDG cache folder. */
  readonly storagePath?: string;
  /** False: keep no facts cache. */
  readonly enabled: boolean;
}

/**
 * Where results computed from an index are kept between sessions, and the key they are kept
 * under: everything they were computed from (see cache/resultStore.ts).
 */
export interface ResultsPlace {
  readonly file: string;
  readonly key: string;
}

/** A change the current index took in during a rebuild, to be made to the new index too before it is swapped in. */
export type IndexChange = (index: HandbookIndex) => Promise<void>;

/** The name of the server's stored results beside its facts caches: the diagnostics it published. */
const DIAGNOSTICS_FILE = 'diagnostics';

export class Indexing {
  private index: HandbookIndex;
  private folders: readonly string[];
  /** The folders the current index was built over (undefined until the first build is done). */
  private indexedFolders: readonly string[] | undefined;
  /** The settings of the last build asked for (the current index's until one is). */
  private wanted: Promise<HandbookSettings>;
  /** The settings `wanted` last settled with. */
  private lastWanted: HandbookSettings;
  /** Settles when the first build is done: until then there is no index to answer from. */
  private readonly firstBuilt: Promise<void>;
  private settleFirstBuilt: () => void = () => undefined;
  /** Settles when the last build asked for is done: builds run one after another. */
  private building: Promise<void> = Promise.resolve();
  /** Counts the builds asked for. */
  private buildsAsked = 0;
  /** The last build asked for that must read the handbook again whatever the settings: new folders, a Hugo config changed. */
  private lastRereadAsked = 0;
  /** Changes the current index took in while the new one is built (undefined when none is). */
  private changesDuringBuild: IndexChange[] | undefined;
  private readonly builtListeners: (() => void)[] = [];
  /** Documents opened, edited or closed since the index last took their text. */
  private readonly changedDocuments = new Set<string>();
  /** Settles when the last taking of texts is done (a closed document's file is read again from disk). */
  private taking: Promise<void> = Promise.resolve();
  /** The facts cache of the last build, written once its diagnostics are published (`saveFactsCache`). */
  private unsaved: { readonly cache: WorkspaceFactsCache; readonly index: HandbookIndex; readonly folders: readonly string[] } | undefined;
  /** What the current index was built from, with a facts cache: what results computed from it are kept under (see resultsPlace). */
  private basis: { readonly index: HandbookIndex; readonly survey: Survey; readonly file: string; generations: (string | undefined)[] } | undefined;
  private readonly unchangedListeners: ((place: ResultsPlace) => Promise<void>)[] = [];
  /** Why there is no facts cache, as last logged: said once, not at every build. */
  private loggedNoCache: string | undefined;
  /** The first build's index while it reads the handbook, and the document versions it was given: early answers come from it (see forDocument). */
  private filling: { readonly index: HandbookIndex; readonly versions: Map<string, number> } | undefined;
  /** Whether the first build is done (`firstBuilt` settled). */
  private firstDone = false;
  /** Requests waiting for the first build to read their document's file: woken at each file read, and when it ends. */
  private readonly waitingForFiles = new Set<() => void>();

  constructor(
    private readonly connection: Connection,
    private readonly client: ClientCapabilities,
    private readonly documents: TextDocuments<TextDocument>,
    folders: readonly string[],
    settings: HandbookSettings,
    private readonly cacheOptions: FactsCacheOptions = { enabled: false },
  ) {
    this.folders = folders;
    this.index = this.newIndex(settings);
    this.wanted = Promise.resolve(settings);
    this.lastWanted = settings;
    this.firstBuilt = new Promise((resolve) => (this.settleFirstBuilt = resolve));
  }

  /** The settings last read: those of the last build asked for once they are read, whether or not it is done. */
  get settings(): HandbookSettings {
    return this.lastWanted;
  }

  /** The workspace folders as they are now (those of the last build asked for). */
  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** The index as it is now, built or not: for pushing diagnostics after a change it has taken in. */
  get current(): HandbookIndex {
    return this.index;
  }

  /** The index once the first build is done, with the open documents' latest texts; during a rebuild, the one it will replace. */
  async whenReady(): Promise<HandbookIndex> {
    await this.firstBuilt;
    // A round trip at most (the client asked for its settings), never a build.
    await this.wanted;
    await this.takeDocumentTexts();
    return this.index;
  }

  /**
   * The index to answer a request about document `uri` from. During the first build, for an open
   * document: the index being built, with the document's latest text, once it has read the open
   * documents and the files answering them needs (read first) and the document's file; its
   * `reading` says that it is not complete. Otherwise the index once ready (see whenReady).
   */
  async forDocument(uri: string): Promise<HandbookIndex> {
    const file = filePathOf(uri);
    while (!this.firstDone && file !== undefined) {
      const filling = this.filling;
      if (filling) {
        const document = this.documents.get(uri);
        if (!document) break;
        // Opened or edited since the build began: the index being built takes its text now (one
        // parse however many edits came between two requests), and keeps it over the disk's.
        if (filling.versions.get(uri) !== document.version) {
          filling.index.setOpenText(file, document.getText());
          filling.versions.set(uri, document.version);
        }
        if (filling.index.reading?.openFilesRead && filling.index.get(file)) {
          filling.index.catchUpWithReading();
          return filling.index;
        }
      }
      // Woken when the first build begins, at each file it reads, and when it ends.
      await new Promise<void>((wake) => this.waitingForFiles.add(wake));
    }
    return this.whenReady();
  }

  /** A document was opened, edited or closed: the index takes its text (or the disk's) when next read. */
  documentChanged(uri: string): void {
    this.changedDocuments.add(uri);
  }

  /** Whether a document changed after the index last took the texts: what was computed from it is stale. */
  get hasChangedDocuments(): boolean {
    return this.changedDocuments.size > 0;
  }

  /** The current index took in `change` (a file read again from disk): the index being built, if any, takes it in before it replaces the current one. */
  madeChange(change: IndexChange): void {
    this.changesDuringBuild?.push(change);
  }

  onDidBuild(listener: () => void): void {
    this.builtListeners.push(listener);
  }

  /**
   * `listener` is told when the first build finds the handbook exactly as the facts caches hold it
   * (the same files, sizes and times, the same settings and program): results kept at `place` by
   * an earlier session answer for it. Told once the files are listed and the open documents read,
   * before any other facts are decoded; the build goes on once the listeners' promises settle.
   */
  onUnchangedHandbook(listener: (place: ResultsPlace) => Promise<void>): void {
    this.unchangedListeners.push(listener);
  }

  /**
   * Where results computed from the current index are to be kept, with their key; undefined with no
   * facts cache, or none written. The key names the facts as the cache wrote them, not the files as
   * the index has them since: a file changed on disk after that no longer matches its cache entry, so
   * the next session does not take results kept under it. Undefined too while a build over new
   * workspace folders is to come: the place was chosen for the folders before, and may lie inside
   * one just added.
   */
  get resultsPlace(): ResultsPlace | undefined {
    const basis = this.basis;
    const key = basis?.index === this.index && this.folders === this.indexedFolders ? resultsKey(basis.generations, basis.survey, this.index.currentSettings) : undefined;
    return key === undefined ? undefined : { file: basis!.file, key };
  }

  /**
   * Builds a new index, with the settings `settings` gives (by default those of the last build
   * asked for, when the files themselves call for it: a Hugo config changed). New settings that
   * read the handbook as the current ones do need no build.
   */
  reindex(settings?: () => Promise<HandbookSettings>): void {
    const previous = this.wanted;
    // Settings that cannot be read leave those of the build before. Those that shape only answers
    // (the hover's length) apply to the current index at once, before the rebuild.
    if (settings) {
      this.wanted = previous
        .then(settings)
        .then((next) => {
          this.lastWanted = next;
          this.index.adoptAnswerSettings(next);
          return next;
        })
        .catch(async () => previous);
    }
    this.queueBuild(settings === undefined);
  }

  /** Reads the whole handbook again, as the user asked; settles once that build is done (or superseded, or cancelled). */
  async readAgain(): Promise<void> {
    this.reindex();
    await this.building;
  }

  /** New workspace folders: a new index over them, with the settings of the last build asked for. */
  changeFolders(added: readonly string[], removed: readonly string[]): void {
    const gone = new Set(removed);
    const folders = [...this.folders.filter((folder) => !gone.has(folder)), ...added];
    // A client may announce the folders it initialized with (vscode-languageclient does, when it
    // sees its folder list change identity): the same folders need no build.
    if (sameFolders(folders, this.folders)) return;
    this.folders = folders;
    this.queueBuild(true);
  }

  /**
   * Writes the facts cache of the last build: called once its diagnostics are published, so that
   * writing it (a few hundred milliseconds on a big handbook) never delays them.
   */
  saveFactsCache(): void {
    const unsaved = this.unsaved;
    this.unsaved = undefined;
    if (!unsaved) return;
    const { cache, index, folders } = unsaved;
    // Its folder was chosen as outside the workspace folders of its build: one added since may
    // hold it. The build over the new folders opens and saves a cache of its own.
    if (folders !== this.folders) return;
    cache.save();
    // Not a cancelled build's cache, though it is written too: the current index was not read from it.
    if (this.basis?.index === index) this.basis.generations = cache.generations;
    for (const note of cache.takeNotes()) this.connection.console.warn(note);
  }

  /** One taking at a time, in order: a document closed and opened again ends up open, with its text. */
  private takeDocumentTexts(): Promise<void> {
    this.taking = this.taking.then(async () => {
      // A document marked again while a closed one's file is read is visited again.
      for (const uri of this.changedDocuments) {
        this.changedDocuments.delete(uri);
        // A document that is no file (`untitled:`, `http:`) has no place in the index.
        const file = filePathOf(uri);
        if (file === undefined) continue;
        const document = this.documents.get(uri);
        if (document) this.index.setOpenText(file, document.getText());
        else await this.index.closeOpenText(file);
      }
    });
    return this.taking;
  }

  /**
   * Queues a build. `reread`: the files call for it (new folders, a Hugo config changed); otherwise
   * none is made when the settings read the handbook as the current index's do.
   */
  private queueBuild(reread: boolean): void {
    const asked = ++this.buildsAsked;
    if (reread) this.lastRereadAsked = asked;
    // The settings are read in order, whether or not the build they are for is superseded.
    const settings = this.wanted;
    const folders = this.folders;
    this.building = this.building.then(async () => {
      const next = await settings;
      if (await this.supersedes(asked, next)) return;
      // Settings that read the handbook alike (only answers changed): the current index has taken them.
      if (!reread && folders === this.indexedFolders && readAlike(next, this.index.currentSettings)) return;
      const swapped = await this.build(this.newIndex(next, folders), folders, () => this.supersedes(asked, next));
      // The latest build is done (swapped in, or failed and shown): the first index is there.
      if (swapped && !this.firstDone) {
        this.firstDone = true;
        this.settleFirstBuilt();
        this.wakeWaitingForFiles();
      }
    });
  }

  /**
   * Whether a build asked for after build `asked` (of `settings`) makes it useless:
   * one that rereads the files, or settings that read the handbook otherwise. A settings
   * notification that changes nothing (VS Code sends one right after `initialized`, and again
   * when any configuration it resolves at startup touches the section) does not drop a build
   * that is nearly done, only to read the whole handbook again.
   */
  private async supersedes(asked: number, settings: HandbookSettings): Promise<boolean> {
    if (asked === this.buildsAsked) return false;
    if (this.lastRereadAsked > asked) return true;
    // A round trip at most: the settings of the builds asked for since.
    return !readAlike(await this.wanted, settings);
  }

  /** The workspace is the server's only door to the files: each index has its own. */
  private newIndex(settings: HandbookSettings, folders: readonly string[] = this.folders): HandbookIndex {
    return new HandbookIndex(new NodeWorkspace(distinctFolders(folders)), settings);
  }

  /**
   * Reads the whole handbook into `next`, showing work-done progress, then swaps it in unless a
   * newer build was asked for meanwhile that supersedes it. Whether it ended as the latest build
   * (swapped in, or failed and shown).
   */
  private async build(next: HandbookIndex, folders: readonly string[], superseded: () => Promise<boolean>): Promise<boolean> {
    const progress = this.client.window?.workDoneProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    // A rebuild may be cancelled: the index in use stays. The first build may not: there is no other to answer from.
    const cancellable = this.indexedFolders !== undefined;
    progress?.begin('Handbook Roles', 0, 'Indexing the handbook…', cancellable);
    let cancelled = false;
    // The files already being read are read to the end (on worker threads), then dropped.
    progress?.token.onCancellationRequested(() => (cancelled = cancellable));
    const started = Date.now();
    this.changesDuringBuild = [];
    let latest = true;
    try {
      const open = this.giveOpenTexts(next);
      // The documents whose texts the new index holds: given now, or taken during the first build by forDocument.
      const given = new Set(open.map((document) => document.uri));
      // Until the first build is done there is no other index to answer from: early answers come from this one.
      if (!this.firstDone) {
        this.filling = { index: next, versions: new Map(open.map((document) => [document.uri, document.version])) };
        this.wakeWaitingForFiles();
      }
      const cache = this.openFactsCache(folders, next.currentSettings);
      // With a cache, the files are listed and stated first: an unchanged handbook is known before its facts are decoded.
      const survey = cache && (await next.survey({ stats: true }));
      const key = cache && survey && !this.firstDone && cache.holdsExactly(survey.sources) ? resultsKey(cache.generations, survey, next.currentSettings) : undefined;
      const unchanged = key === undefined ? undefined : { file: cache!.resultsFile(DIAGNOSTICS_FILE), key };
      let lastReport = 0;
      await next.build(
        (done, total) => {
          this.wakeWaitingForFiles();
          const now = Date.now();
          if (now - lastReport < 100 && done !== total) return;
          lastReport = now;
          progress?.report(total === 0 ? 100 : Math.round((done / total) * 100), `${done}/${total} files`);
        },
        {
          cache,
          survey,
          // The open documents are read first (from the cache): early answers about them go out
          // first, then the unchanged handbook's listeners are told. The build waits for them:
          // the messages they send are written one per turn of the event loop, which a build
          // going on meanwhile would spread over its whole length. (Going on and pausing after
          // every file while they go out was tried: on the corpus the last came 0.25 s later, the
          // index ready no sooner, and in code-server both ended at the same second either way.)
          openFilesRead: async () => {
            if (!unchanged) return;
            this.wakeWaitingForFiles();
            await new Promise((resolve) => setImmediate(resolve));
            await Promise.all(this.unchangedListeners.map((listener) => listener(unchanged))).catch((error: unknown) => logInternalError(this.connection, error));
          },
        },
      );
      // Its notes so far are about reading it (damaged, unreadable); those of writing it come with the save.
      for (const note of cache?.takeNotes() ?? []) this.connection.console.warn(note);
      // Every file's facts are decoded now: the cache file's bytes go, and a save encodes what it writes again.
      cache?.releaseStoredFacts();
      this.unsaved = cache && { cache, index: next, folders };
      this.endFilling(given);
      for (const change of this.changesDuringBuild) await change(next);
      if (await superseded()) return (latest = false);
      if (cancelled) {
        this.connection.console.info('Indexing cancelled: answers come from the index before it.');
        return true;
      }
      // Settings that shape only answers, read during the build, went to the index it replaces.
      next.adoptAnswerSettings(this.lastWanted);
      this.index = next;
      this.indexedFolders = folders;
      this.basis = cache && survey && { index: next, survey, file: cache.resultsFile(DIAGNOSTICS_FILE), generations: cache.generations };
      // The new index has the texts the documents had when it started: the latest are taken when it is next read.
      for (const uri of [...given, ...this.documents.all().map((document) => document.uri)]) this.documentChanged(uri);
      for (const problem of next.siteList.flatMap((site) => site.problems)) this.connection.window.showWarningMessage(`Handbook Roles: ${problem}`);
      for (const note of next.notes) this.connection.console.warn(note);
      const reading = cache ? ` (${cache.parsed} parsed, ${cache.reused} from the facts cache)` : '';
      this.connection.console.info(`Indexed ${[...next.allFiles()].length} files in ${Date.now() - started} ms${reading}.`);
    } catch (error) {
      latest = !(await superseded());
      this.connection.console.error(`Indexing failed: ${describeError(error)}`);
      this.connection.window.showErrorMessage(`Handbook Roles could not index the handbook: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.endFilling();
      this.changesDuringBuild = undefined;
      progress?.done();
    }
    for (const listener of this.builtListeners) listener();
    return latest;
  }

  /** The facts caches of a build over `folders`, or undefined (the reason logged once) when there may be none. */
  private openFactsCache(folders: readonly string[], settings: HandbookSettings): WorkspaceFactsCache | undefined {
    const distinct = distinctFolders(folders);
    const choice = chooseCacheFolder(this.cacheOptions, distinct);
    if (choice.folder === undefined) {
      if (choice.why !== this.loggedNoCache) this.connection.console.info(`No facts cache between sessions: ${choice.why}; every start reads the whole handbook.`);
      this.loggedNoCache = choice.why;
      return undefined;
    }
    this.loggedNoCache = undefined;
    return new WorkspaceFactsCache(choice.folder, distinct, settings);
  }

  /** The open documents' texts win over the disk in the new index from its first file on; the documents given them, with their versions. */
  private giveOpenTexts(next: HandbookIndex): { uri: string; version: number }[] {
    const open = this.documents.all().flatMap((document) => {
      const file = filePathOf(document.uri);
      return file === undefined ? [] : [{ uri: document.uri, version: document.version, file, text: document.getText() }];
    });
    for (const { file, text } of open) next.setOpenText(file, text);
    return open.map(({ uri, version }) => ({ uri, version }));
  }

  /** The first build's index is no longer read before it is done: it is the index, or dropped. */
  private endFilling(given?: Set<string>): void {
    for (const uri of this.filling?.versions.keys() ?? []) given?.add(uri);
    this.filling = undefined;
    this.wakeWaitingForFiles();
  }

  private wakeWaitingForFiles(): void {
    for (const wake of this.waitingForFiles) wake();
    this.waitingForFiles.clear();
  }
}

function sameFolders(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((folder, at) => folder === right[at]);
}
