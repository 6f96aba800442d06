// `handbook-roles move` on scratch copies: the exact diff of --dry-run (and that it writes
// nothing), the move itself equal to that diff applied by git, a refused move that writes nothing,
// and the check's findings on the example handbook unchanged by moves, modulo the move.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { copyOfExample, runCli, scratchFolder, writeFiles } from './support';

const HANDBOOK = {
  'hugo.toml': 'baseURL = "https://handbook.gitlab.com/"\n',
  'content/jobs/developer.md': '---\ntitle: "Developer"\n---\n\n## Requirements\n\n- Ships. See the [lead](../lead/).\n',
  'content/jobs/lead.md': '---\ntitle: "Lead"\n---\n\n## Requirements\n\n- Extends that of the [Developer](/jobs/developer/#requirements) requirements.\n\n{{% include "includes/values.md" %}}\n',
  'assets/includes/values.md': '- [Developers](https://handbook.gitlab.com/jobs/developer) share our values.\n',
};

const EXPECTED_DIFF = `--- a/assets/includes/values.md
+++ b/assets/includes/values.md
@@ -1,1 +1,1 @@
-- [Developers](https://handbook.gitlab.com/jobs/developer) share our values.
+- [Developers](https://handbook.gitlab.com/roles/developer) share our values.
diff --git a/content/jobs/developer.md b/content/roles/developer.md
rename from content/jobs/developer.md
rename to content/roles/developer.md
--- a/content/jobs/developer.md
+++ b/content/roles/developer.md
@@ -1,7 +1,9 @@
 ---
 title: "Developer"
+aliases:
+  - /jobs/developer/
 ---
 
 ## Requirements
 
-- Ships. See the [lead](../lead/).
+- Ships. See the [lead](../../jobs/lead/).
--- a/content/jobs/lead.md
+++ b/content/jobs/lead.md
@@ -4,6 +4,6 @@
 
 ## Requirements
 
-- Extends that of the [Developer](/jobs/developer/#requirements) requirements.
+- Extends that of the [Developer](/roles/developer/#requirements) requirements.
 
 {{% include "includes/values.md" %}}
`;

/** Every file below `folder` with its bytes and modification time. */
async function snapshot(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await fs.readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(folder, file), `${(await fs.stat(file)).mtimeMs} ${await fs.readFile(file, 'utf8')}`);
  }
  return files;
}

async function texts(folder: string): Promise<Record<string, string>> {
  return Object.fromEntries([...(await snapshot(folder))].filter(([file]) => !file.startsWith('.git')).map(([file, value]) => [file, value.slice(value.indexOf(' ') + 1)]));
}

