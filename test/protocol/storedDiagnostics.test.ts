// The diagnostics kept between sessions (issue 16), through the built server over stdio: a second
// start on an unchanged handbook publishes every file's diagnostics before its indexing ends
// (what the client had when the progress ended is compared), exactly those a session without a
// cache computes; a page edited or added while the editor was closed, another setting, a damaged
// store or one of another schema leave the store unused; quick fixes work on the kept
// diagnostics; an open document that differs from its file ends up with its own, and never
// becomes what is kept; a storage folder inside the workspace gets nothing, nor one inside a
// folder added later, and what is kept after two quick settings changes names the second. A page
// with a space and Japanese in its path is among the handbook's.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { runCli } from '../cli/support';
import { SEED_003 } from './support/examplePages';
import { copyExampleHandbook, Session, snapshotFiles, type PublishedDiagnostics, type SessionOptions } from './support/session';

const KEPT = /^Published the diagnostics of (\d+) files kept from the last session/;

/** Every file's diagnostics, by URI, files without any left out: what an editor shows. */
function shownIn(published: ReadonlyMap<string, PublishedDiagnostics> | undefined): Record<string, Diagnostic[]> {
  const all: Record<string, Diagnostic[]> = {};
  for (const [uri, { diagnostics }] of [...(published ?? [])].sort(([a], [b]) => a.localeCompare(b))) if (diagnostics.length > 0) all[uri] = diagnostics;
  return all;
}

function keptFiles(session: Session): number | undefined {
  const line = session.logs.map((log) => log.message).find((message) => KEPT.test(message));
  return line === undefined ? undefined : Number(KEPT.exec(line)![1]);
}

/** How many files' diagnostics the session wrote into the store (the count of its last write). */
function written(session: Session): number | undefined {
  const lines = session.logs.map((log) => /^Kept the diagnostics of (\d+) files for the next session/.exec(log.message)).filter((match) => match !== null);
  return lines.length === 0 ? undefined : Number(lines[lines.length - 1][1]);
}

/** Files modified this long ago are no longer too fresh for the facts cache to trust their times. */
function age(folder: string): void {
  const past = new Date(Date.now() - 3_600_000);
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      utimesSync(full, past, past);
    }
  };
  walk(folder);
}

