// Rebuilds beside the index in use (issue 15): on a handbook big enough that a build takes a
// while, a settings change builds a new index while hover is answered from the current one, before
// the rebuild's progress ends; once the rebuild ends its answers follow the new settings; a second
// change during a rebuild supersedes the first; an edit made and a file created during a rebuild
// are in the new index; a client that pushes its settings keeps the last pushed while a rebuild
// for them runs.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeConfigurationNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { copyExampleHandbook, Session, type OpenDocument } from './support/session';

/** Enough small pages that a build lasts far longer than a hover's answer takes. */
const FILLER_PAGES = 3000;
const DEFAULT_PATTERNS = ['\\bextends that of\\b'];
const BUILDS_UPON = ['\\bbuilds upon\\b'];
const STANDS_ON = ['\\bstands on\\b'];

const JUNIOR = `---\ntitle: Junior Tester\n---\n\n## Requirements\n\n- Writes careful tests\n`;
const MID = `---\ntitle: Mid Tester\n---\n\n## Responsibilities\n\n- Designs test plans\n`;
const SENIOR = `---\ntitle: Senior Tester\n---\n\n## Requirements\n\n- Builds upon the [Junior Tester](/job-families/testing/junior/) requirements\n\n## Responsibilities\n\n- Stands on the [Mid Tester](/job-families/testing/mid/) responsibilities\n- Works with the [Lead Tester](/job-families/testing/lead/)\n`;

/** The three tester role pages, in `folder`'s content. */
function addTesters(folder: string): void {
  const roles = path.join(folder, 'content/job-families/testing');
  mkdirSync(roles, { recursive: true });
  writeFileSync(path.join(roles, 'junior.md'), JUNIOR);
  writeFileSync(path.join(roles, 'mid.md'), MID);
  writeFileSync(path.join(roles, 'senior.md'), SENIOR);
}

describe('rebuilds beside the index in use', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;
  let senior: OpenDocument;

  before(async () => {
    workspace = copyExampleHandbook();
    addTesters(workspace.folder);
    const filler = path.join(workspace.folder, 'content/filler');
    mkdirSync(filler);
    for (let page = 0; page < FILLER_PAGES; page++)
      writeFileSync(path.join(filler, `page-${page}.md`), `---\ntitle: Filler ${page}\n---\n\n## Section\n\nSee [the junior](/job-families/testing/junior/).\n`);
    session = await Session.start({ folder: workspace.folder, settings: { extendsPatterns: DEFAULT_PATTERNS }, indexingLimitMs: 120_000 });
    senior = await session.open('content/job-families/testing/senior.md');
  });
  after(async () => {
    await session?.stop();
    workspace?.remove();
  });

  const ends = () => session.progress.filter((event) => event.value.kind === 'end').length;
  /** Whether the hover on the link to `page` shows the page's requirements as inherited. */
  const inherits = async (page: string) => /Inherited from/.test((await session.hover(senior, senior.positionOf(`[${page}](`, { offset: 3 })))?.markdown ?? '');
  /** Waits until the progress of a build begun after `endsBefore` builds had ended ends. */
  const rebuilt = async (endsBefore: number) =>
    session.waitFor(
      () => ends() > endsBefore,
      'the rebuild to end',
      () => session.progress,
      120_000,
    );

  it('answers from the current index while the new one is built, then from the new one', async () => {
    assert.equal(await inherits('Junior Tester'), false);
    const endsBefore = ends();
    await session.changeSettings({ extendsPatterns: BUILDS_UPON });
    const duringRebuild = await inherits('Junior Tester');
    assert.equal(ends(), endsBefore, 'the hover was answered before the rebuild ended');
    assert.equal(duringRebuild, false, 'answered from the index built with the old settings');
    await rebuilt(endsBefore);
    assert.equal(await inherits('Junior Tester'), true, 'after the rebuild, the new pattern marks the sentence');
  });

  it('lets a second settings change during a rebuild supersede the first', async () => {
    await session.changeSettings({ extendsPatterns: DEFAULT_PATTERNS });
    await session.changeSettings({ extendsPatterns: STANDS_ON });
    // Until the last settings are in, answers come from the index in use (the Junior line builds
    // upon); the superseded index (where neither line inherits) is never swapped in.
    await waitUntil(async () => {
      const [junior, mid] = [await inherits('Junior Tester'), await inherits('Mid Tester')];
      // (Both, when the last index is swapped in between the two hovers.)
      assert.ok(junior || mid, 'answered from the index in use or the last one, not the superseded one');
      return mid && !junior;
    });
  });

  it('keeps an edit made during a rebuild in the new index', async () => {
    const endsBefore = ends();
    const begins = session.progress.filter((event) => event.value.kind === 'begin').length;
    await session.changeSettings({ extendsPatterns: BUILDS_UPON });
    await session.waitFor(() => session.progress.filter((event) => event.value.kind === 'begin').length > begins, 'the rebuild to begin');
    // During the rebuild, the Mid line is changed to build upon the Mid Tester.
    const line = senior.positionOf('Stands on').line;
    await senior.edit({ start: { line, character: 2 }, end: { line, character: 11 } }, 'Builds upon');
    assert.equal(ends(), endsBefore, 'the edit was made before the rebuild ended');
    await rebuilt(endsBefore);
    assert.equal(await inherits('Mid Tester'), true, 'the edited line is read with the new pattern');
    assert.equal(await inherits('Junior Tester'), true);
  });

  it('keeps a file created on disk during a rebuild in the new index', async () => {
    const leadLink = senior.positionOf('[Lead Tester](', { offset: 3 });
    assert.deepEqual(await session.definition(senior, leadLink), []);
    const [begins, endsBefore] = [session.progress.filter((event) => event.value.kind === 'begin').length, ends()];
    await session.changeSettings({ extendsPatterns: STANDS_ON });
    await session.waitFor(() => session.progress.filter((event) => event.value.kind === 'begin').length > begins, 'the rebuild to begin');
    writeFileSync(path.join(workspace.folder, 'content/job-families/testing/lead.md'), `---\ntitle: Lead Tester\n---\n\n## Requirements\n`);
    await session.fileChanged('content/job-families/testing/lead.md', FileChangeType.Created);
    await rebuilt(endsBefore);
    await waitUntil(async () => (await session.definition(senior, leadLink)).length === 1);
  });
});

describe('settings pushed by a client without workspace/configuration during a rebuild', () => {
  it('keep the last settings pushed when a later push has no handbookRoles section', async () => {
    const copy = copyExampleHandbook();
    addTesters(copy.folder);
    const session = await Session.start({
      folder: copy.folder,
      capabilities: (capabilities) => ({ ...capabilities, workspace: { ...capabilities.workspace, configuration: false } }),
    });
    try {
      const senior = await session.open('content/job-families/testing/senior.md');
      const inheritsJunior = async () => /Inherited from/.test((await session.hover(senior, senior.positionOf('[Junior Tester](', { offset: 3 })))?.markdown ?? '');
      assert.equal(await inheritsJunior(), false);
      await session.changeSettings({ extendsPatterns: BUILDS_UPON });
      // Pushed before the rebuild for the first is done: "the last known settings" are the first's, not the index's in use.
      await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { editor: {} } });
      await waitUntil(inheritsJunior, 30_000);
    } finally {
      await session.stop();
      copy.remove();
    }
  });
});

/** Polls `condition` until it holds, failing after a while. */
async function waitUntil(condition: () => Promise<boolean>, limitMs = 120_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
