// Find all references in-process, from every kind of place the cursor can be on: a role page's
// title, a role heading, a heading that comes from an include, a link and its #fragment, an extends
// sentence, an HTML id, an include call and an include file; includeDeclaration honoured.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Location } from 'vscode-languageserver-types';
import { provideReferences } from '../../server/src/features/references';
import { LineIndex } from '../../server/src/model/base/text';
import { loadFixture, type Fixture } from '../support/fixture';

/**
 * A small handbook; `⟨name⟩` marks places a test may put the cursor at. Staff is a role page with
 * a Requirements section, an HTML anchor and an include; the family page holds two levels as
 * sections; links reach Staff inline, by reference, from an HTML table, through an alias and
 * through the site's host.
 */
const HANDBOOK = `
  //- /content/job-families/eng/staff.md
  ---
  ⟨title⟩title: "Staff Engineer"
  aliases: [/old/staff/]
  ---
  ## Requ⟨heading⟩irements

  <a id="sen⟨html⟩ior"></a>

  {{% include "includes/mentor⟨call⟩ing.md" %}}
  //- /assets/includes/mentoring.md
  ### Ment⟨includedHeading⟩oring

  - Mentors ⟨includeBody⟩others
  //- /content/job-families/eng/principal.md
  ---
  title: "Principal Engineer"
  ---
  - Extends that of the [Staff Engineer][st⟨referenceUse⟩aff] requirements

  [staff]: /job-families/eng/staff/#requirements
  //- /content/job-families/eng/family.md
  ---
  title: "Engineers"
  ---
  ## Senior ⟨roleHeading⟩Engineer

  ### Requirements

  - Extends that of the [Staff](https://handbook.gitlab.com/job-families/eng/staff/#requ⟨fragment⟩irements) requirements

  ## Lead Engineer

  - Extends that of the [Senior Engineer](#senior-engineer) requirements ⟨extendsSentence⟩
  //- /content/handbook/table.md
  ---
  title: "Table"
  ---
  <table><tr><td><a href="/old/staff/">Staff</a></td><td><a href="/job-families/eng/staff/#senior">Senior part</a></td></tr></table>

  See [mentoring](/job-families/eng/staff/#mentoring), [the family's senior](/job-families/eng/family/#requirements) and [St⟨pageLink⟩aff](/job-families/eng/staff/).
`;

async function fixtureAt(place: string, handbook = HANDBOOK): Promise<Fixture> {
  assert.ok(handbook.includes(`⟨${place}⟩`), `no ⟨${place}⟩ in the handbook`);
  return loadFixture(handbook.replace(`⟨${place}⟩`, '$0').replace(/⟨[A-Za-z]+⟩/g, ''));
}

/** Each location as "path: the text it covers". */
function described(fixture: Fixture, locations: readonly Location[]): string[] {
  return locations.map(({ uri, range }) => {
    const relative = fixture.pathOf(uri);
    const text = fixture.files[relative];
    const lines = new LineIndex(text);
    return `${relative}: ${text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end))}`;
  });
}

async function referencesAt(place: string, includeDeclaration = false, handbook = HANDBOOK): Promise<string[]> {
  const fixture = await fixtureAt(place, handbook);
  return described(fixture, await provideReferences(fixture.index, fixture.file(), fixture.at.position, includeDeclaration));
}

