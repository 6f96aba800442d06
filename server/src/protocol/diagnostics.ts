// Pushed diagnostics: every open document's, after anything that can change them.
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { computeDiagnostics } from '../features/diagnostics/diagnostics';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { logInternalError } from './log';
import { filePathOf } from './uris';

export class DiagnosticsPublisher {
  private scheduled = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly currentIndex: () => HandbookIndex,
  ) {}

  /** Diagnostics of every open document, once for a burst of changes: one edit can break links in others. */
  publishAll(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const document of this.documents.all()) this.publish(document.uri);
    });
  }

  /** A closed document shows no diagnostics. */
  clear(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private publish(uri: string): void {
    const path = filePathOf(uri);
    const file = path === undefined ? undefined : this.currentIndex().get(path);
    // The version tells the client which text these diagnostics describe, so it can drop stale ones.
    void this.connection.sendDiagnostics({ uri, version: this.documents.get(uri)?.version, diagnostics: file ? this.diagnosticsOf(file) : [] });
  }

  private diagnosticsOf(file: IndexedFile): Diagnostic[] {
    try {
      return computeDiagnostics(this.currentIndex(), file);
    } catch (error) {
      logInternalError(this.connection, error);
      return [];
    }
  }
}
