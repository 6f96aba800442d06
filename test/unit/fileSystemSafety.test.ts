// Odd file-system entries and file events, on real files: named pipes never hang a read (they are
// reported as not being files), nothing is listed or offered through a symbolic link that leads
// out of the workspace, and after any file events the index equals a fresh build of the same files.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { provideDefinition, provideDocumentLinks } from '../../server/src/features/navigation';
import { filesAffectedBy, type FileChange } from '../../server/src/model/index/changedFiles';
import { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { NodeWorkspace } from '../../server/src/model/base/workspace';

// A read that blocks on a named pipe blocks this whole process: the timeout only reports it.
const TIMEOUT = { timeout: 10_000 };
const temporaryFolders: string[] = [];
after(() => {
  for (const folder of temporaryFolders) fs.rmSync(folder, { recursive: true, force: true });
});

function scratch(files: Record<string, string> = {}): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-fsafe-')));
  temporaryFolders.push(folder);
  for (const [file, text] of Object.entries(files)) write(folder, file, text);
  return folder;
}

function write(folder: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
  fs.writeFileSync(path.join(folder, file), text);
}

function mkfifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
}

async function freshIndex(folder: string): Promise<HandbookIndex> {
  const index = new HandbookIndex(new NodeWorkspace([folder]), DEFAULT_SETTINGS, { workers: 0 });
  await index.build();
  return index;
}

/** What the server does with a batch of watched-file events (protocol/watchedFiles.ts, no open documents). */
async function applyEvents(index: HandbookIndex, events: readonly [FileChange, string][]): Promise<void> {
  for (const [change, file] of events) {
    for (const affected of await filesAffectedBy(index, file, change)) await index.refreshFile(affected);
  }
}

/** Everything the index says of every file: its place, URL, facts and diagnostics. */
function describeIndex(index: HandbookIndex): string[] {
  return [...index.allFiles()].map((file) => JSON.stringify({ path: file.path, kind: file.kind, url: file.url, facts: file.facts, diagnostics: computeDiagnostics(index, file) })).sort();
}

/** The oracle: an index updated by events equals a fresh build of the same files. */
async function assertSameAsFresh(index: HandbookIndex, folder: string): Promise<void> {
  assert.deepEqual(describeIndex(index), describeIndex(await freshIndex(folder)));
}

function pathsOf(index: HandbookIndex): string[] {
  return [...index.allFiles()].map((file) => file.path).sort();
}

