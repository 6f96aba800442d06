// The one way a request reaches a feature: wait for the index, give up if the client cancelled
// the request, find the indexed file of its document, run the feature, and contain its errors.
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type TextDocumentIdentifier } from 'vscode-languageserver/node';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import type { Indexing } from './indexing';
import { logInternalError } from './log';
import { filePathOf } from './uris';

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
/** What a feature is given to answer a request about the whole handbook (a workspace symbol query). */
export type WorkspaceFeature<Params, Result> = (request: Omit<FeatureRequest<Params>, 'file'>) => Result | Promise<Result>;
type DocumentHandle = <Params extends { readonly textDocument: TextDocumentIdentifier }, Result>(fallback: Result, feature: Feature<Params, Result>) => DocumentRequestHandler<Params, Result>;
export type Handle = DocumentHandle & {
  /** The same for a request that names no document: no file is looked up, and no parameters are checked. */
  readonly workspace: <Params, Result>(fallback: Result, feature: WorkspaceFeature<Params, Result>) => DocumentRequestHandler<Params, Result>;
  /**
   * The same for a request an open document's answer may come to before the first build is done,
   * from the files read so far (see Indexing.forDocument): an answer found there is given at once
   * (the feature sees `index.reading`, and may say it is not final); none found waits for the
   * whole index, so that a page not read yet is never called missing.
   */
  readonly early: DocumentHandle;
};

/**
 * `handle(fallback, feature)`: the request handler that runs `feature` on the index once it is
 * ready. A request the client cancelled, before the index was ready or while the feature ran,
 * is answered with LSP's RequestCancelled error; one that names no document or positions that
 * are no positions (see invalidParamsIn) with InvalidParams; a document the index does not hold
 * (a document that is no file, too), or a feature that throws (logged), with `fallback`, so that
 * every request gets an answer.
 */
export function handleWith(connection: Connection, indexing: Indexing): Handle {
  const run =
    <Params, Result>(
      fallback: Result,
      check: (params: Params) => string | undefined,
      indexFor: (params: Params) => Promise<HandbookIndex>,
      feature: WorkspaceFeature<Params, Result>,
    ): DocumentRequestHandler<Params, Result> =>
    async (params, token) => {
      if (token.isCancellationRequested) return cancelled();
      try {
        const invalid = check(params);
        if (invalid) return new ResponseError(ErrorCodes.InvalidParams, invalid);
        const index = await indexFor(params);
        if (token.isCancellationRequested) return cancelled();
        const result = await feature({ params, index, token });
        return token.isCancellationRequested ? cancelled() : result;
      } catch (error) {
        logInternalError(connection, error);
        return fallback;
      }
    };
  const onFile =
    <Params extends { readonly textDocument: TextDocumentIdentifier }, Result>(fallback: Result, feature: Feature<Params, Result>): WorkspaceFeature<Params, Result> =>
    ({ params, index, token }) => {
      const path = filePathOf(params.textDocument.uri);
      const file = path === undefined ? undefined : index.get(path);
      return file ? feature({ params, index, file, token }) : fallback;
    };
  const handle = <Params extends { readonly textDocument: TextDocumentIdentifier }, Result>(fallback: Result, feature: Feature<Params, Result>) =>
    run<Params, Result>(fallback, invalidParamsIn, () => indexing.whenReady(), onFile(fallback, feature));
  const early = <Params extends { readonly textDocument: TextDocumentIdentifier }, Result>(fallback: Result, feature: Feature<Params, Result>) => {
    const answerOnFile = onFile(fallback, feature);
    return run<Params, Result>(
      fallback,
      invalidParamsIn,
      (params) => indexing.forDocument(params.textDocument.uri),
      async (request) => {
        const answer = await answerOnFile(request);
        if (!request.index.reading || !isEmptyAnswer(answer)) return answer;
        const index = await indexing.whenReady();
        return request.token.isCancellationRequested ? answer : answerOnFile({ ...request, index });
      },
    );
  };
  return Object.assign(handle, {
    workspace: <Params, Result>(fallback: Result, feature: WorkspaceFeature<Params, Result>) =>
      run(
        fallback,
        () => undefined,
        () => indexing.whenReady(),
        feature,
      ),
    early,
  });
}

/** No hover, no locations, no completion items: what a request answers when nothing was found. */
function isEmptyAnswer(answer: unknown): boolean {
  if (answer === null || answer === undefined) return true;
  if (Array.isArray(answer)) return answer.length === 0;
  const items = (answer as { items?: unknown }).items;
  return Array.isArray(items) && items.length === 0;
}

/** LSP 3.17: a cancelled request that answers no result answers this error. */
function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/** LSP's `uinteger`: what a line or a character must be. */
const MAX_UINTEGER = 2 ** 31 - 1;

/**
 * What is wrong with a request's document or positions, if anything. A fractional, negative or
 * huge line or character is not "past the end" (that is valid, and clamped) but no position at
 * all: the client is told so, rather than answered as if it had asked about some other place.
 */
function invalidParamsIn(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return 'The request has no parameters: it needs a textDocument.';
  const { textDocument } = params as { textDocument?: { uri?: unknown } | null };
  if (typeof textDocument?.uri !== 'string') return 'textDocument.uri is missing: the request must name its document.';
  for (const [name, position] of positionsOf(params)) {
    for (const part of ['line', 'character'] as const) {
      const value = (position as Partial<Record<typeof part, unknown>> | null | undefined)?.[part];
      if (!isUinteger(value)) return `${name}.${part} is ${JSON.stringify(value) ?? 'missing'}: a position's line and character must be whole numbers from 0 to ${MAX_UINTEGER}.`;
    }
  }
  return undefined;
}

/** The positions a request names: its `position`, the ends of its `range` and of each diagnostic a code action request carries. */
function positionsOf(params: object): [string, unknown][] {
  const { position, range, context } = params as { position?: unknown; range?: unknown; context?: { diagnostics?: unknown } };
  const diagnostics: unknown[] = Array.isArray(context?.diagnostics) ? context.diagnostics : [];
  const ranges: [string, unknown][] = diagnostics.map((diagnostic, at) => [`context.diagnostics[${at}].range`, (diagnostic as { range?: unknown } | null)?.range]);
  if (range !== undefined) ranges.unshift(['range', range]);
  const positions: [string, unknown][] = ranges.flatMap(([name, value]) => {
    const ends = value as { start?: unknown; end?: unknown } | null | undefined;
    return [
      [`${name}.start`, ends?.start],
      [`${name}.end`, ends?.end],
    ];
  });
  return position === undefined ? positions : [['position', position], ...positions];
}

function isUinteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_UINTEGER;
}
