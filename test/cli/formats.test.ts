// The CI formats on the example handbook: SARIF 2.1.0 validated against the official schema,
// GitLab Code Quality against the fields GitLab documents, and both holding exactly the
// README's deliberate defects.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv07 from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { placedExpectedFindings } from './expectedFindings';
import { EXAMPLE, runCli } from './support';

const schemas = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemas');
const readSchema = (name: string): object => JSON.parse(readFileSync(path.join(schemas, name), 'utf8')) as object;

/** The diagnostic codes of the catalog (server/src/features/diagnostics/codes.ts), written out: the rules a SARIF log must describe. */
const ALL_CODES = [
  'link-address-as-path',
  'file-not-text',
  'file-too-large',
  'file-unreadable',
  'front-matter-invalid',
  'shortcode-unterminated',
  'include-malformed',
  'include-missing',
  'include-outside-root',
  'include-nested',
  'include-cycle',
  'extends-missing-page',
  'extends-missing-section',
  'extends-cycle',
  'extends-self',
  'link-missing-page',
  'link-missing-anchor',
  'link-via-alias',
  'suppression-invalid',
  'suppression-unused',
  'ref-missing-page',
  'ref-missing-anchor',
  'link-empty',
];

function validator(ajv: Ajv04 | Ajv07, schema: object): (data: unknown) => void {
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (data) => assert.ok(validate(data), `schema errors:\n${JSON.stringify(validate.errors, null, 2)}`);
}

describe('--format sarif', () => {
  // unicodeRegExp off: the schema's pattern for `language` has a stray "]", which only a
  // non-Unicode regular expression accepts (as the JSON Schema validators of its day did).
  const validateSarif = validator(new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }), readSchema('sarif-2.1.0-rtm.5.json'));

  it('the schema check is real: it refuses a broken log', () => {
    assert.throws(() => validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), /name/);
    assert.throws(() => validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), /level/);
  });

  it('is a valid SARIF 2.1.0 log with our tool, its rules and exactly the deliberate defects', async () => {
    const run = await runCli(['check', EXAMPLE, '--format', 'sarif']);
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    validateSarif(log);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    const { driver } = sarifRun.tool;
    assert.equal(driver.name, 'handbook-roles');
    assert.match(driver.version!, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri!, /^https:\/\//);
    assert.deepEqual(driver.rules!.map((rule) => rule.id).sort(), [...ALL_CODES].sort());
    for (const rule of driver.rules!) {
      for (const text of [rule.shortDescription?.text, rule.fullDescription?.text, rule.help?.text]) assert.ok(text && text.length > 10, `rule ${rule.id} needs descriptions and help`);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration!.level!), rule.id);
    }
    assert.equal(sarifRun.originalUriBaseIds!['%SRCROOT%'].uri, `${pathToFileURL(EXAMPLE).href}/`);

    const levels: Record<string, string> = { error: 'error', warning: 'warning', information: 'note' };
    assert.deepEqual(
      sarifRun.results!.map((result) => {
        const { artifactLocation, region } = result.locations![0].physicalLocation!;
        assert.equal(artifactLocation!.uriBaseId, '%SRCROOT%');
        assert.equal(driver.rules![result.ruleIndex!].id, result.ruleId);
        return {
          file: artifactLocation!.uri,
          line: region!.startLine,
          column: region!.startColumn,
          endLine: region!.endLine,
          endColumn: region!.endColumn,
          level: result.level,
          ruleId: result.ruleId,
        };
      }),
      placedExpectedFindings().map((finding) => ({
        file: finding.file,
        line: finding.line,
        column: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
        level: levels[finding.severity],
        ruleId: finding.code,
      })),
    );
    const fingerprints = sarifRun.results!.map((result) => result.partialFingerprints!['handbookRoles/v1']);
    assert.ok(
      fingerprints.every((fingerprint) => /^[0-9a-f]{32}(\.\d+)?$/.test(fingerprint)),
      fingerprints.join(' '),
    );
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'each result has its own fingerprint');
    assert.ok(
      sarifRun.results!.every((result) => result.baselineState === undefined),
      'no baseline, no baseline state',
    );
  });
});

describe('--format codequality', () => {
  const validateCodeQuality = validator(new Ajv07({ allErrors: true, strict: true }), readSchema('gitlab-codequality.schema.json'));

  it('the schema check is real: it refuses a report GitLab would not read', () => {
    assert.throws(() => validateCodeQuality([{ description: 'd', check_name: 'c', fingerprint: 'f', severity: 'warning', location: { path: 'a.md', lines: { begin: 1 } } }]), /severity|enum/);
    assert.throws(() => validateCodeQuality([{ description: 'd', check_name: 'c', fingerprint: 'f', severity: 'minor', location: { path: 'a.md' } }]), /lines/);
  });

  it("holds GitLab's documented fields and exactly the deliberate defects, each with its own fingerprint", async () => {
    const run = await runCli(['check', EXAMPLE, '--format', 'codequality']);
    assert.equal(run.code, 1, run.stderr);
    assert.notEqual(run.stdout.charCodeAt(0), 0xfeff, 'GitLab refuses a byte order mark');
    const issues = JSON.parse(run.stdout) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    validateCodeQuality(issues);
    const severities: Record<string, string> = { error: 'major', warning: 'minor', information: 'info' };
    assert.deepEqual(
      issues.map((issue) => ({ path: issue.location.path, begin: issue.location.lines.begin, check_name: issue.check_name, severity: issue.severity })),
      placedExpectedFindings().map((finding) => ({ path: finding.file, begin: finding.line, check_name: finding.code, severity: severities[finding.severity] })),
    );
    assert.ok(issues.every((issue) => issue.description.length > 10));
    assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, issues.length, 'GitLab shows findings with one fingerprint as one');
  });

  it('uses the same fingerprints as SARIF', async () => {
    const [quality, sarif] = await Promise.all([runCli(['check', EXAMPLE, '--format', 'codequality']), runCli(['check', EXAMPLE, '--format', 'sarif'])]);
    assert.deepEqual(
      (JSON.parse(quality.stdout) as { fingerprint: string }[]).map((issue) => issue.fingerprint),
      (JSON.parse(sarif.stdout) as Sarif.Log).runs[0].results!.map((result) => result.partialFingerprints!['handbookRoles/v1']),
    );
  });
});
