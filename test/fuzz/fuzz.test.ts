// The fuzzer's short deterministic run: a fixed seed and a few generated scenarios against the
// built server, at full strength. The long run is `npm run fuzz -- --minutes N --seed S` (run.ts).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scenario } from './generators';
import { playScenario } from './harness';

const SEED = 15;
const RUNS = 4;

describe('fuzz (short run)', () => {
  it(`${RUNS} generated scenarios (seed ${SEED}): no exit, every request answered, results inside, equal to a fresh server`, async () => {
    const result = await fc.check(fc.asyncProperty(scenario(15), playScenario), { seed: SEED, numRuns: RUNS, endOnFailure: true });
    assert.ok(!result.failed, fc.defaultReportMessage(result) ?? 'failed');
  });
});
