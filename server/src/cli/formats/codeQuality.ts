// `--format codequality`: GitLab's Code Quality report (artifacts:reports:codequality), the
// subset of the Code Climate issue format that GitLab reads: description, check_name,
// fingerprint, severity, location.path and location.lines.begin. GitLab shows findings with
// the same fingerprint as one, so each finding gets its unique fingerprint.
import type { Severity } from '../findings';
import type { FingerprintedFinding } from '../fingerprints';

type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: CodeQualitySeverity;
  readonly location: { readonly path: string; readonly lines: { readonly begin: number; readonly end: number } };
}

/** As GitLab's own linter integrations (ESLint's gitlab formatter) map theirs. */
const SEVERITY: Record<Severity, CodeQualitySeverity> = {
  error: 'major',
  warning: 'minor',
  information: 'info',
  hint: 'info',
};

export function formatCodeQuality(findings: readonly FingerprintedFinding[]): string {
  const issues: CodeQualityIssue[] = findings.map((finding) => ({
    description: finding.message,
    check_name: finding.code,
    fingerprint: finding.uniqueFingerprint,
    severity: SEVERITY[finding.severity],
    location: { path: finding.file, lines: { begin: finding.line, end: finding.endLine } },
  }));
  // GitLab's parser refuses a byte order mark; JSON.stringify never writes one.
  return `${JSON.stringify(issues, null, 2)}\n`;
}