describe('named pipes and other entries that are not files', () => {
  it('reads a named pipe, directly or through a symbolic link, as unreadable without waiting for a writer', TIMEOUT, async () => {
    const folder = scratch();
    mkfifo(path.join(folder, 'pipe.md'));
    fs.symlinkSync('pipe.md', path.join(folder, 'link.md'));
    for (const workspace of [new NodeWorkspace([folder]), new NodeWorkspace([folder], { singlePass: true })]) {
      for (const name of ['pipe.md', 'link.md']) {
        assert.deepEqual(await workspace.read(path.join(folder, name), 1000), { kind: 'unreadable', reason: 'it is a named pipe, not a file' }, name);
      }
    }
  });

  it('refuses what took the place of a listed file before a single-pass read: a pipe, a link out, a folder', TIMEOUT, async () => {
    const outside = scratch({ 'secret.md': '# Secret\n' });
    const folder = scratch({ 'content/pipe.md': 'A\n', 'content/out.md': 'B\n', 'content/folder.md': 'C\n', 'content/gone.md': 'D\n', 'content/kept.md': 'E\n' });
    const workspace = new NodeWorkspace([folder], { singlePass: true });
    const listed = await workspace.listFiles(folder, () => true);
    assert.equal(listed.length, 5);
    const file = (name: string) => path.join(folder, 'content', name);
    for (const name of ['pipe.md', 'out.md', 'folder.md', 'gone.md']) fs.rmSync(file(name));
    mkfifo(file('pipe.md'));
    fs.symlinkSync(path.join(outside, 'secret.md'), file('out.md'));
    fs.mkdirSync(file('folder.md'));
    assert.deepEqual(await workspace.read(file('pipe.md'), 1000), { kind: 'unreadable', reason: 'it is a named pipe, not a file' });
    assert.deepEqual(await workspace.read(file('out.md'), 1000), { kind: 'unreadable', reason: 'it is a symbolic link to a file outside the workspace folders' });
    assert.deepEqual(await workspace.read(file('folder.md'), 1000), { kind: 'unreadable', reason: 'it is a folder' });
    assert.deepEqual(await workspace.read(file('gone.md'), 1000), { kind: 'missing' });
    const kept = await workspace.read(file('kept.md'), 1000);
    assert.equal(kept.kind === 'read' && Buffer.from(kept.bytes).toString(), 'E\n');
  });

  it('builds a handbook with a pipe as a page, an include, the Hugo config and behind a link, and reports each', TIMEOUT, async () => {
    const folder = scratch({ 'content/_index.md': '# Home\n\n{{% include "includes/pipe.md" %}}\n' });
    mkfifo(path.join(folder, 'hugo.toml'));
    mkfifo(path.join(folder, 'content/x.md'));
    mkfifo(path.join(folder, 'assets/includes/pipe.md'));
    fs.symlinkSync('x.md', path.join(folder, 'content/link.md'));
    const index = await freshIndex(folder);
    assert.deepEqual(index.siteList[0].problems, ["hugo.toml could not be read (it is a named pipe, not a file); using Hugo's default folders."]);
    for (const file of ['content/x.md', 'content/link.md', 'assets/includes/pipe.md']) {
      assert.deepEqual(index.get(path.join(folder, file))?.facts.fileProblem, { kind: 'unreadable', reason: 'it is a named pipe, not a file' }, file);
    }
  });

  it('reads a symbolic link to a missing file as unreadable, not as a file that vanished during the build', async () => {
    const folder = scratch({ 'content/_index.md': '# Home\n' });
    fs.symlinkSync(path.join(folder, 'nowhere.md'), path.join(folder, 'content/dangling.md'));
    const dangling = path.join(folder, 'content/dangling.md');
    for (const workspace of [new NodeWorkspace([folder]), new NodeWorkspace([folder], { singlePass: true })]) {
      await workspace.listFiles(folder, () => true);
      assert.deepEqual(await workspace.read(dangling, 1000), { kind: 'unreadable', reason: 'it is a symbolic link to a file that does not exist' });
    }
    const index = await freshIndex(folder);
    assert.deepEqual(index.notes, []);
    assert.deepEqual(index.get(dangling)?.facts.fileProblem, { kind: 'unreadable', reason: 'it is a symbolic link to a file that does not exist' });
  });

  it('reads a named pipe created during the session as a fresh build does', TIMEOUT, async () => {
    const folder = scratch({ 'content/_index.md': '# Home\n' });
    const index = await freshIndex(folder);
    mkfifo(path.join(folder, 'content/late.md'));
    await applyEvents(index, [['created', path.join(folder, 'content/late.md')]]);
    await assertSameAsFresh(index, folder);
  });
});

