// Quick fixes in-process: the diagnostics of a fixture page are asked for their fixes, each fix's
// edit is APPLIED to the fixture, and the whole resulting page is compared with the page an
// author would write by hand (the marked range $[ … $] replaced, nothing else touched).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { provideCodeActions } from '../../server/src/features/codeActions';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { applyWorkspaceEdit, editedText } from '../support/applyEdits';
import { loadFixture, type Fixture } from '../support/fixture';

/** The fixes for the diagnostics with `codes` on the cursor's line of the cursor's file. */
/** The repairs offered for the diagnostics on the cursor's line (the "Ignore … on this line" comment, offered with every one, has its own tests: suppressionFixes.test.ts). */
function fixesOnCursorLine(fixture: Fixture, codes: readonly string[], options: { canCreateFiles?: boolean } = {}): CodeAction[] {
  const file = fixture.file();
  const diagnostics: Diagnostic[] = computeDiagnostics(fixture.index, file).filter((diagnostic) => diagnostic.range.start.line === fixture.at.position.line && codes.includes(String(diagnostic.code)));
  assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code).sort(), [...codes].sort(), 'the diagnostics the fixes are for');
  return provideCodeActions(fixture.index, file, diagnostics, { uri: fixture.uri(), text: fixture.files[fixture.at.path], canCreateFiles: options.canCreateFiles ?? true }).filter(
    (action) => !/^Ignore .* on this line/.test(action.title),
  );
}

function preferred(actions: readonly CodeAction[]): CodeAction {
  const found = actions.filter((action) => action.isPreferred);
  assert.equal(found.length, 1, `one preferred fix among: ${actions.map((action) => action.title).join(' | ')}`);
  return found[0];
}

/** The cursor's file with the fixture's first marked range replaced by `replacement`. */
function expectedWith(fixture: Fixture, replacement: string): string {
  const [marked] = fixture.ranges;
  assert.equal(marked.path, fixture.at.path, 'the marked range is in the file being fixed');
  const text = fixture.files[marked.path];
  return text.slice(0, marked.start) + replacement + text.slice(marked.end);
}

const INCLUDES = `
  //- /assets/includes/engineering-careers/development-senior-leadership-competency.md
  - Leads technical discussions
  //- /assets/includes/engineering-careers/senior-leadership-competency.md
  - Communicates clearly
  //- /assets/includes/engineering-careers/values-competency.md
  - Lives the values
`;

const SEED_003_PAGE = '/content/handbook/engineering/careers/matrix/distribution/senior.md';

