// Pushed diagnostics: every page's and include file's once the handbook is indexed (scope
// `workspace`), or only the open documents' (`openFiles`), after anything that can change them. A
// change after a quiet spell is published at once; the rest of a burst once it pauses for QUIET_MS
// (or, under steady typing, MAX_WAIT_MS after it started), from the latest texts. A publish that a
// newer change makes stale stops, and the next one goes on from the newest texts. Only the files a
// change can concern are checked again (the changed files and the files that point at them), and
// only those whose diagnostics differ from the last ones sent are sent. Why pushed and
// not pulled: ARCHITECTURE.md, "Diagnostics for the whole workspace".
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { computeDiagnostics, LinkProblemsMemo } from '../features/diagnostics/diagnostics';
import type { DiagnosticsScope } from '../model/base/settings';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { dependentsOf } from '../model/index/references';
import type { Indexing } from './indexing';
import { logInternalError } from './log';
import { filePathOf } from './uris';

/**
 * How long a burst of changes must pause before the rest of it is published: the messages of a
 * burst come about a millisecond apart, so its texts are taken once more, when the last has
 * arrived. A change after a quiet spell this long is published at once.
 */
const QUIET_MS = 20;
/** Under steady typing (no pause of QUIET_MS), the longest a change waits to be published. */
const MAX_WAIT_MS = 50;
/** How long a publish checks files before it lets requests that came in meanwhile be answered. */
const SLICE_MS = 5;

/** What was last sent for a file or document: sent again only when it differs. */
interface Sent {
  readonly uri: string;
  readonly version: number | undefined;
  /** The diagnostics as sent; files without any are not kept. */
  readonly diagnostics: readonly Diagnostic[];
}

/** A file's diagnostics, as kept between sessions (see storedDiagnostics.ts). */
export interface FileDiagnostics {
  readonly path: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** A file or document to check: an open document's text is the editor's, with its version. */
interface Target {
  readonly key: string;
  readonly document: TextDocument | undefined;
}

export class DiagnosticsPublisher {
  /** The publish waiting for the burst to pause, and when the burst began. */
  private timer: { handle: NodeJS.Timeout; burstStarted: number } | undefined;
  /** A publish has started and not yet taken the texts: a change now is in its texts. */
  private starting = false;
  /** Told when a publish has sent all it was to (`onDidPublish`). */
  private readonly publishedListeners: (() => void)[] = [];
  /** Sent diagnostics, by file path (a document that is no file: by URI). */
  private readonly sent = new Map<string, Sent>();
  /** Files whose diagnostics may differ from those sent; 'all' after a build or a change of scope. */
  private stale: Set<string> | 'all' = 'all';
  /** Files changed since the last publish: the files that point at them are stale too, once their new facts are in. */
  private readonly changed = new Set<string>();
  /** The files that pointed at changed files before they changed. */
  private readonly pointedAtBefore = new Set<string>();
  /** The index and the scope the last publish saw: another one, and every file is checked again. */
  private seen: { index: HandbookIndex; scope: DiagnosticsScope } | undefined;
  /** A publish is under way, and when the last one ended (see schedule). */
  private publishing = false;
  private lastPublishEnded = 0;
  /** Open documents whose diagnostics were sent for their current version, so not typed in since. */
  private readonly upToDate = new Map<string, number>();
  /** The problems of each page's links, kept while what they depend on stands: a page checked again checks only the links whose findings may differ. */
  private readonly linkProblems = new LinkProblemsMemo();
  /** How many times a file's diagnostics were sent other than before (not only for a new version): none since a count, and what was sent then still stands. */
  private changes = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly indexing: Indexing,
  ) {}

  /** `listener` runs each time a publish has sent all it was to (not one a newer change stopped). */
  onDidPublish(listener: () => void): void {
    this.publishedListeners.push(listener);
  }

