// Fingerprints say which finding is which across runs, so that a baseline, GitLab's merge request
// widget and code-scanning UIs can tell a new broken link from an old one. They are made from
// what is broken and where (the file, the code, the text of the link destination or include
// call), never from line numbers: adding a paragraph above an old broken link must not make
// it new.
import { createHash } from 'node:crypto';
import type { Finding } from './findings';

/** Bump when the recipe changes: baselines and SARIF consumers key on it. */
export const FINGERPRINT_RECIPE = 'handbookRoles/v1';

export interface FingerprintedFinding extends Finding {
  /** Hash of (file, code, excerpt): equal for identical findings in one file. */
  readonly fingerprint: string;
  /** 1 for the first finding with this fingerprint in file order, 2 for the next, … */
  readonly occurrence: number;
  /** Unique within a run: the fingerprint, with ".N" appended for the N-th identical finding (N ≥ 2). */
  readonly uniqueFingerprint: string;
}

/** `findings` must be in file order (as `check` returns them), so that occurrences count from the top. */
export function fingerprintFindings(findings: readonly Finding[]): FingerprintedFinding[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const fingerprint = fingerprintOf(finding);
    const occurrence = (seen.get(fingerprint) ?? 0) + 1;
    seen.set(fingerprint, occurrence);
    return { ...finding, fingerprint, occurrence, uniqueFingerprint: occurrence === 1 ? fingerprint : `${fingerprint}.${occurrence}` };
  });
}

function fingerprintOf(finding: Finding): string {
  if (finding.excerpt === undefined) throw new Error(`No excerpt for ${finding.file}:${finding.line}: run the check with excerpts to fingerprint it.`);
  return createHash('sha256').update([FINGERPRINT_RECIPE, finding.file, finding.code, finding.excerpt].join('\0')).digest('hex').slice(0, 32);
}