describe('code actions', () => {
  describe("seed 003's malformed include with a missing path", () => {
    const seed003 = () =>
      loadFixture(`
        ${INCLUDES}
        //- ${SEED_003_PAGE}
        ---
        title: "Senior Distribution Engineer"
        ---
        ### Leadership Competencies

        {{% include "includes/engineering-careers/senior-leadership-competency.md" %}}

        $[{{$ include "includes/engineering/development-senior-leadership-competency.md" %}}$0$]

        #### Distribution
      `);

    it('prefers one fix that mends the delimiter and moves the path to the file of the same name', async () => {
      const fixture = await seed003();
      const actions = fixesOnCursorLine(fixture, ['include-malformed', 'include-missing']);
      const fix = preferred(actions);
      assert.equal(fix.kind, 'quickfix');
      assert.equal(fix.title, 'Fix the call and change the path to includes/engineering-careers/development-senior-leadership-competency.md (same file name)');
      assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, '{{% include "includes/engineering-careers/development-senior-leadership-competency.md" %}}'));
      assert.equal(actions[0], fix, 'the same file name comes first');
      assert.equal(new Set(actions.map((action) => action.title)).size, actions.length, 'each fix once, though two diagnostics ask');
    });

    it('also offers to mend only the delimiter, keeping the path the author wrote', async () => {
      const fixture = await seed003();
      const keep = fixesOnCursorLine(fixture, ['include-malformed', 'include-missing']).find((action) => action.title.startsWith('Fix the call, keep the path'));
      assert.ok(keep);
      assert.equal(editedText(fixture, keep.edit), expectedWith(fixture, '{{% include "includes/engineering/development-senior-leadership-competency.md" %}}'));
    });

    it('offers to create the missing file and mend the call, only to a client that can create files', async () => {
      const fixture = await seed003();
      const create = fixesOnCursorLine(fixture, ['include-malformed', 'include-missing']).find((action) => action.title.startsWith('Create'));
      assert.ok(create);
      assert.equal(create.title, 'Create assets/includes/engineering/development-senior-leadership-competency.md and fix the call');
      assert.ok(!create.isPreferred);
      const edited = applyWorkspaceEdit(fixture, create.edit);
      assert.deepEqual(edited.created, ['assets/includes/engineering/development-senior-leadership-competency.md']);
      assert.equal(edited.texts[fixture.at.path], expectedWith(fixture, '{{% include "includes/engineering/development-senior-leadership-competency.md" %}}'));

      const withoutCreate = fixesOnCursorLine(fixture, ['include-malformed', 'include-missing'], { canCreateFiles: false });
      assert.deepEqual(
        withoutCreate.filter((action) => action.title.startsWith('Create') || applyWorkspaceEdit(fixture, action.edit).created.length > 0),
        [],
      );
      assert.equal(preferred(withoutCreate).title, preferred(fixesOnCursorLine(fixture, ['include-malformed', 'include-missing'])).title);
    });
  });

  describe('other include calls', () => {
    it('prefers the one file a typing slip away', async () => {
      const fixture = await loadFixture(`
        ${INCLUDES}
        //- /content/handbook/page.md
        {{% include "$[includes/engineering-careers/value-competency.md$]" %}}$0
      `);
      const fix = preferred(fixesOnCursorLine(fixture, ['include-missing']));
      assert.equal(fix.title, 'Change the path to includes/engineering-careers/values-competency.md');
      assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, 'includes/engineering-careers/values-competency.md'));
    });

    it('offers nothing for a problem of an earlier text, whose place the fix would no longer find', async () => {
      const fixture = await loadFixture(`
        ${INCLUDES}
        //- /content/handbook/page.md
        {{% include "includes/engineering-careers/value-competency.md" %}}$0
      `);
      const file = fixture.file();
      const stale = computeDiagnostics(fixture.index, file);
      assert.deepEqual(
        stale.map((diagnostic) => diagnostic.code),
        ['include-missing'],
      );
      // The page is opened with another text: the call is on the third line now.
      const text = 'Intro.\n\n{{% include "includes/engineering-careers/value-competency.md" %}}\n';
      fixture.index.setOpenText(file.path, text);
      const context = { uri: fixture.uri(), text, canCreateFiles: true };
      assert.deepEqual(provideCodeActions(fixture.index, file, stale, context), []);
      const current = computeDiagnostics(fixture.index, file);
      assert.ok(
        provideCodeActions(fixture.index, file, current, context).some((action) => action.isPreferred),
        'the problem as it is now has its fix',
      );
    });

    it('closes an unterminated include of an existing file', async () => {
      const fixture = await loadFixture(`
        ${INCLUDES}
        //- /content/handbook/page.md
        $[{{% include "includes/engineering-careers/values-competency.md"$]$0

        After.
      `);
      const fix = preferred(fixesOnCursorLine(fixture, ['include-malformed']));
      assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, '{{% include "includes/engineering-careers/values-competency.md" %}}'));
    });

    it('closes an unterminated shortcode with the delimiter of its own form', async () => {
      const fixture = await loadFixture(`
        //- /content/handbook/page.md
        ---
        title: "Page"
        ---
        $[{{< figure src="ladder.png"$]$0
      `);
      const fix = preferred(fixesOnCursorLine(fixture, ['shortcode-unterminated']));
      assert.equal(fix.title, 'Close the shortcode with ">}}"');
      assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, '{{< figure src="ladder.png" >}}'));
    });
  });

  describe('broken role links', () => {
    const FAMILY = `
      //- /content/job-families/engineering/development/staff.md
      ---
      title: "Staff Engineer"
      ---
      ## Requirements

      ## Responsibilities
      //- /content/jobs/developer.md
      ---
      title: "Developer"
      ---
      ## Developer
      ## Staff Developer
      ## Fellow
    `;

    it('mends a typo in the section an extends sentence names', async () => {
      const fixture = await loadFixture(`
        ${FAMILY}
        //- /content/job-families/engineering/development/principal.md
        ---
        title: "Principal Engineer"
        ---
        ## Requirements

        - Extends that of the [Staff Engineer]($[/job-families/engineering/development/staff/#requirement$]) requirements$0
      `);
      const fix = preferred(fixesOnCursorLine(fixture, ['extends-missing-section']));
      assert.equal(fix.title, 'Change the anchor to #requirements');
      assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, '/job-families/engineering/development/staff/#requirements'));
    });

    it("mends an anchor in seed 002's HTML table", async () => {
      const fixture = await loadFixture(`
        ${FAMILY}
        //- /content/handbook/engineering/careers/_index.md
        ---
        title: "Engineering Career Development"
        ---
        <td><a href="$[/jobs/developer#staff-develper$]">Staff Developer</a></td>$0
      `);
      const actions = fixesOnCursorLine(fixture, ['link-missing-anchor']);
      assert.deepEqual(
        actions.map((action) => action.title),
        ['Change the anchor to #staff-developer', 'Change the anchor to #developer'],
      );
      assert.equal(editedText(fixture, actions[0].edit), expectedWith(fixture, '/jobs/developer#staff-developer'));
    });

    // A typing slip is preferred when every other suggestion is much further, for anchors as for
    // include paths (clearlyMeant); anchors used to be preferred only when there was a single one.
    it('prefers the anchor one letter away over one six edits away, as include paths do', async () => {
      const fixture = await loadFixture(`
        ${FAMILY}
        //- /content/handbook/page.md
        See the [Staff Developer]($[/jobs/developer/#staff-develper$]).$0
      `);
      const fix = preferred(fixesOnCursorLine(fixture, ['link-missing-anchor']));
      assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, '/jobs/developer/#staff-developer'));
    });

    it('links an extends to the page a moved role went to, keeping its section', async () => {
      const fixture = await loadFixture(`
        ${FAMILY}
        //- /content/job-families/engineering/principal.md
        ---
        title: "Principal Engineer"
        ---
        ## Requirements

        - Extends that of the [Staff Engineer]($[/job-families/engineering/staff/#requirements$]) requirements$0
      `);
      const fix = preferred(fixesOnCursorLine(fixture, ['extends-missing-page']));
      assert.equal(fix.title, 'The role moved: link to Staff Engineer (/job-families/engineering/development/staff/#requirements)');
      assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, '/job-families/engineering/development/staff/#requirements'));
    });

    it('replaces a link through an old alias with the current URL, keeping the anchor', async () => {
      const fixture = await loadFixture(`
        //- /content/job-families/engineering/backend.md
        ---
        title: "Backend Engineer"
        aliases: ["/jobs/backend/"]
        ---
        ## Requirements
        //- /content/handbook/page.md
        The [Backend Engineer]($[/jobs/backend/#requirements$]) role.$0
      `);
      const fix = preferred(fixesOnCursorLine(fixture, ['link-via-alias']));
      assert.equal(fix.title, 'Link to the current URL /job-families/engineering/backend/#requirements');
      assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, '/job-families/engineering/backend/#requirements'));
    });
  });
});

