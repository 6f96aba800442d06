// `--format json`: the findings as an array, for scripts. Only the documented fields, so the
// output stays the same whatever else a finding carries inside the command line.
import type { Finding } from '../findings';

/** The report in pieces that join into `JSON.stringify(rows, null, 2)`: one piece per finding, so no string holds all of them. */
export function formatJson(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['[]\n'];
  const rows = findings.map(({ file, line, column, endLine, endColumn, severity, code, message }, at) => {
    const row = JSON.stringify({ file, line, column, endLine, endColumn, severity, code, message }, null, 2).replace(/\n/g, '\n  ');
    return `${at === 0 ? '[\n' : ',\n'}  ${row}`;
  });
  rows.push('\n]\n');
  return rows;
}
