// How much of a cold parse is the JIT warming up: every page of a handbook is read into memory,
// then parsed (the product's parsePage, bundled as it ships) three times over in one process, 500
// pages at a time, each page's facts kept as a build keeps them. The first pass is what a fresh
// `check` pays; the later ones what the same pages cost once the code is optimised. The pages
// are shuffled (a fixed seed) so that each batch holds a like mix of pages.
//
//   node --import tsx bench/parse-warmup.ts [folder]
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PageFacts } from '../server/src/model/page/facts';
import type { ParseOptions } from '../server/src/model/page/parsePage';
import { DEFAULT_SETTINGS } from '../server/src/model/base/settings';
import { oneFolder, parseBenchArgs } from './lib/args';
import { defaultHandbook, handbookMarkdown } from './lib/corpus';
import { bundledPageParser } from './lib/productBundle';

const BATCH = 500;
const PASSES = 3;

function main(): void {
  const { positionals } = parseBenchArgs(import.meta.url, {});
  const folder = oneFolder(positionals) ?? defaultHandbook() ?? path.resolve('examples/handbook');
  const { compileExtendsPatterns, decodeText, parsePage } = bundledPageParser();
  const extendsPatterns = compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns);
  const includeRoot = path.join(folder, 'assets') + path.sep;
  const pages: { text: string; options: ParseOptions }[] = [];
  for (const file of handbookMarkdown(folder)) {
    const text = decodeText(fs.readFileSync(file));
    if (typeof text === 'string') pages.push({ text, options: { extendsPatterns, frontMatter: !file.startsWith(includeRoot) } });
  }
  shuffle(pages);
  console.log(`${folder}: ${pages.length} files, ${PASSES} passes in one process, ${BATCH} pages a batch (wall ms)`);
  const kept: PageFacts[] = [];
  for (let pass = 1; pass <= PASSES; pass++) {
    const batches: number[] = [];
    for (let first = 0; first < pages.length; first += BATCH) {
      const started = performance.now();
      for (const page of pages.slice(first, first + BATCH)) kept.push(parsePage(page.text, page.options));
      batches.push(performance.now() - started);
    }
    const total = batches.reduce((sum, ms) => sum + ms, 0);
    console.log(`pass ${pass}: ${total.toFixed(0).padStart(5)} ms   batches: ${batches.map((ms) => ms.toFixed(0)).join(' ')}`);
  }
  console.log(`(${kept.length} pages' facts kept, as a build keeps them)`);
}

/** Fisher–Yates with a fixed linear congruential seed: the same order every run. */
function shuffle<T>(items: T[]): void {
  let seed = 1;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

main();
