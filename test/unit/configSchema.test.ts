// The JSON Schema of .handbook-roles.yaml (schemas/handbook-roles.schema.json), which VS Code's
// YAML support (Red Hat's extension, through contributes.yamlValidation) completes and validates
// the file with. It is generated here from what the code and package.json already say — every
// server setting of contributes.configuration (same types, defaults and descriptions, the
// prefix taken off, `hover.maxLines` nested), the diagnostic codes for `rules` — so it cannot
// drift: the test fails when the file differs from what it would generate. To write it again:
//   UPDATE_SCHEMA=1 node --import tsx --test test/unit/configSchema.test.ts
// It also holds the schema to the reader: what the schema accepts, the reader reads without a
// problem, and what it refuses the reader names.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { CODES, DIAGNOSTIC_CODES } from '../../server/src/features/diagnostics/codes';
import { CONFIG_FILE_NAMES, readConfigText } from '../../server/src/model/base/configFile';
import { RULE_LEVELS } from '../../server/src/model/base/settings';
import { CLIENT_SETTINGS } from '../support/clientSettings';

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA_PATH = 'schemas/handbook-roles.schema.json';
const PREFIX = 'handbookRoles.';

type JsonObject = Record<string, unknown>;
const MANIFEST = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, JsonObject> }; yamlValidation?: { fileMatch: string[]; url: string }[] };
};

/** A setting's schema in the file: package.json's, without what only VS Code's settings editor reads. */
function propertySchema(property: JsonObject): JsonObject {
  const { markdownDescription, ...rest } = property;
  return { ...rest, description: String(markdownDescription).replace(/`/g, ''), markdownDescription };
}

function generatedSchema(): JsonObject {
  const properties: Record<string, JsonObject> = {};
  for (const [name, property] of Object.entries(MANIFEST.contributes.configuration.properties)) {
    if (CLIENT_SETTINGS.has(name)) continue;
    const keys = name.slice(PREFIX.length).split('.');
    let into = properties;
    for (const key of keys.slice(0, -1)) {
      const group = (into[key] ??= { type: 'object', additionalProperties: false, properties: {} });
      into = group.properties as Record<string, JsonObject>;
    }
    into[keys.at(-1)!] = propertySchema(property);
  }
  // Rules by name, so that the file's editor completes them and describes each.
  const level = { type: 'string', enum: [...RULE_LEVELS] };
  properties.rules = {
    ...properties.rules,
    additionalProperties: false,
    properties: Object.fromEntries(DIAGNOSTIC_CODES.map((code) => [code, { ...level, description: `${CODES[code].summary} (off, or the severity to report it at)` }])),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://gitlab.com/handbook-roles/handbook-roles/-/raw/main/schemas/handbook-roles.schema.json',
    title: 'Handbook Roles configuration (.handbook-roles.yaml)',
    description:
      "The settings the Handbook Roles editor extension and command line share, at the root of the Hugo site: the handbookRoles.* settings without the prefix, and per-rule severities. The file wins over the editor's settings.",
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(path.join(ROOT, SCHEMA_PATH), 'utf8')) as JsonObject);

describe('the configuration file schema', () => {
  it(`${SCHEMA_PATH} is what package.json's settings and the diagnostic codes make of it`, () => {
    const generated = `${JSON.stringify(generatedSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) writeFileSync(path.join(ROOT, SCHEMA_PATH), generated);
    assert.equal(readFileSync(path.join(ROOT, SCHEMA_PATH), 'utf8'), generated, `${SCHEMA_PATH} is out of date: UPDATE_SCHEMA=1 node --import tsx --test test/unit/configSchema.test.ts`);
  });

  it('is contributed for every name the file may have', () => {
    assert.deepEqual(MANIFEST.contributes.yamlValidation, [{ fileMatch: [...CONFIG_FILE_NAMES], url: `./${SCHEMA_PATH}` }]);
  });

  it('accepts what the reader reads without a problem, and refuses what the reader names', () => {
    const readable = [
      {},
      {
        rolePaths: ['jobs/**'],
        extendsPatterns: ['\\bbuilds on\\b'],
        hover: { maxLines: 20 },
        rules: { 'link-via-alias': 'off', 'include-nested': 'error' },
        ignore: ['content/legacy/**'],
        ignoreLinks: ['/generated/**'],
      },
    ];
    for (const config of readable) {
      assert.equal(validate(config), true, JSON.stringify(validate.errors));
      assert.deepEqual(readConfigText(JSON.stringify(config), DIAGNOSTIC_CODES).problems, []);
    }
    const refused = [
      { rolePath: ['x'] },
      { rules: { 'link-missing-anchr': 'off' } },
      { rules: { 'link-via-alias': 'loud' } },
      { hover: { maxLength: 3 } },
      { siteHosts: 'one.example' },
      { maxFileSize: 'big' },
    ];
    for (const config of refused) {
      assert.equal(validate(config), false, JSON.stringify(config));
      assert.notDeepEqual(readConfigText(JSON.stringify(config), DIAGNOSTIC_CODES).problems, [], JSON.stringify(config));
    }
  });
});
