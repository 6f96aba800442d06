// "Re-index Handbook" (`handbookRoles/reindex`, issue 13): the server reads the whole handbook
// again and answers once it has, showing work-done progress that the user may cancel; a cancelled
// re-index leaves the index in use as it was. The first build cannot be cancelled: until it ends
// there is nothing to answer from.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WorkDoneProgressCancelNotification, type WorkDoneProgressBegin } from 'vscode-languageserver-protocol';
import { copyExampleHandbook, Session, type OpenDocument } from './support/session';

const REINDEX = 'handbookRoles/reindex';
/** Enough pages that a re-index lasts long enough to be cancelled midway (2,000 no longer were: a re-index took 110–190 ms, and the cancel came after it in 3 runs of 8). */
const FILLER_PAGES = 6000;
const PAGE = 'content/handbook/notes.md';

describe('re-indexing the handbook on request', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;
  let notes: OpenDocument;
  const begins = () => session.progress.filter((event): event is { token: string | number; value: WorkDoneProgressBegin } => event.value.kind === 'begin');
  const ends = () => session.progress.filter((event) => event.value.kind === 'end').length;
  /** Whether go to definition on the link to /handbook/new-page/ finds the page (written to disk without telling the server). */
  const seesNewPage = async () => (await session.definition(notes, notes.positionOf('[new](', { offset: 2 }))).length === 1;

  before(async () => {
    workspace = copyExampleHandbook();
    const filler = path.join(workspace.folder, 'content/filler');
    mkdirSync(filler);
    for (let page = 0; page < FILLER_PAGES; page++) writeFileSync(path.join(filler, `page-${page}.md`), `---\ntitle: Filler ${page}\n---\n\n## Section\n\nText.\n`);
    writeFileSync(path.join(workspace.folder, PAGE), '---\ntitle: Notes\n---\n\nSee the [new](/handbook/new-page/) page.\n');
    session = await Session.start({ folder: workspace.folder, indexingLimitMs: 120_000 });
    notes = await session.open(PAGE);
  });
  after(async () => {
    await session?.stop();
    workspace?.remove();
  });

  it('does not let the first build be cancelled', () => {
    assert.equal(begins()[0].value.cancellable, false);
  });

  it('keeps the index in use when the user cancels a re-index', async () => {
    writeFileSync(path.join(workspace.folder, 'content/handbook/new-page.md'), '---\ntitle: New\n---\n');
    const before = begins().length;
    const answered = session.connection.sendRequest(REINDEX);
    const begun = await session.waitFor(() => begins()[before], 'the re-index to begin');
    assert.equal(begun.value.cancellable, true, 'a re-index may be cancelled');
    assert.equal(ends(), before, 'cancelled while it runs');
    await session.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token: begun.token });
    await answered;
    assert.ok(
      session.logs.some((log) => log.message.startsWith('Indexing cancelled')),
      session.logs.map((log) => log.message).join('\n'),
    );
    assert.equal(await seesNewPage(), false, 'the page written meanwhile is not in the index: the re-index was dropped');
  });

  it('reads files changed on disk without an event, and answers once it has', async () => {
    const before = ends();
    await session.connection.sendRequest(REINDEX);
    assert.ok(ends() > before, 'answered after the build ended');
    assert.equal(await seesNewPage(), true);
  });
});
