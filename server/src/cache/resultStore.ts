// What a run computed from a handbook, kept beside its facts cache and handed back when nothing it
// was computed from has changed: the same facts (the facts caches' generations, which hold exactly
// the handbook's files with their sizes and times), the same sites (Hugo configs), the same other
// include-root files, the same settings and program. A result of one page depends on every other
// page (its URL, its anchors), so any change at all computes every result again, from the cached
// facts; the point is the start where nothing changed, which then needs no page's facts at all.
// Like `tsc --incremental`, which keeps each file's diagnostics in its build info. The command
// line keeps its findings this way (cli/findingsStore.ts), the language server the diagnostics it
// published (protocol/storedDiagnostics.ts). The file is a JSON head line, a line per result, and a
// CRC-32 of all before it: results with a flipped byte are computed again, never handed back. It
// is replaced whole (a temporary file, then a rename): two processes never leave a torn one.
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Survey } from '../model/index/build';
import type { HandbookSettings } from '../model/base/settings';

interface StoredHead {
  readonly schema: number;
  /** The facts caches' generations and everything else the results were computed from (see resultsKey). */
  readonly key: string;
  readonly count: number;
  /** What the owner keeps about the results as a whole. */
  readonly head: object;
}

const WRITE_BATCH = 256;

export class ResultStore<Result, Head extends object> {
  constructor(
    /** The store's file. */
    readonly file: string,
    /** Bumped by the owner when what it stores changes shape. */
    private readonly schema: number,
    /** Whether a value read back is a head, or a result, as `write` wrote them (not a file cut short or another program's). */
    private readonly shapes: { readonly head: (value: Readonly<Record<string, unknown>>) => boolean; readonly result: (value: unknown, head: Head) => value is Result },
  ) {}

  /** The stored results, when they were computed from exactly what `key` names; else undefined. */
  read(key: string): { readonly head: Head; readonly results: Result[] } | undefined {
    try {
      const bytes = fs.readFileSync(this.file);
      const checksumAt = bytes.lastIndexOf('\n');
      if (checksumAt < 0 || bytes.toString('latin1', checksumAt + 1) !== String(crc32(bytes.subarray(0, checksumAt)))) return undefined;
      const [first, ...rows] = bytes.toString('utf8', 0, checksumAt).split('\n');
      const stored = JSON.parse(first) as Partial<StoredHead>;
      if (
        stored.schema !== this.schema ||
        stored.key !== key ||
        rows.length !== stored.count ||
        typeof stored.head !== 'object' ||
        stored.head === null ||
        !this.shapes.head(stored.head as Readonly<Record<string, unknown>>)
      )
        return undefined;
      const head = stored.head as Head;
      const results = rows.map((row) => JSON.parse(row) as unknown);
      return results.every((result) => this.shapes.result(result, head)) ? { head, results } : undefined;
    } catch {
      // None yet, or unreadable: the results are computed, and written again.
      return undefined;
    }
  }

  /** Keeps `results` for the next run; a store that cannot be written only costs that run its speed. */
  write(key: string, results: readonly Result[], head: Head): void {
    const temporary = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      // A line per result, written a few hundred at a time: no string of all of them is made.
      const descriptor = fs.openSync(temporary, 'w');
      try {
        let checksum = 0;
        const append = (text: string) => {
          const bytes = Buffer.from(text);
          checksum = crc32(bytes, checksum);
          fs.writeSync(descriptor, bytes);
        };
        append(JSON.stringify({ schema: this.schema, key, count: results.length, head } satisfies StoredHead));
        for (let start = 0; start < results.length; start += WRITE_BATCH) {
          append(
            results
              .slice(start, start + WRITE_BATCH)
              .map((result) => `\n${JSON.stringify(result)}`)
              .join(''),
          );
        }
        fs.writeSync(descriptor, `\n${checksum}`);
      } finally {
        fs.closeSync(descriptor);
      }
      fs.renameSync(temporary, this.file);
    } catch {
      fs.rmSync(temporary, { force: true });
    }
  }
}

/**
 * What results of `survey` under `settings` were computed from, as one string: undefined when a
 * facts cache has no generation (none on disk), so that nothing can be known to be unchanged.
 */
export function resultsKey(generations: readonly (string | undefined)[], survey: Survey, settings: HandbookSettings): string | undefined {
  if (generations.some((generation) => generation === undefined)) return undefined;
  const files = (sources: Survey['sources']) => sources.map((source) => [source.path, source.kind]);
  return createHash('sha1')
    .update(JSON.stringify([generations, settings, survey.sites, files(survey.sources), files(survey.assets)]))
    .digest('hex');
}
