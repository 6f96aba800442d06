// Rename in-process: a heading, a link's #anchor, an HTML id=; the returned edit applied to the
// fixture's texts and compared with the texts an author would write by hand.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { prepareRename, provideRename } from '../../server/src/features/rename';
import { loadFixture, type Fixture } from '../support/fixture';
import { applyWorkspaceEdit } from '../support/applyEdits';

/** Every fixture file's text after renaming at the cursor to `newName`; throws with the reason on a refusal. */
async function renamed(fixture: Fixture, newName: string): Promise<Readonly<Record<string, string>>> {
  const edit = await provideRename(fixture.index, fixture.file(), fixture.at.position, newName);
  if ('refused' in edit) throw new Error(`refused: ${edit.refused}`);
  return applyWorkspaceEdit(fixture, edit).texts;
}

async function refusal(fixture: Fixture, newName: string): Promise<string> {
  const edit = await provideRename(fixture.index, fixture.file(), fixture.at.position, newName);
  assert.ok('refused' in edit, `expected a refusal, got ${JSON.stringify(edit)}`);
  return edit.refused;
}

const STAFF_PAGE = `
  //- /content/job-families/eng/staff.md
  ---
  title: "Staff Engineer"
  aliases: ["/jobs/staff/"]
  ---
  ## Require$0ments

  See [below](#requirements).
`;

