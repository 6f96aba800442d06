// Hover in-process: on an extends sentence, what the role really inherits, level by level with
// includes expanded; on an include call, the file and its content; bounded and cycle-safe.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MarkupContent, type Hover } from 'vscode-languageserver-types';
import { provideHover } from '../../server/src/features/hover';
import { loadFixture, type Fixture } from '../support/fixture';

/** The hover at the fixture's cursor, and its Markdown. */
async function hoverAt(fixture: Fixture): Promise<{ hover: Hover; markdown: string } | undefined> {
  const hover = await provideHover(fixture.index, fixture.file(), fixture.at.position);
  if (!hover) return undefined;
  assert.ok(MarkupContent.is(hover.contents), 'hover contents are Markdown');
  assert.equal(hover.contents.kind, 'markdown');
  return { hover, markdown: hover.contents.value };
}

/** Asserts that `parts` occur in `text` in this order. */
function assertInOrder(text: string, parts: readonly string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    assert.ok(at !== -1, `"${part}" after offset ${from} in:\n${text}`);
    from = at + part.length;
  }
}

/** Staff → Distinguished, as in seed 000: each level's Requirements and Responsibilities extend the one below. */
const FAMILY = `
  //- /content/job-families/eng/staff.md
  ---
  title: "Staff Engineer"
  ---
  ## Requirements

  - Writes code others build on

  ## Responsibilities

  - Leads designs
  //- /content/job-families/eng/distinguished.md
  ---
  title: "Distinguished Engineer"
  ---
  ## Requirements

  - Extends that of the [Staff Engineer](/job-families/eng/staff/#requirements) requirements
  - Shapes a product

  {{% include "includes/mentoring.md" %}}

  ## Responsibilities

  - Extends that of the [Staff Engineer](/job-families/eng/staff/#responsibilities) responsibilities
  - Sets the technical direction
  //- /assets/includes/mentoring.md
  - Mentors [staff engineers](/job-families/eng/staff/)
`;

const SENIOR_DISTINGUISHED = '/content/job-families/eng/senior-distinguished.md';

