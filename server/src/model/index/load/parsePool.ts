// Reading and parsing a big handbook on worker threads. Each worker reads its files itself
// (through its own Workspace on the same folders, so the same refusals apply), parses them and
// sends back each file's facts encoded (factsCodec): the main thread only decodes, and a facts
// cache stores those bytes as they are. Workers run for one build and are then ended.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { decodeFacts } from './factsCodec';
import type { Loaded, LoadRequest } from './factsLoader';

export interface ParseWorkerData {
  readonly folders: readonly string[];
  /** The settings' pattern sources: compiled again in the worker (RegExp objects do not travel whole). */
  readonly extendsPatterns: readonly string[];
  readonly maxFileSize: number;
  readonly hash: boolean;
}

/** A worker's answer for one file: `Loaded`, with a parsed record encoded by `encodeFacts`. */
export type WireLoaded = Exclude<Loaded, { outcome: 'parsed' }> | (Omit<Extract<Loaded, { outcome: 'parsed' }>, 'record'> & { readonly blob: Uint8Array });

export interface WorkerBatch {
  readonly start: number;
  readonly requests: readonly LoadRequest[];
}

export interface WorkerAnswer {
  readonly start: number;
  readonly results: readonly WireLoaded[];
}

export interface WorkerLoaded {
  readonly loaded: Loaded;
  /** The record's encoded bytes, as a facts cache stores them. */
  readonly blob?: Uint8Array;
}

/** Where esbuild puts the worker entry: next to the bundle that starts it (dist/). */
export const DEFAULT_WORKER_SCRIPT = path.join(__dirname, 'parseWorker.js');

// Small batches keep both workers busy to the end; two in flight hide the message round trip.
const BATCH_SIZE = 24;
const BATCHES_IN_FLIGHT = 2;

/**
 * Loads every request on `workerCount` worker threads, calling `onLoaded` with each request's
 * position as its answer arrives. Resolves false, having loaded nothing, when the worker script
 * is not there (running from sources); rejects when a worker fails, after which the caller loads
 * the positions not yet answered itself.
 */
export async function loadInWorkers(
  requests: readonly LoadRequest[],
  data: ParseWorkerData,
  workerCount: number,
  onLoaded: (position: number, result: WorkerLoaded) => void,
  script = DEFAULT_WORKER_SCRIPT,
): Promise<boolean> {
  try {
    require.resolve(script);
  } catch {
    return false;
  }
  const workers = Array.from({ length: Math.max(1, Math.min(workerCount, Math.ceil(requests.length / BATCH_SIZE))) }, () => new Worker(script, { workerData: data }));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let outstanding = 0;
      // After a failure the caller loads what is left itself: answers still in the pipe are dropped.
      let failed = false;
      const fail = (error: Error) => {
        failed = true;
        reject(error);
      };
      const send = (worker: Worker) => {
        if (next >= requests.length) {
          if (outstanding === 0) resolve();
          return;
        }
        const start = next;
        next = Math.min(requests.length, next + BATCH_SIZE);
        outstanding++;
        worker.postMessage({ start, requests: requests.slice(start, next) } satisfies WorkerBatch);
      };
      for (const worker of workers) {
        worker.on('message', ({ start, results }: WorkerAnswer) => {
          if (failed) return;
          results.forEach((result, offset) => onLoaded(start + offset, fromWire(result)));
          outstanding--;
          send(worker);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => fail(new Error(`a parse worker stopped (exit code ${code})`)));
        for (let batch = 0; batch < BATCHES_IN_FLIGHT; batch++) send(worker);
      }
    });
  } finally {
    for (const worker of workers) {
      worker.removeAllListeners('exit');
      void worker.terminate();
    }
  }
  return true;
}

function fromWire(result: WireLoaded): WorkerLoaded {
  if (!('blob' in result)) return { loaded: result };
  const { blob, ...rest } = result;
  // The worker encoded it a moment ago: failing to decode it would be a bug of the codec.
  return { loaded: { ...rest, record: decodeFacts(blob)! }, blob };
}
