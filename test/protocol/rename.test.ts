// Rename over the real protocol, on the example handbook: the heading an extends sentence of another
// page points at is renamed, the returned edit is applied to the files' texts and compared with the
// texts an author would write; a place that cannot be renamed gets an error that says what can be.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LSPErrorCodes, PrepareRenameRequest, RenameRequest, ResponseError, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit } from './support/edits';
import { EXAMPLE_HANDBOOK, Session, type OpenDocument } from './support/session';

const DISTINGUISHED = 'content/job-families/engineering/development/management/distinguished.md';
const SENIOR_DISTINGUISHED = 'content/job-families/engineering/development/management/senior-distinguished.md';

describe('rename', () => {
  let session: Session;
  let distinguished: OpenDocument;

  before(async () => {
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
    distinguished = await session.open(DISTINGUISHED);
  });
  after(async () => session?.stop());

  it('prepares on a heading with its text as the placeholder', async () => {
    const position = distinguished.positionOf('## Requirements', { offset: 5 });
    const answer = await session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: distinguished.uri }, position });
    assert.deepEqual(answer, { range: { start: { line: position.line, character: 3 }, end: { line: position.line, character: 15 } }, placeholder: 'Requirements' });
  });

  it('renames the heading an extends sentence points at, and the sentence follows', async () => {
    const position = distinguished.positionOf('## Requirements', { offset: 5 });
    const edit: WorkspaceEdit | null = await session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: distinguished.uri }, position, newName: 'What we expect' });
    assert.deepEqual(Object.keys(edit?.changes ?? {}).sort(), [distinguished.uri, session.uri(SENIOR_DISTINGUISHED)].sort());
    const renamedText = (relative: string) => applyWorkspaceEdit(readFileSync(path.join(EXAMPLE_HANDBOOK, relative), 'utf8'), edit ?? undefined, session.uri(relative));
    const original = (relative: string) => readFileSync(path.join(EXAMPLE_HANDBOOK, relative), 'utf8');
    assert.equal(renamedText(DISTINGUISHED), original(DISTINGUISHED).replace('\n## Requirements\n', '\n## What we expect\n'));
    assert.equal(
      renamedText(SENIOR_DISTINGUISHED),
      original(SENIOR_DISTINGUISHED).replace('/management/distinguished/#requirements) requirements', '/management/distinguished/#what-we-expect) requirements'),
    );
  });

  it('answers a place that cannot be renamed with an error saying what can be', async () => {
    const position = distinguished.positionOf('Distinguished Engineers are recognized', { offset: 3 });
    await assert.rejects(session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: distinguished.uri }, position }), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, LSPErrorCodes.RequestFailed);
      assert.match(error.message, /^Rename works on a heading/);
      return true;
    });
  });

  it('refuses an empty name with an error, and edits nothing', async () => {
    const position = distinguished.positionOf('## Requirements', { offset: 5 });
    await assert.rejects(session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: distinguished.uri }, position, newName: ' ' }), /A heading needs text/);
  });
});