describe('file events leave the index equal to a fresh build', () => {
  it('makes no page of a non-Markdown file created in the content folder', async () => {
    const folder = scratch({ 'content/_index.md': '# Home\n' });
    const index = await freshIndex(folder);
    write(folder, 'content/diagram.png', 'PNG');
    write(folder, 'content/notes.txt', '# Notes\n');
    await applyEvents(index, [
      ['created', path.join(folder, 'content/diagram.png')],
      ['created', path.join(folder, 'content/notes.txt')],
    ]);
    assert.deepEqual(pathsOf(index), [path.join(folder, 'content/_index.md')]);
    await assertSameAsFresh(index, folder);
  });

  it('drops a page replaced by a folder of the same name, and indexes the pages in it', async () => {
    const folder = scratch({ 'content/_index.md': '# Home\n', 'content/team.md': '# Team\n' });
    const index = await freshIndex(folder);
    fs.rmSync(path.join(folder, 'content/team.md'));
    write(folder, 'content/team.md/inner.md', '# Inner\n');
    await applyEvents(index, [['created', path.join(folder, 'content/team.md')]]);
    assert.deepEqual(pathsOf(index), [path.join(folder, 'content/_index.md'), path.join(folder, 'content/team.md/inner.md')]);
    await assertSameAsFresh(index, folder);
  });

  it('does not index through a symbolic link to a folder created during the session', async () => {
    const folder = scratch({ 'content/_index.md': '# Home\n', 'elsewhere/page.md': '# Page\n' });
    const index = await freshIndex(folder);
    fs.symlinkSync(path.join(folder, 'elsewhere'), path.join(folder, 'content/linked'));
    await applyEvents(index, [['created', path.join(folder, 'content/linked')]]);
    assert.deepEqual(pathsOf(index), [path.join(folder, 'content/_index.md')]);
    await assertSameAsFresh(index, folder);
  });

  it('never lists a folder outside the workspace that a created link leads to', async () => {
    const outside = scratch({ 'secret.md': '# Secret\n', 'secret/deeper.md': '# Deeper\n' });
    const folder = scratch({ 'content/_index.md': '# Home\n', 'assets/includes/a.md': 'A\n' });
    const index = await freshIndex(folder);
    fs.symlinkSync(outside, path.join(folder, 'content/out'));
    fs.symlinkSync(outside, path.join(folder, 'assets/includes/out'));
    await applyEvents(index, [
      ['created', path.join(folder, 'content/out')],
      ['created', path.join(folder, 'assets/includes/out')],
    ]);
    const known = [...pathsOf(index), ...index.includeCandidates(index.siteList[0]).map((candidate) => candidate.path)];
    assert.deepEqual(
      known.filter((file) => file.includes('secret')),
      [],
    );
    assert.deepEqual(await index.workspace.listFiles(path.join(folder, 'content/out'), () => true), [], 'no listing through the link');
    await assertSameAsFresh(index, folder);
  });

  it('keeps the order of a fresh build when a page is deleted and created again in one batch', async () => {
    // Both pages claim /team/: the first in listing order wins, whatever order the events came in.
    const folder = scratch({ 'content/_index.md': '# Home\n\n[Team](/team/)\n', 'content/a.md': '---\nurl: /team/\n---\n# A\n', 'content/b.md': '---\nurl: /team/\n---\n# B\n' });
    const index = await freshIndex(folder);
    const page = path.join(folder, 'content/a.md');
    fs.rmSync(page);
    await applyEvents(index, [['deleted', page]]);
    write(folder, 'content/a.md', '---\nurl: /team/\n---\n# A again\n');
    await applyEvents(index, [['created', page]]);
    await assertSameAsFresh(index, folder);
    assert.equal(index.pageByUrl(index.siteList[0], '/team/')?.page.path, page);
  });
});

describe('navigation never leads out of the workspace', () => {
  it('offers no definition or document link to a page or include that is a link to a file outside', async () => {
    const outside = scratch({ 'secret.md': '# Secret\n', 'secret.html': '<p>secret</p>\n' });
    const folder = scratch({ 'content/_index.md': '# Home\n\n[Secret](/secret/)\n\n{{% include "includes/secret.html" %}}\n' });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(folder, 'content/secret.md'));
    fs.mkdirSync(path.join(folder, 'assets/includes'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'secret.html'), path.join(folder, 'assets/includes/secret.html'));
    const index = await freshIndex(folder);
    const home = index.get(path.join(folder, 'content/_index.md'))!;
    assert.deepEqual(provideDocumentLinks(index, home), []);
    assert.deepEqual(provideDefinition(index, home, { line: 2, character: 12 }), []);
    assert.deepEqual(provideDefinition(index, home, { line: 4, character: 20 }), []);
  });
});