  /**
   * Diagnostics of the files as they are on disk, kept by an earlier session: sent at once, before
   * there is an index to compute them from, and taken as sent, so that the first publish sends only
   * the files whose diagnostics differ. An open document gets them only when its text is the
   * disk's (`onDisk`: the versions of the documents known to be); one typed in gets its own after
   * the index is ready. Too late once a publish has taken in the index (undefined): it has computed
   * them. How many files were sent, once they are.
   */
  async seed(files: readonly FileDiagnostics[], onDisk: ReadonlyMap<string, number>): Promise<number | undefined> {
    // A publish waiting for the index (a document opened meanwhile) has not taken it in: it goes on to compute them all.
    if (this.seen) return undefined;
    const open = new Map(this.documents.all().map((document) => [filePathOf(document.uri) ?? document.uri, document]));
    const sending: Promise<void>[] = [];
    for (const { path, diagnostics } of files) {
      const document = open.get(path);
      if (document && onDisk.get(document.uri) !== document.version) continue;
      const uri = document?.uri ?? URI.file(path).toString();
      this.sent.set(path, { uri, version: document?.version, diagnostics });
      this.changes++;
      sending.push(this.connection.sendDiagnostics(document ? { uri, version: document.version, diagnostics: [...diagnostics] } : { uri, diagnostics: [...diagnostics] }));
    }
    // Each message is written once the one before it is: they are out when the last is.
    await Promise.all(sending);
    return sending.length;
  }

  /**
   * Every file's diagnostics as last sent, when they are those of the index as it is: no publish
   * waiting or under way, no file or document changed since the last; else undefined. `since`: and
   * and only when some file's were sent otherwise after that count (see `changeCount`).
   */
  sentFiles(since?: number): FileDiagnostics[] | undefined {
    const settled = this.timer === undefined && !this.publishing && !this.starting && this.stale !== 'all' && this.stale.size === 0 && this.changed.size === 0;
    if (!settled || this.indexing.hasChangedDocuments || this.seen?.index !== this.indexing.current || (since !== undefined && since === this.changes)) return undefined;
    const index = this.indexing.current;
    return [...this.sent].flatMap(([path, { diagnostics }]) => (diagnostics.length > 0 && index.get(path) ? [{ path, diagnostics }] : []));
  }

  /** How many times a file's diagnostics were sent other than before, so far (see sentFiles). */
  get changeCount(): number {
    return this.changes;
  }

  /** Everything may have changed (a new index): every file is checked again. */
  publishAll(): void {
    this.stale = 'all';
    this.schedule();
  }

  /**
   * These files (paths) changed, or are about to: they, the files that pointed at them before and
   * those that point at them after are checked again by the next publish (not by one under way,
   * which may have checked them already).
   */
  filesChanged(files: Iterable<string>): void {
    for (const file of files) {
      this.changed.add(file);
      for (const dependent of this.pointingAt(this.indexing.current, file)) this.pointedAtBefore.add(dependent);
    }
    this.schedule();
  }

  /** A document changed, was opened or closed. */
  documentChanged(uri: string): void {
    this.filesChanged([filePathOf(uri) ?? uri]);
  }

  /** Settings changed: a new scope shows or clears the files that are not open. */
  settingsChanged(): void {
    this.schedule();
  }

  /** A closed document: a file's diagnostics come from the disk now (or go, in scope `openFiles`); any other document's go. */
  closed(uri: string): void {
    this.upToDate.delete(uri);
    this.documentChanged(uri);
  }

  /**
   * A publish at once after a quiet spell (a keystroke is shown without delay), else once the
   * changes pause (see QUIET_MS); none when one is starting (it takes the latest texts). Quiet
   * means no publish waiting, running or ended within QUIET_MS: the messages of a burst that
   * queued up behind a publish are taken in together, not one publish each.
   */
  private schedule(): void {
    if (this.starting) return;
    const now = Date.now();
    const quiet = this.timer === undefined && !this.publishing && now - this.lastPublishEnded >= QUIET_MS;
    const burstStarted = this.timer?.burstStarted ?? now;
    if (this.timer) clearTimeout(this.timer.handle);
    const wait = quiet ? 0 : Math.min(QUIET_MS, Math.max(0, burstStarted + MAX_WAIT_MS - now));
    const handle = setTimeout(() => {
      this.timer = undefined;
      this.publishing = true;
      void this.publishLatest()
        .catch((error: unknown) => logInternalError(this.connection, error))
        .finally(() => {
          this.publishing = false;
          this.lastPublishEnded = Date.now();
        });
    }, wait);
    this.timer = { handle, burstStarted };
  }

