// willRenameFiles in-process: the workspace edit for a moved page applied to the fixture's texts,
// with and without change annotations, and the answers for a refused move and one that changes nothing.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { describePlan, provideFileMoves } from '../../server/src/features/fileMoves';
import { planMoves, type PlannedMove } from '../../server/src/model/edits/moves';
import { applyWorkspaceEdit } from '../support/applyEdits';
import { loadFixture, type Fixture } from '../support/fixture';
import { SITE } from '../support/memoryHandbook';

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
