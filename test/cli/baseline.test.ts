// Baselines: accept today's problems, fail only on new ones. Round trips on scratch copies of
// the example handbook: a new defect is the only thing reported; inserting text above old
// defects keeps them known; a fixed defect is counted; copies of one broken link are counted;
// a baseline of another format version is refused with exit 2.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { EXPECTED } from './expectedFindings';
import { copyOfExample, EXAMPLE, runCli, scratchFolder, type WithCleanup } from './support';

const CAREERS = 'content/handbook/engineering/careers/_index.md';
const PRINCIPLES = 'assets/includes/engineering-careers/leadership-principles.md';

interface BaselineFile {
  format: string;
  version: number;
  findings: { fingerprint: string; count: number; file: string; code: string; excerpt: string }[];
}

async function edit(folder: string, file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(folder, file);
  await fs.writeFile(full, change(await fs.readFile(full, 'utf8')));
}

/** Text inserted after a page's front matter (or at the very top of an include file): every later line moves down. */
function insertAtTop(text: string, inserted: string): string {
  const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(text);
  const at = frontMatter ? frontMatter[0].length : 0;
  return `${text.slice(0, at)}${inserted}${text.slice(at)}`;
}

async function writeBaselineOf(folder: string, file: string): Promise<BaselineFile> {
  const run = await runCli(['check', folder, '--write-baseline', file]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '', 'writing a baseline prints no report');
  return JSON.parse(await fs.readFile(file, 'utf8')) as BaselineFile;
}

/** A scratch copy of the example handbook, and a baseline of it in another scratch folder. */
async function baselinedCopyOfExample(t: WithCleanup): Promise<{ folder: string; file: string }> {
  const folder = await copyOfExample(t);
  const file = path.join(await scratchFolder(t), 'baseline.json');
  await writeBaselineOf(folder, file);
  return { folder, file };
}

describe('--write-baseline', () => {
  it('writes a versioned, sorted file with one line per fingerprint, the same from any checkout', async (t) => {
    const scratch = await scratchFolder(t);
    const copy = await copyOfExample(t);
    const run = await runCli(['check', EXAMPLE, '--write-baseline', path.join(scratch, 'a.json')]);
    assert.equal(run.code, 0, 'errors are accepted once they are in the baseline');
    assert.equal(run.stderr, `Wrote ${path.join(scratch, 'a.json')}: ${EXPECTED.length} problems accepted. Check against it with --baseline ${path.join(scratch, 'a.json')}.\n`);
    await writeBaselineOf(copy, path.join(scratch, 'b.json'));
    const text = await fs.readFile(path.join(scratch, 'a.json'), 'utf8');
    assert.equal(await fs.readFile(path.join(scratch, 'b.json'), 'utf8'), text, 'no absolute paths or run-specific data: a copy elsewhere writes the same baseline');

    const baseline = JSON.parse(text) as BaselineFile;
    assert.equal(baseline.format, 'handbook-roles-baseline');
    assert.equal(baseline.version, 1);
    assert.deepEqual(
      baseline.findings.map((entry) => `${entry.file} ${entry.code}`),
      EXPECTED.map((finding) => `${finding.file} ${finding.code}`).sort(),
    );
    assert.ok(baseline.findings.every((entry) => entry.count === 1 && /^[0-9a-f]{32}$/.test(entry.fingerprint)));
    const entryLines = text.split('\n').filter((line) => line.startsWith('    {'));
    assert.equal(entryLines.length, baseline.findings.length, 'one line per entry, for readable diffs');
  });

  it('exits 2 when the baseline cannot be written', async (t) => {
    const file = path.join(await scratchFolder(t), 'no-such-folder', 'baseline.json');
    const run = await runCli(['check', EXAMPLE, '--write-baseline', file]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^handbook-roles: Cannot write the baseline .*no-such-folder\/baseline\.json: ENOENT/);
  });
});

