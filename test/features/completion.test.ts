// Completion in-process: the author types up to $0 on a line of a page and accepts an item; the
// line that results is what is checked, with the labels offered and their details.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { provideCompletions } from '../../server/src/features/completion';
import { acceptCompletion } from '../support/applyEdits';
import { loadFixture, type Fixture } from '../support/fixture';

interface Completion {
  readonly fixture: Fixture;
  readonly items: CompletionItem[];
  /** Labels in the order the editor shows them (by sortText, else label). */
  readonly sortedLabels: string[];
  item(label: string): CompletionItem;
  /** The cursor line after accepting the item labelled `label`. */
  accept(label: string): string;
}

async function complete(source: string): Promise<Completion> {
  const fixture = await loadFixture(source);
  const { position } = fixture.at;
  const items = provideCompletions(fixture.index, fixture.file(), fixture.lineText(position.line), position);
  const item = (label: string) => {
    const found = items.find((candidate) => candidate.label === label);
    assert.ok(found, `an item "${label}" among: ${items.map((candidate) => candidate.label).join(', ')}`);
    return found;
  };
  return {
    fixture,
    items,
    sortedLabels: [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((candidate) => candidate.label),
    item,
    accept: (label) => acceptCompletion(fixture, item(label)),
  };
}

/** A small site: a job family of two levels, a careers section with a role matrix, and include files. */
const SITE = `
  //- /content/job-families/_index.md
  ---
  title: "Job Families"
  ---
  //- /content/job-families/eng/staff.md
  ---
  title: "Staff Engineer"
  ---
  ## Requirements

  - Writes code others build on

  ## Responsibilities

  - Leads designs

  {{% include "includes/engineering-careers/mentoring.md" %}}
  //- /content/job-families/eng/principal.md
  ---
  title: "Principal Engineer"
  ---
  ## Requirements

  - Extends that of the [Staff Engineer](/job-families/eng/staff/#requirements) requirements
  //- /content/handbook/engineering/careers/_index.md
  ---
  title: "Engineering Careers"
  ---
  //- /content/handbook/engineering/careers/faq.md
  ---
  title: "Career FAQ"
  ---
  //- /content/handbook/engineering/careers/matrix/senior.md
  ---
  title: "Senior Engineer"
  ---
  //- /assets/includes/engineering-careers/mentoring.md
  ### Mentoring

  - Mentors others
  //- /assets/includes/engineering-careers/values-competency.md
  - Lives the values
  //- /assets/includes/engineering/product-development.md
  - We are product development
`;

/** A job family page of two levels, each with its Requirements (`#requirements`, `#requirements-1`); the fixture goes on with the page's last line. */
const BACKEND_LEVELS = `
  //- /content/job-families/eng/backend.md
  ---
  title: "Backend Engineer"
  ---
  ## Backend Engineer

  ### Requirements

  ## Senior Backend Engineer

  ### Requirements
`;

describe('completion', () => {
  describe('link destinations, segment by segment', () => {
    it('completes the first segment of a site URL, with the page title as detail', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        See the [ladder](/job-fa$0
      `);
      assert.equal(completion.item('job-families/').detail, 'Job Families');
      assert.equal(completion.item('job-families/').command?.command, 'editor.action.triggerSuggest', 'a folder asks for its children next');
      assert.equal(completion.accept('job-families/'), 'See the [ladder](/job-families/');
    });

    it('offers the site root after "](" with nothing typed, inserting the leading slash', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        See [x]($0)
      `);
      assert.deepEqual(completion.items.map((item) => item.label).sort(), ['handbook/', 'job-families/']);
      assert.equal(completion.accept('job-families/'), 'See [x](/job-families/)');
    });

    it('lists role pages before other pages of a folder', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        More in [careers](/handbook/engineering/careers/$0
      `);
      assert.deepEqual(completion.sortedLabels, ['matrix/', 'faq/']);
      assert.equal(completion.item('faq/').kind, CompletionItemKind.File);
      assert.equal(completion.item('faq/').detail, 'Career FAQ');
    });

    it('completes href values in raw HTML the same way (seed 002)', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        <td><a href="/job-families/eng/pr$0">Principal</a></td>
      `);
      assert.equal(completion.accept('principal/'), '<td><a href="/job-families/eng/principal/">Principal</a></td>');
    });
  });

  describe('anchors after "#"', () => {
    it("offers the target page's headings in page order, including those of its included files", async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        See [Staff](/job-families/eng/staff/#$0
      `);
      assert.deepEqual(completion.sortedLabels, ['requirements', 'responsibilities', 'mentoring']);
      assert.equal(completion.item('requirements').detail, '## Requirements');
      assert.equal(completion.item('mentoring').detail, '### Mentoring (from mentoring.md)');
      assert.equal(completion.item('mentoring').labelDetails?.description, 'Responsibilities', 'the heading it is under');
      assert.equal(completion.item('requirements').labelDetails?.description, 'Requirements', 'a top heading: its own text');
    });

    it('tells apart the numbered anchors of repeated headings by the heading they are under', async () => {
      const completion = await complete(`
        ${BACKEND_LEVELS}
        - Extends that of the [Backend Engineer](#requirements$0
      `);
      assert.deepEqual(
        completion.sortedLabels.map((label) => `${label} ${completion.item(label).labelDetails?.description}`),
        ['backend-engineer Backend Engineer', 'requirements Backend Engineer', 'senior-backend-engineer Senior Backend Engineer', 'requirements-1 Senior Backend Engineer'],
      );
    });

    it('replaces the part of the anchor already typed', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        - Extends that of the [Staff Engineer](/job-families/eng/staff/#resp$0) responsibilities
      `);
      assert.equal(completion.accept('responsibilities'), '- Extends that of the [Staff Engineer](/job-families/eng/staff/#responsibilities) responsibilities');
    });

    it("offers the page's own anchors for a same-page link", async () => {
      const completion = await complete(`
        //- /content/job-families/eng/staff.md
        ---
        title: "Staff Engineer"
        ---
        ## Staff Engineer

        ### Requirements

        ## Senior Staff Engineer

        - Extends that of the [Staff Engineer](#$0
      `);
      assert.deepEqual(completion.sortedLabels, ['staff-engineer', 'requirements', 'senior-staff-engineer']);
    });
  });

  describe('role titles in link text', () => {
    it('inserts the whole link to the role, swallowing the "]" the editor closed', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/job-families/eng/distinguished.md
        ---
        title: "Distinguished Engineer"
        ---
        ## Requirements

        - Extends that of the [Princ$0] requirements
      `);
      assert.equal(completion.item('Principal Engineer').detail, '/job-families/eng/principal/');
      assert.equal(completion.item('Principal Engineer').labelDetails?.description, '…/principal/');
      assert.equal(completion.accept('Principal Engineer'), '- Extends that of the [Principal Engineer](/job-families/eng/principal/) requirements');
    });

    it('tells roles of the same title apart by the end of their URLs', async () => {
      const completion = await complete(`
        //- /content/job-families/engineering/frontend.md
        ---
        title: "Staff Frontend Engineer"
        ---
        //- /content/job-families/marketing/frontend.md
        ---
        title: "Staff Frontend Engineer"
        ---
        //- /content/handbook/page.md
        Ask a [Staff$0
      `);
      const rows = completion.items.map((item) => `${item.label} ${item.labelDetails?.description}`).sort();
      assert.deepEqual(rows, ['Staff Frontend Engineer …/engineering/frontend/', 'Staff Frontend Engineer …/marketing/frontend/']);
    });

    it('replaces only the typed title, after the "[", so that the title is what an editor filters by', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        Ask a [Staff Eng$0
      `);
      const staff = completion.item('Staff Engineer');
      assert.equal(staff.filterText, undefined, 'filtered by the label');
      // Neovim's omnifunc keeps the items whose inserted text starts with what is typed from the edit's start.
      assert.ok(staff.textEdit && 'range' in staff.textEdit && staff.textEdit.newText.startsWith('Staff Eng'), JSON.stringify(staff.textEdit));
      assert.equal(completion.accept('Staff Engineer'), 'Ask a [Staff Engineer](/job-families/eng/staff/)');
    });

    it('rewrites the destination of a link with a title and keeps the title', async () => {
      // Found re-typing existing role links: the rest of the link was swallowed only up to a
      // destination without a title, so `(url "title")` stayed behind the inserted link.
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        Ask a [Staff$0](/job-families/eng/principal/ "The staff level") or a [Principal Engineer](</job-families/eng/principal/> 'Principal')
      `);
      assert.equal(completion.accept('Staff Engineer'), `Ask a [Staff Engineer](/job-families/eng/staff/ "The staff level") or a [Principal Engineer](</job-families/eng/principal/> 'Principal')`);
    });

    it('offers the role the link text names first, after "](" with nothing typed', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        Reports to a [Staff Engineer]($0
      `);
      // The row reads the end of the URL (an editor cuts long labels), the title beside it.
      assert.equal(completion.sortedLabels[0], '…/staff/');
      assert.equal(completion.item('…/staff/').labelDetails?.description, 'Staff Engineer');
      assert.equal(completion.accept('…/staff/'), 'Reports to a [Staff Engineer](/job-families/eng/staff/');
    });

    it('tells apart, at a glance, the roles of one job family that the link text names', async () => {
      const completion = await complete(`
        ${BACKEND_LEVELS}
        - Extends that of the [Backend Engineer](#backend-engineer) requirements
        //- /content/job-families/eng/staff-backend.md
        ---
        title: "Staff Backend Engineer"
        ---
        ## Requirements

        - Extends that of the [Senior Backend Engineer](/job-families/eng/backend/#senior-backend-engineer) requirements
        //- /content/job-families/platform/backend.md
        ---
        title: "Backend Engineer"
        ---
        //- /content/handbook/page.md
        Ask a [Backend Engineer]($0
      `);
      const rows = completion.items.filter((item) => item.sortText?.startsWith('!'));
      const shown = rows.map((item) => `${item.label} ${item.labelDetails?.description}`);
      assert.equal(new Set(shown).size, rows.length, `every row reads differently: ${shown.join(' | ')}`);
      assert.deepEqual(
        shown.sort(),
        [
          '…/eng/backend/ Backend Engineer',
          '…/backend/#backend-engineer Backend Engineer',
          '…/backend/#senior-backend-engineer Senior Backend Engineer',
          '…/platform/backend/ Backend Engineer',
          '…/staff-backend/ Staff Backend Engineer',
        ].sort(),
      );
      assert.equal(completion.accept('…/platform/backend/'), 'Ask a [Backend Engineer](/job-families/platform/backend/');
    });

    it('offers nothing in plain prose or in an image', async () => {
      for (const line of ['Plain prose about Staff$0', '![Staff$0']) {
        const completion = await complete(`
          ${SITE}
          //- /content/handbook/page.md
          ${line}
        `);
        assert.deepEqual(completion.items, [], line);
      }
    });
  });

  describe('include paths, folder by folder', () => {
    it('starts at the include root', async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        {{% include "$0" %}}
      `);
      assert.deepEqual(
        completion.items.map((item) => item.label),
        ['includes/'],
      );
      assert.equal(completion.accept('includes/'), '{{% include "includes/" %}}');
    });

    it('lists the folders below, and then the files of a folder', async () => {
      const folders = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        {{% include "includes/$0" %}}
      `);
      assert.deepEqual(folders.items.map((item) => item.label).sort(), ['engineering-careers/', 'engineering/']);
      const files = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        {{< include "includes/engineering-careers/val$0" >}}
      `);
      assert.deepEqual(files.items.map((item) => item.label).sort(), ['mentoring.md', 'values-competency.md']);
      assert.equal(files.item('values-competency.md').kind, CompletionItemKind.File);
      assert.equal(files.accept('values-competency.md'), '{{< include "includes/engineering-careers/values-competency.md" >}}');
    });

    it('completes the whole call when a file is accepted, whatever of its end is written yet', async () => {
      for (const [rest, expected] of [
        ['', '{{% include "includes/engineering-careers/values-competency.md" %}}'],
        ['"', '{{% include "includes/engineering-careers/values-competency.md" %}}'],
        // VS Code closes "{{" by itself: the "}}" after the cursor is the call's end, not text.
        ['}}', '{{% include "includes/engineering-careers/values-competency.md" %}}'],
        ['" %}} and more', '{{% include "includes/engineering-careers/values-competency.md" %}} and more'],
        ['ues-competency.md" %}}', '{{% include "includes/engineering-careers/values-competency.md" %}}'],
      ]) {
        const completion = await complete(`
          ${SITE}
          //- /content/handbook/page.md
          {{% include "includes/engineering-careers/val$0${rest}
        `);
        assert.equal(completion.accept('values-competency.md'), expected, `with "${rest}" after the cursor`);
      }
      const angle = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        {{< include "includes/engineering-careers/val$0}}
      `);
      assert.equal(angle.accept('values-competency.md'), '{{< include "includes/engineering-careers/values-competency.md" >}}');
    });

    it("completes inside seed 003's call with the wrong delimiter {{$ too", async () => {
      const completion = await complete(`
        ${SITE}
        //- /content/handbook/page.md
        {{$ include "includes/engineering/$0" %}}
      `);
      assert.equal(completion.accept('product-development.md'), '{{$ include "includes/engineering/product-development.md" %}}');
    });
  });
});
