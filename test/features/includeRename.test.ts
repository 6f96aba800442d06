// Rename of an include path string: the file's rename operation after the text edits of every
// include call of it, and the refusals.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { prepareIncludeRename, renameIncludePath } from '../../server/src/features/includeRename';
import { applyTextEdits } from '../support/applyEdits';
import { loadFixture } from '../support/fixture';

const HANDBOOK = `
  //- /content/a.md
  {{% include "includes/$0values.md" %}}
  //- /content/b.md
  {{< include "/includes/values.md" >}}
  //- /assets/includes/values.md
  - Values.
  //- /assets/includes/other.md
  - Other.
`;

describe('include path rename', () => {
  it('moves the include file and updates every call of it, text edits first', async () => {
    const fixture = await loadFixture(HANDBOOK);
    assert.deepEqual(prepareIncludeRename(fixture.index, fixture.file(), fixture.at.offset), {
      range: { start: { line: 0, character: 13 }, end: { line: 0, character: 31 } },
      placeholder: 'includes/values.md',
    });
    const edit = (await renameIncludePath(fixture.index, fixture.file(), fixture.at.offset, 'includes/careers/values.md')) as WorkspaceEdit;
    const changes = edit.documentChanges!;
    const texts = changes.slice(0, -1).map((change) => {
      const { textDocument, edits } = change as TextDocumentEdit;
      const relative = fixture.pathOf(textDocument.uri);
      return [relative, applyTextEdits(fixture.files[relative], edits)];
    });
    assert.deepEqual(Object.fromEntries(texts), { 'content/a.md': '{{% include "includes/careers/values.md" %}}\n', 'content/b.md': '{{< include "/includes/careers/values.md" >}}\n' });
    assert.deepEqual(changes.at(-1), { kind: 'rename', oldUri: fixture.uri('assets/includes/values.md'), newUri: fixture.uri('assets/includes/careers/values.md') });
  });

  it('refuses an empty name, a folder, a path out of the include folder, an existing file and a missing include', async () => {
    const fixture = await loadFixture(HANDBOOK);
    const rename = (newName: string) => renameIncludePath(fixture.index, fixture.file(), fixture.at.offset, newName);
    assert.match(((await rename(' ')) as { refused: string }).refused, /^The new include path is empty/);
    assert.match(((await rename('includes/careers/')) as { refused: string }).refused, /names a folder/);
    assert.match(((await rename('../x.md')) as { refused: string }).refused, /leaves the include folder/);
    assert.equal(((await rename('includes/other.md')) as { refused: string }).refused, 'assets/includes/other.md already exists: move or delete it first.');
    const missing = await loadFixture(HANDBOOK.replace('includes/$0values.md', 'includes/$0gone.md'));
    assert.match((prepareIncludeRename(missing.index, missing.file(), missing.at.offset) as { refused: string }).refused, /does not exist/);
    assert.equal(await renameIncludePath(fixture.index, fixture.file('assets/includes/values.md'), 0, 'x.md'), undefined);
  });
});
