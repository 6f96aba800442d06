// Go to definition and document links in-process: where a role link, an extends sentence or an
// include call leads, as a fixture path and the range marked $[ … $] there.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Location, Range } from 'vscode-languageserver-types';
import { provideDefinition, provideDocumentLinks } from '../../server/src/features/navigation';
import { loadFixture, type Fixture } from '../support/fixture';

const TOP_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function definitionAt(fixture: Fixture): { path: string; range: Range }[] {
  return provideDefinition(fixture.index, fixture.file(), fixture.at.position).map((location: Location) => ({ path: fixture.pathOf(location.uri), range: location.range }));
}

/** A role page whose anchors are marked, in order: a heading with an explicit id, the id of an HTML anchor; and the include file it pulls in. */
const STAFF = `
  //- /content/job-families/eng/staff.md
  ---
  title: "Staff Engineer"
  ---
  Intro.

  $[## Requirements {#reqs}$]

  <a id="$[senior-requirements$]"></a>

  {{% include "includes/mentoring.md" %}}
  //- /assets/includes/mentoring.md
  $[### Mentoring$]

  - Mentors others
`;

describe('definition', () => {
  it('leads from an extends link to the heading it names, from anywhere in the sentence', async () => {
    for (const sentence of ['Extends that of the [Staff](/job-families/eng/st$0aff/#reqs) requirements', 'Extends that of the [Staff](/job-families/eng/staff/#reqs) requi$0rements']) {
      const fixture = await loadFixture(`
        ${STAFF}
        //- /content/job-families/eng/principal.md
        - ${sentence}
      `);
      assert.deepEqual(definitionAt(fixture), [{ path: 'content/job-families/eng/staff.md', range: fixture.ranges[0].range }], sentence);
    }
  });

  it('leads to an HTML anchor, and to a heading that comes from an included file, in that file', async () => {
    const toHtmlAnchor = await loadFixture(`
      ${STAFF}
      //- /content/handbook/page.md
      See [senior](/job-families/eng/staff/#senior-requi$0rements).
    `);
    assert.deepEqual(definitionAt(toHtmlAnchor), [{ path: 'content/job-families/eng/staff.md', range: toHtmlAnchor.ranges[1].range }]);
    const toIncluded = await loadFixture(`
      ${STAFF}
      //- /content/handbook/page.md
      See [mentoring](/job-families/eng/staff/#mentor$0ing).
    `);
    assert.deepEqual(definitionAt(toIncluded), [{ path: 'assets/includes/mentoring.md', range: toIncluded.ranges[2].range }]);
  });

  it('leads to the top of the page for a link without an anchor or with a missing one, and from an include call to its file', async () => {
    for (const line of ['[Staff](/job-families/eng/st$0aff/)', '[Staff](/job-families/eng/staff/#no$0pe)']) {
      const fixture = await loadFixture(`
        ${STAFF}
        //- /content/handbook/page.md
        ${line}
      `);
      assert.deepEqual(definitionAt(fixture), [{ path: 'content/job-families/eng/staff.md', range: TOP_OF_FILE }], line);
    }
    const include = await loadFixture(`
      ${STAFF}
      //- /content/handbook/page.md
      {{% include "includes/ment$0oring.md" %}}
    `);
    assert.deepEqual(definitionAt(include), [{ path: 'assets/includes/mentoring.md', range: TOP_OF_FILE }]);
  });

  it('has no answer for a missing page, a missing include or plain text', async () => {
    for (const line of ['[Staff](/job-families/eng/sta$0ff-engineer/)', '{{% include "includes/mentor$0ship.md" %}}', 'Plain pro$0se']) {
      const fixture = await loadFixture(`
        ${STAFF}
        //- /content/handbook/page.md
        ${line}
      `);
      assert.deepEqual(definitionAt(fixture), [], line);
    }
  });
});

describe('document links', () => {
  it('links each resolvable destination and include path, at the line it leads to, and skips what leads nowhere (seeds 002, 003)', async () => {
    const fixture = await loadFixture(`
      ${STAFF}
      //- /content/handbook/engineering/careers/_index.md
      - [Staff]($[/job-families/eng/staff/#reqs$]) and [gone](/job-families/eng/gone/)
      <td><a href="$[/job-families/eng/staff$]">Staff</a></td>

      {{% include "$[includes/mentoring.md$]" %}}
      {{$ include "$[includes/mentoring.md$]" %}}
      {{% include "includes/missing.md" %}}
    `);
    const links = provideDocumentLinks(fixture.index, fixture.file('content/handbook/engineering/careers/_index.md'));
    const staff = fixture.uri('content/job-families/eng/staff.md');
    const mentoring = fixture.uri('assets/includes/mentoring.md');
    assert.deepEqual(
      links.map((link) => ({ range: link.range, target: link.target })),
      [
        // STAFF's own three marked ranges come first; this page's are ranges 3 to 6.
        { range: fixture.ranges[3].range, target: `${staff}#L6` },
        { range: fixture.ranges[4].range, target: staff },
        { range: fixture.ranges[5].range, target: mentoring },
        // A malformed call still names its file: following the link helps mend it.
        { range: fixture.ranges[6].range, target: mentoring },
      ],
    );
  });
});

describe('reference links', () => {
  const REFERENCES = `
    ${STAFF}
    //- /content/handbook/page.md
    The [Staff Engineer][staff] and again the [Staff Engineer][staff].

    [staff]: $[/job-families/eng/staff/#reqs$]
  `;

  it('lead from the reference to the heading the definition names', async () => {
    const fixture = await loadFixture(REFERENCES.replace('The [Staff', 'The [St$0aff'));
    assert.deepEqual(definitionAt(fixture), [{ path: 'content/job-families/eng/staff.md', range: fixture.ranges[0].range }]);
  });

  // The definition's URL is a document link (Ctrl+click opens the heading): go to definition there too.
  it('lead there from the URL of the definition too', async () => {
    const fixture = await loadFixture(REFERENCES.replace('[staff]: $[/job-families/eng/st', '[staff]: $[/job-families/eng/st$0'));
    assert.deepEqual(definitionAt(fixture), [{ path: 'content/job-families/eng/staff.md', range: fixture.ranges[0].range }]);
  });

  // Every reference uses the definition's URL: one document link there, not one per reference.
  it('give the definition one document link, however many references use it', async () => {
    const fixture = await loadFixture(REFERENCES);
    const links = provideDocumentLinks(fixture.index, fixture.file('content/handbook/page.md'));
    assert.deepEqual(
      links.map((link) => link.range),
      [fixture.ranges[3].range],
    );
  });
});
