// Baselines: the findings a handbook has accepted for now, so that CI fails only on new ones.
//
// The file is versioned JSON with one line per fingerprint, sorted by file, so that fixing a
// link removes a line and a merge of two branches' baselines rarely conflicts. Identical
// findings in one file share a fingerprint and are counted: with a count of 2, a third copy of
// the same broken link is new. Only `fingerprint` and `count` are read back; `file`, `code` and
// `excerpt` are there for the people who review the baseline's diff.
import { promises as fs } from 'node:fs';
import { compareStrings } from './findings';
import type { FingerprintedFinding } from './fingerprints';

export const BASELINE_FORMAT = 'handbook-roles-baseline';
/** Bump when the file layout or the fingerprint recipe changes. */
export const BASELINE_VERSION = 1;
const EXCERPT_LIMIT = 160;

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly count: number;
  readonly file: string;
  readonly code: string;
  readonly excerpt: string;
}

/** Fingerprint → how many findings with it are accepted. */
export type Baseline = ReadonlyMap<string, number>;

export interface BaselineComparison {
  /** Findings beyond what the baseline accepts, in file order. */
  readonly fresh: FingerprintedFinding[];
  /** Findings the baseline accepts. */
  readonly baselined: number;
  /** Accepted findings that are gone: the baseline could be rewritten without them. */
  readonly fixed: number;
}

/** A baseline that cannot be used; the message says why and what to do. */
export class BaselineError extends Error {}

export function serializeBaseline(findings: readonly FingerprintedFinding[]): string {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const entry = entries.get(finding.fingerprint);
    entries.set(finding.fingerprint, {
      fingerprint: finding.fingerprint,
      count: (entry?.count ?? 0) + 1,
      file: finding.file,
      code: finding.code,
      excerpt: entry?.excerpt ?? shorten(finding.excerpt ?? ''),
    });
  }
  const sorted = [...entries.values()].sort(
    (a, b) => compareStrings(a.file, b.file) || compareStrings(a.code, b.code) || compareStrings(a.excerpt, b.excerpt) || compareStrings(a.fingerprint, b.fingerprint),
  );
  const lines = sorted.map((entry) => `    ${JSON.stringify(entry)}`).join(',\n');
  return `{\n  "format": ${JSON.stringify(BASELINE_FORMAT)},\n  "version": ${BASELINE_VERSION},\n  "findings": [${lines ? `\n${lines}\n  ` : ''}]\n}\n`;
}

export async function writeBaseline(file: string, findings: readonly FingerprintedFinding[]): Promise<void> {
  try {
    await fs.writeFile(file, serializeBaseline(findings));
  } catch (error) {
    throw new BaselineError(`Cannot write the baseline ${file}: ${(error as Error).message}.`);
  }
}

export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BaselineError(missing ? `The baseline ${file} does not exist. Write one with --write-baseline ${file}.` : `Cannot read the baseline ${file}: ${(error as Error).message}.`);
  }
  return parseBaseline(file, text);
}

export function parseBaseline(file: string, text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`The baseline ${file} is not valid JSON (${(error as Error).message}). Rewrite it with --write-baseline ${file}.`);
  }
  const record = isRecord(data) ? data : {};
  if (record.format !== BASELINE_FORMAT) {
    throw new BaselineError(`${file} is not a handbook-roles baseline (it has no "format": "${BASELINE_FORMAT}"). Write one with --write-baseline ${file}.`);
  }
  if (record.version !== BASELINE_VERSION) {
    const newer = typeof record.version === 'number' && record.version > BASELINE_VERSION;
    throw new BaselineError(
      `The baseline ${file} has format version ${JSON.stringify(record.version)}, and this handbook-roles reads version ${BASELINE_VERSION} only. ` +
        (newer ? 'Upgrade handbook-roles, or rewrite the baseline' : 'Its fingerprints cannot be compared with this version: rewrite it') +
        ` with --write-baseline ${file}.`,
    );
  }
  if (!Array.isArray(record.findings)) throw new BaselineError(`The baseline ${file} has no "findings" list. Rewrite it with --write-baseline ${file}.`);
  const counts = new Map<string, number>();
  record.findings.forEach((entry: unknown, position: number) => {
    const { fingerprint, count } = isRecord(entry) ? entry : {};
    if (typeof fingerprint !== 'string' || fingerprint === '' || !Number.isInteger(count) || (count as number) < 1) {
      throw new BaselineError(`Entry ${position + 1} of the baseline ${file} needs a "fingerprint" string and a positive whole "count". Rewrite the baseline with --write-baseline ${file}.`);
    }
    // Two entries for one fingerprint (two branches' baselines merged by hand) add up.
    counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + (count as number));
  });
  return counts;
}

/** `findings` in file order: when a file has more copies of a finding than accepted, the last ones are new. */
export function compareWithBaseline(findings: readonly FingerprintedFinding[], baseline: Baseline): BaselineComparison {
  const remaining = new Map(baseline);
  const fresh: FingerprintedFinding[] = [];
  let baselined = 0;
  for (const finding of findings) {
    const accepted = remaining.get(finding.fingerprint) ?? 0;
    if (accepted > 0) {
      remaining.set(finding.fingerprint, accepted - 1);
      baselined++;
    } else {
      fresh.push(finding);
    }
  }
  let fixed = 0;
  for (const count of remaining.values()) fixed += count;
  return { fresh, baselined, fixed };
}

function shorten(excerpt: string): string {
  return excerpt.length > EXCERPT_LIMIT ? `${excerpt.slice(0, EXCERPT_LIMIT - 1)}…` : excerpt;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
