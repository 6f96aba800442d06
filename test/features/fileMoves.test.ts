// willRenameFiles in-process: the workspace edit for a moved page applied to the fixture's texts,
// with and without change annotations, and the answers for a refused move and one that changes nothing.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { describePlan, provideFileMoves } from '../../server/src/features/fileMoves';
import { planMoves, type PlannedMove } from '../../server/src/model/edits/moves';
import { applyWorkspaceEdit } from '../support/applyEdits';
import { loadFixture, type Fixture } from '../support/fixture';
import { memoryHandbook, SITE } from '../support/memoryHandbook';

const HANDBOOK = `
  //- /content/job-families/eng/distinguished.md
  ---
  title: "Distinguished Engineer"
  ---

  ## Requirements

  - Leads.
  //- /content/job-families/eng/senior-distinguished.md
  ---
  title: "Senior Distinguished Engineer"
  ---

  ## Requirements

  - Extends that of the [Distinguished Engineer](/job-families/eng/distinguished/#requirements) requirements.

  <a href="../distinguished/">Distinguished</a>
`;

const move = (from: string, to: string) => [{ from: path.join(SITE, from), to: path.join(SITE, to) }];

async function movedTexts(fixture: Fixture, annotations: boolean) {
  const answer = await provideFileMoves(fixture.index, move('content/job-families/eng/distinguished.md', 'content/job-families/eng/principal.md'), { annotations });
  return { answer, texts: applyWorkspaceEdit(fixture, answer.edit).texts };
}

