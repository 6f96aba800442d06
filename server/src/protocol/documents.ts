// Open documents: their text replaces the file on disk in the index until they are closed.
import type { Connection, TextDocumentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsPublisher } from './diagnostics';
import { overlayOpenDocument, type Indexing } from './indexing';
import { notificationHandler } from './log';
import { filePathOf } from './uris';

type DocumentEvent = TextDocumentChangeEvent<TextDocument>;

export function syncDocuments(connection: Connection, documents: TextDocuments<TextDocument>, indexing: Indexing, diagnostics: DiagnosticsPublisher): void {
  // TextDocuments reports an opened document as changed content too: one handler for both.
  documents.onDidChangeContent(
    notificationHandler(connection, async ({ document }: DocumentEvent) => {
      overlayOpenDocument(await indexing.whenReady(), document);
      diagnostics.publishAll();
    }),
  );
  documents.onDidClose(
    notificationHandler(connection, async ({ document }: DocumentEvent) => {
      const index = await indexing.whenReady();
      const path = filePathOf(document.uri);
      if (path !== undefined) await index.closeOpenText(path);
      diagnostics.clear(document.uri);
      diagnostics.publishAll();
    }),
  );
}
