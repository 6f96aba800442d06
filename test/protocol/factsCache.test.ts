// The server's facts cache between sessions (issue 16), through the built server over stdio: a
// second start on an unchanged handbook parses nothing, a file changed while the editor was
// closed is parsed again (even when its size and modification time were put back), a damaged
// cache or one of another build of the server is set aside, and a storage folder inside the
// workspace is refused. The server's log line after indexing says how many files it parsed and
// how many it took from the cache: that is what these tests read, never a time.
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { URI } from 'vscode-uri';
import { copyExampleHandbook, Session, snapshotFiles, type SessionOptions } from './support/session';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
const LIMIT_MS = 30_000;

/** "Indexed N files in T ms (P parsed, R from the facts cache)." as numbers, or undefined without a cache. */
function reading(session: Session): { files: number; parsed: number; reused: number } | undefined {
  const line = session.logs.map((log) => log.message).find((message) => message.startsWith('Indexed '));
  const match = line && /^Indexed (\d+) files in \d+ ms \((\d+) parsed, (\d+) from the facts cache\)\.$/.exec(line);
  return match ? { files: Number(match[1]), parsed: Number(match[2]), reused: Number(match[3]) } : undefined;
}

/** Waits until `check` holds, looking every 20 ms: the cache is written after the last publish, which sends nothing more. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + LIMIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function cacheFiles(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((name) => /^facts-[0-9a-f]+\.bin$/.test(name)) : [];
}

/** Every file's published diagnostics, by URI, as `line:code` strings: what an editor shows. */
function shown(session: Session): Record<string, string[]> {
  const all: Record<string, string[]> = {};
  for (const [uri, { diagnostics }] of session.diagnostics) if (diagnostics.length > 0) all[uri] = diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`).sort();
  return all;
}

describe('the facts cache between sessions', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let storage: string;
  const sessions: Session[] = [];
  /** What the first session showed: the handbook as copied. */
  let firstShown: Record<string, string[]> = {};

  /** A session with `storagePath` (none: false), returned once its diagnostics are in and the cache it parsed for is written. */
  async function run(options: Partial<SessionOptions> = {}, given: string | false = storage): Promise<Session> {
    const storagePath = given || undefined;
    const before = storagePath && existsSync(storagePath) ? cacheFiles(storagePath).map((name) => statSync(path.join(storagePath, name)).mtimeMs) : [];
    const session = await Session.start({ folder: workspace.folder, initializationOptions: storagePath ? { storagePath } : undefined, ...options });
    sessions.push(session);
    await session.waitFor(() => session.logs.some((log) => log.message.startsWith('Indexed ')), 'the indexing log line');
    const expected = reading(session)?.files;
    if (expected !== undefined) await session.waitFor(() => session.diagnostics.size > 0, 'diagnostics');
    if (storagePath && reading(session) && reading(session)!.parsed > 0) {
      await eventually(() => {
        const now = cacheFiles(storagePath).map((name) => statSync(path.join(storagePath, name)).mtimeMs);
        return now.length === 1 && now[0] !== before[0];
      }, 'the cache to be written');
    }
    return session;
  }

  before(() => {
    workspace = copyExampleHandbook();
    storage = mkdtempSync(path.join(tmpdir(), 'handbook-roles-storage-'));
  });
  after(async () => {
    for (const session of sessions) await session.stop();
    workspace?.remove();
    rmSync(storage, { recursive: true, force: true });
  });

  it('is written on a first start, and a second start on the unchanged handbook parses nothing and shows the same', async () => {
    const first = await run();
    const cold = reading(first)!;
    assert.ok(cold.files > 10, `the example handbook was indexed: ${JSON.stringify(cold)}`);
    assert.deepEqual(cold, { files: cold.files, parsed: cold.files, reused: 0 });
    assert.equal(cacheFiles(storage).length, 1, 'one cache file in the storage folder');
    firstShown = shown(first);
    await first.stop();

    const second = await run();
    assert.deepEqual(reading(second), { files: cold.files, parsed: 0, reused: cold.files });
    await second.waitFor(
      () => Object.keys(shown(second)).length === Object.keys(firstShown).length,
      "every file's diagnostics",
      () => shown(second),
    );
    assert.deepEqual(shown(second), firstShown);
    await second.stop();
  });

  it('sees a page changed while the editor was closed, even with its size and modification time put back', async () => {
    const page = path.join(workspace.folder, 'content/jobs/developer.md');
    const text = readFileSync(page, 'utf8');
    const link = /\]\((\/[^)#\s]+)\)/.exec(text);
    assert.ok(link, 'the page has a root-absolute link');
    // One character of the destination replaced by another: the same size, a link that leads nowhere.
    const at = link.index + 3;
    const changed = text.slice(0, at) + (text[at] === 'q' ? 'z' : 'q') + text.slice(at + 1);
    const { atime, mtime } = statSync(page);
    writeFileSync(page, changed);
    utimesSync(page, atime, mtime);
    assert.equal(statSync(page).size, Buffer.byteLength(text));

    const session = await run();
    const { files, parsed, reused } = reading(session)!;
    assert.deepEqual({ parsed, reused }, { parsed: 1, reused: files - 1 });
    const uri = session.uri('content/jobs/developer.md');
    const diagnostics = await session.diagnosticsOf(uri);
    const onLine = (found: readonly string[]) => found.filter((entry) => entry.startsWith(`${lineOf(changed, at)}:`));
    assert.notDeepEqual(onLine(diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`).sort()), onLine(firstShown[uri] ?? []), 'the broken link is reported');
    await session.stop();
    writeFileSync(page, text);
  });

  it('sets a damaged cache aside with a log line, and reads every file', async () => {
    const [file] = cacheFiles(storage);
    const bytes = readFileSync(path.join(storage, file));
    // The table of entries at the end, one byte flipped: its checksum no longer matches.
    bytes[bytes.length - 20] ^= 0xff;
    writeFileSync(path.join(storage, file), bytes);
    const session = await run();
    const { files, parsed, reused } = reading(session)!;
    assert.deepEqual({ parsed, reused }, { parsed: files, reused: 0 });
    assert.ok(
      session.logs.some((log) => log.message.includes('is damaged')),
      session.logs.map((log) => log.message).join('\n'),
    );
    assert.equal(session.errorLogs.length, 0);
    await session.stop();
  });

  it("ignores another build of the server's cache", async () => {
    // The same server with one more byte: another program, whose facts may differ.
    const otherBuild = mkdtempSync(path.join(tmpdir(), 'handbook-roles-other-build-'));
    for (const entry of ['server.js', 'parseWorker.js']) copyFileSync(path.join(DIST, entry), path.join(otherBuild, entry));
    writeFileSync(path.join(otherBuild, 'server.js'), `${readFileSync(path.join(otherBuild, 'server.js'), 'utf8')}\n// another build\n`);
    try {
      const session = await run({ server: [process.execPath, path.join(otherBuild, 'server.js')] });
      const { files, parsed, reused } = reading(session)!;
      assert.deepEqual({ parsed, reused }, { parsed: files, reused: 0 });
      assert.equal(session.errorLogs.length, 0);
      await session.stop();
    } finally {
      rmSync(otherBuild, { recursive: true, force: true });
    }
  });

  it('refuses a storage folder inside the workspace, and writes nothing there', async () => {
    const inside = path.join(workspace.folder, '.editor-storage');
    const files = snapshotFiles(workspace.folder);
    const session = await run({}, inside);
    assert.equal(reading(session), undefined, 'no cache was used');
    assert.ok(
      session.logs.some((log) => log.message.startsWith('No facts cache between sessions:') && log.message.includes('inside the workspace folder')),
      session.logs.map((log) => log.message).join('\n'),
    );
    await session.stop();
    assert.equal(existsSync(inside), false);
    assert.deepEqual(snapshotFiles(workspace.folder), files);
  });

  it('writes nothing into a workspace folder added while the first build’s diagnostics go out, though it holds the storage folder', async () => {
    // A handbook whose diagnostics take a while to compute and send, and a second folder that
    // holds the storage folder, added as soon as the first build is indexed.
    const big = mkdtempSync(path.join(tmpdir(), 'handbook-roles-big-'));
    const added = mkdtempSync(path.join(tmpdir(), 'handbook-roles-added-'));
    try {
      mkdirSync(path.join(big, 'content'));
      const links = Array.from({ length: 20 }, (_, link) => `- [Link ${link}](/p${link}/#no-heading-${link})`).join('\n');
      for (let page = 0; page < 3_000; page++) writeFileSync(path.join(big, 'content', `p${page}.md`), `# Page ${page}\n\n${links}\n`);
      writeFileSync(path.join(added, 'page.md'), '# A page\n');
      const inAdded = path.join(added, '.storage');
      const session = await Session.start({ folder: big, initializationOptions: { storagePath: inAdded } });
      sessions.push(session);
      await session.waitFor(
        () => session.logs.some((log) => log.message.startsWith('Indexed ')),
        'the first indexing',
        () => '',
        LIMIT_MS,
      );
      await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: URI.file(added).toString(), name: 'added' }], removed: [] } });
      await session.waitFor(
        () => session.logs.filter((log) => log.message.startsWith('Indexed ')).length === 2,
        'the indexing of both folders',
        () => '',
        LIMIT_MS,
      );
      await session.waitFor(
        () => session.diagnostics.size >= 3_000,
        'every page’s diagnostics',
        () => session.diagnostics.size,
        LIMIT_MS,
      );
      await session.stop();
      assert.deepEqual(existsSync(inAdded) ? readdirSync(inAdded) : [], []);
    } finally {
      rmSync(big, { recursive: true, force: true });
      rmSync(added, { recursive: true, force: true });
    }
  });

  it('keeps it in $XDG_CACHE_HOME/handbook-roles/server for a client that names no folder, and none when told so', async () => {
    const cacheHome = mkdtempSync(path.join(tmpdir(), 'handbook-roles-xdg-'));
    try {
      const session = await run({ cacheHome }, false);
      const folder = path.join(cacheHome, 'handbook-roles', 'server');
      await eventually(() => cacheFiles(folder).length === 1, 'the cache in the XDG folder');
      await session.stop();

      rmSync(folder, { recursive: true });
      const without = await run({ cacheHome, initializationOptions: { cache: false } }, false);
      assert.equal(reading(without), undefined);
      await without.waitFor(() => without.diagnostics.size > 0, 'diagnostics');
      await without.stop();
      assert.deepEqual(readdirSync(cacheHome), ['handbook-roles']);
      assert.equal(existsSync(folder), false);
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });
});

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length - 1;
}
