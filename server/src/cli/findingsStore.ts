// The findings of the command line's last run, kept beside its facts cache and handed back when
// nothing they were computed from has changed (see cache/resultStore.ts): a warm `check` of an
// unchanged handbook reads no page.
import * as path from 'node:path';
import type { Finding } from './findings';
import type { FactsCache } from '../cache/factsCache';
import { ResultStore, resultsKey } from '../cache/resultStore';
import type { Survey } from '../model/index/build';
import type { HandbookSettings } from '../model/base/settings';

/** Bump when what is stored changes shape. */
const SCHEMA = 3;

export interface StoredCheck {
  readonly findings: readonly Finding[];
  /** Pages and include files checked. */
  readonly files: number;
  /** The findings carry their excerpts. */
  readonly excerpts: boolean;
}

interface CheckHead {
  readonly files: number;
  readonly excerpts: boolean;
}

export class FindingsStore {
  private constructor(
    private readonly store: ResultStore<Finding, CheckHead>,
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
    return new FindingsStore(new ResultStore(file, SCHEMA, { head: isCheckHead, result: isFinding }), resultsKey([cache.generation], survey, settings));
  }

  /** The stored findings, when they were computed from exactly what the key names; else undefined. */
  read(): StoredCheck | undefined {
    const stored = this.key === undefined ? undefined : this.store.read(this.key);
    return stored && { findings: stored.results, files: stored.head.files, excerpts: stored.head.excerpts };
  }

  /** Keeps `check` for the next run. */
  write({ findings, files, excerpts }: StoredCheck): void {
    if (this.key !== undefined) this.store.write(this.key, findings, { files, excerpts });
  }
}

function isCheckHead(head: Readonly<Record<string, unknown>>): boolean {
  return typeof head.files === 'number' && typeof head.excerpts === 'boolean';
}

/** A finding as `write` stored it. */
function isFinding(value: unknown, { excerpts }: CheckHead): value is Finding {
  if (typeof value !== 'object' || value === null) return false;
  const finding = value as Record<keyof Finding, unknown>;
  return (
    ['file', 'severity', 'code', 'message'].every((field) => typeof finding[field as keyof Finding] === 'string') &&
    ['line', 'column', 'endLine', 'endColumn'].every((field) => Number.isInteger(finding[field as keyof Finding])) &&
    (excerpts ? typeof finding.excerpt === 'string' : finding.excerpt === undefined)
  );
}