describe('file moves', () => {
  it('updates the extends sentence and the HTML link, and adds the alias', async () => {
    const fixture = await loadFixture(HANDBOOK);
    const { answer, texts } = await movedTexts(fixture, false);
    assert.equal(answer.message, undefined);
    assert.match(texts['content/job-families/eng/senior-distinguished.md'], /\[Distinguished Engineer\]\(\/job-families\/eng\/principal\/#requirements\)/);
    assert.match(texts['content/job-families/eng/senior-distinguished.md'], /<a href="\.\.\/principal\/">/);
    assert.equal(
      texts['content/job-families/eng/distinguished.md'],
      ['---', 'title: "Distinguished Engineer"', 'aliases:', '  - /job-families/eng/distinguished/', '---', '', '## Requirements', '', '- Leads.', ''].join('\n'),
    );
  });

  it('labels the edit with what it does when the client shows annotations, and asks to confirm when there are notes', async () => {
    const fixture = await loadFixture(HANDBOOK);
    const { answer, texts } = await movedTexts(fixture, true);
    assert.deepEqual(answer.edit?.changeAnnotations, { 'handbook-roles.move': { label: 'Update 2 links and add 1 alias for the move', needsConfirmation: false } });
    assert.equal(
      texts['content/job-families/eng/senior-distinguished.md'],
      applyWorkspaceEdit(fixture, (await movedTexts(fixture, false)).answer.edit).texts['content/job-families/eng/senior-distinguished.md'],
    );
    const broken = await loadFixture(HANDBOOK.replace('title: "Distinguished Engineer"', 'title: [unclosed'));
    const noted = await provideFileMoves(broken.index, move('content/job-families/eng/distinguished.md', 'content/job-families/eng/principal.md'), { annotations: true });
    const annotation = noted.edit?.changeAnnotations?.['handbook-roles.move'];
    assert.equal(annotation?.needsConfirmation, true);
    assert.match(annotation?.description ?? '', /front matter does not parse, so it is left alone/);
  });

  it('answers a refused move with no edit and the reason', async () => {
    const fixture = await loadFixture(HANDBOOK);
    const answer = await provideFileMoves(fixture.index, move('content/job-families/eng/distinguished.md', 'content/job-families/eng/senior-distinguished.md'), { annotations: true });
    assert.deepEqual(answer, {
      message: { severity: 'error', text: 'Links were not updated for this move: content/job-families/eng/senior-distinguished.md already exists: move or delete it first.' },
    });
  });

  it('answers nothing for a page whose own url keeps it where it is, when nothing links to its file', async () => {
    const fixture = await loadFixture(HANDBOOK.replace('title: "Distinguished Engineer"', 'url: /fixed/'));
    const answer = await provideFileMoves(fixture.index, move('content/job-families/eng/distinguished.md', 'content/job-families/eng/principal.md'), { annotations: true });
    assert.deepEqual(answer, {});
  });

  it('describes a plan in a few words', async () => {
    const fixture = await loadFixture(HANDBOOK);
    const plan = (await planMoves(fixture.index, move('content/job-families/eng/distinguished.md', 'content/x.md'), { addAliases: false })) as PlannedMove;
    assert.equal(describePlan(plan), 'Update 2 links');
  });
});

describe('file moves: ref and relref calls', () => {
  it('rewrites the ref calls to the moved page in their style, and says so in the label', async () => {
    const fixture = await loadFixture(`
      ${HANDBOOK}
      //- /content/handbook/refs.md
      {{< ref "/job-families/eng/distinguished.md#requirements" >}}, {{< relref "distinguished" >}} and {{< ref "../job-families/eng/distinguished" >}}.
    `);
    const answer = await provideFileMoves(fixture.index, move('content/job-families/eng/distinguished.md', 'content/job-families/staff/principal.md'), { annotations: true });
    assert.equal(answer.edit?.changeAnnotations?.['handbook-roles.move']?.label, 'Update 2 links, 3 ref calls and add 1 alias for the move');
    assert.equal(
      applyWorkspaceEdit(fixture, answer.edit).texts['content/handbook/refs.md'],
      '{{< ref "/job-families/staff/principal.md#requirements" >}}, {{< relref "principal" >}} and {{< ref "../job-families/staff/principal" >}}.\n',
    );
  });
});

describe('file moves: relative links the embedded link hook reads', () => {
  // With the embedded link hook a relative Markdown link is first looked up as a page from the
  // page's folder (Hugo's GetPage), and only then taken as a URL: `dbt/` in platform/snow.md is
  // platform/dbt.md, not a page below /data/platform/snow/. Found on the real corpus, whose site
  // uses the hook: such links of a moved page were remade from the URL a browser would read.
  const SITE_WITH_HOOK = `
    //- /hugo.toml
    [markup.goldmark.renderHooks.link]
    useEmbedded = "fallback"
    //- /content/data/platform/_index.md
    ## Platform
    //- /content/data/platform/dbt.md
    ## Model efficiency
    //- /content/data/platform/snow.md
    See [model efficiency](dbt/#model-efficiency) and [this page](snow/).
    //- /content/legal/_index.md
    ## Legal
  `;

  /** Where each link of the moved page leads once the edit is applied and the files have moved. */
  async function movedPageLinks(from: string, to: string, movedPage: string): Promise<string[]> {
    const fixture = await loadFixture(SITE_WITH_HOOK);
    const answer = await provideFileMoves(fixture.index, move(from, to), { annotations: false });
    const { texts } = applyWorkspaceEdit(fixture, answer.edit);
    const movedTexts = Object.fromEntries(Object.entries(texts).map(([file, text]) => [file === from || file.startsWith(`${from}/`) ? to + file.slice(from.length) : file, text]));
    const { index, file } = await memoryHandbook(movedTexts);
    const page = file(movedPage);
    return page.facts.links.map((link) => {
      const resolved = index.resolveLink(page, link.destination, link.kind);
      return resolved.kind === 'page' ? `${path.relative(SITE, resolved.page.path)}${resolved.anchor ? `#${resolved.anchor.id}` : ''}` : resolved.kind;
    });
  }

  it('a page moved to another folder: its relative links lead to the pages they led to', async () => {
    assert.deepEqual(await movedPageLinks('content/data/platform/snow.md', 'content/legal/snow.md', 'content/legal/snow.md'), [
      'content/data/platform/dbt.md#model-efficiency',
      'content/legal/snow.md',
    ]);
  });

  it('a folder moved: a link of one of its pages to itself still leads to it, not to the section', async () => {
    assert.deepEqual(await movedPageLinks('content/data/platform', 'content/data/moved', 'content/data/moved/snow.md'), ['content/data/moved/dbt.md#model-efficiency', 'content/data/moved/snow.md']);
  });
});
