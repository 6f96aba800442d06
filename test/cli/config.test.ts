// The command line reads the handbook's configuration file as the editor does: found at the
// folder's root, or named with --config; a file with problems is one message and exit 2, with the
// handbook still checked (the defaults for the broken settings).
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { copyOfExample, runCli, scratchFolder, writeFiles } from './support';

/** A role whose inheritance sentence only a configured pattern finds, pointing at no page: the issue's `builds on` case. */
const BUILDS_ON_PAGE = {
  'content/job-families/engineering/builder.md': '---\ntitle: Builder\n---\n\n## Requirements\n\n- Builds on the [Gone Engineer](/job-families/engineering/gone/#requirements) requirements\n',
};

function codesOf(stdout: string): string[] {
  return (JSON.parse(stdout) as { code: string; file: string }[]).map((finding) => `${finding.file} ${finding.code}`);
}

describe('configuration file', () => {
  it('is found at the folder root: its extends pattern makes a broken sentence an error there too, so --fail-on error fails as the editor does', async (t) => {
    const folder = await copyOfExample(t);
    await writeFiles(folder, BUILDS_ON_PAGE);
    const without = await runCli(['check', folder, '--format', 'json', '--no-cache']);
    assert.ok(codesOf(without.stdout).includes('content/job-families/engineering/builder.md link-missing-page'), without.stdout);

    await writeFiles(folder, { '.handbook-roles.yaml': 'extendsPatterns:\n  - "\\\\bbuilds on\\\\b"\n  - "\\\\bextends that of\\\\b"\n' });
    const run = await runCli(['check', folder, '--format', 'json', '--no-cache']);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(codesOf(run.stdout).includes('content/job-families/engineering/builder.md extends-missing-page'), run.stdout);
    assert.match(run.stderr, new RegExp(`settings from ${path.join(folder, '.handbook-roles.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('applies rules (a severity, off), ignore and ignoreLinks from the file, and the cache keys on them', async (t) => {
    const folder = await copyOfExample(t);
    const cacheDir = path.join(await scratchFolder(t), 'cache');
    const before = codesOf((await runCli(['check', folder, '--format', 'json', '--cache-dir', cacheDir])).stdout);
    await writeFiles(folder, {
      '.handbook-roles.yml': [
        'rules:',
        '  link-via-alias: off',
        '  include-cycle: error',
        'ignore: ["content/handbook/engineering/careers/_index.md"]',
        'ignoreLinks: ["/handbook/engineering/careers/"]',
      ].join('\n'),
    });
    const run = await runCli(['check', folder, '--format', 'json', '--cache-dir', cacheDir]);
    const after = JSON.parse(run.stdout) as { code: string; file: string; severity: string }[];
    assert.equal(
      after.some((finding) => finding.code === 'link-via-alias'),
      false,
    );
    assert.ok(after.filter((finding) => finding.code === 'include-cycle').every((finding) => finding.severity === 'error'));
    assert.equal(
      after.some((finding) => finding.file === 'content/handbook/engineering/careers/_index.md'),
      false,
    );
    assert.equal(
      after.some((finding) => finding.file.endsWith('senior-distinguished.md')),
      false,
      'the link to /handbook/engineering/careers/#roles is not checked',
    );
    assert.equal(before.length - after.length, 2 + 3 + 1);
  });

  it('--config names a file elsewhere, used instead of the folder’s own', async (t) => {
    const folder = await copyOfExample(t);
    const elsewhere = path.join(await scratchFolder(t), 'ci.yaml');
    await fs.writeFile(elsewhere, 'rules:\n  link-missing-page: off\n');
    await writeFiles(folder, { '.handbook-roles.yaml': 'rules:\n  link-missing-anchor: off\n' });
    const run = await runCli(['check', folder, '--format', 'json', '--no-cache', '--config', elsewhere]);
    const codes = codesOf(run.stdout);
    assert.equal(
      codes.some((code) => code.endsWith(' link-missing-page')),
      false,
    );
    assert.ok(codes.some((code) => code.endsWith(' link-missing-anchor')));
  });

  it('a file with problems: one message naming each at file:line:column, every finding still reported, exit 2', async (t) => {
    const folder = await copyOfExample(t);
    await writeFiles(folder, { '.handbook-roles.yaml': 'rules:\n  link-via-alias: off\n  link-missing-anchr: off\nrolePath: ["x/**"]\nextendsPatterns: ["(?=a)b"]\n' });
    const run = await runCli(['check', folder, '--no-cache']);
    assert.equal(run.code, 2, run.stderr);
    const message = run.stderr.split('\n').filter((line) => line.startsWith('handbook-roles: the configuration'));
    assert.equal(message.length, 1, run.stderr);
    assert.match(message[0], /has 3 problems; the handbook was checked with the defaults for the settings it got wrong\. Fix the file:/);
    assert.match(run.stderr, /\.handbook-roles\.yaml:3:3: rules\.link-missing-anchr: there is no rule "link-missing-anchr", did you mean "link-missing-anchor"\?/);
    assert.match(run.stderr, /\.handbook-roles\.yaml:4:1: Unknown setting rolePath/);
    assert.match(run.stderr, /\.handbook-roles\.yaml:5:19: extendsPatterns\[0\]: uses syntax that the linear-time engine/);
    // The usable rule still applies, and the check ran: every other defect is reported.
    assert.doesNotMatch(run.stdout, /link-via-alias/);
    assert.match(run.stdout, /20 problems \(5 errors, 14 warnings, 1 information\) in 54 files\./);
  });

  it('a file that does not parse is a problem at its line, and the settings around the error still apply', async (t) => {
    const folder = await copyOfExample(t);
    await writeFiles(folder, { '.handbook-roles.yaml': 'rules:\n  link-via-alias: off\nignore: [content/jobs/**\n' });
    const run = await runCli(['check', folder, '--no-cache']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /\.handbook-roles\.yaml:\d+:\d+: Not valid YAML: /);
    assert.doesNotMatch(run.stdout, /link-via-alias/);
  });

  it('--config with a file that does not exist exits 2 before checking anything', async (t) => {
    const folder = await copyOfExample(t);
    const run = await runCli(['check', folder, '--config', path.join(folder, 'nope.yaml')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^handbook-roles: cannot read the configuration .*nope\.yaml \(ENOENT\)\. Give an existing YAML file to --config\.\n$/);
    assert.equal(run.stdout, '');
  });
});
