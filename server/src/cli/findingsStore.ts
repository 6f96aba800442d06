// The findings of the command line's last run, kept beside its facts cache and handed back when
// nothing they were computed from has changed: the same facts (the facts cache's generation, which
// holds exactly the handbook's files with their sizes and times), the same sites (Hugo configs),
// the same other include-root files, the same settings and program. A finding of one page depends
// on every other page (its URL, its anchors), so any change at all computes every finding again,
// from the cached facts; the point is the run where nothing changed, which then reads no page.
// Like `tsc --incremental`, which keeps each file's diagnostics in its build info. The file ends
// with a CRC-32 of the rest: findings with a flipped byte are computed again, never handed back.
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Finding } from './findings';
import type { FactsCache } from '../cache/factsCache';
import type { Survey } from '../model/index/build';
import type { HandbookSettings } from '../model/base/settings';

/** Bump when what is stored changes shape. */
const SCHEMA = 2;

export interface StoredCheck {
  readonly findings: readonly Finding[];
  /** Pages and include files checked. */
  readonly files: number;
  /** The findings carry their excerpts. */
  readonly excerpts: boolean;
}

/** The file's first line; then one line per finding; then the checksum of all before it. */
interface StoredHead {
  readonly schema: number;
  /** The facts cache generation and everything else the findings were computed from. */
  readonly key: string;
  readonly files: number;
  readonly excerpts: boolean;
  readonly count: number;
}

const WRITE_BATCH = 256;

export class FindingsStore {
  private constructor(
    private readonly file: string,
    private readonly key: string | undefined,
  ) {}

  /** The store beside `cache`, for findings of `survey` under `settings`. */
  static beside(cache: FactsCache, survey: Survey, settings: HandbookSettings): FindingsStore {
    const file = path.join(
      path.dirname(cache.file),
      path
        .basename(cache.file)
        .replace(/^facts-/, 'findings-')
        .replace(/\.bin$/, '.json'),
    );
    return new FindingsStore(file, cache.generation === undefined ? undefined : keyOf(cache.generation, survey, settings));
  }

  /** The stored findings, when they were computed from exactly what the key names; else undefined. */
  read(): StoredCheck | undefined {
    if (this.key === undefined) return undefined;
    try {
      const bytes = fs.readFileSync(this.file);
      const checksumAt = bytes.lastIndexOf('\n');
      if (checksumAt < 0 || bytes.toString('latin1', checksumAt + 1) !== String(crc32(bytes.subarray(0, checksumAt)))) return undefined;
      const [head, ...rows] = bytes.toString('utf8', 0, checksumAt).split('\n');
      const stored = JSON.parse(head) as Partial<StoredHead>;
      if (stored.schema !== SCHEMA || stored.key !== this.key || typeof stored.files !== 'number' || typeof stored.excerpts !== 'boolean' || rows.length !== stored.count) return undefined;
      const findings = rows.map((row) => JSON.parse(row) as unknown);
      return findings.every((finding) => isFinding(finding, stored.excerpts!)) ? { files: stored.files, excerpts: stored.excerpts, findings } : undefined;
    } catch {
      // None yet, or unreadable: the findings are computed, and written again.
      return undefined;
    }
  }

  /** Keeps `check` for the next run; a store that cannot be written only costs that run its speed. */
  write({ findings, files, excerpts }: StoredCheck): void {
    if (this.key === undefined) return;
    const temporary = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      // A line per finding, written a few hundred at a time: no string of the whole report is made.
      const descriptor = fs.openSync(temporary, 'w');
      try {
        let checksum = 0;
        const append = (text: string) => {
          const bytes = Buffer.from(text);
          checksum = crc32(bytes, checksum);
          fs.writeSync(descriptor, bytes);
        };
        append(JSON.stringify({ schema: SCHEMA, key: this.key, files, excerpts, count: findings.length } satisfies StoredHead));
        for (let start = 0; start < findings.length; start += WRITE_BATCH) {
          append(
            findings
              .slice(start, start + WRITE_BATCH)
              .map((finding) => `\n${JSON.stringify(finding)}`)
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

/** A finding as `write` stored it (a file cut short or written over by another run is not one). */
function isFinding(value: unknown, excerpts: boolean): value is Finding {
  if (typeof value !== 'object' || value === null) return false;
  const finding = value as Record<keyof Finding, unknown>;
  return (
    ['file', 'severity', 'code', 'message'].every((field) => typeof finding[field as keyof Finding] === 'string') &&
    ['line', 'column', 'endLine', 'endColumn'].every((field) => Number.isInteger(finding[field as keyof Finding])) &&
    (excerpts ? typeof finding.excerpt === 'string' : finding.excerpt === undefined)
  );
}

function keyOf(generation: string, survey: Survey, settings: HandbookSettings): string {
  const files = (sources: Survey['sources']) => sources.map((source) => [source.path, source.kind]);
  return createHash('sha1')
    .update(JSON.stringify([generation, settings, survey.sites, files(survey.sources), files(survey.assets)]))
    .digest('hex');
}
