// What `handbook-roles check examples/handbook` must report: the "Deliberate defects" of
// examples/handbook/README.md, written out by hand, one entry per finding. This is the one place
// to update when the README's list changes.
//
// Each entry names the source text the finding is about (`at`, as the README quotes it); the
// expected columns are where that text stands on the line, so they follow the file, not the
// tool's output.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE } from './support';

export interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly code: string;
  /** The text the finding's range covers, exactly; it must occur once on the line. */
  readonly at: string;
  /** Something the message must say. */
  readonly says: string;
}

const CAREERS = 'content/handbook/engineering/careers';
const MANAGEMENT = 'content/job-families/engineering/development/management';
const INCLUDES = 'assets/includes/engineering-careers';

export const EXPECTED: readonly ExpectedFinding[] = [
  // Links to a missing page or anchor: warnings.
  { file: `${CAREERS}/cross-references.md`, line: 7, severity: 'warning', code: 'ref-missing-page', at: 'old-faq.md', says: 'href=""' },
  { file: `${CAREERS}/cross-references.md`, line: 9, severity: 'warning', code: 'ref-missing-anchor', at: '/handbook/engineering/careers/faq.md#no-such-question', says: '#no-such-question' },
  { file: `${CAREERS}/cross-references.md`, line: 13, severity: 'information', code: 'link-missing-anchor', at: '/handbook/engineering/careers/kpis/#hiring-kpi', says: 'shortcode "kpi"' },
  // A bare URL: goldmark's Linkify (on in Hugo by default) makes it a link.
  {
    file: `${CAREERS}/cross-references.md`,
    line: 15,
    severity: 'warning',
    code: 'link-missing-anchor',
    at: 'https://handbook.gitlab.com/handbook/engineering/careers/faq/#no-such-answer',
    says: '#no-such-answer',
  },
  { file: `${MANAGEMENT}/senior-distinguished.md`, line: 32, severity: 'warning', code: 'link-missing-anchor', at: '/handbook/engineering/careers/#roles', says: '#roles' },
  { file: `${CAREERS}/_index.md`, line: 21, severity: 'warning', code: 'link-missing-anchor', at: '/jobs/developer#engineering-fellow', says: '#engineering-fellow' },
  { file: `${CAREERS}/_index.md`, line: 63, severity: 'warning', code: 'link-missing-page', at: '/jobs/security-management#security-engineering-manager', says: '/jobs/security-management' },
  { file: `${CAREERS}/_index.md`, line: 65, severity: 'warning', code: 'link-missing-page', at: '/jobs/security-management#director-of-security', says: '/jobs/security-management' },
  {
    file: 'content/job-families/engineering/development/fullstack.md',
    line: 24,
    severity: 'warning',
    code: 'link-missing-anchor',
    at: '/job-families/engineering/development/backend/#hiring-proces',
    says: '#hiring-proces',
  },
  {
    file: `${CAREERS}/matrix/development/_index.md`,
    line: 9,
    severity: 'warning',
    code: 'link-missing-page',
    at: '/job-families/engineering/frontend/#senior-frontend-engineer',
    says: '/job-families/engineering/development/frontend/',
  },
  // Anchors Goldmark writes or does not: two footnotes make fn:1 and fn:2, not fn:3; a nested {{% details %}} numbers its headings apart.
  { file: 'content/handbook/values/_index.md', line: 59, severity: 'warning', code: 'link-missing-anchor', at: '#fn:3', says: '#fn:3' },
  { file: 'content/handbook/values/_index.md', line: 74, severity: 'warning', code: 'link-missing-anchor', at: '#earlier-wording-1', says: '#earlier-wording-1' },
  // Links that work only through an alias: a hint-like note, not a failure.
  {
    file: `${CAREERS}/matrix/development/_index.md`,
    line: 9,
    severity: 'information',
    code: 'link-via-alias',
    at: '/job-families/engineering/backend-engineer/',
    says: '/job-families/engineering/development/backend/',
  },
  {
    file: 'content/jobs/developer.md',
    line: 5,
    severity: 'information',
    code: 'link-via-alias',
    at: '/job-families/engineering/backend-engineer/',
    says: '/job-families/engineering/development/backend/',
  },
  // Include shortcodes in pages: errors.
  {
    file: `${CAREERS}/matrix/infrastructure/core-platform/distribution/senior.md`,
    line: 22,
    severity: 'error',
    code: 'include-malformed',
    at: '{{$ include "includes/engineering/development-senior-leadership-competency.md" %}}',
    says: '{{%',
  },
  {
    file: `${CAREERS}/matrix/infrastructure/core-platform/distribution/senior.md`,
    line: 22,
    severity: 'error',
    code: 'include-missing',
    at: 'includes/engineering/development-senior-leadership-competency.md',
    says: 'not found',
  },
  {
    file: `${CAREERS}/matrix/development/senior.md`,
    line: 34,
    severity: 'error',
    code: 'include-missing',
    at: 'includes/engineering-careers/development-senior-values-competencies.md',
    says: 'not found',
  },
  {
    file: `${CAREERS}/matrix/development/staff.md`,
    line: 24,
    severity: 'error',
    code: 'include-malformed',
    at: '{{% include "includes/engineering-careers/staff-technical-competency.md"',
    says: 'never closed',
  },
  // Nested include calls inside include files: printed as text by Hugo, so warnings.
  {
    file: `${INCLUDES}/leadership-principles.md`,
    line: 6,
    severity: 'warning',
    code: 'include-cycle',
    at: 'includes/engineering-careers/management-principles.md',
    says: 'leadership-principles.md → includes/engineering-careers/management-principles.md → includes/engineering-careers/leadership-principles.md',
  },
  {
    file: `${INCLUDES}/management-principles.md`,
    line: 6,
    severity: 'warning',
    code: 'include-cycle',
    at: 'includes/engineering-careers/leadership-principles.md',
    says: 'management-principles.md → includes/engineering-careers/leadership-principles.md → includes/engineering-careers/management-principles.md',
  },
  { file: `${INCLUDES}/staff-technical-competency.md`, line: 7, severity: 'warning', code: 'include-nested', at: 'includes/engineering-careers/technical-writing-competency.md', says: 'literal text' },
  // Front matter: an error.
  { file: `${MANAGEMENT}/engineering-fellow.md`, line: 2, severity: 'error', code: 'front-matter-invalid', at: 'title: Engineering Fellow: Development', says: 'YAML' },
];

export interface PlacedFinding extends Omit<ExpectedFinding, 'at' | 'says'> {
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The expected findings with their 1-based columns, found in the example's files, in the order the CLI reports (file, line, column). */
export function placedExpectedFindings(): PlacedFinding[] {
  return EXPECTED.map(({ at, says: _says, ...finding }) => {
    const text = readFileSync(path.join(EXAMPLE, finding.file), 'utf8').split('\n')[finding.line - 1] ?? '';
    const index = text.indexOf(at);
    if (index === -1 || text.indexOf(at, index + 1) !== -1) throw new Error(`${finding.file}:${finding.line} should hold ${JSON.stringify(at)} exactly once: ${JSON.stringify(text)}`);
    return { ...finding, column: index + 1, endLine: finding.line, endColumn: index + 1 + at.length };
  }).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

export function countBySeverity(findings: readonly { severity: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { severity } of findings) counts[severity] = (counts[severity] ?? 0) + 1;
  return counts;
}
