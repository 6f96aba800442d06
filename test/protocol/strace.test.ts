// "The server never reads outside the workspace folders", checked from the outside: the built
// server (a short LSP session) and the CLI run under strace on a handbook with hostile symbolic
// links (to /etc, to a file outside, a loop), and every open or directory listing of a path whose
// real path lies outside the workspace is counted, apart from what node itself needs to run
// (its binary, shared libraries, /proc, /sys, /dev, the project's dist/ and node_modules) and the
// server's own storage folder, where it keeps its facts cache (and nothing else of it).
// Skipped where strace is missing (.ci/run installs it).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { Session } from './support/session';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(PROJECT_ROOT, 'dist/cli.js');
const TRACED_CALLS = 'open,openat,openat2,getdents64,stat,newfstatat,statx';
const hasStrace = spawnSync('strace', ['-V']).status === 0;

/** What node opens to run at all, wherever the workspace is. */
function runtimePaths(): string[] {
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return file;
    }
  };
  return [
    real(process.execPath),
    '/proc/',
    '/sys/',
    '/dev/',
    '/lib/',
    '/lib64/',
    '/usr/lib/',
    '/usr/lib64/',
    '/usr/share/icu/',
    '/usr/share/zoneinfo/',
    '/etc/ld.so',
    '/etc/localtime',
    '/etc/ssl/',
    '/usr/lib/ssl/',
    // node looks up the nearest package.json of dist/*.js for its module type
    path.join(PROJECT_ROOT, 'package.json'),
    real(path.join(PROJECT_ROOT, 'dist')) + '/',
    real(path.join(PROJECT_ROOT, 'node_modules')) + '/',
  ];
}

/** A handbook in a temporary folder, an outside folder beside it, and hostile links between them. */
function hostileHandbook(): { folder: string; outside: string; storage: string; remove(): void } {
  const parent = realpathSync(mkdtempSync(path.join(tmpdir(), 'handbook-roles-strace-')));
  const folder = path.join(parent, 'handbook');
  const outside = path.join(parent, 'outside');
  // The folder an editor hands the server for its own state (VS Code: the extension's storageUri).
  const storage = path.join(parent, 'storage');
  mkdirSync(path.join(outside, 'secret'), { recursive: true });
  writeFileSync(path.join(outside, 'secret.md'), '# Secret\n');
  writeFileSync(path.join(outside, 'secret', 'inner.md'), '# Inner\n');
  const jobs = path.join(folder, 'content/jobs');
  mkdirSync(jobs, { recursive: true });
  writeFileSync(path.join(folder, 'hugo.toml'), 'baseURL = "https://handbook.example.com/"\n');
  writeFileSync(path.join(jobs, 'developer.md'), '---\ntitle: Developer\n---\n\n## Staff Developer\n\nSee [secret](/jobs/secret/) and [etc](/etc/passwd/).\n');
  writeFileSync(path.join(jobs, 'staff.md'), '---\ntitle: Staff\n---\n\nThe Staff role extends that of [Developer](/jobs/developer/#staff-developer).\n\n[](/jobs/\n');
  symlinkSync('/etc', path.join(folder, 'content/etc'));
  symlinkSync(path.join(outside, 'secret.md'), path.join(jobs, 'linked-file.md'));
  symlinkSync(path.join(folder, 'content/loop-b'), path.join(folder, 'content/loop-a'));
  symlinkSync(path.join(folder, 'content/loop-a'), path.join(folder, 'content/loop-b'));
  return { folder, outside, storage, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Opens and listings in a strace log whose real path is outside `folder` and not node's own (nor in `storage`, the server's own folder, when given). */
function readsOutside(log: string, folder: string, cwd: string, storage?: string): string[] {
  const allowed = [folder + '/', log, ...(storage ? [storage + '/'] : []), ...runtimePaths()];
  const isAllowed = (file: string) => file === folder || allowed.some((prefix) => file.startsWith(prefix));
  const openPaths = new Map<string, string>(); // "pid fd" → real path
  const outside: string[] = [];
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const open = /^(\d+)\s+(?:open|openat|openat2)\((?:[^,]+, )?"((?:[^"\\]|\\.)*)".*\)\s+=\s+(\d+)/.exec(line);
    if (open) {
      const [, pid, file, fd] = open;
      const real = realPath(path.resolve(cwd, file));
      openPaths.set(`${pid} ${fd}`, real);
      if (!isAllowed(real)) outside.push(`open ${real}`);
      continue;
    }
    const listing = /^(\d+)\s+getdents64\((\d+),/.exec(line);
    if (listing) {
      const real = openPaths.get(`${listing[1]} ${listing[2]}`);
      if (real && !isAllowed(real)) outside.push(`list ${real}`);
    }
  }
  return [...new Set(outside)];
}

