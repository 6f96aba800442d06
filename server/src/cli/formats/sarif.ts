// `--format sarif`: a SARIF 2.1.0 log for code-scanning UIs (GitHub code scanning, GitLab's
// SARIF importers, VS Code's SARIF viewer). One run; the rules are every diagnostic code with
// its description; file URIs are relative to the checked folder, named by the base id
// %SRCROOT%; each result carries our line-independent fingerprint.
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { CODES, DIAGNOSTIC_CODES, type DiagnosticCode } from '../../features/diagnostics/codes';
import { severityName, type Severity } from '../findings';
import { FINGERPRINT_RECIPE, type FingerprintedFinding } from '../fingerprints';
import { TOOL } from '../tool';

const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

export interface SarifOptions {
  /** Absolute path of the checked folder: what %SRCROOT% stands for. */
  readonly folder: string;
  /** Mark each result as new: the findings left after a baseline took the accepted ones. */
  readonly afterBaseline: boolean;
}

export function formatSarif(findings: readonly FingerprintedFinding[], options: SarifOptions): string {
  const rules: Sarif.ReportingDescriptor[] = DIAGNOSTIC_CODES.map((code) => ({
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase()),
    shortDescription: { text: CODES[code].summary },
    fullDescription: { text: CODES[code].description },
    help: { text: CODES[code].help },
    defaultConfiguration: { level: LEVEL[severityName(CODES[code].severity)] },
  }));
  const results: Sarif.Result[] = findings.map((finding) => ({
    ruleId: finding.code,
    ruleIndex: DIAGNOSTIC_CODES.indexOf(finding.code as DiagnosticCode),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT },
          region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_RECIPE]: finding.uniqueFingerprint },
    ...(options.afterBaseline ? { baselineState: 'new' as const } : {}),
  }));
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL.name, version: TOOL.version, semanticVersion: TOOL.version, informationUri: TOOL.informationUri, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(options.folder).href.replace(/\/?$/, '/')}` } },
        // Columns count UTF-16 code units, as the language server's positions do.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
