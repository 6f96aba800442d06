// Every request gets an answer, however odd it is: positions far past the end, fractional or
// negative; a file whose name holds a `#`; documents that are no files (`http:`, `untitled:`).
// An answer is a result, null, or a JSON-RPC error, and it comes within a few seconds.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentLinkRequest,
  ErrorCodes,
  HoverRequest,
  type Position,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { copyExampleHandbook, Session } from './support/session';
import { SEED_000, SEED_003 } from './support/examplePages';

const ANSWER_LIMIT_MS = 5_000;
const HASH_PAGE = 'content/handbook/with#hash-11.md';

type Answer = { result: unknown } | { error: { code: number; message: string } };

/** The server's answer to a request, or a failure when none comes within the limit. */
async function answerTo(session: Session, send: () => Promise<unknown>, what: string): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const unanswered = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ANSWER_LIMIT_MS} ms`)), ANSWER_LIMIT_MS);
  });
  try {
    return await Promise.race([
      send().then(
        (result) => ({ result }),
        (error: { code: number; message: string }) => ({ error: { code: error.code, message: error.message } }),
      ),
      unanswered,
    ]);
  } finally {
    clearTimeout(timer);
    assert.ok(session.isRunning, `the server is still running after ${what}`);
  }
}

/** Hover, completion and definition at `position`, and document links, each answered. */
async function answersAt(session: Session, uri: string, position: Position): Promise<Answer[]> {
  const textDocument = { uri };
  const what = (request: string) => `${request} at ${JSON.stringify(position)} in ${uri}`;
  return [
    await answerTo(session, () => session.connection.sendRequest(HoverRequest.type, { textDocument, position }), what('hover')),
    await answerTo(session, () => session.connection.sendRequest(CompletionRequest.type, { textDocument, position }), what('completion')),
    await answerTo(session, () => session.connection.sendRequest(DefinitionRequest.type, { textDocument, position }), what('definition')),
    await answerTo(session, () => session.connection.sendRequest(DocumentLinkRequest.type, { textDocument }), what('document links')),
  ];
}

describe('odd requests', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;

  before(async () => {
    workspace = copyExampleHandbook();
    writeFileSync(path.join(workspace.folder, HASH_PAGE), ['---', 'title: "Hash"', '---', '', 'See [the ladder](/job-families/engineering/missing/).', ''].join('\n'));
    // Started in the handbook's folder, where a document path read as relative would land on real pages.
    session = await Session.start({ folder: workspace.folder, cwd: workspace.folder });
  });
  after(async () => {
    session?.kill();
    workspace?.remove();
  });

  for (const [name, position] of [
    ['a line far past any line (10^15)', { line: 1e15, character: 0 }],
    ['a fractional line', { line: 1.5, character: 0 }],
    ['a fractional character', { line: 4, character: 2.5 }],
    ['a negative character', { line: 4, character: -3 }],
    ['a negative line', { line: -1, character: 0 }],
  ] as const) {
    it(`answers a request at ${name} with InvalidParams, naming the position`, async () => {
      const document = await session.open(SEED_000);
      const [hover, completion, definition, links] = await answersAt(session, document.uri, position);
      for (const answer of [hover, completion, definition]) {
        assert.ok('error' in answer, `an error, not ${JSON.stringify(answer)}`);
        assert.equal(answer.error.code, ErrorCodes.InvalidParams);
        assert.match(answer.error.message, /^position\.(line|character) is -?[\d.e+]+: a position's line and character must be whole numbers/);
      }
      assert.ok('result' in links && Array.isArray(links.result), 'document links, which name no position, are answered');
      const range = { start: position, end: position };
      const codeActions = await answerTo(
        session,
        () => session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: document.uri }, range, context: { diagnostics: [] } }),
        'code actions',
      );
      assert.ok('error' in codeActions && codeActions.error.code === ErrorCodes.InvalidParams, JSON.stringify(codeActions));
    });
  }

  it('answers a request that names no document with InvalidParams, and logs no internal error', async () => {
    const answer = await answerTo(session, () => session.connection.sendRequest(HoverRequest.method, { position: { line: 0, character: 0 } }), 'hover without a document');
    assert.ok('error' in answer && answer.error.code === ErrorCodes.InvalidParams, JSON.stringify(answer));
    assert.match(answer.error.message, /textDocument\.uri is missing/);
    assert.deepEqual(session.errorLogs, []);
  });

  it('completes at a character past the end of a line as at its end, with edits inside the line', async () => {
    const line = 'See [Staff Engineer](/job-families/';
    const document = await session.open('content/handbook/past-the-end.md', `---\ntitle: "Past the end"\n---\n\n${line}\n`);
    const items = await session.complete(document, { line: 4, character: 500 });
    assert.ok(items.length > 0, 'role pages are offered');
    for (const item of items) {
      const edit = item.textEdit as { range: { start: Position; end: Position } } | undefined;
      assert.ok(edit, `${item.label} has an edit`);
      for (const end of [edit.range.start, edit.range.end]) assert.ok(end.line === 4 && end.character <= line.length, `${item.label}: ${JSON.stringify(edit.range)}`);
    }
  });

  it('answers at a line past the end of the document as at its end: nothing there', async () => {
    const document = await session.open(SEED_000);
    const [hover, completion, definition] = await answersAt(session, document.uri, { line: 100_000, character: 100_000 });
    assert.deepEqual([hover, completion, definition], [{ result: null }, { result: [] }, { result: [] }]);
  });

  it('finds a page whose file name holds a "#", from its encoded URI and from one a client forgot to encode', async () => {
    const encoded = session.uri(HASH_PAGE);
    assert.match(encoded, /with%23hash-11\.md$/);
    for (const uri of [encoded, decodeURIComponent(encoded)]) {
      const text = readFileSync(path.join(workspace.folder, HASH_PAGE), 'utf8');
      await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      const published = await session.waitFor(() => session.diagnostics.get(uri), `diagnostics of ${uri}`);
      assert.deepEqual(
        published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
        [['link-missing-page', 4]],
      );
      const [hover] = await answersAt(session, uri, { line: 4, character: 22 });
      assert.ok('result' in hover);
      await session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }
  });

  it('counts lines at every line ending and characters in UTF-16 code units, and says so', async () => {
    assert.equal(session.initializeResult?.capabilities.positionEncoding, 'utf-16');
    // Front matter ends its lines with LF (Hugo reads no other there); the body with lone CRs.
    const text = `---\ntitle: "Line endings"\n---\n${['', '😀 [a](/job-families/engineering/missing/)', ''].join('\r')}`;
    const document = await session.open('content/handbook/line-endings.md', text);
    const [missing] = await document.diagnostics((diagnostics) => diagnostics.length > 0, 'the missing page');
    assert.deepEqual([missing.code, missing.range], ['link-missing-page', { start: { line: 4, character: 7 }, end: { line: 4, character: 41 } }]);
  });

  it('indexes no local folder for a workspace folder of another scheme that names its path', async () => {
    const remote = copyExampleHandbook();
    const withRemote = await Session.start({ folder: workspace.folder, moreFolderUris: [`vscode-vfs://github${URI.file(remote.folder).path}`] });
    try {
      const local = await withRemote.open(SEED_003);
      assert.ok((await local.diagnostics()).length > 0, 'the file: folder is indexed');
      const other = await withRemote.open(path.relative(workspace.folder, path.join(remote.folder, SEED_003)));
      assert.deepEqual(await other.diagnostics(), [], 'the copy the vscode-vfs: folder names by path is not');
    } finally {
      withRemote.kill();
      remote.remove();
    }
  });

  it('answers requests about a never-opened http: document, with nothing', async () => {
    const answers = await answersAt(session, 'http://example.com/content/handbook/page.md', { line: 0, character: 0 });
    assert.deepEqual(answers, [{ result: null }, { result: [] }, { result: [] }, { result: [] }]);
  });

  it("makes up no file for an untitled: document: no links to the server's working folder, no diagnostics", async () => {
    // Its path reads like a page's path relative to the handbook folder, the server's working folder.
    const uri = 'untitled:content/handbook/draft.md';
    const text = ['# Draft', '', 'See [the page with a hash](with%23hash-11.md) and [notes](notes.md).', ''].join('\n');
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const published = await session.waitFor(() => session.diagnostics.get(uri), `diagnostics of ${uri}`);
    assert.deepEqual(published.diagnostics, []);
    const answers = await answersAt(session, uri, { line: 2, character: 8 });
    assert.deepEqual(answers, [{ result: null }, { result: [] }, { result: [] }, { result: [] }]);
  });
});
