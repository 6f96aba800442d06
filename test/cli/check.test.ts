// `handbook-roles check` on the example handbook: exactly the README's deliberate defects, in
// the text and JSON formats; the exit codes; --quiet and --fail-on; usage errors; and the
// progress line, which only a terminal sees.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { countBySeverity, EXPECTED, placedExpectedFindings } from './expectedFindings';
import { CLI, EXAMPLE, runCli, scratchFolder, writeFiles } from './support';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

describe('check, json format', () => {
  it('reports exactly the deliberate defects of the example, with 1-based positions relative to the folder', async () => {
    const run = await runCli(['check', EXAMPLE, '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.deepEqual(
      findings.map(({ message: _message, ...rest }) => rest),
      placedExpectedFindings(),
    );
    for (const finding of findings) {
      assert.deepEqual(Object.keys(finding), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
      const expected = EXPECTED.find((entry) => entry.file === finding.file && entry.line === finding.line && entry.code === finding.code)!;
      assert.ok(finding.message.includes(expected.says), `${finding.file}:${finding.line} ${finding.code}: "${finding.message}" should say ${expected.says}`);
    }
  });

  it('prints the summary to stderr, so that stdout stays JSON', async () => {
    const run = await runCli(['check', EXAMPLE, '--format', 'json']);
    const counts = countBySeverity(EXPECTED);
    assert.equal(run.stderr, `${EXPECTED.length} problems (${counts.error} errors, ${counts.warning} warnings, ${counts.information} information) in 54 files.\n`);
  });
});

describe('check, text format', () => {
  it('prints path:line:col severity code message for each defect, then a summary', async () => {
    const run = await runCli(['check', 'examples/handbook']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '', 'nothing on stderr: no progress line when stderr is not a terminal');
    const lines = run.stdout.split('\n');
    const expected = placedExpectedFindings();
    const findingLines = lines.slice(0, expected.length);
    assert.deepEqual(
      findingLines.map((line) => line.split(' ').slice(0, 3).join(' ')),
      expected.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.code}`),
    );
    const counts = countBySeverity(EXPECTED);
    assert.deepEqual(lines.slice(expected.length), ['', `${EXPECTED.length} problems (${counts.error} errors, ${counts.warning} warnings, ${counts.information} information) in 54 files.`, '']);
  });

  it('says so when the handbook is clean, and exits 0', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, { 'content/_index.md': '# Home\n\nSee [the team](/team/#people).\n', 'content/team.md': '---\ntitle: Team\n---\n\n## People\n' });
    const run = await runCli(['check', folder]);
    assert.deepEqual(run, { code: 0, stdout: 'No problems in 2 files.\n', stderr: '' });
  });

  it('points at the machine formats and baselines when there are many problems', async (t) => {
    const folder = await scratchFolder(t);
    const links = Array.from({ length: 40 }, (_, i) => `- [Gone ${i}](/gone-${i}/)`).join('\n');
    await writeFiles(folder, { 'content/_index.md': `# Home\n\n${links}\n` });
    const run = await runCli(['check', folder]);
    assert.equal(run.code, 0, 'broken links are warnings, which do not fail the check by default');
    const summary = run.stdout.split('\n').slice(-4);
    assert.deepEqual(summary, [
      '',
      '40 problems (40 warnings) in 1 file.',
      'Tip: --format json, sarif or codequality writes the findings for tools; --write-baseline FILE, then --baseline FILE, fails only on new problems.',
      '',
    ]);
  });
});

describe('exit codes and failing', () => {
  it('exits 0 when only warnings and notes are found, 1 with --fail-on warning or information', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, {
      'content/_index.md': '# Home\n\n- [Gone](/gone/)\n- [Old team page](/old-team/)\n',
      'content/team.md': '---\ntitle: Team\naliases: [/old-team/]\n---\n',
    });
    const relaxed = await runCli(['check', folder, '--format', 'json']);
    assert.equal(relaxed.code, 0, relaxed.stderr);
    assert.deepEqual(
      (JSON.parse(relaxed.stdout) as JsonFinding[]).map((finding) => `${finding.severity} ${finding.code}`),
      ['warning link-missing-page', 'information link-via-alias'],
    );
    assert.equal((await runCli(['check', folder, '--fail-on', 'warning'])).code, 1);
    await writeFiles(folder, { 'content/_index.md': '# Home\n\n- [Old team page](/old-team/)\n' });
    assert.equal((await runCli(['check', folder, '--fail-on', 'warning'])).code, 0);
    assert.equal((await runCli(['check', folder, '--fail-on', 'information'])).code, 1);
  });

  it('--quiet prints only the problems that fail the check, and no summary', async () => {
    const errors = placedExpectedFindings().filter((finding) => finding.severity === 'error');
    const quiet = await runCli(['check', EXAMPLE, '--quiet']);
    assert.equal(quiet.code, 1);
    assert.equal(quiet.stderr, '');
    assert.deepEqual(
      quiet.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(' ').slice(0, 3).join(' ')),
      errors.map((finding) => `${finding.file}:${finding.line}:${finding.column} error ${finding.code}`),
    );
    const quietWarnings = await runCli(['check', EXAMPLE, '--quiet', '--fail-on', 'warning', '--format', 'json']);
    assert.deepEqual(
      (JSON.parse(quietWarnings.stdout) as JsonFinding[]).map((finding) => finding.severity).sort(),
      EXPECTED.filter((finding) => finding.severity !== 'information')
        .map((finding) => finding.severity)
        .sort(),
    );
    assert.equal(quietWarnings.stderr, '');
  });

  for (const [args, says] of [
    [[], 'No command given'],
    [['lint'], 'Unknown command "lint"'],
    [['check', 'a', 'b'], 'check takes one folder'],
    [['check', '--format', 'xml'], 'Unknown --format "xml"'],
    [['check', '--fail-on', 'never'], 'Unknown --fail-on "never"'],
    [['check', '--colour'], "Unknown option '--colour'"],
    [['check', '--baseline', 'a.json', '--write-baseline', 'b.json'], 'do not go together'],
    [['check', '--no-cache', '--cache-dir', 'cache'], '--no-cache and --cache-dir do not go together'],
    [['check', '--cache', '--no-cache'], '--cache and --no-cache do not go together'],
  ] as const) {
    it(`exits 2 with the usage on: ${args.join(' ') || '(no arguments)'}`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.includes(says), run.stderr);
      assert.ok(run.stderr.includes('Usage: handbook-roles check [folder]'), run.stderr);
    });
  }

  it('exits 2 when the folder is missing or holds no pages', async (t) => {
    const missing = await runCli(['check', 'no/such/folder']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no\/such\/folder is not a folder/);
    const empty = await runCli(['check', await scratchFolder(t)]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no Markdown pages found/);
  });

  it('documents the formats and exit codes in --help, and exits 0', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    for (const text of ['--format FORMAT', 'sarif', 'codequality', '--baseline FILE', '--write-baseline FILE', '--fail-on', '--quiet', 'Exit codes:', '  0  ', '  1  ', '  2  ']) {
      assert.ok(run.stdout.includes(text), `--help should mention ${text}`);
    }
    const version = await runCli(['--version']);
    assert.match(version.stdout, /^handbook-roles \d+\.\d+\.\d+\n$/);
  });
});

describe('progress line', () => {
  it('appears on a terminal and is erased before the report', (t) => {
    // `script` gives the command a pseudo-terminal, as an interactive shell would.
    const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      t.skip('util-linux script is not installed');
      return;
    }
    // --no-cache: a run where nothing changed reads no file, so it has no progress to show.
    const run = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check --no-cache ${JSON.stringify(EXAMPLE)}`, '/dev/null'], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /\rReading \d+\/54 files…\x1b\[K/);
    assert.match(run.stdout, /\rChecking 54\/54 files…\x1b\[K\r\x1b\[K/);
    // On a terminal the severities are coloured; the path stays plain so terminals can link it.
    assert.match(run.stdout, /\ncontent\/jobs\/developer\.md:5:205 \x1b\[36minformation\x1b\[0m/);
  });
});