// The defects of the corpus' shapes behind "a fix offered first must be one a reader would accept
// blind": a renamed role whose nearest page was the page itself, a senior page whose missing
// include had only intern and principal siblings, a fix that would close a cycle.
describe('fixes you can accept blind', () => {
  const LADDER = `
    //- /content/job-families/engineering/development/management/staff.md
    ---
    title: "Staff Engineer"
    ---
    ## Requirements
    //- /content/job-families/engineering/development/management/principal.md
    ---
    title: "Principal Engineer"
    ---
    ## Requirements

    - Extends that of the [Staff Engineer](/job-families/engineering/development/management/staff/#requirements) requirements
    //- /content/job-families/engineering/development/management/engineering-fellow.md
    ---
    title: "Engineering Fellow"
    ---
    ## Requirements

    - Extends that of the [Senior Distinguished Engineer](/job-families/engineering/development/management/senior-distinguished/#requirements) requirements
  `;
  const SENIOR_DISTINGUISHED = `
    //- /content/job-families/engineering/development/management/senior-distinguished.md
    ---
    title: "Senior Distinguished Engineer"
    ---
    ## Requirements

    - Extends that of the [Distinguished Engineer]($[/job-families/engineering/development/management/distinguished/#requirements$]) requirements$0
  `;
  const ownUrl = '/job-families/engineering/development/management/senior-distinguished/';

  it('links an extends to the renamed role, never to the page it is on', async () => {
    const fixture = await loadFixture(`
      ${LADDER}
      //- /content/job-families/engineering/development/management/distinguished-engineer.md
      ---
      title: "Distinguished Engineer"
      ---
      ## Requirements

      - Extends that of the [Principal Engineer](/job-families/engineering/development/management/principal/#requirements) requirements
      ${SENIOR_DISTINGUISHED}
    `);
    const actions = fixesOnCursorLine(fixture, ['extends-missing-page']);
    const fix = preferred(actions);
    assert.equal(actions[0], fix);
    assert.equal(fix.title, 'The role was renamed: link to Distinguished Engineer (/job-families/engineering/development/management/distinguished-engineer/#requirements)');
    assert.equal(editedText(fixture, fix.edit), expectedWith(fixture, '/job-families/engineering/development/management/distinguished-engineer/#requirements'));
    for (const action of actions) assert.ok(!editedText(fixture, action.edit).includes(`[Distinguished Engineer](${ownUrl}`), `${action.title} links the page to itself`);
  });

  it('offers nothing when the only page near the missing one is the page itself or another level', async () => {
    const fixture = await loadFixture(`${LADDER}${SENIOR_DISTINGUISHED}`);
    assert.deepEqual(
      fixesOnCursorLine(fixture, ['extends-missing-page']).map((action) => action.title),
      [],
    );
  });

  it('does not link an ordinary page to itself, the nearest URL to its mistyped link', async () => {
    const fixture = await loadFixture(`
      //- /content/handbook/engineering/interviewing.md
      ---
      title: "Interviewing"
      ---
      See [interviews]($[/handbook/engineering/interviewin/$]).$0
      //- /content/handbook/engineering/interviews.md
      ---
      title: "Interviews"
      ---
    `);
    const actions = fixesOnCursorLine(fixture, ['link-missing-page']);
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Link to Interviews (/handbook/engineering/interviews/)'],
    );
  });

  it('drops a fix that would close an extends cycle', async () => {
    const fixture = await loadFixture(`
      //- /content/job-families/engineering/staff.md
      ---
      title: "Staff Engineer"
      ---
      ## Requirements

      - Extends that of the [Principal Engineer](/job-families/engineering/principal/#requirements) requirements
      //- /content/job-families/engineering/principal.md
      ---
      title: "Principal Engineer"
      ---
      ## Requirements

      - Extends that of the [Staff Engineer]($[/job-families/engineering/staf/#requirements$]) requirements$0
    `);
    // Staff is one letter away, but it extends Principal: linking Principal to it makes a cycle.
    assert.deepEqual(
      fixesOnCursorLine(fixture, ['extends-missing-page']).map((action) => action.title),
      [],
    );
  });

  describe("a senior page's missing senior include", () => {
    const SENIOR_PAGE = `
      //- ${SEED_003_PAGE}
      ---
      title: "Senior Distribution Engineer"
      ---
      ### Leadership Competencies

      $[{{$ include "includes/engineering/development-senior-leadership-competency.md" %}}$0$]
    `;
    const SIBLINGS = `
      //- /assets/includes/engineering-careers/development-intern-leadership-competency.md
      - Learns to lead
      //- /assets/includes/engineering-careers/development-principal-leadership-competency.md
      - Leads the department
    `;

    it('never offers the file of another level, and prefers nothing', async () => {
      const fixture = await loadFixture(`${SIBLINGS}${SENIOR_PAGE}`);
      const actions = fixesOnCursorLine(fixture, ['include-malformed', 'include-missing']);
      assert.deepEqual(
        actions.map((action) => action.title),
        [
          'Fix the call, keep the path: {{% include "includes/engineering/development-senior-leadership-competency.md" %}}',
          'Create assets/includes/engineering/development-senior-leadership-competency.md and fix the call',
        ],
      );
      assert.ok(actions.every((action) => !action.isPreferred));
    });

    it('offers the senior file with all its words first, before one nearer in edits, but does not prefer it', async () => {
      const fixture = await loadFixture(`
        ${SIBLINGS}
        //- /assets/includes/engineering/senior-development-leadership-competency.md
        - Leads technical discussions
        //- /assets/includes/engineering/development-senior-hiring-competency.md
        - Interviews candidates
        ${SENIOR_PAGE}
      `);
      const actions = fixesOnCursorLine(fixture, ['include-malformed', 'include-missing']);
      // 14 edits away with every word of the missing name, against 9 edits with "hiring" for "leadership".
      assert.deepEqual(
        actions.slice(0, 2).map((action) => action.title),
        [
          'Fix the call and change the path to includes/engineering/senior-development-leadership-competency.md',
          'Fix the call and change the path to includes/engineering/development-senior-hiring-competency.md',
        ],
      );
      assert.ok(actions.every((action) => !action.isPreferred));
      assert.equal(editedText(fixture, actions[0].edit), expectedWith(fixture, '{{% include "includes/engineering/senior-development-leadership-competency.md" %}}'));
    });
  });
});

