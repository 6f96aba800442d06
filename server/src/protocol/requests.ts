// The requests the server answers, each a feature behind `handle`.
import type { ClientCapabilities, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { provideCodeActions } from '../features/codeActions';
import { provideCompletions } from '../features/completion';
import { provideHover } from '../features/hover';
import { provideDefinition, provideDocumentLinks } from '../features/navigation';
import type { Handle } from './handle';

export function answerRequests(connection: Connection, documents: TextDocuments<TextDocument>, client: ClientCapabilities, handle: Handle): void {
  // Completion and quick fixes read the editor's text, so they answer only for open documents.
  connection.onCompletion(
    handle([], ({ params: { textDocument, position }, index, file }) => {
      const document = documents.get(textDocument.uri);
      if (!document) return [];
      // A position past its line's end, or past the last line, means the end (LSP): edits made from it must stay inside the document.
      const inside = document.positionAt(document.offsetAt(position));
      return provideCompletions(index, file, lineAt(document, inside.line), inside);
    }),
  );
  connection.onHover(handle(null, ({ params, index, file, token }) => provideHover(index, file, params.position, token)));
  const canCreateFiles = client.workspace?.workspaceEdit?.resourceOperations?.includes('create') ?? false;
  connection.onCodeAction(
    handle([], ({ params: { textDocument, context }, index, file }) => {
      const document = documents.get(textDocument.uri);
      return document ? provideCodeActions(index, file, context.diagnostics, { uri: textDocument.uri, text: document.getText(), canCreateFiles, only: context.only }) : [];
    }),
  );
  connection.onDefinition(handle([], ({ params, index, file }) => provideDefinition(index, file, params.position)));
  connection.onDocumentLinks(handle([], ({ index, file }) => provideDocumentLinks(index, file)));
}

/** The text of one line, without its line break. */
function lineAt(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/(?:\r\n|\r|\n)$/, '');
}
