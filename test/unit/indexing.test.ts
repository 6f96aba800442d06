// Building the index of a whole handbook: bad input at scale (files that vanish or change while
// the handbook is read, unreadable files, symbolic link loops, a 50 MB page, a binary page, a
// folder of 10,000 include files), parse workers against the main thread, and the command line's
// facts cache (hits by size and time, the content-hash fallback, invalidation, damaged files).
// Everything runs on real files in a temporary folder.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { check } from '../../server/src/cli/check';
import type { Finding } from '../../server/src/cli/findings';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { FactsCache } from '../../server/src/cache/factsCache';
import { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { IndexOptions } from '../../server/src/model/index/build';
import { decodeText } from '../../server/src/model/page/parsePage';
import { DEFAULT_SETTINGS, type HandbookSettings } from '../../server/src/model/base/settings';
import { NodeWorkspace, type FileRead } from '../../server/src/model/base/workspace';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER_SCRIPT = path.join(root, 'dist', 'parseWorker.js');
const CLI = path.join(root, 'dist', 'cli.js');
const temporaryFolders: string[] = [];
after(() => {
  for (const folder of temporaryFolders) {
    // A test may have locked a file away; give the folder back before removing it.
    fs.chmodSync(folder, 0o755);
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

/** A handbook in a fresh temporary folder: `files` maps paths below it to their text. */
function handbook(files: Record<string, string | Uint8Array>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-indexing-'));
  temporaryFolders.push(folder);
  for (const [file, text] of Object.entries(files)) write(folder, file, text);
  return folder;
}

function write(folder: string, file: string, text: string | Uint8Array): void {
  const full = path.join(folder, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

async function buildIndex(folder: string, options: IndexOptions, settings: HandbookSettings = DEFAULT_SETTINGS): Promise<HandbookIndex> {
  const index = new HandbookIndex(new NodeWorkspace([folder]), settings, options);
  await index.build();
  return index;
}

/** `code: message` of every diagnostic of the file at `file` (relative to the handbook). */
function diagnosticsOf(index: HandbookIndex, folder: string, file: string): string[] {
  const indexed = index.get(path.join(folder, file));
  assert.ok(indexed, `${file} is in the index`);
  return computeDiagnostics(index, indexed).map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`);
}

const PAGE_A = '---\ntitle: A\n---\n# A\n\nSee [B](/b/#details) and [nowhere](/nowhere/).\n';
const PAGE_B = '---\ntitle: B\n---\n# B\n\n## Details\n\nText.\n';
const WORKER_MODES: { name: string; options: IndexOptions }[] = [
  { name: 'in the main thread', options: { workers: 0 } },
  { name: 'on two parse workers', options: { workers: 2, workerScript: WORKER_SCRIPT } },
];

describe('indexing a handbook with bad files in it', () => {
  it('has a built parse worker to test (npm test builds dist/ first)', () => {
    assert.ok(fs.existsSync(WORKER_SCRIPT), `${WORKER_SCRIPT} exists`);
  });

  for (const { name, options } of WORKER_MODES) {
    it(`reports each bad file and indexes the rest, ${name}`, async () => {
      const folder = handbook({
        'content/a.md': PAGE_A,
        'content/b.md': PAGE_B,
        'content/binary.md': new Uint8Array([0x23, 0x20, 0x41, 0x00, 0x01, 0x02, 0xff, 0xfe]),
        'content/locked.md': '# Locked\n',
      });
      const outside = handbook({ 'secret.md': '# Secret\n\n[x](/x/)\n' });
      // 50 MB of real Markdown, ten times the default limit.
      const line = '# Heading\n\nSome text with [a link](/b/).\n\n';
      fs.writeFileSync(path.join(folder, 'content/huge.md'), line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
      fs.symlinkSync('self-loop.md', path.join(folder, 'content/self-loop.md'));
      fs.symlinkSync('loop-b.md', path.join(folder, 'content/loop-a.md'));
      fs.symlinkSync('loop-a.md', path.join(folder, 'content/loop-b.md'));
      fs.symlinkSync('.', path.join(folder, 'content/folder-loop'));
      fs.symlinkSync(path.join(outside, 'secret.md'), path.join(folder, 'content/outside.md'));
      fs.chmodSync(path.join(folder, 'content/locked.md'), 0o000);

      const index = await buildIndex(folder, options);
      assert.deepEqual(diagnosticsOf(index, folder, 'content/a.md'), ['link-missing-page: Broken link: no page at /nowhere/.']);
      assert.deepEqual(diagnosticsOf(index, folder, 'content/b.md'), []);
      assert.match(diagnosticsOf(index, folder, 'content/binary.md').join('\n'), /^file-not-text: binary\.md is not UTF-8 text/);
      assert.match(diagnosticsOf(index, folder, 'content/huge.md').join('\n'), /^file-too-large: This file is 50\.0 MB, over the 5\.0 MB limit/);
      assert.equal(index.get(path.join(folder, 'content/huge.md'))!.facts.links.length, 0, 'the huge page is not parsed');
      for (const loop of ['self-loop.md', 'loop-a.md', 'loop-b.md']) {
        assert.deepEqual(diagnosticsOf(index, folder, `content/${loop}`), [
          `file-unreadable: ${loop} could not be read (it is a loop of symbolic links), so its links and includes are not checked, and Hugo cannot build it either. Fix the file's permissions or the link, or remove it.`,
        ]);
      }
      assert.match(diagnosticsOf(index, folder, 'content/outside.md').join('\n'), /^file-unreadable: outside\.md could not be read \(it is a symbolic link to a file outside the workspace folders\)/);
      assert.equal(index.get(path.join(folder, 'content/outside.md'))!.facts.links.length, 0, 'nothing of the outside file was read');
      assert.ok(![...index.allFiles()].some((file) => file.path.includes('folder-loop')), 'the folder loop is not followed');
      if (process.getuid?.() === 0) {
        // root reads files whatever their mode: the permission check cannot be seen here.
        assert.deepEqual(diagnosticsOf(index, folder, 'content/locked.md'), []);
      } else {
        assert.match(diagnosticsOf(index, folder, 'content/locked.md').join('\n'), /^file-unreadable: locked\.md could not be read \(permission denied\)/);
      }
      assert.deepEqual(index.notes, []);
    });
  }

  it('leaves out a file that vanishes while the handbook is read, says so, and reads a file that changes as it is then', async () => {
    const folder = handbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B, 'content/c.md': '# C\n', 'content/d.md': '# D\n' });
    // Reading a.md deletes c.md and rewrites d.md: both were listed before.
    class ChangingWorkspace extends NodeWorkspace {
      private changed = false;
      override async read(file: string, maxBytes: number): Promise<FileRead> {
        if (!this.changed && file.endsWith('a.md')) {
          this.changed = true;
          fs.rmSync(path.join(folder, 'content/c.md'));
          fs.writeFileSync(path.join(folder, 'content/d.md'), '# D changed\n\n[broken](/gone/)\n');
        }
        return super.read(file, maxBytes);
      }
    }
    const index = new HandbookIndex(new ChangingWorkspace([folder], { singlePass: true }), DEFAULT_SETTINGS, { workers: 0 }); // one pass already: the build reads through it (forOnePass)
    await index.build();
    assert.equal(index.get(path.join(folder, 'content/c.md')), undefined);
    assert.deepEqual(index.notes, [`A file vanished while the handbook was being read, and was left out: ${path.join(folder, 'content/c.md')}.`]);
    assert.deepEqual(diagnosticsOf(index, folder, 'content/d.md'), ['link-missing-page: Broken link: no page at /gone/.']);
    assert.deepEqual(diagnosticsOf(index, folder, 'content/a.md'), ['link-missing-page: Broken link: no page at /nowhere/.']);
  });

  it('indexes a folder of 10,000 include files and resolves includes among them', async () => {
    const files: Record<string, string> = {
      'content/roles.md': '# Roles\n\n{{% include "includes/part-42.md" %}}\n\n{{% include "includes/part-9999.md" %}}\n\n{{% include "includes/part-10000.md" %}}\n',
    };
    for (let part = 0; part < 10_000; part++) files[`assets/includes/part-${part}.md`] = `## Part ${part}\n\nSee [roles](/roles/#part-${part}).\n`;
    const folder = handbook(files);
    const index = await buildIndex(folder, { workerScript: WORKER_SCRIPT });
    assert.equal([...index.allFiles()].length, 10_001);
    assert.deepEqual(
      diagnosticsOf(index, folder, 'content/roles.md').map((text) => text.split(':')[0]),
      ['include-missing'],
      'only the include of a file that does not exist is reported',
    );
    assert.deepEqual(diagnosticsOf(index, folder, 'assets/includes/part-42.md'), [], 'part-42 is included, so #part-42 exists');
    assert.deepEqual(diagnosticsOf(index, folder, 'assets/includes/part-7.md'), [
      'link-missing-anchor: Broken anchor: /roles/ has no heading or anchor #part-7 — no page includes this file, so no reader sees it.',
    ]);
  });

  it('builds the same index on workers as in the main thread (the example handbook)', async () => {
    const folder = path.join(root, 'examples', 'handbook');
    const [inThread, onWorkers] = await Promise.all(WORKER_MODES.map(({ options }) => buildIndex(folder, options)));
    const describeIndex = (index: HandbookIndex) =>
      [...index.allFiles()].map((file) => JSON.stringify({ path: file.path, url: file.url, facts: file.facts, lines: file.lines.lineCount, diagnostics: computeDiagnostics(index, file) }));
    assert.ok(describeIndex(inThread).length > 40);
    assert.deepEqual(describeIndex(onWorkers), describeIndex(inThread));
  });

  it('reads the rest in the main thread when a parse worker fails, and says so', async () => {
    const folder = handbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const brokenWorker = path.join(handbook({}), 'broken-worker.js');
    fs.writeFileSync(brokenWorker, "require('node:worker_threads').parentPort.on('message', () => { throw new Error('parser exploded'); });\n");
    const index = await buildIndex(folder, { workers: 1, workerScript: brokenWorker });
    assert.deepEqual(diagnosticsOf(index, folder, 'content/a.md'), ['link-missing-page: Broken link: no page at /nowhere/.']);
    assert.deepEqual(index.notes, ['The parse workers failed (parser exploded); the rest of the handbook was read without them.']);
  });
});