describe('fix-all (source.fixAll.handbookRoles)', () => {
  function fixAll(fixture: Fixture, only: readonly string[] = ['source.fixAll']): CodeAction[] {
    return provideCodeActions(fixture.index, fixture.file(), [], { uri: fixture.uri(), text: fixture.files[fixture.at.path], canCreateFiles: true, only });
  }

  it('applies every preferred fix of the page and leaves the problems without one as they are', async () => {
    const fixture = await loadFixture(`
      ${INCLUDES}
      //- /content/job-families/engineering/development/staff.md
      ---
      title: "Staff Engineer"
      ---
      ## Requirements
      //- /content/jobs/developer.md
      ---
      title: "Developer"
      ---
      ## Staff Developer
      ## Senior Developer
      //- /content/handbook/page.md
      ---
      title: "Page"
      ---
      $0- Extends that of the [Staff Engineer](/job-families/engineering/staff/#requirements) requirements
      - See the [Staff Developer](/jobs/developer/#staff-develper).
      - And the [Developers](/jobs/developer/#developer) of every level.

      {{$ include "includes/engineering/development-senior-leadership-competency.md" %}}
      {{% include "includes/engineering-careers/value-competency.md" %}}
      {{% include "includes/nowhere/unknown.md" %}}
    `);
    const [action, ...more] = fixAll(fixture);
    assert.deepEqual(more, []);
    assert.equal(action.kind, 'source.fixAll.handbookRoles');
    assert.equal(action.title, 'Fix 5 problems of this page that have a preferred fix');
    assert.equal(
      editedText(fixture, action.edit),
      [
        '---',
        'title: "Page"',
        '---',
        '- Extends that of the [Staff Engineer](/job-families/engineering/development/staff/#requirements) requirements',
        '- See the [Staff Developer](/jobs/developer/#staff-developer).',
        '- And the [Developers](/jobs/developer/#developer) of every level.',
        '',
        '{{% include "includes/engineering-careers/development-senior-leadership-competency.md" %}}',
        '{{% include "includes/engineering-careers/values-competency.md" %}}',
        '{{% include "includes/nowhere/unknown.md" %}}',
        '',
      ].join('\n'),
    );
  });

  it('answers only a request for its kind, and nothing when no problem has a preferred fix', async () => {
    const fixture = await loadFixture(`
      //- /content/handbook/page.md
      $0{{% include "includes/nowhere/unknown.md" %}}
      See [nothing](/nowhere/at/all/).
    `);
    assert.deepEqual(fixAll(fixture), []);
    const typo = await loadFixture(`
      ${INCLUDES}
      //- /content/handbook/page.md
      $0{{% include "includes/engineering-careers/value-competency.md" %}}
    `);
    assert.equal(fixAll(typo, ['source']).length, 1);
    assert.equal(fixAll(typo, ['source.fixAll.handbookRoles']).length, 1);
    assert.deepEqual(fixAll(typo, ['source.organizeImports']), []);
    assert.ok(fixAll(typo, ['quickfix']).every((action) => action.kind === 'quickfix'));
  });
});
