// `--format json`: the findings as an array, for scripts. Only the documented fields, so the
// output stays the same whatever else a finding carries inside the command line.
import type { Finding } from '../findings';

/**
 * The report in pieces that join into `JSON.stringify(rows, null, 2)`: one piece per finding,
 * made as it is written, so that no string holds all of them and no piece outlives its write.
 */
export function* formatJson(findings: readonly Finding[]): Generator<string> {
  if (findings.length === 0) {
    yield '[]\n';
    return;
  }
  for (const [at, { file, line, column, endLine, endColumn, severity, code, message }] of findings.entries()) {
    const row = JSON.stringify({ file, line, column, endLine, endColumn, severity, code, message }, null, 2).replace(/\n/g, '\n  ');
    yield `${at === 0 ? '[\n' : ',\n'}  ${row}`;
  }
  yield '\n]\n';
}
