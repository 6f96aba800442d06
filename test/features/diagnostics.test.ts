// Diagnostics in-process on handbooks written inline: each broken extends, include and role link
// is reported with its code, on the range marked $[ … $] in the fixture, with a message that says
// what is wrong; what is right is not reported.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { loadFixture, type Fixture } from '../support/fixture';

/** The diagnostics of one fixture file, in the order of the text. */
function diagnosticsOf(fixture: Fixture, relativePath: string): Diagnostic[] {
  return computeDiagnostics(fixture.index, fixture.file(relativePath)).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code)),
  );
}

/** Codes and ranges of the diagnostics, to compare with `expected` codes on the fixture's marked ranges in order. */
function assertReported(fixture: Fixture, relativePath: string, expected: readonly { code: string; rangeIndex: number }[]): Diagnostic[] {
  const diagnostics = diagnosticsOf(fixture, relativePath);
  assert.deepEqual(
    diagnostics.map((diagnostic) => ({ code: diagnostic.code, range: diagnostic.range })),
    expected.map(({ code, rangeIndex }) => ({ code, range: fixture.ranges[rangeIndex].range })),
    diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`).join('\n'),
  );
  return diagnostics;
}

/** Three levels of one job family, as in the seeds: each level's Requirements extends the one below. */
const ENGINEERING_FAMILY = `
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

  ## Responsibilities

  - Extends that of the [Staff Engineer](/job-families/eng/staff/#responsibilities) responsibilities
`;

describe('diagnostics', () => {
  describe('extends sentences', () => {
    it('reports nothing for a chain whose every link and section exists (seed 000)', async () => {
      const fixture = await loadFixture(`
        ${ENGINEERING_FAMILY}
        //- /content/job-families/eng/senior-distinguished.md
        ---
        title: "Senior Distinguished Engineer"
        ---
        ## Requirements

        - Extends that of the [Distinguished Engineer](/job-families/eng/distinguished/#requirements) requirements

        ## Responsibilities

        - Extends that of the [Distinguished Engineer](/job-families/eng/distinguished/#responsibilities) responsibilities
      `);
      assert.equal(Object.keys(fixture.files).length, 3);
      for (const relativePath of Object.keys(fixture.files)) assert.deepEqual(diagnosticsOf(fixture, relativePath), [], relativePath);
    });

    it('reports a missing section of an existing role as extends-missing-section, on the destination', async () => {
      const fixture = await loadFixture(`
        ${ENGINEERING_FAMILY}
        //- /content/job-families/eng/principal.md
        ---
        title: "Principal Engineer"
        ---
        ## Requirements

        - Extends that of the [Distinguished Engineer]($[/job-families/eng/distinguished/#requirement$]) requirements
      `);
      const [diagnostic] = assertReported(fixture, 'content/job-families/eng/principal.md', [{ code: 'extends-missing-section', rangeIndex: 0 }]);
      assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
      assert.equal(diagnostic.source, 'handbook-roles');
      assert.equal(diagnostic.message, 'Broken extends: /job-families/eng/distinguished/ has no section #requirement, so nothing is inherited from "Distinguished Engineer".');
    });

    it('reports an extends to a page that is not there, and names the page a moved role went to', async () => {
      const fixture = await loadFixture(`
        //- /content/job-families/engineering/development/staff.md
        ---
        title: "Staff Engineer"
        ---
        ## Requirements

        - Writes code others build on
        //- /content/job-families/eng/principal.md
        ---
        title: "Principal Engineer"
        ---
        ## Requirements

        - Extends that of the [Staff Engineer]($[/job-families/eng/staff/#requirements$]) requirements
      `);
      const [diagnostic] = assertReported(fixture, 'content/job-families/eng/principal.md', [{ code: 'extends-missing-page', rangeIndex: 0 }]);
      assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
      assert.match(diagnostic.message, /^Broken extends: no page at \/job-families\/eng\/staff\/, so nothing is inherited from "Staff Engineer"\./);
      assert.match(diagnostic.message, /Did the role move to \/job-families\/engineering\/development\/staff\/\?$/);
    });

    it('treats "All competencies exhibited by an [Intermediate](…)" as an extends (seed 003)', async () => {
      const fixture = await loadFixture(`
        //- /content/handbook/engineering/careers/matrix/distribution/senior.md
        ---
        title: "Senior Distribution Engineer"
        ---
        ## Senior Distribution Engineer

        - [All competencies exhibited by an Intermediate]($[/handbook/engineering/careers/matrix/distribution/intermediate/$])
      `);
      const [diagnostic] = assertReported(fixture, 'content/handbook/engineering/careers/matrix/distribution/senior.md', [{ code: 'extends-missing-page', rangeIndex: 0 }]);
      assert.match(diagnostic.message, /nothing is inherited from "All competencies exhibited by an Intermediate"/);
    });

    it('names both roles of an extends cycle, on each page of it', async () => {
      const fixture = await loadFixture(`
        //- /content/job-families/eng/staff.md
        ---
        title: "Staff Engineer"
        ---
        ## Requirements

        - Extends that of the [Principal Engineer]($[/job-families/eng/principal/#requirements$]) requirements
        //- /content/job-families/eng/principal.md
        ---
        title: "Principal Engineer"
        ---
        ## Requirements

        - Extends that of the [Staff Engineer]($[/job-families/eng/staff/#requirements$]) requirements
      `);
      const [staff] = assertReported(fixture, 'content/job-families/eng/staff.md', [{ code: 'extends-cycle', rangeIndex: 0 }]);
      assertReported(fixture, 'content/job-families/eng/principal.md', [{ code: 'extends-cycle', rangeIndex: 1 }]);
      assert.match(staff.message, /^Extends cycle: Principal Engineer — Requirements → Staff Engineer — Requirements → Principal Engineer — Requirements\./);
    });

    it('reports a role that extends the very section the sentence is in', async () => {
      const fixture = await loadFixture(`
        //- /content/job-families/eng/staff.md
        ---
        title: "Staff Engineer"
        ---
        ## Requirements

        - Extends that of the [Staff Engineer]($[#requirements$]) requirements
      `);
      const [diagnostic] = assertReported(fixture, 'content/job-families/eng/staff.md', [{ code: 'extends-self', rangeIndex: 0 }]);
      assert.match(diagnostic.message, /This role extends itself: "Staff Engineer — Requirements"/);
    });
  });

  describe('include calls', () => {
    it("reports seed 003's wrong delimiter {{$ as malformed, and its path as missing", async () => {
      const fixture = await loadFixture(`
        //- /assets/includes/engineering-careers/development-senior-leadership-competency.md
        - Leads by example
        //- /content/handbook/engineering/careers/matrix/distribution/senior.md
        ---
        title: "Senior Distribution Engineer"
        ---
        ### Leadership Competencies

        $[{{$ include "$[includes/engineering/development-senior-leadership-competency.md$]" %}}$]
      `);
      const [malformed, missing] = assertReported(fixture, 'content/handbook/engineering/careers/matrix/distribution/senior.md', [
        { code: 'include-malformed', rangeIndex: 0 },
        { code: 'include-missing', rangeIndex: 1 },
      ]);
      assert.match(malformed.message, /^Malformed include: "\{\{\$" is not a shortcode delimiter, so Hugo prints this line as text instead of including the file; write "\{\{%"\.$/);
      assert.match(missing.message, /^Include file not found: "includes\/engineering\/development-senior-leadership-competency\.md" is not in assets\//);
      // The malformed call is printed as text today, so the build fails only once it is mended.
      assert.match(missing.message, /once the call is mended, a missing include fails the Hugo build/);
    });

    it('reports a typo in a well-formed include path as include-missing only', async () => {
      const fixture = await loadFixture(`
        //- /assets/includes/engineering-careers/values-competency.md
        - Lives the values
        //- /content/handbook/engineering/careers/matrix/senior.md
        ---
        title: "Senior Engineer"
        ---
        {{% include "includes/engineering-careers/values-competency.md" %}}

        {{% include "$[includes/engineering-careers/value-competency.md$]" %}}
      `);
      const [missing] = assertReported(fixture, 'content/handbook/engineering/careers/matrix/senior.md', [{ code: 'include-missing', rangeIndex: 0 }]);
      assert.match(missing.message, /, and a missing include fails the Hugo build\. Fix the path or create the file\.$/);
    });

    it('puts a diagnostic on its own line in a page whose lines end with a lone CR, as editors count lines', async () => {
      const body = ['## Requirements', '', '- Writes code', '', '{{% include "$[includes/missing.md$]" %}}'].join('\r');
      const fixture = await loadFixture(`
        //- /content/handbook/page.md
        ${body}
      `);
      const [missing] = assertReported(fixture, 'content/handbook/page.md', [{ code: 'include-missing', rangeIndex: 0 }]);
      assert.deepEqual(missing.range.start, { line: 4, character: 13 });
    });

    it('reports an include path that leaves the include folder', async () => {
      const fixture = await loadFixture(`
        //- /content/handbook/page.md
        ---
        title: "Page"
        ---
        {{< include "$[../content/handbook/other.md$]" >}}
      `);
      const [diagnostic] = assertReported(fixture, 'content/handbook/page.md', [{ code: 'include-outside-root', rangeIndex: 0 }]);
      assert.match(diagnostic.message, /leaves the include folder \(assets\/\)/);
    });

    it('warns about an include call inside an included file, which Hugo prints as text', async () => {
      const fixture = await loadFixture(`
        //- /assets/includes/leadership.md
        - Leads

        {{% include "$[includes/management.md$]" %}}
        //- /assets/includes/management.md
        - Manages
        //- /content/handbook/page.md
        ---
        title: "Page"
        ---
        {{% include "includes/leadership.md" %}}
      `);
      const [nested] = assertReported(fixture, 'assets/includes/leadership.md', [{ code: 'include-nested', rangeIndex: 0 }]);
      assert.equal(nested.severity, DiagnosticSeverity.Warning);
      assert.match(nested.message, /so "includes\/management\.md" is not included/);
      assert.deepEqual(diagnosticsOf(fixture, 'content/handbook/page.md'), []);
    });
  });

  describe('role links', () => {
    it('warns about a missing anchor in a Markdown link and in an HTML table cell (seed 002)', async () => {
      const fixture = await loadFixture(`
        //- /content/jobs/developer.md
        ---
        title: "Developer"
        ---
        ## Developer
        ## Staff Developer
        //- /content/handbook/engineering/careers/_index.md
        ---
        title: "Engineering Career Development"
        ---
        See the [Staff Developer]($[/jobs/developer/#staf-developer$]).

        <table>
          <tr><td><a href="/jobs/developer#staff-developer">Staff Developer</a></td></tr>
          <tr><td><a href="$[/jobs/developer#distinguished-developer$]">Distinguished Developer</a></td></tr>
        </table>
      `);
      const [markdown, html] = assertReported(fixture, 'content/handbook/engineering/careers/_index.md', [
        { code: 'link-missing-anchor', rangeIndex: 0 },
        { code: 'link-missing-anchor', rangeIndex: 1 },
      ]);
      assert.equal(markdown.severity, DiagnosticSeverity.Warning);
      assert.equal(markdown.message, 'Broken anchor: /jobs/developer/ has no heading or anchor #staf-developer.');
      assert.equal(html.message, 'Broken anchor: /jobs/developer/ has no heading or anchor #distinguished-developer.');
    });

    it("knows the anchors Goldmark writes beyond headings, and numbers a nested shortcode's headings apart", async () => {
      const fixture = await loadFixture(`
        //- /hugo.toml
        [markup.goldmark.parser.attribute]
        block = true
        //- /content/values.md
        ---
        title: "Values"
        ---
        Written down in 2016[^history], reviewed yearly[^review] and again[^review].
        Links: [one](#fn:1), [two](#fnref1:2), [three]($[#fn:3$]).

        **Kept here**
        {#kept-here}

        See [kept](#kept-here).

        {{% details summary="outer" %}}
        ## Wording
        {{% details summary="inner" %}}
        ## Wording
        {{% /details %}}
        {{% /details %}}

        [first](#wording) and [no second]($[#wording-1$]).

        [^history]: First version.
        [^review]: Every year.
      `);
      assertReported(fixture, 'content/values.md', [
        { code: 'link-missing-anchor', rangeIndex: 0 },
        { code: 'link-missing-anchor', rangeIndex: 1 },
      ]);
    });

    it('finds {#id} on a line of its own only where the site turns block attributes on', async () => {
      const fixture = await loadFixture(`
        //- /content/values.md
        **Kept here**
        {#kept-here}

        See [kept]($[#kept-here$]).
      `);
      assertReported(fixture, 'content/values.md', [{ code: 'link-missing-anchor', rangeIndex: 0 }]);
    });

    it('explains a link to a draft page instead of only calling it missing', async () => {
      const fixture = await loadFixture(`
        //- /content/jobs/fellow.md
        ---
        title: "Engineering Fellow"
        draft: true
        ---
        ## Requirements
        //- /content/jobs/_index.md
        ---
        title: "Jobs"
        ---
        The [Engineering Fellow]($[/jobs/fellow/$]) role is coming.
      `);
      const [diagnostic] = assertReported(fixture, 'content/jobs/_index.md', [{ code: 'link-missing-page', rangeIndex: 0 }]);
      assert.match(diagnostic.message, /^Broken link: no page at \/jobs\/fellow\/\. The content file jobs\/fellow\.md is a draft \(draft: true\)/);
    });

    it('reports a broken reference definition on its own line', async () => {
      const fixture = await loadFixture(`
        //- /content/jobs/developer.md
        ## Staff Developer
        //- /content/jobs/_index.md
        See the [Staff Developer][staff].

        [staff]: $[/jobs/developer/#staf$]
      `);
      const [diagnostic] = assertReported(fixture, 'content/jobs/_index.md', [{ code: 'link-missing-anchor', rangeIndex: 0 }]);
      assert.equal(diagnostic.message, 'Broken anchor: /jobs/developer/ has no heading or anchor #staf.');
    });

    it('counts the ID an anchor shortcode writes from its first argument, on the page itself only', async () => {
      const fixture = await loadFixture(`
        //- /content/communication.md
        Context matters {{% a "low-context" %}} here, and {{< a \`raw-id\` >}} too.
        //- /assets/includes/part.md
        {{% a "from-include" %}}
        //- /content/jobs/_index.md
        {{% include "includes/part.md" %}}
        [low](/communication/#low-context) [raw](/communication/#raw-id) [none]($[/communication/#nothing$])
        [included]($[#from-include$])
      `);
      assertReported(fixture, 'content/jobs/_index.md', [
        { code: 'link-missing-anchor', rangeIndex: 0 },
        { code: 'link-missing-anchor', rangeIndex: 1 },
      ]);
    });

    it('counts no anchor shortcode that handbookRoles.anchorShortcodes does not name', async () => {
      const source = `
        //- /content/communication.md
        {{% anchor "low-context" %}} and {{% a "other" %}}
        //- /content/jobs/_index.md
        [a]($[/communication/#low-context$]) [b](/communication/#other)
      `;
      assertReported(await loadFixture(source), 'content/jobs/_index.md', [{ code: 'link-missing-anchor', rangeIndex: 0 }]);
      assertReported(await loadFixture(source, { anchorShortcodes: ['anchor', 'a'] }), 'content/jobs/_index.md', []);
    });

    it('lowers a missing anchor on a page that calls a data shortcode to information, naming the shortcode', async () => {
      const source = `
        //- /content/company/kpis.md
        ## Our KPIs
        {{< kpi >}}
        //- /content/plain.md
        {{% alert %}}no data{{% /alert %}}
        //- /content/jobs/_index.md
        [a]($[/company/kpis/#engineering-kpis$]) [b]($[/plain/#engineering-kpis$]) [c](/company/kpis/#our-kpis)
      `;
      const fixture = await loadFixture(source);
      const [data, plain] = assertReported(fixture, 'content/jobs/_index.md', [
        { code: 'link-missing-anchor', rangeIndex: 0 },
        { code: 'link-missing-anchor', rangeIndex: 1 },
      ]);
      assert.equal(data.severity, DiagnosticSeverity.Information);
      assert.match(data.message, /shortcode "kpi"/);
      assert.equal(plain.severity, DiagnosticSeverity.Warning);
      const withoutKpi = await loadFixture(source, { dataShortcodes: [] });
      assert.equal(diagnosticsOf(withoutKpi, 'content/jobs/_index.md')[0].severity, DiagnosticSeverity.Warning);
    });

    // Each reference is a link fact whose destination is the definition: a definition used twice
    // is still one problem, not two identical ones (the command line would count two findings).
    it('reports a broken definition once, however many references use it', async () => {
      const fixture = await loadFixture(`
        //- /content/jobs/developer.md
        ## Staff Developer
        //- /content/jobs/_index.md
        The [Staff Developer][staff] and again the [Staff Developer][staff].

        [staff]: $[/jobs/developer/#staf$]
      `);
      assertReported(fixture, 'content/jobs/_index.md', [{ code: 'link-missing-anchor', rangeIndex: 0 }]);
    });

    it('informs about a link that reaches its page through an old alias', async () => {
      const fixture = await loadFixture(`
        //- /content/job-families/eng/backend.md
        ---
        title: "Backend Engineer"
        aliases: ["/jobs/backend/"]
        ---
        ## Requirements
        //- /content/jobs/_index.md
        ---
        title: "Jobs"
        ---
        The [Backend Engineer]($[/jobs/backend/$]) role.
      `);
      const [diagnostic] = assertReported(fixture, 'content/jobs/_index.md', [{ code: 'link-via-alias', rangeIndex: 0 }]);
      assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
      assert.equal(diagnostic.message, 'This link reaches "Backend Engineer" through an old alias; its URL is now /job-families/eng/backend/.');
    });
  });
});
