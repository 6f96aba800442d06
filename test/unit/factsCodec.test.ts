// The compact encoding of facts that parse workers send and the facts cache stores: whatever the
// parser produces must come back equal, including shapes the codec has no column for.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { decodeFacts, encodeFacts } from '../../server/src/model/index/load/factsCodec';
import { parseText, type FactsRecord } from '../../server/src/model/index/load/factsLoader';
import { compileExtendsPatterns } from '../../server/src/model/page/parsePage';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { pageText } from '../fuzz/generators';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/handbook');
const extendsPatterns = compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns);

/** What a record says, with its line starts as a plain array. */
const described = (record: FactsRecord | undefined) => record && JSON.stringify({ ...record, lineStarts: [...record.lineStarts], lineEnds: record.lineEnds && [...record.lineEnds] });

function exampleRecords(): { file: string; record: FactsRecord }[] {
  return fs
    .readdirSync(example, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md') && (file.startsWith('content') || file.startsWith('assets')))
    .map((file) => ({ file, record: parseText(fs.readFileSync(path.join(example, file), 'utf8'), file.startsWith('content') ? 'page' : 'include', extendsPatterns) }));
}

describe('the facts codec', () => {
  it('gives back every file of the example handbook as parsed, with its keys in the same order', () => {
    const records = exampleRecords();
    assert.ok(records.length > 40);
    assert.ok(
      records.some(({ record }) => record.facts.links.some((link) => link.extendsSentence)),
      'extends sentences are covered',
    );
    assert.ok(
      records.some(({ record }) => record.facts.headings.some((heading) => heading.explicitId)),
      '{#id} headings are covered',
    );
    assert.ok(
      records.some(({ record }) => record.facts.htmlAnchors.length > 0),
      'HTML anchors are covered',
    );
    for (const { file, record } of records) assert.equal(described(decodeFacts(encodeFacts(record))), described(record), file);
  });

  it('gives back generated pages as parsed, as pages and as include files (fixed seed)', () => {
    fc.assert(
      fc.property(pageText(), fc.constantFrom('page' as const, 'include' as const), (text, kind) => {
        const record = parseText(text, kind, extendsPatterns);
        const decoded = decodeFacts(encodeFacts(record));
        assert.equal(described(decoded), described(record));
        // Each link with its keys in the parser's order: the same object shape for V8, whichever way the facts came.
        assert.deepEqual(
          decoded?.facts.links.map((link) => Object.keys(link)),
          record.facts.links.map((link) => Object.keys(link)),
        );
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('encodes into its scratch space the very bytes it hands over otherwise, whatever was encoded there before', () => {
    // Largest first, so that smaller records are written over what a larger one left.
    const records = exampleRecords().sort((a, b) => encodeFacts(b.record).byteLength - encodeFacts(a.record).byteLength);
    for (const { file, record } of [...records, ...records.reverse()]) assert.deepEqual(encodeFacts(record, { scratch: true }), encodeFacts(record), file);
  });

  it('keeps a field it has no column for, by falling back to JSON', () => {
    const record = parseText('# Title\n\n[a](/a/ "its title")\n', 'page', extendsPatterns);
    const withTitle = { ...record, facts: { ...record.facts, links: record.facts.links.map((link) => ({ ...link, title: 'its title' })) } };
    const decoded = decodeFacts(encodeFacts(withTitle));
    assert.equal(described(decoded), described(withTitle));
    assert.equal((decoded!.facts.links[0] as { title?: string }).title, 'its title');
  });

  it('reads a record that does not start on a 4-byte boundary', () => {
    const { record } = exampleRecords()[0];
    const encoded = encodeFacts(record);
    const shifted = new Uint8Array(encoded.byteLength + 1);
    shifted.set(encoded, 1);
    assert.equal(described(decodeFacts(shifted.subarray(1))), described(record));
  });

  it('refuses bytes that are not a whole record', () => {
    const encoded = encodeFacts(exampleRecords().find(({ record }) => record.facts.links.length > 3)!.record);
    assert.equal(decodeFacts(new Uint8Array(0)), undefined, 'empty');
    assert.equal(decodeFacts(encoded.subarray(0, 20)), undefined, 'header only');
    assert.equal(decodeFacts(encoded.subarray(0, encoded.byteLength - 2)), undefined, 'one character short');
    const wrongMagic = encoded.slice();
    wrongMagic[0] ^= 0xff;
    assert.equal(decodeFacts(wrongMagic), undefined, 'not a record');
  });

  it('gives nothing, and never throws, for a record with any byte changed, cut anywhere, or made of garbage', () => {
    const encoded = encodeFacts(exampleRecords().find(({ record }) => record.facts.links.length > 3 && record.facts.headings.length > 3)!.record);
    for (let at = 0; at < encoded.byteLength; at++) {
      const flipped = encoded.slice();
      flipped[at] ^= 1 << (at % 8);
      assert.equal(decodeFacts(flipped), undefined, `byte ${at} flipped`);
      assert.equal(decodeFacts(encoded.subarray(0, at)), undefined, `cut at ${at}`);
    }
    let seed = 15;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 16) & 0xff;
    for (let length = 0; length < 400; length += 4) {
      const garbage = Uint8Array.from({ length }, random);
      // The right first word, so that more than the magic number is tried.
      if (length >= 4) garbage.set(encoded.subarray(0, 4));
      assert.equal(decodeFacts(garbage), undefined, `${length} bytes of garbage`);
    }
  });
});