describe('the order a build reads the handbook in', () => {
  // An open role page whose extends sentence leads to b, whose own leads to c; it includes an
  // asset file; 600 filler pages are listed before all of them ('content/a-…' sorts first).
  const OPEN = 'content/x/open.md';
  const files: Record<string, string> = {
    [OPEN]: '---\ntitle: Open\n---\n# Open\n\nExtends that of the [B](/x/b/#requirements) requirements.\n\n{{% include "includes/part.md" %}}\n',
    'content/x/b.md': '---\ntitle: B\n---\n# B\n\n## Requirements\n\nExtends that of the [C](../c/#requirements) requirements.\n',
    'content/x/c/_index.md': '---\ntitle: C\n---\n# C\n\n## Requirements\n\nText.\n',
    'assets/includes/part.md': '## Part\n\nShared text.\n',
  };
  for (let page = 0; page < 600; page++) files[`content/a-filler/page-${page}.md`] = `# Filler ${page}\n\n[x](/x/other-${page}/)\n`;

  for (const { name, options } of WORKER_MODES) {
    it(`reads the open page, then what its answers need, then the rest, and stores each as it is read, ${name}`, async () => {
      const folder = handbook(files);
      const index = new HandbookIndex(new NodeWorkspace([folder]), DEFAULT_SETTINGS, { ...options });
      index.setOpenText(path.join(folder, OPEN), files[OPEN]);
      let seenWhenOpenFilesRead: { read: number; total: number; chain: boolean[]; fillers: number } | undefined;
      await index.build(() => {
        const reading = index.reading;
        if (!reading?.openFilesRead || seenWhenOpenFilesRead) return;
        index.catchUpWithReading();
        const stored = [...index.allFiles()].map((file) => path.relative(folder, file.path));
        seenWhenOpenFilesRead = {
          read: reading.done,
          total: reading.total,
          chain: [OPEN, 'content/x/b.md', 'content/x/c/_index.md', 'assets/includes/part.md'].map((file) => stored.includes(file)),
          fillers: stored.filter((file) => file.startsWith('content/a-filler/')).length,
        };
      });
      assert.ok(seenWhenOpenFilesRead, 'told that the open files were read while the build read the rest');
      assert.deepEqual(seenWhenOpenFilesRead.chain, [true, true, true, true], 'the open page, its extends chain and its include, read first');
      assert.ok(seenWhenOpenFilesRead.fillers <= 1, `${seenWhenOpenFilesRead.fillers} filler pages read before them`);
      assert.ok(seenWhenOpenFilesRead.read < seenWhenOpenFilesRead.total);
      assert.equal(index.reading, undefined, 'done reading');
      // Whatever the order of reading, the files are stored in the order of the listing, as before.
      const order = [...index.allFiles()].map((file) => path.relative(folder, file.path));
      assert.deepEqual(
        order,
        [...order].sort((a, b) => (a.startsWith('assets/') === b.startsWith('assets/') ? (a < b ? -1 : 1) : a.startsWith('assets/') ? 1 : -1)),
      );
      assert.equal(order.length, Object.keys(files).length);
    });
  }
});