describe('rename a heading', () => {
  it('changes its text and every link to its anchor: inline, reference, extends, HTML, same-page, through an alias and the site’s host', async () => {
    const fixture = await loadFixture(`
      ${STAFF_PAGE}
      //- /content/job-families/eng/principal.md
      - Extends that of the [Staff](/job-families/eng/staff/#requirements) requirements
      - [Staff][staff] and [again][staff]

      [staff]: /job-families/eng/staff#requirements
      //- /content/handbook/ladder.md
      <a href="/job-families/eng/staff/#requirements">Staff</a>
      [old URL](/jobs/staff/#requirements) and [absolute](https://handbook.gitlab.com/job-families/eng/staff/#requirements)
      [page only](/job-families/eng/staff/) [other anchor](/job-families/eng/staff/#nope)
    `);
    const texts = await renamed(fixture, 'What we expect');
    assert.equal(
      texts['content/job-families/eng/staff.md'],
      ['---', 'title: "Staff Engineer"', 'aliases: ["/jobs/staff/"]', '---', '## What we expect', '', 'See [below](#what-we-expect).', ''].join('\n'),
    );
    assert.equal(
      texts['content/job-families/eng/principal.md'],
      ['- Extends that of the [Staff](/job-families/eng/staff/#what-we-expect) requirements', '- [Staff][staff] and [again][staff]', '', '[staff]: /job-families/eng/staff#what-we-expect', ''].join(
        '\n',
      ),
    );
    assert.equal(
      texts['content/handbook/ladder.md'],
      [
        '<a href="/job-families/eng/staff/#what-we-expect">Staff</a>',
        '[old URL](/jobs/staff/#what-we-expect) and [absolute](https://handbook.gitlab.com/job-families/eng/staff/#what-we-expect)',
        '[page only](/job-families/eng/staff/) [other anchor](/job-families/eng/staff/#nope)',
        '',
      ].join('\n'),
    );
  });

  it('renumbers later repeats as Hugo does, and their links follow', async () => {
    const fixture = await loadFixture(`
      //- /content/roles/a.md
      ## Requi$0rements
      ## Requirements
      ## Requirements
      //- /content/b.md
      [1](/roles/a/#requirements) [2](/roles/a/#requirements-1) [3](/roles/a/#requirements-2)
    `);
    const texts = await renamed(fixture, 'Needs');
    assert.equal(texts['content/roles/a.md'], '## Needs\n## Requirements\n## Requirements\n');
    assert.equal(texts['content/b.md'], '[1](/roles/a/#needs) [2](/roles/a/#requirements) [3](/roles/a/#requirements-1)\n');
  });

  it('keeps an explicit {#id} and its links when the text is renamed; renaming the ID moves the links', async () => {
    const files = (cursorInId: boolean) => `
      //- /content/roles/a.md
      ## Requi${cursorInId ? '' : '$0'}rements {#re${cursorInId ? '$0' : ''}qs}
      //- /content/b.md
      [1](/roles/a/#reqs)
    `;
    const text = await renamed(await loadFixture(files(false)), 'Needs');
    assert.deepEqual([text['content/roles/a.md'], text['content/b.md']], ['## Needs {#reqs}\n', '[1](/roles/a/#reqs)\n']);
    const id = await renamed(await loadFixture(files(true)), 'needs');
    assert.deepEqual([id['content/roles/a.md'], id['content/b.md']], ['## Requirements {#needs}\n', '[1](/roles/a/#needs)\n']);
  });

  it('renames a heading of an include file, with the links to it in every page that includes it', async () => {
    const fixture = await loadFixture(`
      //- /assets/includes/mentoring.md
      ### Mento$0ring
      //- /content/roles/a.md
      ## Mentoring
      {{% include "includes/mentoring.md" %}}
      //- /content/roles/b.md
      {{% include "includes/mentoring.md" %}}
      //- /content/c.md
      [a](/roles/a/#mentoring) [a included](/roles/a/#mentoring-1) [b](/roles/b/#mentoring)
    `);
    const texts = await renamed(fixture, 'Coaching');
    assert.equal(texts['assets/includes/mentoring.md'], '### Coaching\n');
    assert.equal(texts['content/c.md'], '[a](/roles/a/#mentoring) [a included](/roles/a/#coaching) [b](/roles/b/#coaching)\n');
  });

  it('writes a percent-encoded fragment encoded again', async () => {
    const fixture = await loadFixture(`
      //- /content/roles/a.md
      ## 要$0件
      //- /content/b.md
      [1](/roles/a/#%E8%A6%81%E4%BB%B6) [2](/roles/a/#要件)
    `);
    const texts = await renamed(fixture, '必要条件');
    assert.equal(texts['content/b.md'], `[1](/roles/a/#${encodeURIComponent('必要条件')}) [2](/roles/a/#必要条件)\n`);
  });

  it('updates a page linked from 500 places in one edit', async () => {
    const referrers = Array.from({ length: 500 }, (_, at) => `//- /content/referrers/r${at}.md\nSee [staff](/roles/staff/#requirements).`).join('\n');
    const fixture = await loadFixture(`
//- /content/roles/staff.md
## Requirements$0
${referrers}
`);
    const edit = await provideRename(fixture.index, fixture.file(), fixture.at.position, 'Expectations');
    assert.ok(!('refused' in edit));
    assert.equal(Object.keys(edit.changes!).length, 501);
    assert.equal(applyWorkspaceEdit(fixture, edit).texts['content/referrers/r499.md'], 'See [staff](/roles/staff/#expectations).\n');
  });
});

describe('rename a heading on a page whose nested shortcodes number headings apart', () => {
  it('refuses a name that would renumber another heading into the ID a broken link names', async () => {
    const fixture = await loadFixture(`
      //- /content/values.md
      ## Res$0ults

      {{% details summary="outer" %}}
      ## Wording
      {{% details summary="inner" %}}
      ## Wording
      {{% /details %}}
      {{% /details %}}

      [no second](#wording-1)
    `);
    // Renamed to "Wording", the heading takes #wording and the outer one becomes #wording-1, which the broken link names.
    assert.match(await refusal(fixture, 'Wording'), /values\.md:10 leads to no anchor .*it would lead to the heading "Wording"/);
  });
});

