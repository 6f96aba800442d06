// Tidy (rust-analyzer's xtask/src/tidy.rs idea): the documents that restate the code must agree
// with it. README.md's table of diagnostic codes with the catalog (features/diagnostics/codes.ts);
// package.json's contributes.configuration and README.md's table of settings with the defaults
// and the reading of model/base/settings.ts. Each has one home in the code; these tests fail when
// a document drifts from it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { severityName } from '../../server/src/cli/findings';
import { CODES, DIAGNOSTIC_CODES } from '../../server/src/features/diagnostics/codes';
import { DEFAULT_SETTINGS, readSettings, type HandbookSettings } from '../../server/src/model/base/settings';
import { CLIENT_SETTINGS } from '../support/clientSettings';

const ROOT = path.resolve(__dirname, '..', '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface ConfigurationProperty {
  readonly type: string;
  readonly items?: { readonly type: string };
  readonly enum?: readonly unknown[];
  readonly default: unknown;
}
const MANIFEST = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, ConfigurationProperty> } } };
const PROPERTIES = MANIFEST.contributes.configuration.properties;

const SETTING_PREFIX = 'handbookRoles.';

type SettingsField = keyof HandbookSettings;

/** The body rows of the README table with this header row, each as its cells. */
function tableRows(header: readonly string[]): string[][] {
  const lines = README.split('\n');
  const start = lines.findIndex((line) => isDeepStrictEqual(cellsOf(line), header));
  assert.notEqual(start, -1, `README.md has a table | ${header.join(' | ')} |`);
  const body = lines.slice(start + 2);
  const end = body.findIndex((line) => !line.startsWith('|'));
  return body.slice(0, end === -1 ? body.length : end).map(cellsOf);
}

function cellsOf(line: string): string[] {
  return line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** What the `code spans` of a cell say. */
function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}

/** What readSettings makes of a client's settings that hold `value` under the setting `name`. */
function readOne(name: string, value: unknown): HandbookSettings {
  const keys = name.slice(SETTING_PREFIX.length).split('.');
  const raw = keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
  return readSettings(raw);
}

/** A value of the setting's declared type that no default has. */
function probeOf(property: ConfigurationProperty): unknown {
  if (property.type === 'boolean') return !property.default;
  if (property.enum) return property.enum.find((value) => value !== property.default);
  if (property.type === 'object') return { 'link-via-alias': 'off' };
  return property.type === 'array' ? ['tidy-probe'] : property.type === 'number' ? 4242 : 'tidy probe';
}

/** The field of HandbookSettings that readSettings fills from the setting `name`, found by giving it a value. */
function fieldReadFrom(name: string, property: ConfigurationProperty): SettingsField {
  const probe = probeOf(property);
  const read = readOne(name, probe);
  const changed = (Object.keys(DEFAULT_SETTINGS) as SettingsField[]).filter((field) => !isDeepStrictEqual(read[field], DEFAULT_SETTINGS[field]));
  assert.equal(changed.length, 1, `readSettings should read ${name} (a ${property.type}) into one field, not [${changed.join(', ')}]`);
  assert.deepEqual(read[changed[0]], probe, `readSettings should take ${name} as given`);
  return changed[0];
}

/** package.json's type of a setting whose default is `value`. */
function declaredTypeOf(value: unknown): Pick<ConfigurationProperty, 'type' | 'items'> {
  if (Array.isArray(value)) return { type: 'array', items: { type: 'string' } };
  return { type: typeof value };
}

const SERVER_SETTINGS = Object.entries(PROPERTIES).filter(([name]) => !CLIENT_SETTINGS.has(name));

/** The code's default of every setting package.json declares (client settings: package.json's own). */
function codeDefaultOf(name: string): unknown {
  const property = PROPERTIES[name];
  return CLIENT_SETTINGS.has(name) ? property.default : DEFAULT_SETTINGS[fieldReadFrom(name, property)];
}

describe('tidy', () => {
  it("README.md's table of codes lists every diagnostic code at its catalog severity", () => {
    const documented = tableRows(['code', 'severity', 'what']).flatMap(([codes, severity]) => codeSpans(codes).map((code) => [code, severity]));
    assert.equal(new Set(documented.map(([code]) => code)).size, documented.length, 'README.md lists each code once');
    const catalog = DIAGNOSTIC_CODES.map((code) => [code, severityName(CODES[code].severity)]);
    assert.deepEqual(Object.fromEntries(documented), Object.fromEntries(catalog));
  });

  it('every code has a rule text: a one-sentence summary, a description and help', () => {
    for (const code of DIAGNOSTIC_CODES) {
      const { summary, description, help } = CODES[code];
      assert.match(summary, /^[A-Z][^.]*\.$/, `${code}'s summary`);
      assert.ok(description.length > summary.length, `${code}'s description says more than its summary`);
      assert.match(help, /^\S.*\.$/, `${code}'s help`);
    }
  });

  it("package.json declares every setting readSettings reads, with the code's type and default", () => {
    const fields = SERVER_SETTINGS.map(([name, property]) => {
      const field = fieldReadFrom(name, property);
      assert.deepEqual({ type: property.type, ...(property.items ? { items: property.items } : {}) }, declaredTypeOf(DEFAULT_SETTINGS[field]), `${name}'s type`);
      assert.deepEqual(property.default, DEFAULT_SETTINGS[field], `${name}'s default`);
      return field;
    });
    assert.deepEqual([...fields].sort(), Object.keys(DEFAULT_SETTINGS).sort(), 'each setting of HandbookSettings is declared once');
  });

  it("README.md's table of settings lists package.json's settings with the code's defaults", () => {
    const documented = tableRows(['setting', 'default', 'meaning']).map(([name, value]) => {
      const [written] = codeSpans(value);
      return [codeSpans(name)[0], JSON.parse(written) as unknown];
    });
    const declared = Object.keys(PROPERTIES).map((name) => [name, codeDefaultOf(name)]);
    assert.deepEqual(documented, declared);
  });
});
