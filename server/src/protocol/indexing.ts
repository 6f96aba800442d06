// The index the server answers from, and when it may be read. Builds run one after another,
// each showing work-done progress; `ready` is replaced the moment a build is asked for, so
// whatever arrives after a change waits for the index that knows about it. Open documents' texts
// are taken lazily: an edit only marks its document, and whoever reads the index next takes the
// latest text of each marked one, so a burst of keystrokes costs one parse, not one per edit.
import type { ClientCapabilities, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { distinctFolders } from '../model/base/paths';
import type { HandbookSettings } from '../model/base/settings';
import { NodeWorkspace } from '../model/base/workspace';
import { HandbookIndex } from '../model/index/handbookIndex';
import { filePathOf } from './uris';
import { describeError } from './log';

export class Indexing {
  private index: HandbookIndex;
  private folders: readonly string[];
  /** Settles when the last build asked for is done. */
  private ready: Promise<void> = Promise.resolve();
  private readonly builtListeners: (() => void)[] = [];
  /** Documents opened, edited or closed since the index last took their text. */
  private readonly changedDocuments = new Set<string>();
  /** Settles when the last taking of texts is done (a closed document's file is read again from disk). */
  private taking: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly client: ClientCapabilities,
    private readonly documents: TextDocuments<TextDocument>,
    folders: readonly string[],
    settings: HandbookSettings,
  ) {
    this.folders = folders;
    this.index = this.newIndex(folders, settings);
  }

  /** The index as it is now, built or not: for pushing diagnostics after a change it has taken in. */
  get current(): HandbookIndex {
    return this.index;
  }

  /** The index once every build asked for so far is done, with the open documents' latest texts. */
  async whenReady(): Promise<HandbookIndex> {
    await this.ready;
    await this.takeDocumentTexts();
    return this.index;
  }

  /** A document was opened, edited or closed: the index takes its text (or the disk's) when next read. */
  documentChanged(uri: string): void {
    this.changedDocuments.add(uri);
  }

  /** Whether a document changed after the index last took the texts: what was computed from it is stale. */
  get hasChangedDocuments(): boolean {
    return this.changedDocuments.size > 0;
  }

  onDidBuild(listener: () => void): void {
    this.builtListeners.push(listener);
  }

  /** Builds the index again once the current build is done, with the settings `settings` gives then (by default those it has). */
  reindex(settings: () => Promise<HandbookSettings> = async () => this.index.currentSettings): void {
    this.queueBuild(settings);
  }

  /** New workspace folders: a new index over them, with the settings it has. */
  changeFolders(added: readonly string[], removed: readonly string[]): void {
    const gone = new Set(removed);
    this.folders = [...this.folders.filter((folder) => !gone.has(folder)), ...added];
    this.queueBuild(async () => this.index.currentSettings, this.folders);
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

  private queueBuild(settings: () => Promise<HandbookSettings>, folders?: readonly string[]): void {
    this.ready = this.ready.then(async () => {
      const next = await settings();
      if (folders) this.index = this.newIndex(folders, next);
      await this.build(next);
    });
  }

  /** The workspace is the server's only door to the files: new folders need a new one. */
  private newIndex(folders: readonly string[], settings: HandbookSettings): HandbookIndex {
    return new HandbookIndex(new NodeWorkspace(distinctFolders(folders)), settings);
  }

  /** Reads the whole handbook, showing work-done progress, then lets the open documents be checked. */
  private async build(settings: HandbookSettings): Promise<void> {
    const progress = this.client.window?.workDoneProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Handbook Roles', 0, 'Indexing the handbook…', false);
    const started = Date.now();
    try {
      let lastReport = 0;
      await this.index.updateSettings(settings, (done, total) => {
        const now = Date.now();
        if (now - lastReport < 100 && done !== total) return;
        lastReport = now;
        progress?.report(total === 0 ? 100 : Math.round((done / total) * 100), `${done}/${total} files`);
      });
      for (const document of this.documents.all()) this.documentChanged(document.uri);
      for (const problem of this.index.siteList.flatMap((site) => site.problems)) this.connection.window.showWarningMessage(`Handbook Roles: ${problem}`);
      for (const note of this.index.notes) this.connection.console.warn(note);
      this.connection.console.info(`Indexed ${[...this.index.allFiles()].length} files in ${Date.now() - started} ms.`);
    } catch (error) {
      this.connection.console.error(`Indexing failed: ${describeError(error)}`);
      this.connection.window.showErrorMessage(`Handbook Roles could not index the handbook: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      progress?.done();
    }
    for (const listener of this.builtListeners) listener();
  }
}