describe('decoding the bytes of a file', () => {
  it('accepts and gives exactly what a fatal UTF-8 TextDecoder does, byte order mark dropped', () => {
    const reference = new TextDecoder('utf-8', { fatal: true });
    const expected = (bytes: Uint8Array) => {
      try {
        return reference.decode(bytes);
      } catch {
        return { kind: 'binary' };
      }
    };
    const tricky = [
      [0xef, 0xbb, 0xbf, 0x41],
      [0xef, 0xbb, 0xbf],
      [0x41, 0xef, 0xbb, 0xbf, 0x42],
      [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
      [0xe6, 0x97, 0xa5, 0xe6, 0x9c, 0xac],
      [0xf0, 0x9f, 0x9a, 0x80],
      [0xed, 0xa0, 0x80],
      [0xc0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe3, 0x81],
      [0x80],
      [0xff, 0xfe, 0x41],
    ];
    let seed = 7;
    const random = (below: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 16) % below;
    // Characters of every UTF-8 length (and the edges of each), the byte order mark, and now and
    // then a stray byte (NUL aside: a NUL makes any file binary).
    const characters = ['A', '\u007f', '\u0080', 'é', '\u07ff', '\u0800', '日', '\ufeff', '\uffff', '\u{10000}', '🚀', '\u{10ffff}'].map((character) => [...Buffer.from(character)]);
    const fuzzed = Array.from({ length: 3000 }, () => Array.from({ length: 1 + random(8) }, () => (random(4) === 0 ? [1 + random(255)] : characters[random(characters.length)])).flat());
    for (const sequence of [...tricky, ...fuzzed]) {
      const bytes = new Uint8Array(sequence);
      assert.deepEqual(decodeText(bytes), expected(bytes), sequence.map((byte) => byte.toString(16)).join(' '));
    }
  });
});

describe('the facts cache of the command line', () => {
  const OLD = new Date('2020-01-01T00:00:00Z');
  /** Rewrites a file with text of the same length and gives it back its old modification time. */
  function rewriteInPlace(folder: string, file: string, text: string, mtime = OLD): void {
    const full = path.join(folder, file);
    assert.equal(Buffer.byteLength(text), fs.statSync(full).size, 'same size');
    fs.writeFileSync(full, text);
    fs.utimesSync(full, mtime, mtime);
  }
  function agedHandbook(files: Record<string, string>): string {
    const folder = handbook(files);
    for (const file of Object.keys(files)) fs.utimesSync(path.join(folder, file), OLD, OLD);
    return folder;
  }
  const messages = (result: Awaited<ReturnType<typeof check>>) => result.findings.map((finding) => `${finding.file}: ${finding.message}`);
  const BROKEN_A = PAGE_A.replace('/nowhere/', '/elsewhe/');

  /** A NodeWorkspace that notes the files it reads: what a cache is for is reading fewer. */
  class ReadNotingWorkspace extends NodeWorkspace {
    readonly reads: string[] = [];
    // A build reads through a one-pass workspace (forOnePass): being one already, this one notes the build's reads.
    constructor(folders: readonly string[]) {
      super(folders, { singlePass: true });
    }
    override async read(file: string, maxBytes: number): Promise<FileRead> {
      this.reads.push(file);
      return super.read(file, maxBytes);
    }
  }
  /** One build with the facts cache in `directory`: the pages it read, and content/a.md's diagnostics. */
  async function cachedBuild(folder: string, directory: string, { program = 'v1', settings = DEFAULT_SETTINGS, releaseBeforeSaving = false } = {}) {
    const cache = FactsCache.open({ folder, settings, directory, program });
    const workspace = new ReadNotingWorkspace([folder]);
    const index = new HandbookIndex(workspace, settings, { workers: 0 });
    await index.build(undefined, { cache });
    if (releaseBeforeSaving) cache.releaseStoredFacts();
    cache.save();
    // Pages only: the Hugo config is read afresh by every build.
    const pages = workspace.reads.map((file) => path.relative(folder, file)).filter((file) => file.startsWith('content/'));
    return { reads: pages.sort(), diagnostics: diagnosticsOf(index, folder, 'content/a.md') };
  }
  const NOWHERE = ['link-missing-page: Broken link: no page at /nowhere/.'];
  const ELSEWHERE = ['link-missing-page: Broken link: no page at /elsewhe/.'];

  it('reuses the facts of a file whose size, times and inode did not change, and sees through a time set back', async () => {
    const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const directory = handbook({});
    assert.deepEqual(await cachedBuild(folder, directory), { reads: ['content/a.md', 'content/b.md'], diagnostics: NOWHERE });
    assert.deepEqual(await cachedBuild(folder, directory), { reads: [], diagnostics: NOWHERE }, 'nothing changed: nothing read');
    // Same size, modification time put back: the change time still tells.
    rewriteInPlace(folder, 'content/a.md', BROKEN_A);
    assert.deepEqual(await cachedBuild(folder, directory), { reads: ['content/a.md'], diagnostics: ELSEWHERE });
  });

  it("saves every fact it reused after letting go of the cache file's bytes, as the language server does", async () => {
    const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const directory = handbook({});
    await cachedBuild(folder, directory);
    // A new page makes the cache one to write again, with the reused facts of the others.
    fs.writeFileSync(path.join(folder, 'content/c.md'), '---\ntitle: C\n---\n# C\n');
    fs.utimesSync(path.join(folder, 'content/c.md'), OLD, OLD);
    assert.deepEqual(await cachedBuild(folder, directory, { releaseBeforeSaving: true }), { reads: ['content/c.md'], diagnostics: NOWHERE });
    assert.deepEqual(await cachedBuild(folder, directory), { reads: [], diagnostics: NOWHERE }, 'every file from the cache written after the release');
    rewriteInPlace(folder, 'content/a.md', BROKEN_A);
    assert.deepEqual(await cachedBuild(folder, directory, { releaseBeforeSaving: true }), { reads: ['content/a.md'], diagnostics: ELSEWHERE });
  });

  it('compares content hashes when only the times changed, and records the new ones', async () => {
    const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const directory = handbook({});
    await cachedBuild(folder, directory);
    const touched = new Date('2021-06-01T00:00:00Z');
    fs.utimesSync(path.join(folder, 'content/a.md'), touched, touched);
    assert.deepEqual(await cachedBuild(folder, directory), { reads: ['content/a.md'], diagnostics: NOWHERE }, 'read and hashed');
    assert.deepEqual(await cachedBuild(folder, directory), { reads: [], diagnostics: NOWHERE }, 'the new times were recorded');
  });

  it('reads the facts only when a file is looked up, and none from a cache file replaced after its table was read', async () => {
    const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const directory = handbook({});
    await cachedBuild(folder, directory);
    const cache = FactsCache.open({ folder, settings: DEFAULT_SETTINGS, directory, program: 'v1' });
    // Another run's file put in its place (a new inode, the same length): its bytes are not this table's.
    const replacement = `${cache.file}.other`;
    fs.writeFileSync(replacement, Buffer.alloc(fs.statSync(cache.file).size));
    fs.renameSync(replacement, cache.file);
    const workspace = new ReadNotingWorkspace([folder]);
    const index = new HandbookIndex(workspace, DEFAULT_SETTINGS, { workers: 0 });
    await index.build(undefined, { cache });
    const pages = workspace.reads.map((file) => path.relative(folder, file)).filter((file) => file.startsWith('content/'));
    assert.deepEqual({ reads: pages.sort(), diagnostics: diagnosticsOf(index, folder, 'content/a.md') }, { reads: ['content/a.md', 'content/b.md'], diagnostics: NOWHERE });
    assert.match(cache.notes.join('\n'), /damaged entries/);
  });

  it('does not trust the time of a file modified just before it was cached', async () => {
    const folder = handbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const cacheDir = handbook({});
    await check(folder, { cache: true, cacheDir });
    const mtime = fs.statSync(path.join(folder, 'content/a.md')).mtime;
    rewriteInPlace(folder, 'content/a.md', BROKEN_A, mtime);
    assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), ['content/a.md: Broken link: no page at /elsewhe/.']);
  });

  it('reads a page again when its symbolic link points at another file of the same size and time', async () => {
    const folder = agedHandbook({ 'shared/a-nowhere.md': PAGE_A, 'shared/a-elsewhere.md': BROKEN_A, 'content/b.md': PAGE_B });
    const directory = handbook({});
    fs.symlinkSync('../shared/a-nowhere.md', path.join(folder, 'content/a.md'));
    assert.deepEqual((await cachedBuild(folder, directory)).diagnostics, NOWHERE);
    fs.rmSync(path.join(folder, 'content/a.md'));
    fs.symlinkSync('../shared/a-elsewhere.md', path.join(folder, 'content/a.md'));
    assert.deepEqual((await cachedBuild(folder, directory)).diagnostics, ELSEWHERE);
  });

  it('starts afresh for another program build or other parse settings', async () => {
    const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const directory = handbook({});
    const everything = ['content/a.md', 'content/b.md'];
    assert.deepEqual((await cachedBuild(folder, directory)).reads, everything);
    assert.deepEqual((await cachedBuild(folder, directory)).reads, [], 'same program: cached');
    assert.deepEqual((await cachedBuild(folder, directory, { program: 'v2' })).reads, everything, 'new program: parsed again');
    const otherPatterns = { ...DEFAULT_SETTINGS, extendsPatterns: ['\\bbuilds on\\b'] };
    assert.deepEqual((await cachedBuild(folder, directory, { program: 'v2', settings: otherPatterns })).reads, everything, 'other settings: parsed again');
  });

  it('sets a damaged cache file aside with a note and writes a good one', async () => {
    const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const cacheDir = handbook({});
    const expected = ['content/a.md: Broken link: no page at /nowhere/.'];
    await check(folder, { cache: true, cacheDir });
    const [cacheFile] = fs.readdirSync(cacheDir).map((name) => path.join(cacheDir, name));
    const good = fs.readFileSync(cacheFile);
    const damages: [string, Uint8Array][] = [
      ['cut short', good.subarray(0, Math.floor(good.length / 2))],
      ['cut inside its table', good.subarray(0, 12)],
      ['garbage', Buffer.from('this is not a cache at all')],
      ['empty', new Uint8Array(0)],
      ['a record overwritten', Buffer.concat([good.subarray(0, good.length - 40), Buffer.alloc(40, 0xab)])],
    ];
    for (const [damage, bytes] of damages) {
      fs.writeFileSync(cacheFile, bytes);
      const result = await check(folder, { cache: true, cacheDir });
      assert.deepEqual(messages(result), expected, damage);
      // A file without the cache's first bytes is another program's (an older layout): replaced quietly.
      if (!['garbage', 'empty', 'a record overwritten'].includes(damage)) assert.match(result.problems.join('\n'), /The facts cache .* is damaged \(.*\) and was set aside/, damage);
      assert.deepEqual(
        result.problems.filter((problem) => !problem.includes('is damaged')),
        [],
        damage,
      );
      assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), expected, `${damage}: next run`);
      assert.deepEqual((await check(folder, { cache: true, cacheDir })).problems, [], `${damage}: rewritten`);
    }
    assert.deepEqual(fs.readdirSync(cacheDir), [path.basename(cacheFile), path.basename(cacheFile).replace('facts-', 'findings-').replace('.bin', '.json')], 'no temporary files are left behind');
  });

  describe('a damaged entry or table: never trusted, the same findings as without the cache, on that run and the next', () => {
    // Two pages of the same size whose facts differ (so whose entries are the same length), and
    // findings that depend on their links' destinations: facts taken from damaged bytes show.
    const files = { 'content/a.md': PAGE_A, 'content/c.md': BROKEN_A, 'content/b.md': PAGE_B };
    /** The cache file's entries as the table of contents places them: `[path, start, end]` in the file. */
    function entriesOf(bytes: Buffer): [string, number, number][] {
      const tableLength = bytes.readUInt32LE(bytes.length - 4);
      const table = JSON.parse(bytes.toString('utf8', bytes.length - 8 - tableLength, bytes.length - 8)) as { rows: unknown[][] };
      return table.rows.map((row) => [row[0] as string, 4 + (row[8] as number), 4 + (row[8] as number) + (row[9] as number)]);
    }
    const entry = (bytes: Buffer, file: string) => entriesOf(bytes).find(([relative]) => relative === file)!;
    /** The cache folder's file of facts, or of findings. */
    const storedFile = (cacheDir: string, kind: 'facts' | 'findings') =>
      path.join(
        cacheDir,
        fs.readdirSync(cacheDir).find((name) => name.startsWith(`${kind}-`))!,
      );
    /** A run with the cache gives `expected`; without the last findings, it must take the facts from the cache. */
    async function assertCachedRun(folder: string, cacheDir: string, expected: string, { findingsKept }: { findingsKept: boolean }, run: string) {
      if (!findingsKept) fs.rmSync(storedFile(cacheDir, 'findings'));
      assert.equal(JSON.stringify((await check(folder, { cache: true, cacheDir })).findings), expected, run);
    }
    /** The bytes with the first occurrence of `text` after `from` given one other character. */
    function flipText(bytes: Buffer, text: string, from = 0): Buffer {
      const copy = Buffer.from(bytes);
      copy[copy.indexOf(text, from, 'latin1') + 1] ^= 0x01;
      return copy;
    }
    const damages: Record<string, (good: Buffer) => Buffer> = {
      'a byte of a link destination flipped': (good) => flipText(good, '/nowhere/', entry(good, 'content/a.md')[1]),
      'a byte of every entry flipped, in turn at its start, middle and end': (good) => {
        const copy = Buffer.from(good);
        for (const [index, [, start, end]] of entriesOf(good).entries()) copy[[start, Math.floor((start + end) / 2), end - 1][index % 3]] ^= 0x40;
        return copy;
      },
      'two entries swapped': (good) => {
        const [, aStart, aEnd] = entry(good, 'content/a.md');
        const [, cStart, cEnd] = entry(good, 'content/c.md');
        assert.equal(aEnd - aStart, cEnd - cStart, 'entries of the same length');
        const copy = Buffer.from(good);
        good.copy(copy, aStart, cStart, cEnd);
        good.copy(copy, cStart, aStart, aEnd);
        return copy;
      },
      'cut short by a byte': (good) => good.subarray(0, good.length - 1),
      'cut in the middle of an entry': (good) => good.subarray(0, Math.floor((entry(good, 'content/b.md')[1] + entry(good, 'content/b.md')[2]) / 2)),
      'garbage in the table of contents': (good) => flipText(good, 'content/a.md', entriesOf(good).at(-1)![2]),
      'a table of contents replaced by another valid table': (good) => {
        const tableLength = good.readUInt32LE(good.length - 4);
        const table = Buffer.from(
          good
            .toString('utf8', good.length - 8 - tableLength, good.length - 8)
            .replace('"content/a.md"', '"content/q.md"')
            .replace('"content/c.md"', '"content/a.md"')
            .replace('"content/q.md"', '"content/c.md"'),
        );
        return Buffer.concat([good.subarray(0, good.length - 8 - tableLength), table, good.subarray(good.length - 8)]);
      },
    };
    for (const [damage, damaged] of Object.entries(damages)) {
      for (const findingsKept of [false, true]) {
        it(`${damage}${findingsKept ? ', with the last findings kept' : ''}`, async () => {
          const folder = agedHandbook(files);
          const cacheDir = handbook({});
          const expected = JSON.stringify((await check(folder, { cache: false })).findings);
          await check(folder, { cache: true, cacheDir });
          const cacheFile = storedFile(cacheDir, 'facts');
          fs.writeFileSync(cacheFile, damaged(fs.readFileSync(cacheFile)));
          // Without the last findings, every entry is looked up: the damaged ones must not be taken.
          await assertCachedRun(folder, cacheDir, expected, { findingsKept }, 'the run that finds the damage');
          await assertCachedRun(folder, cacheDir, expected, { findingsKept: false }, 'the next run, from the facts cache it wrote');
        });
      }
    }

    it('a byte of the stored findings flipped', async () => {
      const folder = agedHandbook(files);
      const cacheDir = handbook({});
      const expected = JSON.stringify((await check(folder, { cache: false })).findings);
      await check(folder, { cache: true, cacheDir });
      const findingsFile = storedFile(cacheDir, 'findings');
      fs.writeFileSync(findingsFile, flipText(fs.readFileSync(findingsFile), '/elsewhe/'));
      await assertCachedRun(folder, cacheDir, expected, { findingsKept: true }, 'the run that finds the damage');
      await assertCachedRun(folder, cacheDir, expected, { findingsKept: true }, 'the next run');
    });
  });

  it('notes a cache it cannot write and still checks', async () => {
    const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const blocked = path.join(handbook({ 'not-a-folder': 'x' }), 'not-a-folder');
    const result = await check(folder, { cache: true, cacheDir: blocked });
    assert.deepEqual(messages(result), ['content/a.md: Broken link: no page at /nowhere/.']);
    assert.match(result.problems.join('\n'), /^Could not write the facts cache .*not-a-folder.*; the next run reads every file again/);
  });

  describe('the last findings, reused when nothing changed', () => {
    const findingsFile = (cacheDir: string) =>
      path.join(
        cacheDir,
        fs.readdirSync(cacheDir).find((name) => name.startsWith('findings-'))!,
      );
    /** Marks the stored findings, so that a run that hands them back shows it. */
    function markStoredFindings(cacheDir: string): void {
      const file = findingsFile(cacheDir);
      const [head, ...rows] = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
      const marked = rows.map((row) => JSON.stringify({ ...(JSON.parse(row) as Finding), message: `(stored) ${(JSON.parse(row) as Finding).message}` }));
      const text = [head, ...marked].join('\n');
      fs.writeFileSync(file, `${text}\n${crc32(Buffer.from(text))}`);
    }

    it('hands back the stored findings when no file, config or setting changed', async () => {
      const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
      const cacheDir = handbook({});
      await check(folder, { cache: true, cacheDir });
      markStoredFindings(cacheDir);
      assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), ['content/a.md: (stored) Broken link: no page at /nowhere/.']);
      assert.deepEqual(messages(await check(folder, { cache: false })), ['content/a.md: Broken link: no page at /nowhere/.'], 'without the cache, computed');
    });

    it("computes every finding again when another page changes, since a page's findings depend on the others", async () => {
      const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
      const cacheDir = handbook({});
      await check(folder, { cache: true, cacheDir });
      markStoredFindings(cacheDir);
      write(folder, 'content/nowhere.md', '# Nowhere\n');
      assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), [], 'a new page: the link to it holds');
      write(folder, 'content/b.md', PAGE_B.replace('## Details', '## Other'));
      assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), ['content/a.md: Broken anchor: /b/ has no heading or anchor #details.'], 'a heading renamed elsewhere');
    });

    it('computes them again when an include root gains a file, or the Hugo config changes', async () => {
      const folder = agedHandbook({ 'content/a.md': '# A\n\n{{< include "includes/table.html" >}}\n' });
      const cacheDir = handbook({});
      const missing = await check(folder, { cache: true, cacheDir });
      assert.equal(missing.findings.length, 1);
      markStoredFindings(cacheDir);
      write(folder, 'assets/includes/table.html', '<table></table>\n');
      assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), [], 'the included HTML file now exists');
      markStoredFindings(cacheDir);
      write(folder, 'hugo.toml', 'assetDir = "elsewhere"\n');
      assert.deepEqual(
        messages(await check(folder, { cache: true, cacheDir })),
        messages(missing).map((message) => message.replace('not in assets/', 'not in elsewhere/')),
        'the include roots moved',
      );
    });

    it('computes them again when the Hugo config changes how pages render', async () => {
      const folder = agedHandbook({ 'content/a.md': '# A\n\nSee [B](/b/#smile-details).\n', 'content/b.md': '# B\n\n## :smile: Details\n' });
      const cacheDir = handbook({});
      assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), []);
      write(folder, 'hugo.toml', 'enableEmoji = true\n');
      assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), ['content/a.md: Broken anchor: /b/ has no heading or anchor #smile-details.'], 'the emoji is part of the heading now');
    });

    it('computes them again when the stored file is damaged', async () => {
      const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
      const cacheDir = handbook({});
      const expected = messages(await check(folder, { cache: true, cacheDir }));
      const [head] = fs.readFileSync(findingsFile(cacheDir), 'utf8').split('\n');
      for (const damage of ['null', '{"file": "content/a.md"}', '{"file": "content/a.md", "line": 1, "column', '']) {
        fs.writeFileSync(findingsFile(cacheDir), `${head}\n${damage}`);
        assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), expected, damage);
      }
      fs.writeFileSync(findingsFile(cacheDir), 'not JSON at all');
      assert.deepEqual(messages(await check(folder, { cache: true, cacheDir })), expected);
    });

    it('computes them again when excerpts are asked for and the stored ones have none', async () => {
      const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
      const cacheDir = handbook({});
      await check(folder, { cache: true, cacheDir });
      markStoredFindings(cacheDir);
      const withExcerpts = await check(folder, { cache: true, cacheDir, excerpts: true });
      assert.deepEqual(
        withExcerpts.findings.map((finding) => [finding.message, finding.excerpt]),
        [['Broken link: no page at /nowhere/.', '/nowhere/']],
      );
      const stored = await check(folder, { cache: true, cacheDir });
      assert.deepEqual(
        stored.findings.map((finding) => finding.excerpt),
        [undefined],
        'stored with excerpts, handed back without',
      );
    });
  });

  it('is written by `check --cache-dir` and not by `check --no-cache`', () => {
    const folder = agedHandbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const cacheDir = path.join(handbook({}), 'cache');
    const run = (...flags: string[]) => {
      try {
        return execFileSync(process.execPath, [CLI, 'check', folder, '--format', 'json', ...flags], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheDir } });
      } catch (error) {
        return (error as { stdout: string }).stdout;
      }
    };
    const cold = run('--no-cache');
    assert.equal(fs.existsSync(cacheDir), false, '--no-cache writes nothing');
    assert.equal(run('--cache-dir', cacheDir), cold);
    assert.deepEqual(
      fs.readdirSync(cacheDir).map((name) => name.replace(/-\w+\./, '-*.')),
      ['facts-*.bin', 'findings-*.json'],
    );
    assert.equal(run('--cache-dir', cacheDir), cold, 'warm run, same report');
    assert.equal(run(), cold, 'default: $XDG_CACHE_HOME/handbook-roles');
    assert.equal(fs.readdirSync(path.join(cacheDir, 'handbook-roles')).length, 2);
  });
});

