// Open documents: their text replaces the file on disk in the index until they are closed.
import type { TextDocumentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsPublisher } from './diagnostics';
import type { Indexing } from './indexing';

type DocumentEvent = TextDocumentChangeEvent<TextDocument>;

export function syncDocuments(documents: TextDocuments<TextDocument>, indexing: Indexing, diagnostics: DiagnosticsPublisher): void {
  // TextDocuments reports an opened document as changed content too: one handler for both. The
  // index takes the text when it is next read (see Indexing.documentChanged), not on every keystroke.
  documents.onDidChangeContent(({ document }: DocumentEvent) => {
    indexing.documentChanged(document.uri);
    diagnostics.documentChanged(document.uri);
  });
  documents.onDidClose(({ document }: DocumentEvent) => {
    indexing.documentChanged(document.uri);
    diagnostics.closed(document.uri);
  });
}
