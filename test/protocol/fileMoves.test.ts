// workspace/willRenameFiles through the built server: the capability with its globs, and the
// edit for renaming a role page of the example handbook applied to every file's text and
// compared with the text an author would write by hand, ref calls among them. Nothing is written: the edit is applied
// in memory, as an editor applies it before it moves the file.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WillRenameFilesRequest, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { applyWorkspaceEdit } from './support/edits';
import { EXAMPLE_HANDBOOK, Session } from './support/session';

const MANAGEMENT = 'content/job-families/engineering/development/management';
const DISTINGUISHED = `${MANAGEMENT}/distinguished.md`;
/** The files that link to the distinguished page, each with its links. */
const REFERRING = [`${MANAGEMENT}/senior-distinguished.md`, `${MANAGEMENT}/principal.md`, `${MANAGEMENT}/_index.md`, 'content/job-families/engineering/_index.md'];

function textOf(relativePath: string): string {
  return readFileSync(path.join(EXAMPLE_HANDBOOK, relativePath), 'utf8');
}

async function willRename(session: Session, from: string, to: string): Promise<WorkspaceEdit | null> {
  return session.connection.sendRequest(WillRenameFilesRequest.type, { files: [{ oldUri: session.uri(from), newUri: session.uri(to) }] });
}

function applied(edit: WorkspaceEdit | null, relativePath: string): string {
  return applyWorkspaceEdit(textOf(relativePath), edit ?? undefined, URI.file(path.join(EXAMPLE_HANDBOOK, relativePath)).toString());
}

describe('file moves (willRenameFiles)', () => {
  let session: Session;

  before(async () => {
    session = await Session.start({
      folder: EXAMPLE_HANDBOOK,
      capabilities: (capabilities) => ({
        ...capabilities,
        workspace: { ...capabilities.workspace, fileOperations: { willRename: true }, workspaceEdit: { ...capabilities.workspace!.workspaceEdit, changeAnnotationSupport: {} } },
      }),
    });
  });
  after(async () => session?.stop());

  it('registers for Markdown files and folders', () => {
    assert.deepEqual(session.initializeResult?.capabilities.workspace?.fileOperations?.willRename?.filters, [
      { scheme: 'file', pattern: { glob: '**/*.{md,markdown}', matches: 'file', options: { ignoreCase: true } } },
      { scheme: 'file', pattern: { glob: '**/*', matches: 'folder' } },
    ]);
  });

  it('renaming a role page updates the extends sentences and links to it and leaves its old URL as an alias', async () => {
    const edit = await willRename(session, DISTINGUISHED, `${MANAGEMENT}/distinguished-engineer.md`);
    for (const file of REFERRING) {
      assert.equal(applied(edit, file), textOf(file).replaceAll('/management/distinguished/', '/management/distinguished-engineer/'), file);
    }
    assert.equal(
      applied(edit, DISTINGUISHED),
      textOf(DISTINGUISHED).replace('title: "Distinguished Engineer"\n', 'title: "Distinguished Engineer"\naliases:\n  - /job-families/engineering/development/management/distinguished/\n'),
    );
    // The FAQ's link to that URL is inside a code block: only text, and left alone.
    assert.equal(applied(edit, 'content/handbook/engineering/careers/faq.md'), textOf('content/handbook/engineering/careers/faq.md'));
    assert.deepEqual(edit?.changeAnnotations, { 'handbook-roles.move': { label: 'Update 5 links and add 1 alias for the move', needsConfirmation: false } });
  });

  it("moving the career FAQ and the mentoring bundle rewrites the cross-references page's ref calls in their style, and its bare URL; the broken one stays", async () => {
    const careers = 'content/handbook/engineering/careers';
    const crossReferences = `${careers}/cross-references.md`;
    const faq = await willRename(session, `${careers}/faq.md`, `${careers}/questions.md`);
    assert.equal(
      applied(faq, crossReferences),
      textOf(crossReferences)
        .replace('ref "faq.md"', 'ref "questions.md"')
        .replace('"/handbook/engineering/careers/faq.md#', '"/handbook/engineering/careers/questions.md#')
        .replace('https://handbook.gitlab.com/handbook/engineering/careers/faq/#', 'https://handbook.gitlab.com/handbook/engineering/careers/questions/#'),
    );
    assert.match(faq?.changeAnnotations?.['handbook-roles.move']?.label ?? '', /2 ref calls/);
    const mentoring = await willRename(session, `${careers}/mentoring`, 'content/handbook/people/coaching');
    assert.equal(applied(mentoring, crossReferences), textOf(crossReferences).replace('relref "mentoring"', 'relref "coaching"'));
  });

  it('refuses a move onto another page, with no edit and an error message', async () => {
    const messages = session.messages.length;
    assert.equal(await willRename(session, DISTINGUISHED, `${MANAGEMENT}/principal.md`), null);
    const message = await session.waitFor(() => session.messages[messages], 'the error message');
    assert.deepEqual(message.type, 1);
    assert.equal(message.message, `Links were not updated for this move: ${MANAGEMENT}/principal.md already exists: move or delete it first.`);
  });

  it('answers null for a file the handbook does not know', async () => {
    assert.equal(await willRename(session, 'static/logo.png', 'static/logo-2.png'), null);
  });
});
