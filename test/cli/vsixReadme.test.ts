// The README on the extension's details page is the .vsix's extension/readme.md. vsce's own
// rewriting of relative links also changed the example links inside code, so `npm run package`
// writes dist/readme.md (scripts/packagedReadme.ts) and tells vsce not to rewrite. Here the
// package script's own vsce command is run into a scratch folder, and the README read back out.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanMarkdown } from '../../server/src/model/page/markdown/scanner';
import { IMAGE_BASE, LINK_BASE, writePackagedReadme } from '../../scripts/packagedReadme';
import { runCommand } from './support';

const ROOT = path.resolve(__dirname, '..', '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The arguments `npm run package` gives vsce, with the .vsix sent to `out` instead. */
function vsceArguments(out: string): string[] {
  const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package;
  const command = script
    .split('&&')
    .map((part) => part.trim().split(/\s+/))
    .find(([name]) => name === 'vsce');
  assert.ok(command, `the package script runs vsce: ${script}`);
  const args = command.slice(1);
  args[args.indexOf('--out') + 1] = out;
  return args;
}

describe('the README in the .vsix', { timeout: 120_000 }, () => {
  let work: string;
  let packaged: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'handbook-roles-vsix-readme-'));
    writePackagedReadme();
    const vsix = path.join(work, 'handbook-roles.vsix');
    const packed = await runCommand(path.join(ROOT, 'node_modules/.bin/vsce'), vsceArguments(vsix), { env: process.env });
    assert.equal(packed.code, 0, packed.stderr + packed.stdout);
    const unzipped = await runCommand('unzip', ['-p', vsix, 'extension/readme.md']);
    assert.equal(unzipped.code, 0, unzipped.stderr);
    packaged = unzipped.stdout;
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('keeps every code span and code block of README.md as written', () => {
    const code = scanMarkdown(README).codeRanges.map((range) => README.slice(range.start, range.end));
    assert.ok(
      code.some((text) => /\]\([^)]*\)/.test(text)),
      'the README has example links in code, which this test is about',
    );
    const changed = code.filter((text) => !packaged.includes(text));
    assert.deepEqual(changed, [], 'code the packaged README does not hold verbatim');
  });

  it('makes the links and images to files of the repository absolute', () => {
    const relative = [...README.matchAll(/(!?)\[[^\]\n]*\]\(((?:docs|examples|bench|[A-Z]+\.md)[^)\s]*)\)/g)];
    assert.ok(relative.length >= 10, `the README links to its own files: ${relative.length}`);
    for (const [, bang, destination] of relative) {
      assert.ok(existsSync(path.join(ROOT, destination.split('#')[0])), `${destination} is a file of the repository`);
      assert.ok(packaged.includes(`](${bang ? IMAGE_BASE : LINK_BASE}${destination})`), `${destination} is absolute in the packaged README`);
      assert.ok(!packaged.includes(`](${destination})`), `${destination} is left relative`);
    }
  });
});
