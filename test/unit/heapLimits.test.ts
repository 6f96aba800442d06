// The memory measures of the command line and the language server (see docs/indexing.md for
// what they save on the real corpus): the young generation held to a size while data that
// survives piles up, facts' strings copied out of their pages as compact strings, and link
// destinations kept once, without changing what any fact says.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as v8 from 'node:v8';
import { parseText } from '../../server/src/model/index/load/factsLoader';
import { compileExtendsPatterns } from '../../server/src/model/page/parsePage';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { SharedStrings } from '../../server/src/model/index/sharedStrings';
import { detach } from '../../server/src/model/base/strings';
import { collectGarbage } from '../../server/src/model/base/collectGarbage';

const here = path.dirname(fileURLToPath(import.meta.url));
const example = path.resolve(here, '../../examples/handbook');

/**
 * The largest young generation the probe saw. V8 sizes its maximum semi-space from the machine's
 * memory (and NODE_OPTIONS may set it): the probe gets 16 MB, Node 20's default on this machine,
 * so that the unlimited run can always grow past the limit.
 */
function probe(semiSpaceMB: number): number {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--max-semi-space-size=16', '--import', 'tsx', path.join(here, 'support', 'youngGenerationProbe.mts'), String(semiSpaceMB)], { encoding: 'utf8', env });
  assert.equal(run.status, 0, run.stderr);
  // V8 does not throw for a flag it does not know: it prints "unrecognized flag" on stderr.
  assert.equal(run.stderr, '', 'the probe wrote to stderr');
  return (JSON.parse(run.stdout) as { largestMB: number }).largestMB;
}

describe('limitYoungGeneration', () => {
  it('keeps the young generation at the limit where V8 would grow it further', () => {
    const unlimited = probe(0);
    const limited = probe(4);
    // Two semi-spaces of 4 MB, or the first size V8 grows to past that (its steps differ between
    // versions: Node 20 stops at 8 MB, Node 24 at 9.5 MB), but not held below the limit either
    // (which would cost time); without the limit, at least twice that.
    assert.ok(limited >= 8 && limited <= 16, `with semi-spaces limited to 4 MB the young generation reached ${limited} MB`);
    assert.ok(unlimited >= 2 * limited, `without a limit the young generation reached only ${unlimited} MB (${limited} MB with it): the probe no longer makes V8 grow it`);
  });
});

describe('collectGarbage', () => {
  it('frees what nothing holds any more, in a process started without --expose-gc', async () => {
    const weak = new WeakRef({ payload: new Array<number>(10_000).fill(1) });
    // A WeakRef keeps its target until the job that made it ends.
    await new Promise((resume) => setImmediate(resume));
    collectGarbage();
    assert.equal(weak.deref(), undefined);
  });
});

describe('the built bundles', () => {
  it('are ASCII, so that V8 keeps their source one byte a character (npm test builds dist/ first)', () => {
    for (const bundle of ['cli.js', 'server.js', 'parseWorker.js']) {
      const text = fs.readFileSync(path.resolve(here, '../../dist', bundle), 'utf8');
      assert.equal(text.search(/[^\0-\x7f]/), -1, `dist/${bundle} has a character beyond ASCII`);
    }
  });
});

describe('detach', () => {
  const page = `${'日本語のページ'.repeat(3)} [Intermediate が発揮するすべてのコンピテンシー](/handbook/engineering/careers/matrix/) café 🦊 \ud800 lone "quoted" \\ back`;

  it('gives back the text it was given, whatever its characters', () => {
    for (let start = 0; start < page.length; start += 3) {
      for (const length of [0, 1, 12, 13, 14, 40, page.length]) {
        const cut = page.slice(start, start + length);
        assert.equal(detach(cut), cut);
      }
    }
  });

  it('keeps ASCII cut from a two-byte page one byte a character', () => {
    const cut = page.slice(page.indexOf('/handbook'), page.indexOf(') café'));
    const size = (text: string) => v8.serialize(text).length;
    assert.ok(size(detach(cut)) < size(cut) - cut.length / 2, 'the detached copy is not one byte a character');
  });
});

describe('SharedStrings', () => {
  it('gives back the text it was given, one-byte, Latin-1 or other', () => {
    const strings = new SharedStrings();
    const page = `${'日本語のページ'.repeat(3)} /handbook/engineering/careers/matrix/ café 🦊 /ja-jp/handbook/`;
    for (const text of ['', '/a/', '/handbook/engineering/careers/matrix/', '/ja-jp/café/#résumé', '/ハンドブック/#要件', 'emoji 🦊 \ud800 lone']) {
      assert.equal(strings.share(text), text);
      // The same text again, cut from a two-byte page as the scanner cuts it.
      const at = page.indexOf(text);
      if (at !== -1) assert.equal(strings.share(page.slice(at, at + text.length)), text);
    }
  });

  it('keeps the ASCII destinations of a two-byte page one byte a character, short or long', () => {
    // The loader's long strings come detached (one byte a character when they fit); V8 copies a
    // short cut at its page's width, and sharing makes it compact.
    const page = `${'日本語のページ'.repeat(3)}\n\n[短い](/ja-jp/) [長い](/handbook/engineering/careers/matrix/intermediate/)\n`;
    const { facts } = parseText(page, 'page', []);
    new SharedStrings().shareIn(facts);
    // V8 serializes a string as it holds it: two bytes a character for a two-byte string.
    const oneByte = (text: string) => v8.serialize(text).length < v8.serialize(`${text}日`).length - text.length;
    assert.deepEqual(
      facts.links.map((link) => [link.destination, oneByte(link.destination)]),
      [
        ['/ja-jp/', true],
        ['/handbook/engineering/careers/matrix/intermediate/', true],
      ],
    );
  });

  it('leaves every fact of the example handbook as it was', () => {
    const extendsPatterns = compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns);
    const files = fs.readdirSync(example, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md'));
    const strings = new SharedStrings();
    let links = 0;
    for (const file of files) {
      const record = parseText(fs.readFileSync(path.join(example, file), 'utf8'), file.startsWith('content') ? 'page' : 'include', extendsPatterns);
      const before = JSON.stringify(record.facts);
      strings.shareIn(record.facts);
      assert.equal(JSON.stringify(record.facts), before, file);
      links += record.facts.links.length;
    }
    assert.ok(links > 100, `only ${links} links in the example handbook`);
  });
});
