// Run as a process of its own (V8's flags are per process): keeps allocating objects that
// survive, as a check reading a handbook does, and prints the largest young generation seen.
//   node --import tsx youngGenerationProbe.mts <semi-space MB, 0 for no limit>
import * as v8 from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
import { limitYoungGeneration } from '../../../server/src/model/base/youngGeneration';

const semiSpaceMB = Number(process.argv[2]);
const stop = semiSpaceMB > 0 ? limitYoungGeneration(semiSpaceMB) : () => {};
const newSpaceSize = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size;

const kept: object[] = [];
let largest = 0;
for (let round = 0; round < 150; round++) {
  for (let i = 0; i < 5000; i++) kept.push({ round, i, text: `item ${round} ${i}` });
  largest = Math.max(largest, newSpaceSize());
  // Between pages a check waits for the disk, and the watch gets its turn.
  await sleep(5);
}
stop();
process.stdout.write(JSON.stringify({ largestMB: largest / (1024 * 1024), kept: kept.length }));
