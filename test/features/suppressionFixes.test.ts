// "Ignore this link on this line": the quick fix is applied to the fixture, the page re-indexed,
// and the finding must be gone with no new one (not even an unused-suppression note), the rest
// of the page untouched.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-types';
import { provideCodeActions } from '../../server/src/features/codeActions';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { editedText } from '../support/applyEdits';
import { loadFixture, type Fixture } from '../support/fixture';
import { memoryHandbook } from '../support/memoryHandbook';

const TARGET = `
  //- /content/jobs/staff.md
  ---
  title: "Staff"
  ---
  ## Requirements
`;

/** The suppression fix for the cursor line's diagnostic with `code`. */
function ignoreFix(fixture: Fixture, code: string): CodeAction {
  const file = fixture.file();
  const diagnostics = computeDiagnostics(fixture.index, file).filter((diagnostic) => diagnostic.range.start.line === fixture.at.position.line && diagnostic.code === code);
  assert.equal(diagnostics.length, 1, `one ${code} on the cursor line`);
  const actions = provideCodeActions(fixture.index, file, diagnostics, { uri: fixture.uri(), text: fixture.files[fixture.at.path], canCreateFiles: true });
  const fixes = actions.filter((action) => action.title.startsWith('Ignore '));
  assert.equal(fixes.length, 1, actions.map((action) => action.title).join(' | '));
  assert.notEqual(fixes[0].isPreferred, true, 'excusing is never the preferred fix');
  return fixes[0];
}

/** The cursor file's diagnostics once its text is `text`. */
async function codesAfter(fixture: Fixture, text: string): Promise<string[]> {
  const handbook = await memoryHandbook({ ...fixture.files, [fixture.at.path]: text });
  return computeDiagnostics(handbook.index, handbook.file(fixture.at.path)).map((diagnostic) => String(diagnostic.code));
}

describe('the suppression quick fix', () => {
  it('appends a disable-line comment to a list item line, which then reports nothing, and leaves the list a list', async () => {
    const fixture = await loadFixture(`
      ${TARGET}
      //- /content/jobs/a.md
      - One
      - See [staff](/jobs/staff/#made-by-a-shortcode)$0
      - Three [gone](/jobs/gone/)
    `);
    const fix = ignoreFix(fixture, 'link-missing-anchor');
    assert.equal(fix.title, 'Ignore this link on this line (link-missing-anchor)');
    const text = editedText(fixture, fix.edit);
    assert.equal(text, '- One\n- See [staff](/jobs/staff/#made-by-a-shortcode) <!-- handbook-roles-disable-line link-missing-anchor -->\n- Three [gone](/jobs/gone/)\n');
    assert.deepEqual(await codesAfter(fixture, text), ['link-missing-page']);
  });

  it('adds the code to a disable-line comment already ending the line', async () => {
    const fixture = await loadFixture(`
      ${TARGET}
      //- /content/jobs/a.md
      See [staff](/jobs/staff/#nope) and [gone](/jobs/gone/) <!-- handbook-roles-disable-line link-missing-page -->  $0
    `);
    const text = editedText(fixture, ignoreFix(fixture, 'link-missing-anchor').edit);
    assert.equal(text, 'See [staff](/jobs/staff/#nope) and [gone](/jobs/gone/) <!-- handbook-roles-disable-line link-missing-page link-missing-anchor -->  \n');
    assert.deepEqual(await codesAfter(fixture, text), []);
  });

  it('names a code that is not about a link, and works in an include call line', async () => {
    const fixture = await loadFixture(`
      //- /content/jobs/a.md
      {{% include "includes/missing.md" %}}$0
    `);
    const fix = ignoreFix(fixture, 'include-missing');
    assert.equal(fix.title, 'Ignore include-missing on this line');
    assert.deepEqual(await codesAfter(fixture, editedText(fixture, fix.edit)), []);
  });

  it('offers nothing for a front matter problem (a comment there would break the YAML)', async () => {
    const fixture = await loadFixture(`
      //- /content/jobs/a.md
      ---
      title: Engineering Fellow: Development$0
      ---
    `);
    const file = fixture.file();
    const diagnostics = computeDiagnostics(fixture.index, file);
    assert.deepEqual(
      diagnostics.map((diagnostic) => diagnostic.code),
      ['front-matter-invalid'],
    );
    const actions = provideCodeActions(fixture.index, file, diagnostics, { uri: fixture.uri(), text: fixture.files[fixture.at.path], canCreateFiles: true });
    assert.equal(
      actions.some((action) => action.title.startsWith('Ignore ')),
      false,
    );
  });
});