describe('hover', () => {
  describe('on an extends sentence (seed 000)', () => {
    it('shows the inherited Requirements level by level, with the includes expanded, on the range of the sentence', async () => {
      const fixture = await loadFixture(`
        ${FAMILY}
        //- ${SENIOR_DISTINGUISHED}
        ---
        title: "Senior Distinguished Engineer"
        ---
        ## Requirements

        - $[Extends that of the [Distinguished$0 Engineer](/job-families/eng/distinguished/#requirements) requirements$]
      `);
      const found = await hoverAt(fixture);
      assert.ok(found, 'a hover');
      assert.deepEqual(found.hover.range, fixture.ranges[0].range);
      assertInOrder(found.markdown, [
        '**Inherited from Distinguished Engineer — Requirements** — 2 levels',
        '**[Distinguished Engineer — Requirements](file:///memory/handbook/content/job-families/eng/distinguished.md#L4)** · `/job-families/eng/distinguished/#requirements`',
        '*from content/job-families/eng/distinguished.md, line 4 (with mentoring.md)*',
        '- Shapes a product',
        // The include's text in place of the call, its link made clickable from the hover.
        '- Mentors [staff engineers](file:///memory/handbook/content/job-families/eng/staff.md)',
        '↳ **[Staff Engineer — Requirements](file:///memory/handbook/content/job-families/eng/staff.md#L4)**',
        '*from content/job-families/eng/staff.md, line 4*',
        '- Writes code others build on',
      ]);
      assert.doesNotMatch(found.markdown, /\{\{%/, 'no include call is left as text');
      assert.doesNotMatch(found.markdown, /Responsibilities|Leads designs|Sets the technical direction/, 'Requirements only');
    });

    it('answers the same anywhere in the sentence, and follows the Responsibilities chain for its sentence', async () => {
      const onWord = await loadFixture(`
        ${FAMILY}
        //- ${SENIOR_DISTINGUISHED}
        ## Responsibilities

        - Extends that of the [Distinguished Engineer](/job-families/eng/distinguished/#responsibilities) respon$0sibilities
      `);
      const found = await hoverAt(onWord);
      assert.ok(found);
      assertInOrder(found.markdown, ['Distinguished Engineer — Responsibilities', '- Sets the technical direction', 'Staff Engineer — Responsibilities', '- Leads designs']);
      assert.doesNotMatch(found.markdown, /Shapes a product/);
    });

    it("expands the includes of seed 003's Intermediate and leaves its malformed call as the text Hugo prints", async () => {
      const fixture = await loadFixture(`
        //- /content/handbook/engineering/careers/matrix/distribution/intermediate.md
        ---
        title: "Intermediate Distribution Engineer"
        ---
        ## Intermediate Distribution Engineer

        {{% include "includes/engineering-careers/intermediate-leadership-competency.md" %}}

        {{$ include "includes/engineering-careers/intermediate-technical-competency.md" %}}
        //- /assets/includes/engineering-careers/intermediate-leadership-competency.md
        ### Leadership

        - Communicates clearly in issues, merge requests and Slack
        //- /assets/includes/engineering-careers/intermediate-technical-competency.md
        - Writes tested code
        //- /content/handbook/engineering/careers/matrix/distribution/senior.md
        ---
        title: "Senior Distribution Engineer"
        ---
        ## Senior Distribution Engineer

        - [All competencies exhibited by an Inter$0mediate](/handbook/engineering/careers/matrix/distribution/intermediate/)
      `);
      const found = await hoverAt(fixture);
      assert.ok(found);
      assertInOrder(found.markdown, [
        '**Inherited from Intermediate Distribution Engineer**',
        '(with intermediate-leadership-competency.md)',
        // Headings of the inherited page become bold lines, not big hover headings.
        '**Leadership**',
        '- Communicates clearly in issues, merge requests and Slack',
        '{{$ include "includes/engineering-careers/intermediate-technical-competency.md" %}}',
      ]);
      assert.doesNotMatch(found.markdown, /^#{1,6} /m);
      assert.doesNotMatch(found.markdown, /Writes tested code/, 'a malformed call includes nothing');
    });

    it('names an extends cycle once instead of looping', async () => {
      const fixture = await loadFixture(`
        //- /content/job-families/eng/staff.md
        ---
        title: "Staff Engineer"
        ---
        ## Requirements

        - Extends that of the [Principal Engineer](/job-families/eng/principal/#requirements) requirements
        //- /content/job-families/eng/principal.md
        ---
        title: "Principal Engineer"
        ---
        ## Requirements

        - Extends that of the [Staff Engineer](/job-families/eng/staff/#requirements) requirements$0
      `);
      const found = await hoverAt(fixture);
      assert.ok(found);
      assert.match(found.markdown, /^\*\*Inherited from Staff Engineer — Requirements\*\* — 2 levels/);
      assert.equal(found.markdown.match(/⚠ Extends cycle/g)?.length, 1);
      assert.match(found.markdown, /⚠ Extends cycle: Staff Engineer — Requirements → Principal Engineer — Requirements → Staff Engineer — Requirements$/);
    });

    it('cuts at hover.maxLines with a count of the lines and levels cut', async () => {
      const fixture = await loadFixture(
        `
          ${FAMILY}
          //- ${SENIOR_DISTINGUISHED}
          ## Requirements

          - Extends that of the [Distinguished Engineer](/job-families/eng/distinguished/#requirements$0) requirements
        `,
        { hover: { maxLines: 2 } },
      );
      const found = await hoverAt(fixture);
      assert.ok(found);
      // Distinguished's four lines (two items, a blank line, the included item): two shown, two cut; Staff's one line cut whole.
      assert.match(found.markdown, /- Shapes a product\n\n… 3 more lines cut and 1 more level \(Staff Engineer — Requirements\)\. Set handbookRoles\.hover\.maxLines to see more\.$/);
      assert.doesNotMatch(found.markdown, /Mentors/);
    });

    it("closes a code fence or an HTML comment that a level's text leaves open, so that the next level and the cut note stay outside it", async () => {
      const chain = (included: string) => `
        //- /content/a.md
        ## Requirements

        - Extends that of the [B](/b/#requirements) requirements$0
        //- /content/b.md
        ---
        title: "B"
        ---
        ## Requirements

        - Extends that of the [C](/c/#requirements) requirements
        {{% include "includes/x.md" %}}
        //- /content/c.md
        ---
        title: "C"
        ---
        ## Requirements

        - Written in C
        //- /assets/includes/x.md
        - Written in X
        ${included}
      `;
      const fenced = await hoverAt(await loadFixture(chain('```yaml\n        key: value')));
      assert.ok(fenced);
      assert.match(fenced.markdown, /\n```yaml\nkey: value\n```\n\n---\n\n↳ \*\*\[C — Requirements\]/);
      const commented = await hoverAt(await loadFixture(chain('<!-- a note never closed')));
      assert.ok(commented);
      assert.match(commented.markdown, /\n<!-- a note never closed\n-->\n\n---\n\n↳ \*\*\[C — Requirements\]/);

      const cutInCode = await hoverAt(
        await loadFixture(
          `
            //- /content/a.md
            - Extends that of the [B](/b/#requirements) requirements$0
            //- /content/b.md
            ## Requirements

            ~~~~
            one
            two
            ~~~~
          `,
          { hover: { maxLines: 2 } },
        ),
      );
      assert.ok(cutInCode);
      assert.match(cutInCode.markdown, /\n~~~~\none\n~~~~\n\n… 2 more lines cut\. Set handbookRoles\.hover\.maxLines to see more\.$/);
    });
    it('keeps a heading that follows a list item a block of its own when it becomes a bold line', async () => {
      const found = await hoverAt(
        await loadFixture(`
          //- /content/a.md
          - Extends that of the [B](/b/#requirements) requirements$0
          //- /content/b.md
          ## Requirements

          - Writes code
          {{% include "includes/x.md" %}}
          //- /assets/includes/x.md
          - Reviews code
          ### Engineering
          - Mentors
        `),
      );
      assert.ok(found);
      // Written right after the item, "**Engineering**" would continue it: "Reviews code **Engineering**".
      assert.match(found.markdown, /\n- Writes code\n- Reviews code\n\n\*\*Engineering\*\*\n\n- Mentors$/);
    });

    it('quotes code blocks as they are: their rules, anchors and blank lines are code, not layout to drop', async () => {
      const found = await hoverAt(
        await loadFixture(`
          //- /content/a.md
          - Extends that of the [B](/b/#requirements) requirements$0
          //- /content/b.md
          ## Requirements

          - Writes manifests like this one

          \`\`\`yaml
          ---
          a: 1


          <a id="x"></a>
          ***
          \`\`\`
        `),
      );
      assert.ok(found);
      assert.match(found.markdown, /\n```yaml\n---\na: 1\n\n\n<a id="x"><\/a>\n\*\*\*\n```$/);
    });
  });

  describe('on an include call', () => {
    it("shows the include's path, a link to its file, and its content", async () => {
      const fixture = await loadFixture(`
        ${FAMILY}
        //- /content/handbook/page.md
        $[{{% include "includes/ment$0oring.md" %}}$]
      `);
      const found = await hoverAt(fixture);
      assert.ok(found);
      assert.equal(
        found.markdown,
        '**Include** `includes/mentoring.md` → [assets/includes/mentoring.md](file:///memory/handbook/assets/includes/mentoring.md)\n\n---\n\n- Mentors [staff engineers](file:///memory/handbook/content/job-families/eng/staff.md)',
      );
      assert.deepEqual(found.hover.range, fixture.ranges[0].range);
    });

    it('leaves a missing include file to its diagnostic, and plain text without a hover', async () => {
      for (const line of ['{{% include "includes/mentorship$0.md" %}}', 'Plain prose about Staff Eng$0ineers']) {
        const fixture = await loadFixture(`
          ${FAMILY}
          //- /content/handbook/page.md
          ${line}
        `);
        assert.equal(await hoverAt(fixture), undefined, line);
      }
    });
  });
});
