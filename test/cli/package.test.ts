// The npm package, as someone without a clone gets it: `npm pack` of this build, installed with
// `npm install -g` into a scratch prefix (offline, with an empty npm cache: the package has no
// dependencies to fetch, esbuild bundles them), and run with `npx` from the tarball. The installed
// commands must do what the build in dist/ does.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Session } from '../protocol/support/session';
import { EXAMPLE, envWithoutNpm, packTarball, runCli, runCommand } from './support';

const SEED_003 = 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/senior.md';

describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let prefix: string;
  const bin = (name: string) => path.join(prefix, 'bin', name);

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'handbook-roles-package-'));
    tarball = await packTarball(work);
    prefix = path.join(work, 'prefix');
    const installed = await runCommand('npm', ['install', '-g', '--prefix', prefix, '--offline', '--cache', path.join(work, 'empty-cache'), '--no-audit', '--no-fund', tarball]);
    assert.equal(installed.code, 0, `npm install -g failed:\n${installed.stderr}`);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('holds the two commands, the parse worker they start, and no dependencies', async () => {
    const listed = await runCommand('tar', ['-tzf', tarball]);
    assert.deepEqual(listed.stdout.trim().split('\n').sort(), [
      'package/LICENSE',
      'package/README.md',
      'package/dist/cli.js',
      'package/dist/parseWorker.js',
      'package/dist/server.js',
      'package/package.json',
    ]);
    const manifest = JSON.parse(readFileSync(path.join(prefix, 'lib/node_modules/handbook-roles/package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.private, undefined, 'a private package cannot be published');
    assert.equal(manifest.dependencies, undefined, 'everything the commands need is bundled into dist/');
    assert.deepEqual(manifest.bin, { 'handbook-roles': './dist/cli.js', 'handbook-roles-language-server': './dist/server.js' });
  });

  it('installs handbook-roles, which checks the example handbook as the build does', async () => {
    const installed = await runCommand(bin('handbook-roles'), ['check', '--no-cache', EXAMPLE], { env: envWithoutNpm() });
    const built = await runCli(['check', '--no-cache', EXAMPLE]);
    assert.equal(installed.code, 1, installed.stderr);
    assert.match(installed.stdout, /^22 problems \(5 errors, 14 warnings, 3 information\) in 54 files\.$/m);
    assert.equal(installed.stdout, built.stdout);
  });

  it('installs handbook-roles-language-server, which answers an editor over stdio', async () => {
    const session = await Session.start({ folder: EXAMPLE, server: [bin('handbook-roles-language-server')] });
    try {
      const page = await session.open(SEED_003);
      const diagnostics = await page.diagnostics();
      assert.deepEqual(
        diagnostics.map((diagnostic) => diagnostic.code),
        ['include-malformed', 'include-missing'],
      );
    } finally {
      await session.stop();
    }
  });

  it('runs from the tarball with npx, offline', async () => {
    const ran = await runCommand('npm', ['exec', '--yes', '--offline', '--cache', path.join(work, 'npx-cache'), '--package', tarball, '--', 'handbook-roles', '--version'], { cwd: work });
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.trim(), `handbook-roles ${(JSON.parse(readFileSync(path.join(EXAMPLE, '../../package.json'), 'utf8')) as { version: string }).version}`);
  });
});
