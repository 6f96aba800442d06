// Entry point of a parse worker thread (bundled to dist/parseWorker.js): loads the batches of
// files the index sends and answers with their facts, encoded (see model/index/load/parsePool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { encodeFacts } from './model/index/load/factsCodec';
import { loadFile, type LoadSettings } from './model/index/load/factsLoader';
import { compileExtendsPatterns } from './model/page/parsePage';
import type { ParseWorkerData, WireLoaded, WorkerAnswer, WorkerBatch } from './model/index/load/parsePool';
import { NodeWorkspace } from './model/base/workspace';

const data = workerData as ParseWorkerData;
const workspace = new NodeWorkspace(data.folders, { singlePass: true });
const settings: LoadSettings = { extendsPatterns: compileExtendsPatterns(data.extendsPatterns), maxFileSize: data.maxFileSize, hash: data.hash };

async function answer({ start, requests }: WorkerBatch): Promise<void> {
  const results: WireLoaded[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const request of requests) {
    const loaded = await loadFile(workspace, request, settings);
    if (loaded.outcome === 'parsed') {
      const { record, ...rest } = loaded;
      const blob = encodeFacts(record);
      // Each encoded record has a buffer of its own, so handing it over costs no copy.
      transfer.push(blob.buffer as ArrayBuffer);
      results.push({ ...rest, blob });
    } else {
      results.push(loaded);
    }
  }
  parentPort!.postMessage({ start, results } satisfies WorkerAnswer, transfer);
}

// loadFile turns every problem of a file into an outcome, so a rejection here is a bug: thrown
// again outside the promise, it becomes the Worker's 'error' event, which fails the pool over to
// the main thread, whatever --unhandled-rejections says (the pool would otherwise wait forever).
parentPort!.on('message', (batch: WorkerBatch) => {
  answer(batch).catch((error: unknown) => {
    setImmediate(() => {
      throw error;
    });
  });
});
