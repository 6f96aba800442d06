// Open documents: their text replaces the file on disk in the index until they are closed.
import type { Connection, TextDocumentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { DiagnosticsPublisher } from './diagnostics';
import type { Indexing } from './indexing';
import { notificationHandler } from './log';

type DocumentEvent = TextDocumentChangeEvent<TextDocument>;

export function syncDocuments(connection: Connection, documents: TextDocuments<TextDocument>, indexing: Indexing, diagnostics: DiagnosticsPublisher): void {
  // TextDocuments reports an opened document as changed content too: one handler for both.
  documents.onDidChangeContent(
    notificationHandler(connection, async ({ document }: DocumentEvent) => {
      const index = await indexing.whenReady();
      index.setOpenText(URI.parse(document.uri).fsPath, document.getText());
      diagnostics.publishAll();
    }),
  );
  documents.onDidClose(
    notificationHandler(connection, async ({ document }: DocumentEvent) => {
      const index = await indexing.whenReady();
      await index.closeOpenText(URI.parse(document.uri).fsPath);
      diagnostics.clear(document.uri);
      diagnostics.publishAll();
    }),
  );
}