describe('the diagnostics kept between sessions', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let storage: string;
  const sessions: Session[] = [];
  /** What a session without a cache shows for the handbook as copied. */
  let computed: Record<string, Diagnostic[]>;

  /** A session with the storage folder (none: the cache off), returned once its indexing is done and diagnostics are in. */
  async function run(options: Partial<SessionOptions> = {}, storagePath: string | undefined = storage): Promise<Session> {
    const session = await Session.start({ folder: workspace.folder, initializationOptions: storagePath ? { storagePath } : { cache: false }, ...options });
    sessions.push(session);
    await session.waitFor(() => session.logs.some((log) => log.message.startsWith('Indexed ')), 'the indexing log line');
    await session.waitFor(() => session.diagnostics.size > 0, 'diagnostics');
    return session;
  }

  /** Every file's diagnostics, as a session without a cache shows them once it has published as many findings as the command line finds. */
  async function computedNow(): Promise<Record<string, Diagnostic[]>> {
    const findings = (JSON.parse((await runCli(['check', '--no-cache', '--format', 'json', workspace.folder])).stdout) as unknown[]).length;
    const reference = await run({}, undefined);
    const count = () => Object.values(shownIn(reference.diagnostics)).reduce((sum, diagnostics) => sum + diagnostics.length, 0);
    await reference.waitFor(() => count() === findings, `${findings} findings`, count);
    await reference.stop();
    return shownIn(reference.diagnostics);
  }

  /** Every file's diagnostics once they are those a session without a cache shows for the same files. */
  async function settled(session: Session): Promise<Record<string, Diagnostic[]>> {
    const expected = await computedNow();
    await session.waitFor(
      () => JSON.stringify(shownIn(session.diagnostics)) === JSON.stringify(expected),
      'the diagnostics a session without a cache shows',
      () => shownIn(session.diagnostics),
    );
    return expected;
  }

  before(async () => {
    workspace = copyExampleHandbook();
    // A page whose path has a space and Japanese: its URI is percent-encoded.
    mkdirSync(path.join(workspace.folder, 'content/日本 語'));
    writeFileSync(path.join(workspace.folder, 'content/日本 語/ページ.md'), '# ページ\n\n[どこにもない](/nowhere/)\n');
    age(workspace.folder);
    storage = mkdtempSync(path.join(tmpdir(), 'handbook-roles-storage-'));
    computed = await computedNow();
  });
  after(async () => {
    for (const session of sessions) await session.stop();
    workspace?.remove();
    rmSync(storage, { recursive: true, force: true });
  });

  it('publishes every file’s diagnostics before indexing ends on a second start, the same as computed', async () => {
    // As an editor reopening its tabs: a page opened at each start, while the handbook is indexed,
    // and a Markdown file from outside the workspace, edited (it shapes no diagnostic of the handbook).
    const reopen = {
      whileIndexing: async (started: Session) => {
        await started.open(SEED_003);
        await started.open('../notes.md', '# Notes\n\n[Nowhere](/nowhere/)\n');
      },
    };
    const first = await run(reopen);
    await first.waitFor(() => written(first), 'the store to be written');
    assert.equal(keptFiles(first), undefined, 'nothing kept on a first start');
    assert.equal(written(first), Object.keys(computed).length);
    assert.deepEqual(shownIn(first.diagnostics), computed);
    await first.stop();

    const second = await run(reopen);
    assert.ok(computed[second.uri('content/日本 語/ページ.md')], 'the page with a space and Japanese in its path is among them');
    assert.equal(keptFiles(second), Object.keys(computed).length);
    assert.deepEqual(shownIn(second.diagnosticsWhenIndexed), computed, 'every diagnostic was out when the indexing progress ended');
    assert.deepEqual(shownIn(second.diagnostics), computed);
    await second.stop();
  });

  it('makes a quick fix from a kept diagnostic as from a computed one', async () => {
    const session = await run();
    assert.ok(keptFiles(session));
    const kept = session.diagnosticsWhenIndexed!.get(session.uri(SEED_003))!.diagnostics.filter((diagnostic) => diagnostic.range.start.line === 21);
    assert.deepEqual(
      kept.map((diagnostic) => diagnostic.code),
      ['include-malformed', 'include-missing'],
    );
    const document = await session.open(SEED_003);
    const fromKept = await session.codeActions(document, kept);
    assert.ok(fromKept.some((action) => action.isPreferred));
    const reference = await run({}, undefined);
    const referenceDocument = await reference.open(SEED_003);
    // The diagnostics of the document as a session without a cache computes them.
    const computedHere = (await referenceDocument.diagnostics()).filter((diagnostic) => diagnostic.range.start.line === 21);
    assert.deepEqual(fromKept, await reference.codeActions(referenceDocument, computedHere));
    await reference.stop();
    await session.stop();
  });

  it('gives a document opened with other text than its file its own diagnostics, and does not keep them', async () => {
    const page = path.join(workspace.folder, SEED_003);
    const edited = readFileSync(page, 'utf8').replace('{{% include', 'A broken [link](/no/such/page/).\n\n{{% include');
    const session = await run({ whileIndexing: async (started) => void (await started.open(SEED_003, edited)) });
    const uri = session.uri(SEED_003);
    const own = await session.diagnosticsOf(
      uri,
      (published) => published.version === 1 && published.diagnostics.some((diagnostic) => diagnostic.message.includes('/no/such/page/')),
      'the edited text’s diagnostics',
    );
    assert.ok(own.length > computed[uri].length);
    // Proof of an absence: the server writes once idle for IDLE_MS (1 s) after a publish, so this gives it two chances.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.equal(written(session), undefined, 'nothing is kept while a document differs from its file');
    // Closed, the document's file is what the diagnostics describe again, and those are kept.
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await session.diagnosticsOf(uri, (published) => JSON.stringify(published.diagnostics) === JSON.stringify(computed[uri]), 'the file’s diagnostics');
    await session.waitFor(() => written(session), 'the store to be written');
    await session.stop();
    const next = await run();
    assert.ok(keptFiles(next));
    assert.deepEqual(shownIn(next.diagnosticsWhenIndexed), computed, 'what was kept is the files’ diagnostics, not the edited text’s');
    await next.stop();
  });

  it('ignores a damaged store, and one of another schema', async () => {
    const [name] = readdirSync(storage).filter((entry) => /^diagnostics-[0-9a-f]+\.json$/.test(entry));
    const file = path.join(storage, name);
    const good = readFileSync(file);
    try {
      const flipped = Buffer.from(good);
      flipped[Math.floor(flipped.length / 2)] ^= 1;
      writeFileSync(file, flipped);
      const damaged = await run();
      assert.equal(keptFiles(damaged), undefined);
      assert.deepEqual(await settled(damaged), computed);
      await damaged.stop();

      // Another schema, its checksum right.
      const text = good.toString('utf8');
      const body = text.slice(0, text.lastIndexOf('\n')).replace(/^\{"schema":\d+/, '{"schema":999');
      writeFileSync(file, `${body}\n${crc32(Buffer.from(body))}`);
      const other = await run();
      assert.equal(keptFiles(other), undefined);
      assert.deepEqual(await settled(other), computed);
      await other.stop();
    } finally {
      writeFileSync(file, good);
    }
  });

  it('is not used after a setting changed, or a page was edited or added while the editor was closed', async () => {
    const otherSettings = await run({ settings: { rules: { 'link-missing-page': 'off' } } });
    assert.equal(keptFiles(otherSettings), undefined);
    await otherSettings.stop();

    const page = path.join(workspace.folder, SEED_003);
    writeFileSync(page, readFileSync(page, 'utf8').replace('{{% include', 'A broken [link](/no/such/page/).\n\n{{% include'));
    const editedWhileClosed = await run();
    assert.equal(keptFiles(editedWhileClosed), undefined);
    const afterEdit = await settled(editedWhileClosed);
    assert.notDeepEqual(afterEdit, computed);
    await editedWhileClosed.stop();

    writeFileSync(path.join(workspace.folder, 'content/new-page.md'), '# New\n\n[Gone](/nowhere/)\n');
    age(workspace.folder);
    const addedWhileClosed = await run();
    assert.equal(keptFiles(addedWhileClosed), undefined);
    assert.ok((await settled(addedWhileClosed))[addedWhileClosed.uri('content/new-page.md')]);
    await addedWhileClosed.stop();
  });

  it('keeps the diagnostics under the settings they were published with, after two settings changes in a row', async () => {
    // A client without workspace/configuration: the settings it pushes are the ones read, each in its turn.
    const pushing = (settings: Record<string, unknown>): Partial<SessionOptions> => ({
      initializationOptions: { storagePath: storage, settings },
      capabilities: (capabilities) => ({ ...capabilities, workspace: { ...capabilities.workspace, configuration: false } }),
    });
    const openFilesOnly = { diagnostics: { scope: 'openFiles' }, rules: { 'link-missing-page': 'off' } };
    const session = await Session.start({ folder: workspace.folder, ...pushing({ diagnostics: { scope: 'openFiles' } }) });
    sessions.push(session);
    // The first needs a rebuild (another rule); the second, right behind it, only shows every file's diagnostics.
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { handbookRoles: openFilesOnly } });
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { handbookRoles: { ...openFilesOnly, diagnostics: { scope: 'workspace' } } } });
    await session.waitFor(() => written(session), 'the store to be written');
    await session.stop();

    const next = await Session.start({ folder: workspace.folder, ...pushing(openFilesOnly) });
    sessions.push(next);
    assert.equal(keptFiles(next), undefined, 'every file’s diagnostics are not kept for scope openFiles');
    await next.stop();
  });

  it('writes nothing into a storage folder inside a workspace folder just added, while that folder is indexed', async () => {
    // A big folder that holds the storage folder: the server reads it for a while once it is added.
    const big = mkdtempSync(path.join(tmpdir(), 'handbook-roles-big-'));
    try {
      mkdirSync(path.join(big, 'content'));
      const links = Array.from({ length: 40 }, (_, link) => `- [Link ${link}](/p${link}/#page-${link})`).join('\n');
      for (let page = 0; page < 20_000; page++) writeFileSync(path.join(big, 'content', `p${page}.md`), `# Page ${page}\n\n${links}\n`);
      const inBig = path.join(big, '.storage');
      const session = await run({}, inBig);
      await session.waitFor(() => written(session), 'the store to be written');
      const storeFiles = () => readdirSync(inBig).filter((entry) => entry.startsWith('diagnostics-'));
      for (const entry of storeFiles()) rmSync(path.join(inBig, entry));
      const logsBefore = session.logs.length;

      await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: URI.file(big).toString(), name: 'big' }], removed: [] } });
      // A page edited on disk meanwhile: its diagnostics change on the index in use, and the server is idle a second after.
      const page = path.join(workspace.folder, SEED_003);
      const text = readFileSync(page, 'utf8');
      try {
        writeFileSync(page, text.replace('{{% include', 'A broken [link](/no/such/page/).\n\n{{% include'));
        await session.fileChanged(SEED_003, FileChangeType.Changed);
        await session.diagnosticsOf(session.uri(SEED_003), (published) => published.diagnostics.some((diagnostic) => diagnostic.message.includes('/no/such/page/')), 'the edited page’s diagnostics');
        await session.waitFor(
          () => session.logs.slice(logsBefore).some((log) => log.message.startsWith('Indexed ')),
          'the indexing of both folders',
          () => '',
          120_000,
        );
        assert.deepEqual(storeFiles(), []);
      } finally {
        writeFileSync(page, text);
        age(workspace.folder);
      }
      await session.stop();
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });

  it('writes nothing into a storage folder inside the workspace', async () => {
    const inside = path.join(workspace.folder, '.storage');
    const files = snapshotFiles(workspace.folder);
    const session = await run({}, inside);
    await settled(session);
    assert.equal(keptFiles(session), undefined);
    await session.stop();
    assert.deepEqual(snapshotFiles(workspace.folder), files);
  });
});
