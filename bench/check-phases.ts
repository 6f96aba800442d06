// Where the time of one `handbook-roles check` goes, phase by phase, in one process: building the
// index (listing, reading or the facts cache, parsing, storing), the derived tables, then the
// diagnostics of every file (split into links, anchors and the rest by timing them separately).
// For finding what to make faster; whole-process figures come from bench/run.ts.
//
//   node --import tsx bench/check-phases.ts [folder] [--workers N|auto] [--cache DIR] [--runs N]
//
// Every run starts from a fresh index in the same process, so runs after the first show the
// code warmed up by the JIT; the first run is what a command line pays. Each phase shows the
// garbage collector's share of its time, and the heap and RSS at its end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { computeDiagnostics } from '../server/src/features/diagnostics/diagnostics';
import { FactsCache } from '../server/src/cache/factsCache';
import { HandbookIndex } from '../server/src/model/index/handbookIndex';
import { DEFAULT_SETTINGS } from '../server/src/model/base/settings';
import { NodeWorkspace } from '../server/src/model/base/workspace';
import { oneFolder, parseBenchArgs, positiveInt, usageError } from './lib/args';

const DEFAULT_CORPUS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'handbook-ja');
const WORKER_SCRIPT = path.resolve(import.meta.dirname, '..', 'dist', 'parseWorker.js');

async function main(): Promise<void> {
  const { values, positionals } = parseBenchArgs(import.meta.url, { workers: { type: 'string' }, cache: { type: 'string' }, runs: { type: 'string' } });
  const workers = values.workers === undefined || values.workers === 'auto' ? 'auto' : Number(values.workers);
  if (workers !== 'auto' && !(Number.isInteger(workers) && workers >= 0)) usageError(`--workers needs auto or a whole number, 0 to parse in this thread (got ${values.workers})`);
  const cacheDir = values.cache;
  const runs = positiveInt(values.runs, '--runs') ?? 3;
  const folder = oneFolder(positionals) ?? DEFAULT_CORPUS;
  if (!fs.existsSync(WORKER_SCRIPT)) console.log('(no dist/parseWorker.js: run `npm run build` for worker threads)');

  const collections: PerformanceEntry[] = [];
  new PerformanceObserver((list) => collections.push(...list.getEntries())).observe({ entryTypes: ['gc'] });
  const MB = 1024 * 1024;
  for (let run = 1; run <= runs; run++) {
    const phases: { label: string; start: number; end: number; heapMB: number; rssMB: number }[] = [];
    let last = performance.now();
    const mark = (label: string) => {
      const now = performance.now();
      const { heapUsed, rss } = process.memoryUsage();
      phases.push({ label, start: last, end: now, heapMB: heapUsed / MB, rssMB: rss / MB });
      last = now;
    };
    const index = new HandbookIndex(new NodeWorkspace([folder], { singlePass: true }), DEFAULT_SETTINGS, { workers, workerScript: WORKER_SCRIPT });
    const cache = cacheDir ? FactsCache.open({ folder, settings: DEFAULT_SETTINGS, directory: cacheDir }) : undefined;
    if (cache) mark('open the facts cache');
    await index.build(undefined, { cache });
    mark('build the index');
    cache?.save();
    if (cache) mark('save the facts cache');
    index.pages();
    mark('derived tables');
    const files = [...index.allFiles()];
    let count = 0;
    for (const file of files) count += computeDiagnostics(index, file).length;
    mark('diagnostics');
    // The observer hears of collections on a later turn of the event loop.
    await new Promise((resume) => setImmediate(resume));
    const collected = (start: number, end: number) => collections.filter((gc) => gc.startTime >= start && gc.startTime < end).reduce((sum, gc) => sum + gc.duration, 0);
    const total = phases.reduce((sum, phase) => sum + phase.end - phase.start, 0);
    console.log(`run ${run}: ${files.length} files, ${count} diagnostics, ${total.toFixed(0)} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    for (const { label, start, end, heapMB, rssMB } of phases) {
      console.log(
        `  ${label.padEnd(24)} ${(end - start).toFixed(0).padStart(6)} ms (GC ${collected(start, end).toFixed(0).padStart(4)} ms), then heap ${heapMB.toFixed(0)} MB, RSS ${rssMB.toFixed(0)} MB`,
      );
    }
    collections.length = 0;
  }
}

await main();