describe('an index kept current while pages are edited', () => {
  it("keeps an editor's text that arrives while the file is read again from disk", async () => {
    const folder = handbook({ 'content/a.md': PAGE_A, 'content/b.md': PAGE_B });
    const index = await buildIndex(folder, { workers: 0 });
    const b = path.join(folder, 'content/b.md');
    // A watched-file event, or a close, reads b again; the editor opens it before the read lands.
    const reading = index.refreshFile(b);
    const typed = PAGE_B.replace('## Details', '## Typed in the editor');
    index.setOpenText(b, typed);
    await reading;
    assert.deepEqual(
      index.get(b)!.facts.headings.map((heading) => heading.text),
      ['B', 'Typed in the editor'],
    );
  });

  it('rebuilds derived tables only when the outline changes, and keeps every answer current', async () => {
    const folder = handbook({
      'content/a.md': PAGE_A,
      'content/b.md': PAGE_B,
      'content/c.md': '# C\n\n{{% include "includes/part.md" %}}\n\n[part](#from-the-part)\n',
      'assets/includes/part.md': '## Elsewhere\n\nText.\n',
    });
    const index = await buildIndex(folder, { workers: 0 });
    const b = path.join(folder, 'content/b.md');
    const indexedB = index.get(b)!;
    const linkToDetails = () => diagnosticsOf(index, folder, 'content/a.md');
    assert.deepEqual(linkToDetails(), ['link-missing-page: Broken link: no page at /nowhere/.']);

    const outline = index.outlineVersion;
    const version = index.version;
    index.setOpenText(b, PAGE_B.replace('Text.', 'Text, typed on.'));
    assert.equal(index.outlineVersion, outline, 'typing in a paragraph leaves the outline');
    assert.ok(index.version > version);
    assert.equal(index.get(b), indexedB, 'the file keeps its object');
    assert.equal(index.findAnchor(indexedB, 'details')!.range.start, PAGE_B.indexOf('## Details'), 'anchor offsets follow the text');

    index.setOpenText(b, PAGE_B.replace('## Details', '## Overview'));
    assert.ok(index.outlineVersion > outline, 'renaming a heading changes the outline');
    assert.deepEqual(linkToDetails(), ['link-missing-anchor: Broken anchor: /b/ has no heading or anchor #details.', 'link-missing-page: Broken link: no page at /nowhere/.']);
    index.setOpenText(b, PAGE_B.replace('# B\n', '# B\n\nAn [extends](/a/) sentence.\n'));
    assert.deepEqual(linkToDetails(), ['link-missing-page: Broken link: no page at /nowhere/.']);

    assert.deepEqual(diagnosticsOf(index, folder, 'content/c.md'), ['link-missing-anchor: Broken anchor: /c/ has no heading or anchor #from-the-part.']);
    index.setOpenText(path.join(folder, 'assets/includes/part.md'), '## From the part\n\nText.\n');
    assert.deepEqual(diagnosticsOf(index, folder, 'content/c.md'), [], 'a heading added to an include file is an anchor of its includers');
    const outlineBefore = index.outlineVersion;
    index.setOpenText(path.join(folder, 'assets/includes/part.md'), 'Intro.\n\n## From the part\n\nText.\n');
    assert.equal(index.outlineVersion, outlineBefore);
    const c = index.get(path.join(folder, 'content/c.md'))!;
    assert.equal(index.findAnchor(c, 'from-the-part')!.range.start, 'Intro.\n\n'.length, 'the includer sees the include file’s new offsets');
  });
});