describe('rename an anchor', () => {
  it('from a link’s #anchor: gives a heading with a made ID its own {#id}, and moves every link', async () => {
    const fixture = await loadFixture(`
      //- /content/roles/a.md
      ## Requirements
      //- /content/b.md
      [1](/roles/a/#requ$0irements) [2](/roles/a/#requirements)
    `);
    const texts = await renamed(fixture, 'reqs');
    assert.equal(texts['content/roles/a.md'], '## Requirements {#reqs}\n');
    assert.equal(texts['content/b.md'], '[1](/roles/a/#reqs) [2](/roles/a/#reqs)\n');
  });

  it('an HTML id=, from the attribute or from a link to it', async () => {
    for (const [cursorInPage, cursorInLink] of [
      ['$0', ''],
      ['', '$0'],
    ]) {
      const fixture = await loadFixture(`
        //- /content/roles/a.md
        <a id="sta${cursorInPage}ff"></a>
        //- /content/b.md
        <a href="/roles/a/#st${cursorInLink}aff">Staff</a>
      `);
      const texts = await renamed(fixture, 'senior');
      assert.deepEqual([texts['content/roles/a.md'], texts['content/b.md']], ['<a id="senior"></a>\n', '<a href="/roles/a/#senior">Staff</a>\n']);
    }
  });
});