describe('references', () => {
  it("on a role page's title: every link to the page, through its alias and its site's host too", async () => {
    assert.deepEqual(await referencesAt('title'), [
      'content/handbook/table.md: <a href="/old/staff/">Staff</a>',
      'content/handbook/table.md: <a href="/job-families/eng/staff/#senior">Senior part</a>',
      'content/handbook/table.md: [mentoring](/job-families/eng/staff/#mentoring)',
      'content/handbook/table.md: [Staff](/job-families/eng/staff/)',
      'content/job-families/eng/family.md: [Staff](https://handbook.gitlab.com/job-families/eng/staff/#requirements)',
      'content/job-families/eng/principal.md: [Staff Engineer][staff]',
      'content/job-families/eng/principal.md: /job-families/eng/staff/#requirements',
    ]);
  });

  it('with includeDeclaration: the title line first', async () => {
    const found = await referencesAt('title', true);
    assert.equal(found[0], 'content/job-families/eng/staff.md: title: "Staff Engineer"');
    assert.equal(found.length, 8);
  });

  it('on a heading: the links to its anchor, extends sentences and a reference definition among them', async () => {
    assert.deepEqual(await referencesAt('heading'), [
      'content/job-families/eng/family.md: [Staff](https://handbook.gitlab.com/job-families/eng/staff/#requirements)',
      'content/job-families/eng/principal.md: [Staff Engineer][staff]',
      'content/job-families/eng/principal.md: /job-families/eng/staff/#requirements',
    ]);
    assert.deepEqual((await referencesAt('heading', true))[0], 'content/job-families/eng/staff.md: ## Requirements');
  });

  it('on the #fragment of a link: the same as on the heading; elsewhere on a link: the page; on an extends sentence: its section', async () => {
    assert.deepEqual(await referencesAt('fragment'), await referencesAt('heading'));
    assert.deepEqual(await referencesAt('pageLink'), await referencesAt('title'));
    assert.deepEqual(await referencesAt('referenceUse'), await referencesAt('heading'), 'a reference-style link in an extends sentence: the section');
  });

  it('on a role heading: the links to the role and into it (its Requirements)', async () => {
    assert.deepEqual(await referencesAt('roleHeading'), [
      "content/handbook/table.md: [the family's senior](/job-families/eng/family/#requirements)",
      'content/job-families/eng/family.md: [Senior Engineer](#senior-engineer)',
    ]);
  });

  it('anywhere in an extends sentence: what points at the section it extends', async () => {
    assert.deepEqual(await referencesAt('extendsSentence'), await referencesAt('roleHeading'));
  });

  it('on an HTML id', async () => {
    assert.deepEqual(await referencesAt('html'), ['content/handbook/table.md: <a href="/job-families/eng/staff/#senior">Senior part</a>']);
  });

  it('on a heading that an include brings: the links to it on every page that includes the file', async () => {
    assert.deepEqual(await referencesAt('includedHeading'), ['content/handbook/table.md: [mentoring](/job-families/eng/staff/#mentoring)']);
  });

  it('on an include call and anywhere in an include file: the include calls', async () => {
    const calls = ['content/job-families/eng/staff.md: {{% include "includes/mentoring.md" %}}'];
    assert.deepEqual(await referencesAt('call'), calls);
    assert.deepEqual(await referencesAt('includeBody'), calls);
    assert.deepEqual(await referencesAt('includeBody', true), ['assets/includes/mentoring.md: ', ...calls]);
  });
});

describe('references: ref and relref calls', () => {
  const REFS = `
    //- /content/job-families/eng/staff.md
    ---
    ⟨title⟩title: "Staff Engineer"
    ---
    ## Requ⟨heading⟩irements
    //- /content/handbook/refs.md
    See {{< ref "/job-families/eng/st⟨refPath⟩aff.md" >}}, {{< relref "staff#requ⟨refFragment⟩irements" >}} and [a link](/job-families/eng/staff/#requirements).
    //- /content/job-families/eng/lead.md
    Also {{< ref "staff.md" >}} and {{< ref "staff.md" lang="de" >}}.
  `;
  const at = (place: string) => referencesAt(place, false, REFS);

  it("on a page: its ref calls, each at its path argument, beside its links; another language's ref is none", async () => {
    assert.deepEqual(await at('title'), [
      'content/handbook/refs.md: /job-families/eng/staff.md',
      'content/handbook/refs.md: staff#requirements',
      'content/handbook/refs.md: [a link](/job-families/eng/staff/#requirements)',
      'content/job-families/eng/lead.md: staff.md',
    ]);
  });

  it('on a heading: the ref calls whose #anchor finds it; on a ref call: as on a link (its page, or its anchor on the #fragment)', async () => {
    const toHeading = ['content/handbook/refs.md: staff#requirements', 'content/handbook/refs.md: [a link](/job-families/eng/staff/#requirements)'];
    assert.deepEqual(await at('heading'), toHeading);
    assert.deepEqual(await at('refFragment'), toHeading);
    assert.deepEqual(await at('refPath'), await at('title'));
  });
});
