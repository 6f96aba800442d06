// How long extracting one page's facts takes, over a whole handbook, single-threaded in one
// process: every file is read into memory first, then only parsing is timed. Compares the
// product (parsePage: front matter + the hand-written scanner) with remark's extraction (the
// reference in test/support/remarkFacts.ts, what the product ran before), and splits the
// product's time into front matter and scanning. Then measures the heap that the facts of the
// whole handbook hold once the page texts are gone (facts must not keep page text alive). The
// product is timed as it ships, bundled by esbuild (see lib/productBundle.ts).
//
//   node --expose-gc --import tsx bench/scanner-speed.ts [folder] [--runs 5] [--no-remark]
//
// Prints medians (and min/max) of the runs' CPU time, and the median wall time, in milliseconds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParseOptions } from '../server/src/model/page/parsePage';
import type { PageFacts } from '../server/src/model/page/facts';
import { DEFAULT_SETTINGS } from '../server/src/model/base/settings';
import { remarkFacts } from '../test/support/remarkFacts';
import { oneFolder, parseBenchArgs, positiveInt } from './lib/args';
import { handbookMarkdown } from './lib/corpus';
import { bundledPageParser } from './lib/productBundle';

const DEFAULT_CORPUS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'handbook-ja');

interface Page {
  text: string;
  readonly options: ParseOptions;
}

function main(): void {
  const { values, positionals } = parseBenchArgs(import.meta.url, { runs: { type: 'string' }, 'no-remark': { type: 'boolean' } });
  const runs = positiveInt(values.runs, '--runs') ?? 5;
  const withRemark = !values['no-remark'];
  const folder = oneFolder(positionals) ?? path.resolve(fs.existsSync(DEFAULT_CORPUS) ? DEFAULT_CORPUS : 'examples/handbook');
  const gc = (globalThis as { gc?: () => void }).gc;
  const { compileExtendsPatterns, decodeText, parsePage, readFrontMatter, scanMarkdown } = bundledPageParser();

  const extendsPatterns = compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns);
  const pages: Page[] = [];
  let bytes = 0;
  for (const file of handbookMarkdown(folder)) {
    const raw = fs.readFileSync(file);
    const text = decodeText(raw);
    if (typeof text !== 'string') continue;
    bytes += raw.byteLength;
    pages.push({ text, options: { extendsPatterns, frontMatter: !path.relative(folder, file).startsWith('assets') } });
  }
  console.log(`${folder}: ${pages.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${runs} runs each (alternating)`);

  const steps: { label: string; run: () => void }[] = [
    { label: 'product: parsePage (front matter + scanner + facts)', run: () => pages.forEach((page) => parsePage(page.text, page.options)) },
    { label: '  of which front matter (readFrontMatter)', run: () => pages.forEach((page) => page.options.frontMatter && readFrontMatter(page.text)) },
    { label: '  of which the scanner (scanMarkdown)', run: () => pages.forEach((page) => scanMarkdown(page.text)) },
  ];
  if (withRemark) steps.push({ label: 'before: remark extraction (remarkFacts)', run: () => pages.forEach((page) => remarkFacts(page.text, page.options)) });

  // CPU time (user + system) is what this process spent; on a machine shared with other work it
  // varies less than wall time, which is shown too.
  const cpu = steps.map(() => [] as number[]);
  const wall = steps.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    steps.forEach((step, i) => {
      gc?.();
      const startWall = process.hrtime.bigint();
      const startCpu = process.cpuUsage();
      step.run();
      const used = process.cpuUsage(startCpu);
      cpu[i].push((used.user + used.system) / 1e3);
      wall[i].push(Number(process.hrtime.bigint() - startWall) / 1e6);
    });
  }
  for (const [i, step] of steps.entries()) {
    const sorted = [...cpu[i]].sort((a, b) => a - b);
    const wallMedian = median([...wall[i]].sort((a, b) => a - b));
    console.log(
      `${step.label.padEnd(54)} CPU median ${median(sorted).toFixed(0).padStart(6)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}), wall median ${wallMedian.toFixed(0)} ms`,
    );
  }

  if (!gc) {
    console.log('heap: run with node --expose-gc to measure what the facts hold');
    return;
  }
  // The heap the facts of the whole handbook hold once the texts are dropped.
  const facts: PageFacts[] = pages.map((page) => parsePage(page.text, page.options));
  for (const page of pages) page.text = '';
  gc();
  const withFacts = process.memoryUsage().heapUsed;
  facts.length = 0;
  gc();
  const withoutFacts = process.memoryUsage().heapUsed;
  console.log(`heap held by the facts of ${pages.length} pages, texts dropped: ${((withFacts - withoutFacts) / 1e6).toFixed(1)} MB (page text was ${(bytes / 1e6).toFixed(1)} MB of UTF-8)`);
}

function median(sorted: number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

main();
