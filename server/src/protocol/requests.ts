// The requests the server answers, each a feature behind `handle`. Those an open document's
// author meets first (hover, completion, definition, its outline) are `handle.early`: answered
// during the first build from what is read so far.
import {
  LSPErrorCodes,
  ResponseError,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Connection,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { provideCodeActions } from '../features/codeActions';
import { provideCompletions } from '../features/completion';
import { provideHover } from '../features/hover';
import { provideDefinition, provideDocumentLinks } from '../features/navigation';
import { lensDocument, provideCodeLenses, resolveCodeLens } from '../features/codeLens';
import { provideReferences } from '../features/references';
import { provideDocumentSymbols, provideWorkspaceSymbols } from '../features/symbols';
import { hierarchyDocument, prepareTypeHierarchy, subtypes, supertypes } from '../features/typeHierarchy';
import { prepareRename, provideRename, type Refusable } from '../features/rename';
import type { Handle } from './handle';

export function answerRequests(connection: Connection, documents: TextDocuments<TextDocument>, client: ClientCapabilities, handle: Handle): void {
  // Completion and quick fixes read the editor's text, so they answer only for open documents.
  connection.onCompletion(
    handle.early<CompletionParams, CompletionItem[] | CompletionList>([], ({ params: { textDocument, position }, index, file }) => {
      const document = documents.get(textDocument.uri);
      if (!document) return [];
      // A position past its line's end, or past the last line, means the end (LSP): edits made from it must stay inside the document.
      const inside = document.positionAt(document.offsetAt(position));
      const items = provideCompletions(index, file, lineAt(document, inside.line), inside);
      // From a handbook still being read: the client asks again as the author types on.
      return index.reading ? { isIncomplete: true, items } : items;
    }),
  );
  connection.onHover(handle.early(null, ({ params, index, file, token }) => provideHover(index, file, params.position, token)));
  const canCreateFiles = client.workspace?.workspaceEdit?.resourceOperations?.includes('create') ?? false;
  connection.onCodeAction(
    handle([], ({ params: { textDocument, context }, index, file }) => {
      const document = documents.get(textDocument.uri);
      return document ? provideCodeActions(index, file, context.diagnostics, { uri: textDocument.uri, text: document.getText(), canCreateFiles, only: context.only }) : [];
    }),
  );
  connection.onDefinition(handle.early([], ({ params, index, file }) => provideDefinition(index, file, params.position)));
  connection.onDocumentLinks(handle([], ({ index, file }) => provideDocumentLinks(index, file)));
  connection.onReferences(handle([], ({ params, index, file }) => provideReferences(index, file, params.position, params.context?.includeDeclaration ?? false)));
  connection.onCodeLens(handle([], ({ index, file }) => provideCodeLenses(index, file)));
  // A lens's and a hierarchy item's requests name their document in the data the server gave them.
  connection.onCodeLensResolve((lens, token) => handle(lens, ({ index, file }) => resolveCodeLens(index, file, lens))({ textDocument: { uri: lensDocument(lens) ?? '' } }, token));
  connection.onDocumentSymbol(handle.early([], ({ index, file }) => provideDocumentSymbols(index, file)));
  connection.onWorkspaceSymbol(handle.workspace([], ({ params, index, token }) => provideWorkspaceSymbols(index, typeof params.query === 'string' ? params.query : '', token)));
  connection.languages.typeHierarchy.onPrepare(handle(null, ({ params, index, file }) => prepareTypeHierarchy(index, file, params.position)));
  connection.languages.typeHierarchy.onSupertypes(({ item }, token) =>
    handle(null, ({ index, file }) => supertypes(index, file, item))({ textDocument: { uri: hierarchyDocument(item) ?? '' } }, token),
  );
  connection.languages.typeHierarchy.onSubtypes(({ item }, token) => handle(null, ({ index, file }) => subtypes(index, file, item))({ textDocument: { uri: hierarchyDocument(item) ?? '' } }, token));
  connection.onPrepareRename(handle(null, async ({ params, index, file }) => refusedAsError(await prepareRename(index, file, params.position))));
  connection.onRenameRequest(handle(null, async ({ params, index, file }) => refusedAsError(await provideRename(index, file, params.position, params.newName))));
}

/** A refusal is an error the client shows (LSP: prepareRename and rename answer why not with an error). */
function refusedAsError<T extends object>(answer: Refusable<T>): T | ResponseError<void> {
  return 'refused' in answer ? new ResponseError(LSPErrorCodes.RequestFailed, answer.refused) : answer;
}

/** The text of one line, without its line break. */
function lineAt(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/(?:\r\n|\r|\n)$/, '');
}
