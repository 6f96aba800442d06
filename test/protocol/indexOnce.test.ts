// The handbook is read once per start, whatever the client says around it (issue 13). VS Code's
// client (vscode-languageclient 9) sends `workspace/didChangeConfiguration` with `settings: null`
// right after `initialized`, again whenever a configuration change touches the section while it
// starts, and announces its workspace folders again (as removed and added) when its list of folder
// objects changed identity. None of these change what is read: they must neither drop the build
// under way nor start another.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeConfigurationNotification, DidChangeWorkspaceFoldersNotification } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { SEED_000 } from './support/examplePages';
import { copyExampleHandbook, Session } from './support/session';

/** Enough pages that the first build is still running when the client's second notification comes. */
const FILLER_PAGES = 2000;

describe('a start under VS Code-like client behaviour', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;
  const count = (kind: 'begin' | 'end') => session.progress.filter((event) => event.value.kind === kind).length;
  const indexedLogs = () => session.logs.filter((log) => /^Indexed \d+ files/.test(log.message)).length;
  let endsWhenRepeated = -1;

  before(async () => {
    workspace = copyExampleHandbook();
    const filler = path.join(workspace.folder, 'content/filler');
    mkdirSync(filler);
    for (let page = 0; page < FILLER_PAGES; page++) writeFileSync(path.join(filler, `page-${page}.md`), `---\ntitle: Filler ${page}\n---\n\n## Section\n\nText.\n`);
    session = await Session.start({
      folder: workspace.folder,
      indexingLimitMs: 120_000,
      whileIndexing: async (started) => {
        const { connection } = started;
        // What vscode-languageclient sends as it initializes its features, right after `initialized`.
        await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
        // Then, once the build is under way: the same again, and the folders announced again.
        await started.waitFor(() => started.progress.some((event) => event.value.kind === 'begin'), 'the first build to begin');
        endsWhenRepeated = started.progress.filter((event) => event.value.kind === 'end').length;
        await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
        const folder = { uri: URI.file(started.folder).toString(), name: path.basename(started.folder) };
        await connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [folder], removed: [folder] } });
      },
    });
  });
  after(async () => {
    await session?.stop();
    workspace?.remove();
  });

  it('indexes the handbook once', async () => {
    assert.equal(endsWhenRepeated, 0, 'the notifications came while the first build ran');
    // A real change afterwards, waited for until answers follow it: builds run one after another,
    // so every build the notifications had caused would have begun before it.
    const page = await session.open(SEED_000);
    const inherits = async () => /Inherited from/.test((await session.hover(page, page.positionOf('[Distinguished Engineer](', { offset: 3 })))?.markdown ?? '');
    assert.equal(await inherits(), true, 'the extends sentence inherits with the default patterns');
    await session.changeSettings({ extendsPatterns: ['\\bbuilds upon\\b'] });
    for (const until = Date.now() + 120_000; await inherits();) {
      assert.ok(Date.now() < until, 'the index built with the changed settings was never swapped in');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(count('begin'), 2, `one build at start, one for the changed settings: ${JSON.stringify(session.progress.map((event) => event.value.kind))}`);
    assert.equal(indexedLogs(), 2, session.logs.map((log) => log.message).join('\n'));
  });
});
