// Lines as LSP and CommonMark count them: a line ends at `\n`, at `\r\n` and at a lone `\r`, and
// characters are UTF-16 code units. Positions made from offsets always lie inside the document.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LineIndex, lineBoundsOf, lineEndAt, lineEndOf } from '../../server/src/model/base/text';
import { decodeFacts, encodeFacts } from '../../server/src/model/index/load/factsCodec';
import { parseText } from '../../server/src/model/index/load/factsLoader';

/** Each line of `text` as [start, end] offsets. */
function linesOf(text: string): [number, number][] {
  const { lineStarts, lineEnds } = lineBoundsOf(text);
  return [...lineStarts].map((start, line) => [start, lineEndOf(lineStarts, lineEnds, line, text.length)]);
}

describe('line bounds', () => {
  const cases: [string, string, [number, number][]][] = [
    [
      'ends lines at a line feed',
      'ab\ncd\n',
      [
        [0, 2],
        [3, 5],
        [6, 6],
      ],
    ],
    [
      'ends lines at a lone carriage return',
      'ab\rcd\r',
      [
        [0, 2],
        [3, 5],
        [6, 6],
      ],
    ],
    [
      'counts a CRLF as one line ending',
      'ab\r\ncd\r\n',
      [
        [0, 2],
        [4, 6],
        [8, 8],
      ],
    ],
    [
      'counts every kind in a mixed text',
      'a\rb\r\nc\nd\n\re',
      [
        [0, 1],
        [2, 3],
        [5, 6],
        [7, 8],
        [9, 9],
        [10, 11],
      ],
    ],
    [
      'keeps an LF after CRLF a line of its own',
      'a\r\n\nb',
      [
        [0, 1],
        [3, 3],
        [4, 5],
      ],
    ],
    ['has one empty line for the empty text', '', [[0, 0]]],
  ];
  for (const [name, text, expected] of cases) it(name, () => assert.deepEqual(linesOf(text), expected));
});

describe('positions and offsets', () => {
  const text = 'one\rtwo😀\r\nthree\n';
  const lines = new LineIndex(text);

  it('puts an offset after a lone CR on the next line', () => {
    assert.deepEqual(lines.positionAt(text.indexOf('two')), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(text.indexOf('three')), { line: 2, character: 0 });
  });

  it('counts characters in UTF-16 code units', () => assert.deepEqual(lines.positionAt(text.indexOf('\r\n')), { line: 1, character: 5 }));

  it('takes an offset inside a CRLF or past the text to the nearest position in the document', () => {
    assert.deepEqual(lines.positionAt(text.indexOf('\r\n') + 1), { line: 1, character: 5 });
    assert.deepEqual(lines.positionAt(text.length + 10), { line: 3, character: 0 });
    assert.deepEqual(lines.positionAt(-4), { line: 0, character: 0 });
  });

  it('reads a character past the end of a line as the line end, never inside its line ending', () => {
    assert.equal(lines.offsetAt({ line: 1, character: 99 }), text.indexOf('\r\n'));
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), text.indexOf('\r'));
    assert.equal(lines.offsetAt({ line: 99, character: 0 }), text.length);
  });

  it('gives a line without its line ending', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map((line) => lines.lineText(text, line)),
      ['one', 'two😀', 'three', ''],
    );
  });

  it('finds where a line ends at any of the three endings', () => {
    assert.deepEqual(
      [0, 4, 11].map((from) => lineEndAt(text, from)),
      [3, 9, 16],
    );
    assert.equal(lineEndAt('no ending', 3), 9);
  });

  it('keeps a table of line ends only for a text with a line that ends otherwise than one before the next starts', () => {
    for (const sample of ['ab\ncd\n', 'ab\rcd', 'x\n\n\ny😀', '', '\n']) assert.equal(lineBoundsOf(sample).lineEnds, undefined, JSON.stringify(sample));
    for (const sample of ['a\r\nb\n', 'a\rb\r\nc\nd\n\re'])
      assert.deepEqual(
        [...(lineBoundsOf(sample).lineEnds ?? [])],
        linesOf(sample).map(([, end]) => end),
        JSON.stringify(sample),
      );
  });

  it('answers from the line starts alone as it would from the line ends, whatever the endings', () => {
    // Texts whose lines all end with one character keep no table of line ends: the answers must not tell.
    for (const sample of ['ab\ncd\n', 'ab\rcd', 'x\n\n\ny😀', '', '\n', 'a\r\nb\n', 'a\rb\r\nc\nd\n\re']) {
      const lines = new LineIndex(sample);
      const { lineStarts } = lineBoundsOf(sample);
      const lineEnds = [...lineStarts].map((start) => lineEndAt(sample, start));
      for (let offset = -1; offset <= sample.length + 1; offset++) {
        const clamped = Math.max(0, Math.min(offset, sample.length));
        let line = 0;
        while (line + 1 < lineStarts.length && lineStarts[line + 1] <= clamped) line++;
        assert.deepEqual(lines.positionAt(offset), { line, character: Math.min(clamped, lineEnds[line]) - lineStarts[line] }, JSON.stringify([sample, offset]));
      }
      for (let line = 0; line < lineStarts.length; line++) {
        assert.equal(lines.lineText(sample, line), sample.slice(lineStarts[line], lineEnds[line]));
        for (const character of [0, 1, 99]) assert.equal(lines.offsetAt({ line, character }), Math.min(lineStarts[line] + character, lineEnds[line]));
      }
    }
  });

  it('survives the facts codec, so the cache and parse workers give the same lines', () => {
    const record = parseText(text, 'page', []);
    const decoded = decodeFacts(encodeFacts(record))!;
    assert.deepEqual([...decoded.lineStarts], [...record.lineStarts]);
    assert.deepEqual(decoded.lineEnds && [...decoded.lineEnds], record.lineEnds && [...record.lineEnds]);
  });
});
