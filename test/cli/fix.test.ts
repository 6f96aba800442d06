// `handbook-roles check --fix` and `--fix --dry-run` on scratch copies of the example handbook:
// the dry run writes nothing and prints the diff --fix then writes, and a new check of the fixed
// copy reports every problem it reported before except exactly the fixed ones.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { copyOfExample, runCli } from './support';

interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

async function findings(folder: string): Promise<string[]> {
  const run = await runCli(['check', folder, '--format', 'json', '--quiet', '--fail-on', 'information']);
  return (JSON.parse(run.stdout) as JsonFinding[]).map(({ file, line, code }) => `${file}:${line} ${code}`);
}

/** Every file of the folder and its bytes, by relative path. */
async function snapshot(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await fs.readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(folder, full), await fs.readFile(full, 'utf8'));
  }
  return files;
}

/** The `path:line code` of each problem in the lines `--fix` prints (`path:line:col fixed code, code: title`). */
function fixedProblems(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^(\S+:\d+):\d+ fixed ([^:]+):/.exec(line))
    .flatMap((match) => (match ? match[2].split(', ').map((code) => `${match[1]} ${code}`) : []));
}

describe('check --fix', () => {
  it('--dry-run writes nothing and prints the diff that --fix then applies', async (t) => {
    const dry = await copyOfExample(t);
    const before = await snapshot(dry);
    const run = await runCli(['check', dry, '--fix', '--dry-run', '--no-cache']);
    assert.equal(run.code, 1, 'errors are left that no fix is clearly right for');
    assert.deepEqual(await snapshot(dry), before, 'a dry run writes nothing');
    assert.match(run.stdout, /^--- a\/content\//);
    assert.equal(run.stderr, 'Would fix 8 problems in 6 files; nothing was written (run without --dry-run to apply the diff above).\n');

    const fixed = await copyOfExample(t);
    const applied = await runCli(['check', fixed, '--fix', '--no-cache']);
    assert.equal(applied.code, 1);
    execFileSync('git', ['apply', '-'], { cwd: dry, input: run.stdout });
    assert.deepEqual(await snapshot(dry), await snapshot(fixed), 'the diff, applied, makes what --fix wrote');
  });

  it('names each fix, and a new check reports everything but the fixed problems', async (t) => {
    const copy = await copyOfExample(t);
    const before = await findings(copy);
    // With the facts cache on, as CI runs it: the next run must see the files --fix wrote.
    const run = await runCli(['check', copy, '--fix']);
    const fixed = fixedProblems(run.stdout);
    assert.equal(fixed.length, 8, run.stdout);
    assert.ok(
      run.stdout.includes(
        'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/senior.md:22:1 fixed include-malformed, include-missing: Fix the call and change the path to includes/engineering-careers/development-senior-leadership-competency.md (same file name)\n',
      ),
      run.stdout,
    );
    assert.ok(run.stdout.includes('\nFixed 8 problems in 6 files.\n'), run.stdout);
    const after = await findings(copy);
    assert.deepEqual(
      after,
      before.filter((finding) => !fixed.includes(finding)),
    );
    assert.ok(run.stdout.endsWith('14 problems (1 error, 12 warnings, 1 information) in 54 files.\n'), 'the report is of what is left');

    const again = await runCli(['check', copy, '--fix']);
    assert.deepEqual(fixedProblems(again.stdout), []);
    assert.ok(again.stdout.startsWith('No problem has a fix that is clearly right: nothing to fix.\n'), again.stdout);
  });

  it('keeps stdout to the report in a machine format', async (t) => {
    const copy = await copyOfExample(t);
    const run = await runCli(['check', copy, '--fix', '--format', 'json', '--no-cache']);
    assert.equal((JSON.parse(run.stdout) as unknown[]).length, 14);
    assert.ok(run.stderr.includes('Fixed 8 problems in 6 files.'), run.stderr);
  });

  it('links the extends of a renamed role to its new page, never to the page itself', async (t) => {
    const copy = await copyOfExample(t);
    const management = path.join(copy, 'content/job-families/engineering/development/management');
    await fs.rename(path.join(management, 'distinguished.md'), path.join(management, 'distinguished-engineer.md'));
    const seed000 = path.join(management, 'senior-distinguished.md');
    const text = await fs.readFile(seed000, 'utf8');
    const run = await runCli(['check', copy, '--fix', '--no-cache']);
    assert.ok(run.stdout.includes('senior-distinguished.md:15:48 fixed extends-missing-page: The role was renamed: link to Distinguished Engineer'), run.stdout);
    assert.equal(await fs.readFile(seed000, 'utf8'), text.replaceAll('/management/distinguished/#', '/management/distinguished-engineer/#'));
    assert.equal((await findings(copy)).filter((finding) => finding.startsWith('content/job-families/') && /extends-/.test(finding)).length, 0);
  });

  for (const [args, says] of [
    [['check', '--dry-run'], '--dry-run goes with --fix'],
    [['check', '--fix', '--write-baseline', 'b.json'], 'do not go together'],
  ] as const) {
    it(`exits 2 with the usage on: ${args.join(' ')}`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2);
      assert.ok(run.stderr.includes(says), run.stderr);
    });
  }
});