describe('handbook-roles move', () => {
  it('--dry-run prints the exact diff and writes nothing', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, HANDBOOK);
    const before = await snapshot(folder);
    const run = await runCli(['move', 'content/jobs/developer.md', 'content/roles/developer.md', '--dry-run'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, EXPECTED_DIFF);
    assert.equal(run.stderr, 'Would move 1 file; would update 3 links and 0 include calls; would add 1 alias.\n');
    assert.deepEqual(await snapshot(folder), before);
  });

  it("reads the handbook's .handbook-roles.yaml, or the file --config names, as check does", async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, { ...HANDBOOK, '.handbook-roles.yaml': 'move:\n  addAliases: false\n' });
    const withoutAlias = await runCli(['move', 'content/jobs/developer.md', 'content/roles/developer.md', '--dry-run'], { cwd: folder });
    assert.equal(withoutAlias.code, 0, withoutAlias.stderr);
    assert.doesNotMatch(withoutAlias.stdout, /aliases:/);
    assert.match(withoutAlias.stderr, /would add 0 aliases\.$/m);
    await writeFiles(folder, { 'elsewhere.yaml': 'move:\n  addAliases: true\n' });
    const given = await runCli(['move', 'content/jobs/developer.md', 'content/roles/developer.md', '--dry-run', '--config', 'elsewhere.yaml'], { cwd: folder });
    assert.equal(given.stdout, EXPECTED_DIFF);
    const unreadable = await runCli(['move', 'content/jobs/developer.md', 'content/roles/developer.md', '--config', 'missing.yaml'], { cwd: folder });
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /cannot read the configuration missing\.yaml/);
  });

  it('moves the file and writes what the diff says, as git apply would', async (t) => {
    const [moved, applied] = [await scratchFolder(t), await scratchFolder(t)];
    await writeFiles(moved, HANDBOOK);
    await writeFiles(applied, HANDBOOK);
    const run = await runCli(['move', 'content/jobs/developer.md', 'content/roles/developer.md'], { cwd: moved });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, 'Moved 1 file; updated 3 links and 0 include calls; added 1 alias.\n');
    execFileSync('git', ['apply', '-'], { cwd: applied, input: EXPECTED_DIFF });
    assert.deepEqual(await texts(moved), await texts(applied));
    assert.equal((await texts(moved))['content/jobs/developer.md'], undefined);
  });

  it('finds the site above a section named content: the page is moved as a page of the whole site', async (t) => {
    // The real corpus has content/handbook/marketing/brand-and-product-marketing/content/: a move
    // below that folder took it for the site, planned nothing, and moved the file all the same.
    const folder = await scratchFolder(t);
    await writeFiles(folder, { ...HANDBOOK, 'content/content/_index.md': '---\ntitle: "Content"\n---\n' });
    const run = await runCli(['move', 'content/jobs/developer.md', 'content/roles/developer.md', '--dry-run'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, EXPECTED_DIFF);
  });

  it('--dry-run names every file the move carries, resources of a bundle and files no link follows among them', async (t) => {
    const bundle = { 'content/jobs/team/index.md': '---\ntitle: "Team"\n---\n\n![Chart](chart.png)\n', 'content/jobs/team/chart.png': 'PNG\n', 'content/jobs/photo.jpg': 'JPG\n' };
    const [moved, applied] = [await scratchFolder(t), await scratchFolder(t)];
    await writeFiles(moved, { ...HANDBOOK, ...bundle });
    await writeFiles(applied, { ...HANDBOOK, ...bundle });
    for (const [from, to, summary] of [
      ['content/jobs/team', 'content/roles/team', 'Moved 2 files; updated 0 links and 0 include calls; added 1 alias.\n'],
      ['content/jobs/photo.jpg', 'content/roles/photo.jpg', 'Moved 1 file; updated 0 links and 0 include calls; added 0 aliases.\n'],
    ]) {
      const dryRun = await runCli(['move', from, to, '--dry-run'], { cwd: applied });
      assert.equal(dryRun.code, 0, dryRun.stderr);
      assert.equal(dryRun.stderr, summary.replace('Moved', 'Would move').replace('updated', 'would update').replace('added', 'would add'));
      execFileSync('git', ['apply', '-'], { cwd: applied, input: dryRun.stdout });
      const run = await runCli(['move', from, to], { cwd: moved });
      assert.deepEqual([run.code, run.stderr], [0, summary]);
    }
    assert.deepEqual(await texts(moved), await texts(applied));
    assert.equal((await texts(moved))['content/roles/team/chart.png'], 'PNG\n');
  });

  it('moves an include file and updates its include calls', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, HANDBOOK);
    const run = await runCli(['move', 'assets/includes/values.md', 'assets/includes/careers/values.md'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    assert.match((await texts(folder))['content/jobs/lead.md'], /\{\{% include "includes\/careers\/values\.md" %\}\}/);
  });

  it('rewrites ref and relref calls in their style, and counts them', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, {
      ...HANDBOOK,
      'content/handbook/refs.md': '---\ntitle: "Refs"\n---\n\nSee {{< ref "/jobs/developer.md#requirements" >}}, {{< relref "developer" >}} and {{< ref "../jobs/developer" >}}.\n',
    });
    const run = await runCli(['move', 'content/jobs/developer.md', 'content/roles/engineer.md', '--dry-run'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, 'Would move 1 file; would update 3 links, 3 ref calls and 0 include calls; would add 1 alias.\n');
    assert.ok(
      run.stdout.includes(`--- a/content/handbook/refs.md
+++ b/content/handbook/refs.md
@@ -2,4 +2,4 @@
 title: "Refs"
 ---
 
-See {{< ref "/jobs/developer.md#requirements" >}}, {{< relref "developer" >}} and {{< ref "../jobs/developer" >}}.
+See {{< ref "/roles/engineer.md#requirements" >}}, {{< relref "engineer" >}} and {{< ref "../roles/engineer" >}}.
`),
      run.stdout,
    );
  });

  it('refuses a move it cannot make safely, says why, and writes nothing', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, HANDBOOK);
    const before = await snapshot(folder);
    const onto = await runCli(['move', 'content/jobs/developer.md', 'content/jobs/lead/_index.md'], { cwd: folder });
    assert.deepEqual(
      [onto.code, onto.stdout, onto.stderr],
      [1, '', 'handbook-roles: nothing was moved: content/jobs/lead/_index.md would be served at /jobs/lead/, the URL of content/jobs/lead.md. Choose another name.\n'],
    );
    const out = await runCli(['move', 'content/jobs/developer.md', 'static/developer.md'], { cwd: folder });
    assert.equal(out.code, 1);
    assert.match(out.stderr, /nothing was moved: content\/jobs\/developer\.md would leave the content folder/);
    const missing = await runCli(['move', 'content/jobs/nobody.md', 'content/x.md'], { cwd: folder });
    assert.deepEqual([missing.code, missing.stderr], [2, 'handbook-roles: content/jobs/nobody.md does not exist: give the page, include file or folder to move.\n']);
    const usage = await runCli(['move', 'content/jobs/developer.md'], { cwd: folder });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /move takes two paths, OLD and NEW, but got 1: content\/jobs\/developer\.md/);
    assert.deepEqual(await snapshot(folder), before);
  });

  it('refuses a move below a file, and puts everything back when the disk refuses the move, without a stack trace', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, HANDBOOK);
    const before = await snapshot(folder);
    for (const dryRun of [['--dry-run'], []]) {
      const below = await runCli(['move', 'content/jobs/developer.md', 'content/jobs/lead.md/developer.md', ...dryRun], { cwd: folder });
      assert.deepEqual(
        [below.code, below.stdout, below.stderr],
        [1, '', 'handbook-roles: nothing was moved: content/jobs/lead.md is a file, so content/jobs/lead.md/developer.md cannot be made below it.\n'],
      );
    }
    const tooLong = await runCli(['move', 'content/jobs/developer.md', `content/roles/${'x'.repeat(300)}.md`], { cwd: folder });
    assert.equal(tooLong.code, 2);
    assert.match(tooLong.stderr, /^handbook-roles: nothing was moved: ENAMETOOLONG: name too long, rename [^\n]*\n$/);
    assert.deepEqual(await snapshot(folder), before);
    await assert.rejects(fs.stat(path.join(folder, 'content/roles')), 'the folder made for the move is removed');
  });

  it("leaves the example handbook's findings as they were, modulo the move", async (t) => {
    const folder = await copyOfExample(t);
    const findings = async (moves: Record<string, string>) => {
      const run = await runCli(['check', '--no-cache', '--format', 'json', '.'], { cwd: folder });
      const moved = (file: string) => Object.entries(moves).reduce((current, [from, to]) => (current === from || current.startsWith(`${from}/`) ? to + current.slice(from.length) : current), file);
      return (JSON.parse(run.stdout) as { file: string; code: string; severity: string }[]).map((finding) => `${moved(finding.file)} ${finding.code} ${finding.severity}`).sort();
    };
    const moves = {
      'content/job-families/engineering/development/management/distinguished.md': 'content/job-families/engineering/ic/distinguished-engineer.md',
      'content/jobs': 'content/roles/jobs',
      'assets/includes/engineering-careers/values-competency.md': 'assets/includes/values/competency.md',
      // Its ref calls: a relative one, one from the content root with a broken #anchor.
      'content/handbook/engineering/careers/faq.md': 'content/handbook/engineering/faq/career-faq.md',
      'content/handbook/engineering/careers/mentoring': 'content/handbook/people/coaching',
    };
    // Before the moves, each finding's file named where it will be.
    const before = await findings(moves);
    for (const [from, to] of Object.entries(moves)) {
      const run = await runCli(['move', from, to], { cwd: folder });
      assert.equal(run.code, 0, run.stderr);
    }
    assert.deepEqual(await findings({}), before);
  });
});
