// Code lenses in-process: where they stand (unresolved), what they say once resolved ("extended by
// N roles · linked from M pages", "Show effective role", "included by N pages") and the commands
// they carry.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { CodeLens, Location } from 'vscode-languageserver-types';
import type { Position } from 'vscode-languageserver-types';
import { provideCodeLenses, resolveCodeLens, SHOW_EFFECTIVE_ROLE_COMMAND, SHOW_REFERENCES_COMMAND } from '../../server/src/features/codeLens';
import { effectiveRoleAt } from '../../server/src/features/effectiveRole';
import { loadFixture, type Fixture } from '../support/fixture';

const HANDBOOK = `
  //- /content/job-families/eng/backend.md
  ---
  title: "Backend Engineers"
  ---
  ## Intermediate Backend Engineer

  {{% include "includes/values.md" %}}

  ## Senior Backend Engineer

  ### Requirements

  - Extends that of the [Intermediate Backend Engineer](#intermediate-backend-engineer) requirements

  ## Staff Backend Engineer

  - Extends that of the [Senior Backend Engineer](#requirements) requirements
  //- /content/job-families/eng/lead.md
  ---
  title: "Lead Engineer"
  ---
  - Extends that of the [Senior Backend Engineer](/job-families/eng/backend/#senior-backend-engineer) requirements
  //- /content/handbook/overview.md
  ---
  title: "Overview"
  ---
  Our [seniors](/job-families/eng/backend/#senior-backend-engineer) and [leads](/job-families/eng/lead/), and [leads again](/job-families/eng/lead/).
  //- /assets/includes/values.md
  - Lives our values
  //- /assets/includes/unused.md
  - Nobody includes this
`;

/** Each lens of a file as "line: title", resolved. */
function lensesOf(fixture: Fixture, relativePath: string): Promise<string[]> {
  return resolvedLenses(fixture, relativePath).then((lenses) => lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title}`));
}

async function resolvedLenses(fixture: Fixture, relativePath: string): Promise<CodeLens[]> {
  const file = fixture.file(relativePath);
  const lenses = await provideCodeLenses(fixture.index, file);
  assert.ok(
    lenses.every((lens) => lens.command === undefined),
    'lenses are resolved lazily',
  );
  return lenses.map((lens) => resolveCodeLens(fixture.index, file, JSON.parse(JSON.stringify(lens)) as CodeLens));
}

describe('code lens', () => {
  it('on each role: the roles that extend it and the pages that link to it', async () => {
    const fixture = await loadFixture(HANDBOOK);
    assert.deepEqual(await lensesOf(fixture, 'content/job-families/eng/backend.md'), [
      '1: linked from 0 pages',
      '3: extended by 1 role',
      '7: extended by 2 roles · linked from 1 page',
      '13: linked from 0 pages',
      '1: Show effective role',
      '3: Show effective role',
      '7: Show effective role',
      '13: Show effective role',
    ]);
    assert.deepEqual(await lensesOf(fixture, 'content/job-families/eng/lead.md'), ['1: linked from 1 page', '1: Show effective role']);
    assert.deepEqual(await lensesOf(fixture, 'content/handbook/overview.md'), [], 'a page that is no role has none');
  });

  it('on an include file: the pages that include it, none too', async () => {
    const fixture = await loadFixture(HANDBOOK);
    assert.deepEqual(await lensesOf(fixture, 'assets/includes/values.md'), ['0: included by 1 page']);
    assert.deepEqual(await lensesOf(fixture, 'assets/includes/unused.md'), ['0: included by 0 pages']);
  });

  it("clicking opens the references list: editor.action.showReferences' arguments, as JSON", async () => {
    const fixture = await loadFixture(HANDBOOK);
    const senior = (await resolvedLenses(fixture, 'content/job-families/eng/backend.md'))[2];
    assert.equal(senior.command?.command, SHOW_REFERENCES_COMMAND);
    const [uri, position, locations] = senior.command.arguments as [string, unknown, Location[]];
    assert.equal(uri, fixture.uri('content/job-families/eng/backend.md'));
    assert.deepEqual(position, senior.range.start);
    assert.deepEqual(
      locations.map((location) => `${fixture.pathOf(location.uri)}:${location.range.start.line}`),
      ['content/handbook/overview.md:3', 'content/job-families/eng/backend.md:15', 'content/job-families/eng/lead.md:3'],
    );
    const nobody = (await resolvedLenses(fixture, 'content/job-families/eng/backend.md'))[0];
    assert.equal(nobody.command?.command, '', 'nothing to list: the title alone');
  });

  it("on each role, 'Show effective role': the document and the role's position, which the effective-role command answers for", async () => {
    const fixture = await loadFixture(HANDBOOK);
    const file = fixture.file('content/job-families/eng/backend.md');
    const lenses = (await resolvedLenses(fixture, 'content/job-families/eng/backend.md')).filter((lens) => lens.command?.command === SHOW_EFFECTIVE_ROLE_COMMAND);
    const titles: string[] = [];
    for (const lens of lenses) {
      const [uri, position] = lens.command?.arguments as [string, Position];
      assert.equal(uri, fixture.uri('content/job-families/eng/backend.md'));
      assert.deepEqual(position, lens.range.start);
      titles.push((await effectiveRoleAt(fixture.index, file, position)).title);
    }
    assert.deepEqual(titles, ['Backend Engineers', 'Intermediate Backend Engineer', 'Senior Backend Engineer', 'Staff Backend Engineer']);
    assert.deepEqual(await lensesOf(fixture, 'assets/includes/values.md'), ['0: included by 1 page'], 'an include file is no role: none there');
  });

  it('a lens whose role is gone by the time it is resolved says so', async () => {
    const fixture = await loadFixture(HANDBOOK);
    const file = fixture.file('content/job-families/eng/backend.md');
    const [, second] = await provideCodeLenses(fixture.index, file);
    const stale = { ...second, data: { ...(second.data as object), key: '#no-such-role' } };
    assert.equal(resolveCodeLens(fixture.index, file, stale).command?.title, 'no longer here');
    const effective = (await provideCodeLenses(fixture.index, file)).find((lens) => (lens.data as { kind: string }).kind === 'effective-role');
    assert.ok(effective);
    const staleEffective = { ...effective, data: { ...(effective.data as object), key: '#no-such-role' } };
    assert.equal(resolveCodeLens(fixture.index, file, staleEffective).command?.title, 'no longer here', 'an effective-role lens too');
    assert.equal(resolveCodeLens(fixture.index, file, { range: second.range }).command?.title, 'no longer here', 'no data at all');
  });
});

describe('code lens: ref and relref calls', () => {
  it('a page that reaches a role only by ref calls counts among the pages that link to it, each page once', async () => {
    const fixture = await loadFixture(`
      ${HANDBOOK}
      //- /content/handbook/refs.md
      {{< ref "/job-families/eng/lead.md" >}} and {{< relref "lead" >}}; {{< ref "/job-families/eng/backend.md#senior-backend-engineer" >}}
    `);
    assert.deepEqual((await lensesOf(fixture, 'content/job-families/eng/lead.md'))[0], '1: linked from 2 pages');
    assert.deepEqual((await lensesOf(fixture, 'content/job-families/eng/backend.md'))[2], '7: extended by 2 roles · linked from 2 pages');
  });
});
