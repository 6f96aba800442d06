// Front matter nested deeper than NESTING_LIMIT is a front-matter-invalid problem, the same for
// every shape of nesting YAML and TOML have and whatever stack the reading thread has: a parse
// worker and the server's main thread overflowed at different depths and so disagreed.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readFrontMatter } from '../../server/src/model/page/frontMatter';
import { NESTING_LIMIT } from '../../server/src/model/page/nesting';
import { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { NodeWorkspace } from '../../server/src/model/base/workspace';

const WORKER_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/parseWorker.js');
const TOO_DEEP = /^The (YAML|TOML) front matter is nested deeper than 100 levels, so it is not read/;

/** Pages whose front matter nests `levels` deep (its own mapping the first level), in each shape nesting takes. */
const SHAPES: Record<string, (levels: number) => string> = {
  'YAML block mappings': (levels) => `---\ntitle: T\nnest:\n${Array.from({ length: levels - 1 }, (_, level) => `${' '.repeat(level + 1)}a:`).join('\n')} x\n---\n`,
  'YAML flow lists': (levels) => `---\ntitle: T\nnest: ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}\n---\n`,
  'JSON in YAML': (levels) => `---\n{"title": "T", "nest": ${'{"a": '.repeat(levels - 1)}1${'}'.repeat(levels - 1)}}\n---\n`,
  'YAML flow lists over several lines, strings and comments with brackets between them': (levels) =>
    `---\ntitle: T\nnest:\n${Array.from({ length: levels - 1 }, () => ' [ "]]" , \'}\' , # ]]\n').join('')}${' ]'.repeat(levels - 1)}\n---\n`,
  'TOML arrays': (levels) => `+++\ntitle = "T"\nnest = ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}\n+++\n`,
  'TOML inline tables': (levels) => `+++\ntitle = "T"\nnest = ${'{ a = '.repeat(levels - 1)}1${' }'.repeat(levels - 1)}\n+++\n`,
  'TOML dotted keys': (levels) => `+++\ntitle = "T"\nnest${'.a'.repeat(levels - 1)} = 1\n+++\n`,
};

/** Deep enough to overflow a parser's stack in any thread (block mappings take the square of it in bytes: kept under maxFileSize). */
const deep = (shape: string) => (shape.startsWith('YAML block') ? 2_500 : 20_000);

describe('front matter nested too deeply', () => {
  for (const [shape, page] of Object.entries(SHAPES)) {
    it(`reads ${shape} ${NESTING_LIMIT} levels deep, and not one level more, nor thousands`, () => {
      const deepest = readFrontMatter(page(NESTING_LIMIT));
      assert.equal(deepest.problem, undefined, `${NESTING_LIMIT} levels`);
      assert.equal(deepest.frontMatter.title, 'T');
      for (const levels of [NESTING_LIMIT + 1, deep(shape)]) {
        const tooDeep = readFrontMatter(page(levels));
        assert.match(tooDeep.problem?.message ?? '', TOO_DEEP, `${levels} levels`);
        assert.equal(tooDeep.frontMatter.title, undefined, 'what it says is not read');
      }
    });
  }

  it('counts the entries of compact YAML sequences ("- - x") as levels, and the lines of a text block as none', () => {
    assert.equal(readFrontMatter(`---\ntitle: T\nnest: \n  ${'- '.repeat(50)}x\n---\n`).problem, undefined);
    assert.match(readFrontMatter(`---\ntitle: T\nnest: \n  ${'- '.repeat(20_000)}x\n---\n`).problem?.message ?? '', TOO_DEEP);
    const text = Array.from({ length: 2 * NESTING_LIMIT }, (_, line) => `${' '.repeat(line + 2)}line ${line} [of it`).join('\n');
    assert.equal(readFrontMatter(`---\ntitle: T\ndescription: |\n${text}\n---\n`).frontMatter.title, 'T', 'text in a block is not nesting');
  });

  it('is not misled by a quote inside a plain value that hides the brackets after it', () => {
    for (const levels of [NESTING_LIMIT + 1, 20_000]) {
      const page = `---\ntitle: T\nnote: it is '\nnest: ${'['.repeat(levels)}${']'.repeat(levels)}\n---\n`;
      assert.match(readFrontMatter(page).problem?.message ?? '', TOO_DEEP, `${levels} levels`);
    }
  });

  it('points at the line where the nesting goes too deep', () => {
    const page = SHAPES['YAML block mappings'](NESTING_LIMIT + 5);
    const { range } = readFrontMatter(page).problem!;
    assert.equal(page.slice(range.start, range.end), `${' '.repeat(NESTING_LIMIT)}a:`);
  });

  it('gives the same diagnostics in a parse worker as in the main thread', async () => {
    // Parse workers read the files themselves: a real folder.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-nesting-'));
    fs.mkdirSync(path.join(folder, 'content'));
    for (const [at, [shape, page]] of Object.entries(SHAPES).entries()) fs.writeFileSync(path.join(folder, `content/page-${at}.md`), `${page(deep(shape))}# ${shape}\n`);
    const diagnostics = async (workers: number) => {
      const index = new HandbookIndex(new NodeWorkspace([folder]), DEFAULT_SETTINGS, workers === 0 ? { workers } : { workers, workerScript: WORKER_SCRIPT });
      await index.build();
      return [...index.allFiles()].map((file) => computeDiagnostics(index, file).map((diagnostic) => `${path.basename(file.path)} ${diagnostic.code} ${diagnostic.message}`));
    };
    const inThread = await diagnostics(0);
    try {
      assert.deepEqual(await diagnostics(2), inThread);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    assert.equal(inThread.flat().filter((line) => TOO_DEEP.test(line.split(' front-matter-invalid ')[1] ?? '')).length, Object.keys(SHAPES).length);
  });
});
