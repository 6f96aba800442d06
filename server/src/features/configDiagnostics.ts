// Diagnostics on the handbook's configuration file itself (.handbook-roles.yaml): each problem the
// reader found, where it is written, so that a broken setting is fixed where it is and not
// discovered when CI exits 2.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { ConfigProblem } from '../model/base/configFile';
import { LineIndex } from '../model/base/text';
import { SOURCE } from './diagnostics/codes';
import { toRange } from './shared/positions';

/** Not a catalog code: the command line reports these as a usage error (exit 2), never as findings. */
export const CONFIG_PROBLEM_CODE = 'config-invalid';

export function configFileDiagnostics(text: string, problems: readonly ConfigProblem[]): Diagnostic[] {
  const lines = { lines: new LineIndex(text) };
  return problems.map(({ range, message }) => ({ range: toRange(lines, range), severity: DiagnosticSeverity.Error, code: CONFIG_PROBLEM_CODE, source: SOURCE, message }));
}

/** A configuration file that is not the one in use (another workspace folder's, or one that cannot be read): one diagnostic at its start. */
export function configFileNotUsed(message: string): Diagnostic[] {
  return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, code: CONFIG_PROBLEM_CODE, source: SOURCE, message }];
}
