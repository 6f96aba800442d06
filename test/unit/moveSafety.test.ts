// The safety property of moves (test/support/moveSafety.ts), in-process on the model: random
// moves on the example handbook and on generated ones, each planned, carried out in memory and
// undone, must leave every link, ref call, include call and finding as it was, modulo the move.
// MOVE_SAFETY_CASES=5000 runs more cases per handbook than the default.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generate, Rng } from '../../bench/generate';
import { planMoves } from '../../server/src/model/edits/moves';
import { memoryHandbook, SITE } from '../support/memoryHandbook';
import { carryOut, differences, randomMove, unexplained, viewOf, withRefCalls } from '../support/moveSafety';

const CASES = Number(process.env.MOVE_SAFETY_CASES ?? 100);
const EXAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'handbook');

/** The files of a handbook folder on disk, by path relative to it. */
function filesOf(folder: string): Record<string, string> {
  const entries = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    entries.map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(folder, file), readFileSync(file, 'utf8')];
    }),
  );
}

function generated(pages: number, seed: number): Record<string, string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'move-safety-'));
  try {
    generate(pages, folder, seed);
    return withRefCalls(filesOf(folder), seed);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function checkRandomMoves(files: Record<string, string>, seed: number, cases: number): Promise<{ planned: number; withRefs: number; refused: Map<string, number> }> {
  const { index, workspace } = await memoryHandbook(files);
  const before = viewOf(index, true);
  const rng = new Rng(seed);
  const refused = new Map<string, number>();
  let planned = 0;
  let withRefs = 0;
  for (let serial = 0; serial < cases; serial++) {
    const move = randomMove(rng, index, SITE, serial);
    const plan = await planMoves(index, [move], { addAliases: rng.chance(0.8) });
    const what = `seed ${seed}, case ${serial}: ${path.relative(SITE, move.from)} → ${path.relative(SITE, move.to)}`;
    if (plan.kind === 'refused') {
      const reason = plan.reason.replace(/\S*\/\S*/g, 'P');
      refused.set(reason, (refused.get(reason) ?? 0) + 1);
      continue;
    }
    planned++;
    if (plan.counts.refCalls > 0) withRefs++;
    const undo = await carryOut(workspace, index, plan);
    const found = unexplained(differences(before, viewOf(index, serial % 10 === 0), plan.files), plan);
    await undo();
    assert.deepEqual(found.slice(0, 10), [], what);
  }
  assert.deepEqual(differences(before, viewOf(index, true), []), [], `seed ${seed}: undoing every move gives the handbook back`);
  return { planned, withRefs, refused };
}

describe('moves keep every link leading where it led', () => {
  it('on the example handbook', async () => {
    const { planned } = await checkRandomMoves(filesOf(EXAMPLE), 11, CASES);
    assert.ok(planned > CASES / 2, `${planned} of ${CASES} moves planned`);
  });

  it('on generated handbooks', async () => {
    for (const seed of [1, 2]) {
      const { planned, withRefs } = await checkRandomMoves(generated(120, seed), seed, CASES);
      assert.ok(planned > CASES / 2, `${planned} of ${CASES} moves planned`);
      assert.ok(withRefs > CASES / 10, `${withRefs} of ${planned} planned moves rewrote ref calls`);
    }
  });
});
