// The fuzzer's long run: `npm run fuzz -- --minutes N --seed S [--soak E]` plays generated scenarios
// until the time is up, one fast-check run per seed (S, S+1, …); each failure is shrunk and saved
// under test/fuzz/failures/ as JSON with the command that replays it:
// `npm run fuzz -- --replay test/fuzz/failures/FILE.json`. It ends with one line:
// `N docs, M requests, X crashes, Y unanswered, Z inconsistent (S file storms)` (results outside the document or
// the workspace count as inconsistent). `--soak E` then plays E edits on one server and prints its
// memory growth (soak.ts); `--minutes 0 --soak E` soaks alone; `--soak-site DIR --soak-page PAGE`
// soaks another handbook (the real corpus, say) where it is, editing PAGE, with node's default heap.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { scenario, type Scenario } from './generators';
import { FuzzFailure, playScenario, totals, type FailureKind } from './harness';
import { CAPPED_HEAP_MB, soak } from './soak';

const FAILURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'failures');

interface SavedFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly seed: number;
  readonly replay: string;
  readonly counterexample: Scenario;
}

function kindOf(error: unknown): FailureKind {
  return error instanceof FuzzFailure ? error.kind : 'crash';
}

function save(failure: Omit<SavedFailure, 'replay'>): string {
  mkdirSync(FAILURES, { recursive: true });
  const file = path.join(FAILURES, `${failure.kind}-seed-${failure.seed}.json`);
  const relative = path.relative(process.cwd(), file);
  writeFileSync(file, `${JSON.stringify({ ...failure, replay: `npm run fuzz -- --replay ${relative}` }, null, 1)}\n`);
  return relative;
}

async function replay(file: string): Promise<void> {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedFailure;
  try {
    await playScenario(saved.counterexample);
    console.log(`${file}: passes now`);
  } catch (error) {
    console.log(`${file}: still fails\n${String(error)}`);
    process.exitCode = 1;
  }
}

async function fuzz(minutes: number, firstSeed: number): Promise<void> {
  const deadline = Date.now() + minutes * 60_000;
  const failures: Record<FailureKind, number> = { crash: 0, unanswered: 0, inconsistent: 0 };
  for (let seed = firstSeed; Date.now() < deadline; seed++) {
    const result = await fc.check(fc.asyncProperty(scenario(), playScenario), {
      seed,
      numRuns: Number.MAX_SAFE_INTEGER,
      interruptAfterTimeLimit: Math.max(1_000, deadline - Date.now()),
      markInterruptAsFailure: false,
    });
    if (!result.failed || !result.counterexample) continue;
    const kind = kindOf(result.errorInstance);
    failures[kind]++;
    const file = save({ kind, message: String(result.errorInstance), seed, counterexample: result.counterexample[0] });
    console.log(`${kind} (seed ${seed}, shrunk ${result.numShrinks} times): ${file}\n  ${String(result.errorInstance).split('\n').slice(0, 3).join('\n  ')}`);
  }
  console.log(
    `${totals.documents} docs, ${totals.requests} requests, ${failures.crash} crashes, ${failures.unanswered} unanswered, ${failures.inconsistent} inconsistent (${totals.storms} file storms)`,
  );
  if (failures.crash + failures.unanswered + failures.inconsistent > 0) process.exitCode = 1;
}

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    soak: { type: 'string', default: '0' },
    'soak-site': { type: 'string' },
    'soak-page': { type: 'string' },
    replay: { type: 'string' },
  },
});

async function soakReport(edits: number): Promise<void> {
  const mb = (value: number) => `${value.toFixed(1)} MB`;
  const folder = values['soak-site'];
  const page = values['soak-page'];
  if ((folder === undefined) !== (page === undefined)) throw new Error('--soak-site and --soak-page go together: the handbook folder and the page in it to edit.');
  const site = folder !== undefined && page !== undefined ? { folder: path.resolve(folder), page } : undefined;
  // A capped heap small enough to matter for the example cannot hold a big handbook's index.
  for (const heap of site ? (['default'] as const) : (['default', 'capped'] as const)) {
    const figures = await soak(edits, heap, site);
    const growth = `${figures.growthPercent >= 0 ? '+' : ''}${figures.growthPercent.toFixed(1)} %`;
    const heapName = heap === 'capped' ? `heap capped at ${CAPPED_HEAP_MB} MB` : 'default heap';
    console.log(
      `soak (${heapName}): ${figures.edits} edits, ${figures.requests} requests on one server; RSS ${mb(figures.rssAfterWarmUpMb)} after warm-up, ${mb(figures.rssAtEndMb)} at the end: ${growth} (each after a 3 s pause; ${mb(figures.rssRightAtEndMb)} right after the last edit)`,
    );
  }
}

async function main(): Promise<void> {
  if (values.replay) return replay(values.replay);
  if (Number(values.minutes) > 0) await fuzz(Number(values.minutes), Number(values.seed));
  if (Number(values.soak) > 0) await soakReport(Number(values.soak));
}

void main();