  private async publishLatest(): Promise<void> {
    // Takes the open documents' latest texts: each changed one is parsed once, here or by a request.
    this.starting = true;
    let index: HandbookIndex;
    try {
      index = await this.indexing.whenReady();
    } finally {
      this.starting = false;
    }
    const scope = this.indexing.settings.diagnosticsScope;
    this.takeInChanges(index, scope);
    let sliceStart = Date.now();
    for (const target of this.targets()) {
      // A change since the texts were taken, or a new build: what is left is published from the newer ones.
      if (this.indexing.hasChangedDocuments || this.indexing.current !== index) return this.schedule();
      // Requests that came in meanwhile are answered before the next file's diagnostics.
      if (Date.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
        if (this.indexing.hasChangedDocuments || this.indexing.current !== index) return this.schedule();
      }
      this.publish(index, scope, target);
      // Marked again meanwhile (or everything was): checked again by the publish that marking scheduled.
      if (this.stale !== 'all') this.stale.delete(target.key);
    }
    for (const listener of this.publishedListeners) listener();
  }

  /** What changed since the last publish, in the index as it is now: the changed files and what points at them, or everything. */
  private takeInChanges(index: HandbookIndex, scope: DiagnosticsScope): void {
    const seen = this.seen;
    this.seen = { index, scope };
    if (!seen || seen.index !== index || seen.scope !== scope) this.stale = 'all';
    const stale = this.stale;
    if (stale !== 'all') {
      for (const file of this.changed) for (const key of [file, ...this.pointingAt(index, file)]) stale.add(key);
      for (const key of this.pointedAtBefore) stale.add(key);
    }
    this.changed.clear();
    this.pointedAtBefore.clear();
    if (this.stale === 'all')
      this.stale = new Set([...this.sent.keys(), ...this.documents.all().map((document) => filePathOf(document.uri) ?? document.uri), ...[...index.allFiles()].map((file) => file.path)]);
  }

  /** The files whose diagnostics can depend on `file` (see dependentsOf), as the index is now. */
  private pointingAt(index: HandbookIndex, file: string): string[] {
    const indexed = index.get(file);
    return indexed ? dependentsOf(index, indexed).map((dependent) => dependent.path) : [];
  }

  /** The stale files and documents in the order people look at them: documents typed in first, then the other open ones, then the rest. */
  private targets(): Target[] {
    const open = new Map<string, TextDocument>();
    for (const document of this.documents.all()) open.set(filePathOf(document.uri) ?? document.uri, document);
    const stale = this.stale === 'all' ? [] : [...this.stale];
    const targets = stale.map((key): Target => ({ key, document: open.get(key) }));
    const rank = ({ document }: Target) => (document === undefined ? 2 : this.upToDate.get(document.uri) === document.version ? 1 : 0);
    return targets.sort((a, b) => rank(a) - rank(b));
  }

  /** Sends the target's diagnostics when they differ from those last sent for it. */
  private publish(index: HandbookIndex, scope: DiagnosticsScope, { key, document }: Target): void {
    const file = index.get(key);
    const shown = document !== undefined || (scope === 'workspace' && file !== undefined);
    const diagnostics = shown && file ? this.diagnosticsOf(index, file) : [];
    const version = document?.version;
    const before = this.sent.get(key);
    const same = before ? sameDiagnostics(before.diagnostics, diagnostics) : diagnostics.length === 0;
    if (document) this.upToDate.set(document.uri, document.version);
    // A file moved to another URI (opened under another spelling of its path): the old one is cleared.
    if (before && document && before.uri !== document.uri) void this.connection.sendDiagnostics({ uri: before.uri, diagnostics: [] });
    else if (before ? same && before.version === version : same && document === undefined) return;
    if (!same) this.changes++;
    // Made only for a file that is sent: most of those checked again are not.
    const uri = document?.uri ?? before?.uri ?? URI.file(key).toString();
    if (diagnostics.length === 0 && document === undefined) this.sent.delete(key);
    else this.sent.set(key, { uri, version, diagnostics });
    // The version tells the client which text these diagnostics describe, so it can drop stale ones.
    void this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }

  private diagnosticsOf(index: HandbookIndex, file: IndexedFile): Diagnostic[] {
    try {
      return computeDiagnostics(index, file, this.linkProblems);
    } catch (error) {
      logInternalError(this.connection, error);
      return [];
    }
  }
}

/**
 * Whether two lists of diagnostics would be sent alike. Most of a file's diagnostics checked again
 * are the very objects sent before (LinkProblemsMemo keeps them), so they are compared one by one
 * first, and serialized only when one differs.
 */
function sameDiagnostics(before: readonly Diagnostic[], after: readonly Diagnostic[]): boolean {
  if (before.length !== after.length) return false;
  return before.every((diagnostic, position) => diagnostic === after[position]) || JSON.stringify(before) === JSON.stringify(after);
}
