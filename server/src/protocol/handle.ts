// The one way a request reaches a feature: wait for the index, give up if the client cancelled
// the request, find the indexed file of its document, run the feature, and contain its errors.
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type TextDocumentIdentifier } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import type { Indexing } from './indexing';
import { logInternalError } from './log';

/** What a feature is given to answer a request about one document. */
export interface FeatureRequest<Params> {
  readonly params: Params;
  readonly index: HandbookIndex;
  /** The document's file in the index. */
  readonly file: IndexedFile;
  readonly token: CancellationToken;
}

export type Feature<Params, Result> = (request: FeatureRequest<Params>) => Result | Promise<Result>;
export type DocumentRequestHandler<Params, Result> = (params: Params, token: CancellationToken) => Promise<Result | ResponseError<void>>;
export type Handle = <Params extends { readonly textDocument: TextDocumentIdentifier }, Result>(fallback: Result, feature: Feature<Params, Result>) => DocumentRequestHandler<Params, Result>;

/**
 * `handle(fallback, feature)`: the request handler that runs `feature` on the index once it is
 * ready. A request the client cancelled, before the index was ready or while the feature ran,
 * is answered with LSP's RequestCancelled error; a document the index does not hold, or a
 * feature that throws (logged), with `fallback`, so that every request gets an answer.
 */
export function handleWith(connection: Connection, indexing: Indexing): Handle {
  return (fallback, feature) => async (params, token) => {
    if (token.isCancellationRequested) return cancelled();
    try {
      const index = await indexing.whenReady();
      if (token.isCancellationRequested) return cancelled();
      const file = index.get(URI.parse(params.textDocument.uri).fsPath);
      if (!file) return fallback;
      const result = await feature({ params, index, file, token });
      return token.isCancellationRequested ? cancelled() : result;
    } catch (error) {
      logInternalError(connection, error);
      return fallback;
    }
  };
}

/** LSP 3.17: a cancelled request that answers no result answers this error. */
function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}
