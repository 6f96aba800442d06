// `--format text` (the default): one `path:line:col severity code message` line per finding,
// which terminals and editors turn into links, and a summary for people.
import type { Finding, Severity } from '../findings';

/** Above this many findings the summary points at the machine formats and baselines. */
const MANY_FINDINGS = 30;

const COLORS: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '36' };

/** One line per finding, made as it is written. */
export function* formatText(findings: readonly Finding[], options: { color: boolean }): Generator<string> {
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  for (const finding of findings) yield `${finding.file}:${finding.line}:${finding.column} ${paint(COLORS[finding.severity], finding.severity)} ${paint('2', finding.code)} ${finding.message}\n`;
}

export interface SummaryFacts {
  /** The findings that were reported (after the baseline took its share). */
  readonly findings: readonly Finding[];
  readonly files: number;
  /** Present when a baseline was used. */
  readonly baseline?: { readonly file: string; readonly baselined: number; readonly fixed: number };
  /** Whether the findings were printed in the text format (else the tips about formats are moot). */
  readonly text: boolean;
}

export function formatSummary(facts: SummaryFacts): string {
  const { findings, files, baseline } = facts;
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), `${count('information') + count('hint')} information`].filter((part) => !part.startsWith('0 '));
  const inFiles = `in ${plural(files, 'file')}`;
  const lines: string[] = [];
  const problems = findings.length === 0 ? `No ${baseline ? 'new ' : ''}problems ${inFiles}` : `${plural(findings.length, baseline ? 'new problem' : 'problem')} (${parts.join(', ')}) ${inFiles}`;
  lines.push(
    baseline && baseline.baselined > 0 ? `${problems}; ${plural(baseline.baselined, 'known problem')} from the baseline ${baseline.baselined === 1 ? 'is' : 'are'} not shown.` : `${problems}.`,
  );
  if (baseline && baseline.fixed > 0) {
    lines.push(
      `${plural(baseline.fixed, 'problem')} of the baseline ${baseline.fixed === 1 ? 'is' : 'are'} fixed: run with --write-baseline ${baseline.file} to drop ${baseline.fixed === 1 ? 'it' : 'them'} from it.`,
    );
  }
  if (facts.text && findings.length > MANY_FINDINGS) {
    lines.push(
      baseline
        ? 'Tip: --format json, sarif or codequality writes the findings for tools.'
        : 'Tip: --format json, sarif or codequality writes the findings for tools; --write-baseline FILE, then --baseline FILE, fails only on new problems.',
    );
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
