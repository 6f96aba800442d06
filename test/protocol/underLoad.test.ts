// Edits, races and odd clients over the real protocol (issue 15): a burst of keystrokes on a big
// page leaves requests answered and the newest version's diagnostics published promptly; an open
// include file is checked as the editor has it; a document closed and opened again while the
// index is built is analysed as the editor has it; folders added right after `initialized`, and
// the same folder given twice, leave the handbook as one folder given once would.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWorkspaceFoldersNotification, type Diagnostic } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { copyExampleHandbook, Session, type OpenDocument } from './support/session';
import { DEVELOPMENT_SENIOR, SEED_000, SEED_003 } from './support/examplePages';

/** How long an answer may take: what a person waits before calling the editor frozen. */
const PROMPT_MS = 5_000;
const SECTIONS = 700;
const VALUES_INCLUDE = 'assets/includes/engineering-careers/values-competency.md';

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

/** `answer`, or a failure naming `what` when it takes longer than a person waits. */
async function promptly<T>(what: string, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took more than ${PROMPT_MS} ms`)), PROMPT_MS)));
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A role page of about 130 KB, dense with what costs the most to check: headings, links to pages and anchors, includes. */
function bigRolePage(): string {
  const sections: string[] = ['---\ntitle: "A very long role"\n---\n\n## A very long role\n'];
  for (let section = 0; section < SECTIONS; section++) {
    sections.push(
      `### Competency ${section}\n\n` +
        `- [Lead](/handbook/engineering/careers/matrix/development/senior/#leadership-competencies) [values](#competency-${section}) [gone](/handbook/engineering/careers/nowhere-${section}/)\n` +
        (section % 10 === 0 ? `\n{{% include "includes/engineering-careers/values-competency.md" %}}\n` : ''),
    );
  }
  return sections.join('\n');
}

const workspaces: ReturnType<typeof copyExampleHandbook>[] = [];
const sessions: Session[] = [];
after(async () => {
  for (const session of sessions) await session.stop();
  for (const workspace of workspaces) workspace.remove();
});

/** A fresh copy of the example handbook, removed after the tests. */
function newWorkspace(): string {
  const workspace = copyExampleHandbook();
  workspaces.push(workspace);
  return workspace.folder;
}

/** A server session, stopped after the tests. */
async function start(options: Parameters<typeof Session.start>[0]): Promise<Session> {
  const session = await Session.start(options);
  sessions.push(session);
  return session;
}

describe('under load', () => {
  let session: Session;
  before(async () => {
    session = await start({ folder: newWorkspace() });
  });

  it('answers hover and completion after a burst of 30 edits on a 130 KB page, and publishes the last version', async () => {
    const text = bigRolePage();
    assert.ok(text.length > 130_000, `the page is ${text.length} characters`);
    const relative = 'content/handbook/engineering/careers/matrix/development/very-long.md';
    writeFileSync(path.join(session.folder, relative), text);
    const others = await Promise.all([session.open(DEVELOPMENT_SENIOR), session.open(VALUES_INCLUDE)]);
    const page = await session.open(relative, text);
    await page.diagnostics();
    for (const other of others) await other.diagnostics();

    const typedAt = page.positionOf('### Competency 3');
    const first = page.version;
    let last = first;
    for (let keystroke = 0; keystroke < 30; keystroke++) last = await page.edit({ start: typedAt, end: typedAt }, 'x');
    const hover = promptly('hover', session.hover(page, page.positionOf('[Lead](', { offset: 3 })));
    const completion = promptly('completion', session.complete(page, page.positionOf('](/handbook/engineering/', { occurrence: 5 })));
    assert.match((await hover)?.markdown ?? '', /Senior/);
    assert.ok((await completion).length > 0, 'completion offers pages');
    const published = await session.waitFor(
      () => session.diagnostics.get(page.uri)?.version === last && session.diagnostics.get(page.uri),
      `diagnostics of version ${last}`,
      () => session.diagnostics.get(page.uri)?.version,
      PROMPT_MS,
    );
    assert.equal(codes(published.diagnostics).filter((code) => code === 'link-missing-page').length, SECTIONS);
    // The burst is checked once, at its end: a version typed over is not worth a parse and a check.
    const typedOver = session.publishes.filter(({ uri, version = 0 }) => uri === page.uri && version > first && version < last);
    assert.ok(typedOver.length <= 2, `diagnostics were published for ${typedOver.length} of the 29 versions typed over`);
    for (const other of others) await other.close();
    await page.close();
  });

  it("checks an open include file's own text as the editor has it", async () => {
    const include = await session.open(VALUES_INCLUDE);
    assert.deepEqual(codes(await include.diagnostics()), []);
    const end = include.positionOf(include.text.slice(-1));
    await include.edit({ start: end, end }, '\n\n{{% include "includes/engineering-careers/mentoring-callout.md" %}}\n');
    assert.deepEqual(codes(await include.diagnostics((found) => found.length > 0)), ['include-nested']);
    await include.close();
  });
});

describe('races with the first build', () => {
  it("analyses a document closed and opened again while the index is built as the editor's text", async () => {
    const brokenLink = '\n[Nowhere](/handbook/engineering/careers/nowhere/)\n';
    let reopened: OpenDocument | undefined;
    const session = await start({
      folder: newWorkspace(),
      whileIndexing: async (session) => {
        const first = await session.open(SEED_000);
        await first.close();
        reopened = await session.open(SEED_000, first.text + brokenLink);
      },
    });
    const page = reopened!;
    const expected = ['link-missing-anchor', 'link-missing-page'];
    assert.deepEqual(codes(await page.diagnostics((found) => found.length === 2)), expected);
    // A round trip: whatever the close's reading of the disk did, it did before the answer.
    await session.documentLinks(page);
    assert.deepEqual(codes(session.diagnostics.get(page.uri)!.diagnostics), expected);
  });

  it('indexes a folder added right after initialized', async () => {
    const added = newWorkspace();
    const session = await start({
      folder: newWorkspace(),
      whileIndexing: (session) =>
        session.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
          event: { added: [{ uri: URI.file(added).toString(), name: 'added' }], removed: [] },
        }),
    });
    const seed003 = await session.open(path.relative(session.folder, path.join(added, SEED_003)));
    assert.deepEqual(codes(await seed003.diagnostics((found) => found.length > 0)), ['include-malformed', 'include-missing']);
  });

  it('checks a folder listed twice, or with a folder inside it, as the folder given once', async () => {
    const folder = newWorkspace();
    for (const moreFolders of [[folder], [path.join(folder, 'content')], [`${folder}/`]]) {
      const session = await start({ folder, moreFolders });
      const seed000 = await session.open(SEED_000);
      assert.deepEqual(codes(await seed000.diagnostics()), ['link-missing-anchor'], `with the folders ${JSON.stringify([folder, ...moreFolders])}`);
      await session.stop();
    }
  });
});
