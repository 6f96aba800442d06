// The fixture format the feature tests are written in: files, the cursor, marked ranges, dedent,
// and the edit helper that applies answers back to the fixture.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyWorkspaceEdit } from '../support/applyEdits';
import { loadFixture, parseFixture } from '../support/fixture';

describe('fixture parser', () => {
  it('splits files at "//- /path" headers, dedents, and ends each file with one newline', () => {
    const { files } = parseFixture(`
      //- /content/a.md
      # A
          indented code

      //- /assets/includes/b.md
      - B


    `);
    assert.deepEqual(files, { 'content/a.md': '# A\n    indented code\n', 'assets/includes/b.md': '- B\n' });
  });

  it('dedents each file by its own header, so a shared fixture can be interpolated at another indentation', () => {
    const shared = `
  //- /content/shared.md
  - shared
    - nested`;
    const { files } = parseFixture(`
      ${shared}
      //- /content/own.md
      - own
    `);
    assert.deepEqual(files, { 'content/shared.md': '- shared\n  - nested\n', 'content/own.md': '- own\n' });
  });

  it('removes the cursor and the range markers, reporting offsets and positions without them', () => {
    const { files, cursor, ranges } = parseFixture(`
      //- /content/a.md
      first line
      see [$[Staff$]](/$[jobs/$0staff/$])
      //- /content/b.md
      $[{{$ include "x.md" %}}$]
    `);
    assert.equal(files['content/a.md'], 'first line\nsee [Staff](/jobs/staff/)\n');
    assert.deepEqual(cursor, { path: 'content/a.md', offset: 29, position: { line: 1, character: 18 } });
    assert.deepEqual(
      ranges.map((range) => [range.path, range.text, range.range.start.line, range.range.start.character, range.range.end.character]),
      [
        ['content/a.md', 'Staff', 1, 5, 10],
        ['content/a.md', 'jobs/staff/', 1, 13, 24],
        ['content/b.md', '{{$ include "x.md" %}}', 0, 0, 22],
      ],
    );
  });

  it('numbers nested ranges in the order they open', () => {
    const { ranges } = parseFixture(`
      //- /content/a.md
      $[outer $[inner$] end$]
    `);
    assert.deepEqual(
      ranges.map((range) => range.text),
      ['outer inner end', 'inner'],
    );
  });

  it('refuses what would make a test silently wrong', () => {
    assert.throws(() => parseFixture('text without a file'), /before the first/);
    assert.throws(() => parseFixture('//- /content/a.md\n$0 and $0'), /one cursor/);
    assert.throws(() => parseFixture('//- /content/a.md\n$[ open'), /without "\$\]"/);
    assert.throws(() => parseFixture('//- /content/a.md\nclose $]'), /without "\$\["/);
    assert.throws(() => parseFixture('//- /content/a.md\n//- /content/a.md'), /written twice/);
  });
});

describe('fixture handbook', () => {
  it('indexes the files with the real index and applies workspace edits to their texts', async () => {
    const fixture = await loadFixture(`
      //- /content/jobs/staff.md
      ---
      title: "Staff Engineer"
      ---
      ## Requirements$0
    `);
    assert.equal(fixture.index.titleOf(fixture.file()), 'Staff Engineer');
    assert.equal(fixture.file().url, '/jobs/staff/');
    const uri = fixture.uri();
    const edited = applyWorkspaceEdit(fixture, {
      documentChanges: [
        { kind: 'create', uri: fixture.uri('assets/includes/new.md') },
        { textDocument: { uri, version: null }, edits: [{ range: { start: fixture.at.position, end: fixture.at.position }, newText: ' {#req}' }] },
      ],
    });
    assert.equal(edited.texts['content/jobs/staff.md'], '---\ntitle: "Staff Engineer"\n---\n## Requirements {#req}\n');
    assert.deepEqual(edited.created, ['assets/includes/new.md']);
  });
});