describe('prepareRename', () => {
  it('answers with the name’s range and text: a heading’s content, its {#id}, a link’s fragment', async () => {
    for (const [line, placeholder] of [
      ['## $[Requi$0rements$] {#reqs}', 'Requirements'],
      ['## Requirements {#$[re$0qs$]}', 'reqs'],
      ['[x](/roles/a/#$[re$0qs$])', 'reqs'],
    ]) {
      const fixture = await loadFixture(`
        //- /content/roles/a.md
        ## Requirements {#reqs}
        //- /content/b.md
        ${line}
      `);
      assert.deepEqual(await prepareRename(fixture.index, fixture.file(), fixture.at.position), { range: fixture.ranges[0].range, placeholder }, line);
    }
  });

  it("hands an include call's path to the include rename, which moves the file and updates every call", async () => {
    const fixture = await loadFixture(`
      //- /assets/includes/mentoring.md
      ### Mentoring
      //- /content/roles/a.md
      {{% include "includes/men$0toring.md" %}}
      //- /content/roles/b.md
      {{% include "includes/mentoring.md" %}}
    `);
    const prepared = await prepareRename(fixture.index, fixture.file(), fixture.at.position);
    assert.equal('placeholder' in prepared ? prepared.placeholder : prepared.refused, 'includes/mentoring.md');
    const edit = await provideRename(fixture.index, fixture.file(), fixture.at.position, 'includes/coaching.md');
    assert.ok(!('refused' in edit), JSON.stringify(edit));
    const changes = edit.documentChanges ?? [];
    assert.deepEqual(
      changes.filter((change) => 'kind' in change).map((change) => ('newUri' in change ? change.newUri.replace(/^.*\/assets\//, 'assets/') : '')),
      ['assets/includes/coaching.md'],
    );
    assert.equal(changes.filter((change) => 'edits' in change).length, 2, 'both calls are updated');
  });

  it('says what can be renamed anywhere else, and why not on a broken anchor or a heading over several lines', async () => {
    const cases: [string, RegExp][] = [
      ['Plain te$0xt', /Rename works on a heading .* the #anchor part of a link or of a ref call, on an HTML id=.*the path of an include call/],
      ['[x](/roles/$0a/#reqs)', /To rename or move a page, rename its file/],
      ['[x](/roles/a/#no$0pe)', /has no heading or anchor #nope/],
      ['Two$0\nlines\n---', /written over several lines/],
    ];
    for (const [line, expected] of cases) {
      const fixture = await loadFixture(`
        //- /content/roles/a.md
        ## Requirements {#reqs}
        //- /content/b.md
        ${line}
      `);
      const answer = await prepareRename(fixture.index, fixture.file(), fixture.at.position);
      assert.match('refused' in answer ? answer.refused : 'no refusal', expected, line);
    }
  });
});

describe('rename refuses', () => {
  it('an empty name, a line break, an ID Hugo would not read as written', async () => {
    const heading = await loadFixture('//- /content/a.md\n## Requ$0irements {#reqs}');
    assert.match(await refusal(heading, '  '), /needs text/);
    assert.match(await refusal(heading, 'a\nb'), /one line/);
    const id = await loadFixture('//- /content/a.md\n## Requirements {#re$0qs}');
    for (const bad of ['', 'two words', 'a/b', 'a}b']) assert.match(await refusal(id, bad), bad === '' ? /needs an ID/ : /is no valid ID/, bad);
    const html = await loadFixture('//- /content/a.md\n<a id="st$0aff"></a>');
    assert.match(await refusal(html, 'a"b'), /is no valid ID/);
  });

  it('an ID the page already has, and a rename that would lead a link to another anchor', async () => {
    const collides = await loadFixture(`
      //- /content/roles/a.md
      ## Requirements {#re$0qs}
      <a id="staff"></a>
    `);
    assert.match(await refusal(collides, 'staff'), /would have the ID #staff twice/);
    // `#staff` reaches `{#Staff}` only by case; a heading whose ID is `staff` would take it over.
    const retargets = await loadFixture(`
      //- /content/roles/a.md
      ## Requ$0irements
      ## Other {#Staff}
      //- /content/b.md
      [x](/roles/a/#staff)
    `);
    assert.equal(
      await refusal(retargets, 'Staff'),
      'The link at content/b.md:1 leads to #Staff of the page "Requirements" (/roles/a/); after this rename it would lead to the heading "Staff" instead. Choose another name.',
    );
  });

  it('from a link, an anchor written by no heading or HTML id= (an anchor shortcode, a footnote, an {#id} block attribute), instead of failing', async () => {
    for (const [written, link] of [
      ['{{% a "staff" %}}Staff.', '(#st$0aff)'],
      ['Staff.[^1]\n\n[^1]: A note.', '(#fn$0:1)'],
      ['Staff.\n{#staff}', '(#st$0aff)'],
    ]) {
      const fixture = await loadFixture(`
        //- /hugo.toml
        [markup.goldmark.parser.attribute]
        block = true
        //- /content/roles/a.md
        ${written.replace(/\n/g, '\n        ')}

        [there]${link}
      `);
      const prepared = await prepareRename(fixture.index, fixture.file(), fixture.at.position);
      assert.match('refused' in prepared ? prepared.refused : 'no refusal', /is written by no heading or HTML id=/, written);
      assert.match(await refusal(fixture, 'elsewhere'), /is written by no heading or HTML id=/, written);
    }
  });
});

describe('rename: ref and relref calls', () => {
  const REFS = `
    //- /content/roles/a.md
    ## Requ⟨heading⟩irements
    //- /content/b.md
    {{< ref "/roles/a.md#requ⟨ref⟩irements" >}} {{< relref "a#requirements" >}} {{< ref "roles/a" >}} [link](/roles/a/#requirements)
  `;
  const at = (place: string) => loadFixture(REFS.replace(`⟨${place}⟩`, '$0').replace(/⟨[A-Za-z]+⟩/g, ''));

  it("a heading's rename updates the #anchor of every ref call to it, like a link's", async () => {
    const texts = await renamed(await at('heading'), 'Expectations');
    assert.equal(texts['content/roles/a.md'], '## Expectations\n');
    assert.equal(texts['content/b.md'], '{{< ref "/roles/a.md#expectations" >}} {{< relref "a#expectations" >}} {{< ref "roles/a" >}} [link](/roles/a/#expectations)\n');
  });

  it("from a ref call's #anchor: renames the anchor (a made ID gets its own {#id}) and moves every link and ref", async () => {
    const fixture = await at('ref');
    const prepared = await prepareRename(fixture.index, fixture.file(), fixture.at.position);
    assert.ok(!('refused' in prepared));
    assert.equal(prepared.placeholder, 'requirements');
    const texts = await renamed(fixture, 'reqs');
    assert.equal(texts['content/roles/a.md'], '## Requirements {#reqs}\n');
    assert.equal(texts['content/b.md'], '{{< ref "/roles/a.md#reqs" >}} {{< relref "a#reqs" >}} {{< ref "roles/a" >}} [link](/roles/a/#reqs)\n');
  });
});
