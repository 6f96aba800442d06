// The server's collection when idle (protocol/idleCollection.ts): garbage left by work is given
// back once the work pauses, not while it goes on, and a heap that did not grow is left alone.
import { strict as assert } from 'node:assert';
import { getHeapStatistics } from 'node:v8';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectWhenIdle } from '../../server/src/protocol/idleCollection';

const MB = 1024 * 1024;
const usedMb = () => getHeapStatistics().used_heap_size / MB;

/** About `mb` MB of objects that live long enough to reach the old generation, then become garbage. */
async function makeOldGarbage(mb: number): Promise<void> {
  const kept: { value: number; text: string }[] = [];
  for (let item = 0; item < (mb * MB) / 64; item++) kept.push({ value: item, text: `item ${item}` });
  // Turns of the event loop with allocation between: scavenges promote what is still referenced.
  for (let turn = 0; turn < 5; turn++) {
    await sleep(1);
    Array.from({ length: 200_000 }, (_, at) => ({ at }));
  }
  kept.length = 0;
}

describe('collecting when idle', () => {
  it('gives garbage back once the work has paused, not before', async () => {
    const worked = collectWhenIdle({ idleMs: 300, growthBytes: 16 * MB });
    await makeOldGarbage(96);
    const withGarbage = usedMb();
    worked();
    await sleep(100);
    worked(); // more work: the collection is put off again
    await sleep(150);
    assert.ok(usedMb() > withGarbage - 16, `no collection while work goes on: ${usedMb().toFixed(0)} MB used, ${withGarbage.toFixed(0)} MB before`);
    await sleep(400);
    assert.ok(usedMb() < withGarbage - 48, `collected once idle: ${usedMb().toFixed(0)} MB used, ${withGarbage.toFixed(0)} MB before`);
  });
});
