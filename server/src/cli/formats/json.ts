// `--format json`: the findings as an array, for scripts. Only the documented fields, so the
// output stays the same whatever else a finding carries inside the command line.
import type { Finding } from '../check';

export function formatJson(findings: readonly Finding[]): string {
  const rows = findings.map(({ file, line, column, endLine, endColumn, severity, code, message }) => ({ file, line, column, endLine, endColumn, severity, code, message }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
