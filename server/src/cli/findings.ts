// What the command line reports: one finding per diagnostic, with 1-based positions and paths
// relative to the checked folder, and the one order findings are listed in.
import { DiagnosticSeverity } from 'vscode-languageserver-types';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

const SEVERITY_NAMES: Record<DiagnosticSeverity, Severity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** How reports name an LSP severity. */
export function severityName(severity: DiagnosticSeverity): Severity {
  return SEVERITY_NAMES[severity];
}

/** From most to least severe: `--fail-on` and sorting use this order. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export interface Finding {
  /** Relative to the checked folder, with '/' separators. */
  readonly file: string;
  /** 1-based; the end is exclusive (the column after the last character), as in SARIF. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /**
   * The source text the finding is about (a link destination, an include path, a whole
   * malformed call), whitespace collapsed; fingerprints are made from it instead of from line
   * numbers. Present only when the check was asked for excerpts.
   */
  readonly excerpt?: string;
}

/** By file, then position, then code: the same order on every machine and locale. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.code, b.code) || compareStrings(a.message, b.message);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
