// Every request gets an answer: one the client cancelled gets LSP's RequestCancelled error (even
// while the index is still building), one about a document the server does not know gets null
// or an empty list, never silence.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, CodeActionRequest, CompletionRequest, DefinitionRequest, DocumentLinkRequest, HoverRequest, LSPErrorCodes } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { SEED_000 } from './support/examplePages';
import { EXAMPLE_HANDBOOK, Session } from './support/session';

const NEVER_OPENED = URI.file('/nowhere/never-opened.md').toString();
const START = { line: 0, character: 0 };

describe('answers', () => {
  describe('to a cancelled request, while the index is still building', () => {
    let session: Session;

    before(async () => {
      // Without work-done progress the session does not wait for the index: requests go out at once.
      session = await Session.start({ folder: EXAMPLE_HANDBOOK, capabilities: (capabilities) => ({ ...capabilities, window: { ...capabilities.window, workDoneProgress: false } }) });
    });
    after(async () => session?.stop());

    it('are the RequestCancelled error (-32800), and the requests after it are answered as usual', async () => {
      const seed000 = await session.open(SEED_000);
      const position = seed000.positionOf('[Distinguished Engineer](', { offset: 5 });
      const cancellation = new CancellationTokenSource();
      const cancelledHover = session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: seed000.uri }, position }, cancellation.token);
      // Sent at once: the server has the $/cancelRequest before it could have indexed the handbook.
      cancellation.cancel();
      assert.ok(!session.logs.some((log) => /^Indexed \d+ files/.test(log.message)), 'the index was still building when the request went out');
      await assert.rejects(cancelledHover, (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled && error.code === -32800);

      const hover = await session.hover(seed000, position);
      assert.match(hover?.markdown ?? '', /Principal Engineer — Requirements/);
      assert.deepEqual(session.errorLogs, [], 'a cancellation is no internal error');
    });
  });

  describe('about a document the server does not know', () => {
    let session: Session;

    before(async () => {
      session = await Session.start({ folder: EXAMPLE_HANDBOOK });
    });
    after(async () => session?.stop());

    it('are null or empty for a URI outside the handbook that was never opened', async () => {
      const textDocument = { uri: NEVER_OPENED };
      assert.equal(await session.connection.sendRequest(HoverRequest.type, { textDocument, position: START }), null);
      assert.deepEqual(await session.connection.sendRequest(CompletionRequest.type, { textDocument, position: START }), []);
      assert.deepEqual(await session.connection.sendRequest(DefinitionRequest.type, { textDocument, position: START }), []);
      assert.deepEqual(await session.connection.sendRequest(DocumentLinkRequest.type, { textDocument }), []);
      const range = { start: START, end: START };
      assert.deepEqual(await session.connection.sendRequest(CodeActionRequest.type, { textDocument, range, context: { diagnostics: [] } }), []);
      assert.deepEqual(session.errorLogs, []);
    });

    it('answer from the index for a handbook page that is not open, except those that need the editor text', async () => {
      const textDocument = { uri: session.uri(SEED_000) };
      const links = await session.connection.sendRequest(DocumentLinkRequest.type, { textDocument });
      assert.ok((links ?? []).length > 0, 'the page links of the indexed file');
      assert.deepEqual(await session.connection.sendRequest(CompletionRequest.type, { textDocument, position: START }), []);
      assert.deepEqual(session.errorLogs, []);
    });
  });
});
