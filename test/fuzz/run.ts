// The fuzzer's long run: `npm run fuzz -- --minutes N --seed S [--all]` plays generated scenarios
// until the time is up, one fast-check run per seed (S, S+1, …); each failure is shrunk and saved
// under test/fuzz/failures/ as JSON with the command that replays it:
// `npm run fuzz -- --replay test/fuzz/failures/FILE.json`. It ends with one line:
// `N docs, M requests, X crashes, Y unanswered, Z inconsistent` (results outside the document or
// the workspace count as inconsistent). `--all` fuzzes as if every known defect were fixed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { scenario, type Scenario } from './generators';
import { FuzzFailure, playScenario, totals, type FailureKind } from './harness';
import { ALL_FIXED, KNOWN_DEFECTS_TODAY, type KnownDefects } from './knownDefects';

const FAILURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'failures');

interface SavedFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly seed: number;
  readonly flags: KnownDefects;
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
    await playScenario(saved.counterexample, saved.flags);
    console.log(`${file}: passes now`);
  } catch (error) {
    console.log(`${file}: still fails\n${String(error)}`);
    process.exitCode = 1;
  }
}

async function fuzz(minutes: number, firstSeed: number, flags: KnownDefects): Promise<void> {
  const deadline = Date.now() + minutes * 60_000;
  const failures: Record<FailureKind, number> = { crash: 0, unanswered: 0, inconsistent: 0 };
  for (let seed = firstSeed; Date.now() < deadline; seed++) {
    const result = await fc.check(
      fc.asyncProperty(scenario(flags), (generated) => playScenario(generated, flags)),
      { seed, numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: Math.max(1_000, deadline - Date.now()), markInterruptAsFailure: false },
    );
    if (!result.failed || !result.counterexample) continue;
    const kind = kindOf(result.errorInstance);
    failures[kind]++;
    const file = save({ kind, message: String(result.errorInstance), seed, flags, counterexample: result.counterexample[0] });
    console.log(`${kind} (seed ${seed}, shrunk ${result.numShrinks} times): ${file}\n  ${String(result.errorInstance).split('\n').slice(0, 3).join('\n  ')}`);
  }
  console.log(`${totals.documents} docs, ${totals.requests} requests, ${failures.crash} crashes, ${failures.unanswered} unanswered, ${failures.inconsistent} inconsistent`);
  if (failures.crash + failures.unanswered + failures.inconsistent > 0) process.exitCode = 1;
}

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '1' }, seed: { type: 'string', default: String(Date.now() % 100_000) }, all: { type: 'boolean', default: false }, replay: { type: 'string' } },
});
void (values.replay ? replay(values.replay) : fuzz(Number(values.minutes), Number(values.seed), values.all ? ALL_FIXED : KNOWN_DEFECTS_TODAY));