function readdirSafe(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function straceLauncher(log: string): string[] {
  return ['strace', '-f', '-qq', '-e', `trace=${TRACED_CALLS}`, '-o', log];
}

describe('strace: nothing opened or listed outside the workspace', { skip: hasStrace ? false : 'strace is not installed' }, () => {
  let workspace: ReturnType<typeof hostileHandbook>;
  before(() => {
    workspace = hostileHandbook();
  });
  after(() => workspace?.remove());

  /**
   * A short session: initialize, then hover, completion and document links on both pages; returns
   * the reads outside and the completion items naming what only the outside folder holds.
   */
  async function tracedSession(log: string, during: (session: Session) => Promise<void> = async () => undefined): Promise<{ reads: string[]; offered: string[] }> {
    const offered: string[] = [];
    const session = await Session.start({ folder: workspace.folder, launcher: straceLauncher(log), indexingLimitMs: 60_000, initializationOptions: { storagePath: workspace.storage } });
    try {
      await during(session);
      for (const page of ['content/jobs/developer.md', 'content/jobs/staff.md']) {
        const document = await session.open(page);
        await session.hover(document, document.positionOf('](', { offset: 3 }));
        const items = await session.complete(document, document.positionOf('](/jobs/'));
        offered.push(...items.map((item) => item.label).filter((label) => /secret|inner|passwd/.test(label)));
        await session.documentLinks(document);
        await document.diagnostics();
      }
      // The one place outside the workspace it may touch is used: its facts cache is written there.
      for (let tries = 0; !readdirSafe(workspace.storage).some((name) => name.endsWith('.bin')); tries++) {
        assert.ok(tries < 500, 'the server wrote its facts cache into its storage folder');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await session.stop();
    }
    return { reads: readsOutside(log, workspace.folder, process.cwd(), workspace.storage), offered };
  }

  it('the server, over initialize, hover, completion and document links', async () => {
    const log = path.join(path.dirname(workspace.folder), 'server.strace');
    assert.deepEqual(await tracedSession(log), { reads: [], offered: [] });
  });

  it('the server, after a watched-file "created" event for a symbolic link to an outside folder', async () => {
    const log = path.join(path.dirname(workspace.folder), 'server-created.strace');
    const link = path.join(workspace.folder, 'content/jobs/outside');
    const outsideReads = await tracedSession(log, async (session) => {
      symlinkSync(workspace.outside, link);
      await session.fileChanged('content/jobs/outside', FileChangeType.Created);
    });
    rmSync(link);
    assert.deepEqual(outsideReads, { reads: [], offered: [] });
  });

  it('the CLI, handbook-roles check', () => {
    const log = path.join(path.dirname(workspace.folder), 'cli.strace');
    const run = spawnSync(straceLauncher(log)[0], [...straceLauncher(log).slice(1), process.execPath, CLI, 'check', '--no-cache', workspace.folder], { encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `the check ran to its end (status ${run.status}): ${run.stderr}`);
    assert.deepEqual(readsOutside(log, workspace.folder, process.cwd()), []);
  });
});
