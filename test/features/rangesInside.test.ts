// Every range a diagnostic gives lies inside its document, as the editor counts lines (at "\n",
// "\r\n" and a lone "\r") and characters (UTF-16 code units): generated pages mix the three line
// endings with what ends ranges early or late (unterminated front matter and shortcodes, include
// calls cut short, emoji), and fast-check shrinks any page that breaks this to a small one.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Position, Range } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { memoryHandbook } from '../support/memoryHandbook';

const PIECES = [
  '---',
  '+++',
  'title: "T',
  'title: [x',
  'title = [',
  '...',
  '## Requirements',
  '- Extends that of the [Staff](/job-families/eng/staff/#requirements)',
  '[a](/missing/)',
  '{{< include "includes/x.md" >}}',
  '{{% include "includes/missing',
  '{{< include',
  '{{%',
  '{{< foo ',
  '{{$ include "a.md" %}}',
  '😀',
  '\uD83D',
  ' ',
  'text',
];
const LINE_ENDINGS = ['\n', '\r\n', '\r'];

/** A page: pieces, each followed by nothing or by any of the three line endings. */
const pageText = fc.array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom('', ...LINE_ENDINGS)), { maxLength: 14 }).map((parts) => parts.map(([piece, ending]) => piece + ending).join(''));

function inside(lines: readonly string[], position: Position): boolean {
  return Number.isInteger(position.line) && position.line >= 0 && position.line < lines.length && position.character >= 0 && position.character <= lines[position.line].length;
}

function ordered({ start, end }: Range): boolean {
  return start.line < end.line || (start.line === end.line && start.character <= end.character);
}

describe('diagnostic ranges', () => {
  it('lie inside the document for any mix of line endings, unterminated front matter and shortcodes, and emoji', async () => {
    await fc.assert(
      fc.asyncProperty(pageText, async (text) => {
        const handbook = await memoryHandbook({ 'content/page.md': text, 'assets/includes/x.md': '- Included\r' });
        const lines = text.split(/\r\n|\r|\n/);
        for (const diagnostic of computeDiagnostics(handbook.index, handbook.file('content/page.md'))) {
          const where = `${String(diagnostic.code)} at ${JSON.stringify(diagnostic.range)} in ${JSON.stringify(text)}`;
          assert.ok(inside(lines, diagnostic.range.start) && inside(lines, diagnostic.range.end), `outside the document: ${where}`);
          assert.ok(ordered(diagnostic.range), `ends before it starts: ${where}`);
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