describe('--baseline', () => {
  it('exits 0 on the findings it was written from, and says they are known', async (t) => {
    const file = path.join(await scratchFolder(t), 'baseline.json');
    await writeBaselineOf(EXAMPLE, file);
    const run = await runCli(['check', EXAMPLE, '--baseline', file]);
    assert.deepEqual(run, { code: 0, stdout: `No new problems in 54 files; ${EXPECTED.length} known problems from the baseline are not shown.\n`, stderr: '' });
  });

  it('reports and fails on only the new defect', async (t) => {
    const { folder, file } = await baselinedCopyOfExample(t);
    await edit(folder, 'content/jobs/developer.md', (text) => `${text}\n{{% include "includes/no-such-file.md" %}}\n`);
    const run = await runCli(['check', folder, '--baseline', file, '--format', 'json']);
    assert.equal(run.code, 1);
    const lineCount = (await fs.readFile(path.join(folder, 'content/jobs/developer.md'), 'utf8')).split('\n').length;
    assert.deepEqual(
      (JSON.parse(run.stdout) as { file: string; line: number; code: string }[]).map(({ file, line, code }) => ({ file, line, code })),
      [{ file: 'content/jobs/developer.md', line: lineCount - 1, code: 'include-missing' }],
    );
    assert.equal(run.stderr, `1 new problem (1 error) in 54 files; ${EXPECTED.length} known problems from the baseline are not shown.\n`);
  });

  it('a new warning is reported but fails only with --fail-on warning', async (t) => {
    const { folder, file } = await baselinedCopyOfExample(t);
    await edit(folder, 'content/jobs/developer.md', (text) => `${text}\nSee [the old page](/jobs/nowhere/).\n`);
    const relaxed = await runCli(['check', folder, '--baseline', file]);
    assert.equal(relaxed.code, 0);
    assert.match(relaxed.stdout, /^content\/jobs\/developer\.md:\d+:\d+ warning link-missing-page /);
    assert.equal((await runCli(['check', folder, '--baseline', file, '--fail-on', 'warning'])).code, 1);
  });

  it('keeps known defects known when text is inserted above them', async (t) => {
    const { folder, file } = await baselinedCopyOfExample(t);
    const before = JSON.parse((await runCli(['check', folder, '--format', 'json'])).stdout) as { file: string; line: number }[];
    const inserted = '## A new section\n\nA paragraph with a [working link](/jobs/developer/).\n\n';
    await edit(folder, CAREERS, (text) => insertAtTop(text, inserted));
    await edit(folder, PRINCIPLES, (text) => insertAtTop(text, inserted));
    const after = JSON.parse((await runCli(['check', folder, '--format', 'json'])).stdout) as { file: string; line: number }[];
    const moved = (finding: { file: string }) => finding.file === CAREERS || finding.file === PRINCIPLES;
    assert.deepEqual(
      after.filter(moved).map((finding) => finding.line),
      before.filter(moved).map((finding) => finding.line + 4),
      'the defects really moved down four lines',
    );
    const run = await runCli(['check', folder, '--baseline', file]);
    assert.deepEqual(run, { code: 0, stdout: `No new problems in 54 files; ${EXPECTED.length} known problems from the baseline are not shown.\n`, stderr: '' });
  });

  it('counts copies of one broken link: a third copy is new when two are accepted', async (t) => {
    const folder = await copyOfExample(t);
    const scratch = await scratchFolder(t);
    const brokenLink = 'See the [security managers](/jobs/security-management#security-engineering-manager).\n';
    await edit(folder, CAREERS, (text) => `${text}\n${brokenLink}`);
    const baseline = await writeBaselineOf(folder, path.join(scratch, 'baseline.json'));
    const twice = baseline.findings.filter((entry) => entry.excerpt === '/jobs/security-management#security-engineering-manager');
    assert.deepEqual(
      twice.map((entry) => entry.count),
      [2],
      'the HTML table link and the copy share a fingerprint, counted twice',
    );

    await edit(folder, CAREERS, (text) => `${text}\n${brokenLink}`);
    const run = await runCli(['check', folder, '--baseline', path.join(scratch, 'baseline.json'), '--format', 'json']);
    const fresh = JSON.parse(run.stdout) as { file: string; line: number; code: string }[];
    const lines = (await fs.readFile(path.join(folder, CAREERS), 'utf8')).split('\n');
    assert.deepEqual(
      fresh.map(({ file, line, code }) => ({ file, line, code })),
      [{ file: CAREERS, line: lines.lastIndexOf(brokenLink.trimEnd()) + 1, code: 'link-missing-page' }],
      'the last copy in the file is the new one',
    );
  });

  it('counts the defects of the baseline that are fixed, and suggests rewriting it', async (t) => {
    const { folder, file } = await baselinedCopyOfExample(t);
    await edit(folder, 'content/job-families/engineering/development/fullstack.md', (text) => text.replace('#hiring-proces)', '#hiring-process)'));
    const run = await runCli(['check', folder, '--baseline', file]);
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      `No new problems in 54 files; ${EXPECTED.length - 1} known problems from the baseline are not shown.\n` +
        `1 problem of the baseline is fixed: run with --write-baseline ${file} to drop it from it.\n`,
    );
  });

  it('marks SARIF results after a baseline as new', async (t) => {
    const { folder, file } = await baselinedCopyOfExample(t);
    await edit(folder, 'content/jobs/developer.md', (text) => `${text}\n{{% include "includes/no-such-file.md" %}}\n`);
    const run = await runCli(['check', folder, '--baseline', file, '--format', 'sarif']);
    const results = (JSON.parse(run.stdout) as Sarif.Log).runs[0].results!;
    assert.deepEqual(
      results.map((result) => [result.ruleId, result.baselineState]),
      [['include-missing', 'new']],
    );
  });

  for (const [name, content, says] of [
    [
      'another format version',
      JSON.stringify({ format: 'handbook-roles-baseline', version: 2, findings: [] }),
      /format version 2, and this handbook-roles reads version 1 only\. Upgrade handbook-roles, or rewrite the baseline with --write-baseline /,
    ],
    ['an older format version', JSON.stringify({ format: 'handbook-roles-baseline', version: 0, findings: [] }), /format version 0.*rewrite it with --write-baseline /],
    ['another tool’s file', JSON.stringify({ version: '2.1.0', runs: [] }), /is not a handbook-roles baseline/],
    ['broken JSON', '{"format": "handbook-roles-baseline", ', /is not valid JSON/],
    ['a malformed entry', JSON.stringify({ format: 'handbook-roles-baseline', version: 1, findings: [{ fingerprint: 'abc', count: 0 }] }), /Entry 1 of the baseline .* positive whole "count"/],
  ] as const) {
    it(`refuses ${name} with exit 2 and a message`, async (t) => {
      const file = path.join(await scratchFolder(t), 'baseline.json');
      await fs.writeFile(file, content);
      const run = await runCli(['check', EXAMPLE, '--baseline', file]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, says);
    });
  }

  it('refuses a missing baseline with exit 2, naming the option that writes one', async (t) => {
    const file = path.join(await scratchFolder(t), 'missing.json');
    const run = await runCli(['check', EXAMPLE, '--baseline', file]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `handbook-roles: The baseline ${file} does not exist. Write one with --write-baseline ${file}.\n`);
  });
});
