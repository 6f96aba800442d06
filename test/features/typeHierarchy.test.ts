// Roles as a type hierarchy in-process: prepared on a role heading, a role page's title and an
// extends sentence; supertypes are what a role extends, subtypes what extends it.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { TypeHierarchyItem } from 'vscode-languageserver-types';
import { prepareTypeHierarchy, subtypes, supertypes } from '../../server/src/features/typeHierarchy';
import { loadFixture, type Fixture } from '../support/fixture';
import { URI } from 'vscode-uri';

const HANDBOOK = `
  //- /content/job-families/eng/backend.md
  ---
  title: "Backend Engineers"
  ---
  ## Intermediate ⟨roleHeading⟩Backend Engineer

  ### Requirements

  - Knows Ruby

  ## Senior Backend Engineer

  ### Requirements

  - Extends that of the [Intermediate Backend Engineer](#intermediate-backend-engineer) requirements

  ## Staff Backend Engineer

  - Extends that of the [Senior Backend Engineer](#requ⟨extendsLink⟩irements-1) requirements
  //- /content/job-families/eng/lead.md
  ---
  ⟨title⟩title: "Lead Engineer"
  ---
  - Extends that of the [Staff Backend Engineer](/job-families/eng/backend/#staff-backend-engineer) requirements
  - Extends that of the [Senior Backend Engineer](/job-families/eng/backend/#requirements-1) requirements
  //- /content/handbook/overview.md
  ---
  title: "Overview"
  ---
  No ⟨noRole⟩roles here.
`;

async function fixtureAt(place: string): Promise<Fixture> {
  assert.ok(HANDBOOK.includes(`⟨${place}⟩`), `no ⟨${place}⟩ in the handbook`);
  return loadFixture(HANDBOOK.replace(`⟨${place}⟩`, '$0').replace(/⟨[A-Za-z]+⟩/g, ''));
}

async function prepared(place: string): Promise<{ fixture: Fixture; item: TypeHierarchyItem }> {
  const fixture = await fixtureAt(place);
  const items = await prepareTypeHierarchy(fixture.index, fixture.file(), fixture.at.position);
  assert.equal(items?.length, 1, `one item at ⟨${place}⟩`);
  return { fixture, item: JSON.parse(JSON.stringify(items[0])) as TypeHierarchyItem };
}

function names(items: readonly TypeHierarchyItem[] | null): string[] {
  return (items ?? []).map((item) => `${item.name} ${item.detail}`);
}

/** The page an item's requests are about, as the protocol finds it from the item's data. */
function pageOf(fixture: Fixture, item: TypeHierarchyItem) {
  return fixture.index.get(URI.parse((item.data as { uri: string }).uri).fsPath)!;
}

describe('type hierarchy', () => {
  it('on a role heading: the role; its subtypes the roles that extend it', async () => {
    const { fixture, item } = await prepared('roleHeading');
    assert.deepEqual(names([item]), ['Intermediate Backend Engineer /job-families/eng/backend/#intermediate-backend-engineer']);
    assert.equal(item.selectionRange.start.line, 3);
    assert.deepEqual(names(await supertypes(fixture.index, pageOf(fixture, item), item)), []);
    assert.deepEqual(names(await subtypes(fixture.index, pageOf(fixture, item), item)), ['Senior Backend Engineer /job-families/eng/backend/#senior-backend-engineer']);
  });

  it('walks up and down the ladder', async () => {
    const { fixture, item } = await prepared('title');
    assert.deepEqual(names([item]), ['Lead Engineer /job-families/eng/lead/']);
    assert.equal(item.selectionRange.start.line, 1, "the page's title line");
    const up = (await supertypes(fixture.index, pageOf(fixture, item), item))!;
    assert.deepEqual(names(up), ['Staff Backend Engineer /job-families/eng/backend/#staff-backend-engineer', 'Senior Backend Engineer — Requirements /job-families/eng/backend/#requirements-1']);
    const staff = JSON.parse(JSON.stringify(up[0])) as TypeHierarchyItem;
    assert.deepEqual(names(await supertypes(fixture.index, pageOf(fixture, staff), staff)), ['Senior Backend Engineer — Requirements /job-families/eng/backend/#requirements-1']);
    assert.deepEqual(names(await subtypes(fixture.index, pageOf(fixture, staff), staff)), ['Lead Engineer /job-families/eng/lead/']);
    const requirements = JSON.parse(JSON.stringify(up[1])) as TypeHierarchyItem;
    assert.deepEqual(
      names(await subtypes(fixture.index, pageOf(fixture, requirements), requirements)),
      ['Staff Backend Engineer /job-families/eng/backend/#staff-backend-engineer', 'Lead Engineer /job-families/eng/lead/'],
      'a section that is no role: what points at it',
    );
  });

  it('on an extends sentence: the section it extends', async () => {
    const { item } = await prepared('extendsLink');
    assert.deepEqual(names([item]), ['Senior Backend Engineer — Requirements /job-families/eng/backend/#requirements-1']);
  });

  it('nothing on a page that is no role; null for an item whose section is gone', async () => {
    const fixture = await fixtureAt('noRole');
    assert.equal(await prepareTypeHierarchy(fixture.index, fixture.file(), fixture.at.position), null);
    const { fixture: other, item } = await prepared('roleHeading');
    const gone = { ...item, data: { ...(item.data as object), anchorId: 'no-such-heading' } };
    assert.equal(await supertypes(other.index, pageOf(other, item), gone), null);
  });
});
