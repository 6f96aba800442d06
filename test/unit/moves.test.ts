// planMoves on small handbooks in memory: the texts after the plan is carried out, compared with
// what an author would write by hand, and the moves it refuses with their reasons.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { planMoves, type MovePlan, type PlannedMove } from '../../server/src/model/edits/moves';
import { applyMovePlan } from '../support/applyMovePlan';
import { memoryHandbook, page, SITE } from '../support/memoryHandbook';

/** A path relative to the site folder, or an absolute one as it is. */
const absolute = (relative: string) => path.resolve(SITE, relative);

async function plan(files: Record<string, string>, moves: Record<string, string>, addAliases = true, settings: Record<string, unknown> = {}): Promise<MovePlan> {
  const { index } = await memoryHandbook(files, settings);
  return planMoves(
    index,
    Object.entries(moves).map(([from, to]) => ({ from: absolute(from), to: absolute(to) })),
    { addAliases },
  );
}

/** The handbook's texts (by path relative to the site) after the moves. */
async function moved(files: Record<string, string>, moves: Record<string, string>, addAliases = true): Promise<{ texts: Record<string, string>; plan: PlannedMove }> {
  const result = await plan(files, moves, addAliases);
  if (result.kind === 'refused') assert.fail(result.reason);
  const planned = result;
  const after = applyMovePlan(Object.fromEntries(Object.entries(files).map(([relative, text]) => [absolute(relative), text])), planned);
  return { texts: Object.fromEntries(Object.entries(after).map(([file, text]) => [path.relative(SITE, file).split(path.sep).join('/'), text])), plan: planned };
}

async function refusal(files: Record<string, string>, moves: Record<string, string>): Promise<string> {
  const result = await plan(files, moves);
  assert.equal(result.kind, 'refused');
  return (result as { reason: string }).reason;
}

const STAFF = page('Staff Engineer', '## Requirements', '', '- Ships.');

describe('planMoves', () => {
  it('retargets every kind of link to a moved page in its own style and leaves the old URL as an alias', async () => {
    const senior = page(
      'Senior Engineer',
      '## Requirements',
      '',
      '- Extends that of the [Staff](/job-families/eng/staff/#requirements) requirements.',
      '- See [staff][s], [again](../staff) and <a href="https://handbook.gitlab.com/job-families/eng/staff/?tab=1#requirements">the table</a>.',
      '- [File link](staff.md) and [elsewhere](/handbook/).',
      '',
      '[s]: /job-families/eng/staff#requirements',
    );
    const { texts, plan: planned } = await moved(
      { 'content/job-families/eng/staff.md': STAFF, 'content/job-families/eng/senior.md': senior, 'content/handbook/_index.md': page('Handbook') },
      { 'content/job-families/eng/staff.md': 'content/job-families/management/staff-engineer.md' },
    );
    assert.equal(
      texts['content/job-families/eng/senior.md'],
      page(
        'Senior Engineer',
        '## Requirements',
        '',
        '- Extends that of the [Staff](/job-families/management/staff-engineer/#requirements) requirements.',
        '- See [staff][s], [again](../../management/staff-engineer) and <a href="https://handbook.gitlab.com/job-families/management/staff-engineer/?tab=1#requirements">the table</a>.',
        '- [File link](../management/staff-engineer.md) and [elsewhere](/handbook/).',
        '',
        '[s]: /job-families/management/staff-engineer#requirements',
      ),
    );
    assert.equal(
      texts['content/job-families/management/staff-engineer.md'],
      ['---', 'title: "Staff Engineer"', 'aliases:', '  - /job-families/eng/staff/', '---', '', '## Requirements', '', '- Ships.', ''].join('\n'),
    );
    assert.equal(texts['content/job-families/eng/staff.md'], undefined);
    assert.deepEqual(planned.counts, { links: 5, refCalls: 0, includeCalls: 0, aliases: 1 });
  });

  it("rewrites the moved page's own relative links so they lead where they led", async () => {
    const staff = page('Staff', '[Senior](../senior/), [same](#requirements), [root](/handbook/), [file](senior.md), [broken](../gone/)', '', '## Requirements');
    const { texts } = await moved(
      { 'content/job-families/eng/staff.md': staff, 'content/job-families/eng/senior.md': page('Senior'), 'content/handbook/_index.md': page('Handbook') },
      { 'content/job-families/eng/staff.md': 'content/job-families/eng/levels/staff.md' },
      false,
    );
    assert.equal(
      texts['content/job-families/eng/levels/staff.md'],
      page('Staff', '[Senior](../../senior/), [same](#requirements), [root](/handbook/), [file](../senior.md), [broken](../../gone/)', '', '## Requirements'),
    );
  });

  it('moves a folder: links between its pages, links into it, and an alias for each page', async () => {
    const files = {
      'content/jobs/_index.md': page('Jobs', '[Dev](developer/) and [lead](/jobs/lead/)'),
      'content/jobs/developer.md': page('Developer', '[Lead](../lead/)'),
      'content/jobs/lead.md': ['+++', 'title = "Lead"', 'aliases = ["/old/lead/"]', '+++', '', '[Jobs](/jobs/)', ''].join('\n'),
      'content/handbook/_index.md': page('Handbook', '[Jobs](/jobs), [dev](https://handbook.gitlab.com/jobs/developer/)'),
    };
    const { texts, plan: planned } = await moved(files, { 'content/jobs': 'content/roles' });
    assert.equal(texts['content/handbook/_index.md'], page('Handbook', '[Jobs](/roles), [dev](https://handbook.gitlab.com/roles/developer/)'));
    assert.equal(texts['content/roles/_index.md'], ['---', 'title: "Jobs"', 'aliases:', '  - /jobs/', '---', '', '[Dev](developer/) and [lead](/roles/lead/)', ''].join('\n'));
    assert.equal(texts['content/roles/developer.md'], ['---', 'title: "Developer"', 'aliases:', '  - /jobs/developer/', '---', '', '[Lead](../lead/)', ''].join('\n'));
    assert.equal(texts['content/roles/lead.md'], ['+++', 'title = "Lead"', 'aliases = ["/old/lead/", "/jobs/lead/"]', '+++', '', '[Jobs](/roles/)', ''].join('\n'));
    assert.deepEqual(
      planned.files.map(({ from, to }) => [path.relative(SITE, from), path.relative(SITE, to)]),
      [
        ['content/jobs/_index.md', 'content/roles/_index.md'],
        ['content/jobs/developer.md', 'content/roles/developer.md'],
        ['content/jobs/lead.md', 'content/roles/lead.md'],
      ],
    );
  });

  it('updates every include call of a moved include file, and leaves include files alone otherwise', async () => {
    const files = {
      'content/a.md': page('A', '{{% include "includes/x.md" %}}', '{{< include "/includes/x.md" >}}', '{{% include "includes/y.md" %}}'),
      'assets/includes/x.md': '- Mentors.\n',
      'assets/includes/y.md': '- Reviews.\n',
    };
    const { texts, plan: planned } = await moved(files, { 'assets/includes/x.md': 'assets/includes/careers/mentoring.md' });
    assert.equal(texts['content/a.md'], page('A', '{{% include "includes/careers/mentoring.md" %}}', '{{< include "/includes/careers/mentoring.md" >}}', '{{% include "includes/y.md" %}}'));
    assert.equal(texts['assets/includes/careers/mentoring.md'], '- Mentors.\n');
    assert.deepEqual(planned.counts, { links: 0, refCalls: 0, includeCalls: 2, aliases: 0 });
  });

  it('adds no alias when the setting is off, the page has a url, or the old URL is an alias already', async () => {
    const files = {
      'content/a.md': page('A', '[b](/b/) [c](/c/) [d](/d/) [e](e.md)'),
      'content/b.md': page('B'),
      'content/c.md': ['---', 'url: /fixed/c/', '---', ''].join('\n'),
      'content/d.md': ['---', 'aliases: [/d/]', '---', ''].join('\n'),
      'content/e.md': page('E'),
    };
    const off = await moved(files, { 'content/b.md': 'content/x/b.md' }, false);
    assert.equal(off.texts['content/x/b.md'], page('B'));
    const fixed = await moved(files, { 'content/c.md': 'content/x/c.md', 'content/d.md': 'content/x/d.md' });
    assert.equal(fixed.texts['content/x/c.md'], files['content/c.md']);
    assert.equal(fixed.texts['content/x/d.md'], files['content/d.md']);
    // A URL link to a page with its own url stays; a link to its file follows it.
    const withFileLink = await moved({ ...files, 'content/a.md': page('A', '[c](/fixed/c/) [c file](c.md)') }, { 'content/c.md': 'content/x/c.md' });
    assert.equal(withFileLink.texts['content/a.md'], page('A', '[c](/fixed/c/) [c file](x/c.md)'));
  });

  it('updates links but leaves front matter that does not parse alone, and says so', async () => {
    const broken = ['---', 'title: [unclosed', '---', '', 'Body', ''].join('\n');
    const { texts, plan: planned } = await moved({ 'content/a.md': page('A', '[b](/b/)'), 'content/b.md': broken }, { 'content/b.md': 'content/c.md' });
    assert.equal(texts['content/c.md'], broken);
    assert.equal(texts['content/a.md'], page('A', '[b](/c/)'));
    assert.equal(planned.notes.length, 1);
    assert.match(planned.notes[0], /content\/b\.md: its front matter does not parse, so it is left alone .* links were updated/);
  });

  it('does not add an alias another page owns, and says so', async () => {
    const files = { 'content/a.md': page('A'), 'content/other.md': ['---', 'aliases: [/a/]', '---', ''].join('\n') };
    const { texts, plan: planned } = await moved(files, { 'content/a.md': 'content/b.md' });
    assert.equal(texts['content/b.md'], page('A'));
    assert.match(planned.notes[0], /content\/a\.md: its old URL \/a\/ is not added to its aliases, since content\/other\.md already has it as an alias/);
  });

  it('edits a page linked in 500 places in every place, each once', async () => {
    const files: Record<string, string> = { 'content/target.md': page('Target') };
    for (let n = 0; n < 100; n++) files[`content/p${n}.md`] = page(`P${n}`, ...Array.from({ length: 5 }, (_, k) => `[t${k}](/target/#s${k})`));
    const { texts, plan: planned } = await moved(files, { 'content/target.md': 'content/moved.md' });
    assert.equal(planned.counts.links, 500);
    assert.equal(texts['content/p42.md'], page('P42', ...Array.from({ length: 5 }, (_, k) => `[t${k}](/moved/#s${k})`)));
  });

  it('refuses moves that cannot be made safely, naming what is wrong and what to do', async () => {
    const files = { 'content/a.md': page('A'), 'content/b.md': page('B'), 'content/c.md': ['---', 'aliases: [/taken/]', '---', ''].join('\n'), 'assets/includes/x.md': 'X\n' };
    assert.equal(await refusal(files, { 'content/a.md': 'content/b.md' }), 'content/b.md already exists: move or delete it first.');
    assert.equal(await refusal(files, { 'content/a.md': 'content/b/_index.md' }), 'content/b/_index.md would be served at /b/, the URL of content/b.md. Choose another name.');
    assert.match(
      await refusal(files, { 'content/a.md': 'content/taken.md' }),
      /^\/taken\/ is an alias of content\/c\.md: moved to content\/taken\.md, content\/a\.md would take the links meant for that page/,
    );
    assert.match(await refusal(files, { 'content/a.md': 'static/a.md' }), /^content\/a\.md would leave the content folder \(to static\/a\.md\)/);
    assert.match(await refusal(files, { 'content/a.md': 'content/a.txt' }), /would leave the content folder/);
    assert.match(await refusal(files, { 'assets/includes/x.md': 'content/x.md' }), /^assets\/includes\/x\.md would leave the include folder/);
    assert.match(await refusal(files, { 'content/a.md': '/elsewhere/a.md' }), /^\/elsewhere\/a\.md is outside the workspace folders/);
    assert.match(await refusal(files, { 'content/a.md': 'content/x.md', 'content/b.md': 'content/x.md' }), /^Two files would move to content\/x\.md/);
    assert.match(await refusal(files, { 'content/a.md': 'content/x.md', 'content/x.md': 'content/a.md' }), /a chain or cycle of moves/);
    assert.match(await refusal(files, { content: 'content/sub' }), /^content cannot move into itself/);
    // Hidden folders and node_modules are not read: what moves there is no longer in the handbook.
    assert.match(await refusal(files, { 'content/a.md': 'content/.drafts/a.md' }), /^content\/a\.md would move into content\/\.drafts, a folder the handbook is not read from/);
    assert.match(await refusal(files, { 'assets/includes/x.md': 'assets/includes/node_modules/x.md' }), /^assets\/includes\/x\.md would move into assets\/includes\/node_modules, a folder/);
  });

  it('refuses moves that would turn a page into a leaf-bundle resource or back', async () => {
    const files = { 'content/bundle/index.md': page('Bundle'), 'content/bundle/notes.md': page('Notes'), 'content/a.md': page('A') };
    assert.match(await refusal(files, { 'content/a.md': 'content/bundle/a.md' }), /^content\/a\.md would land inside a leaf bundle/);
    assert.match(await refusal(files, { 'content/bundle/index.md': 'content/other/index.md' }), /^content\/bundle\/notes\.md is a resource of a leaf bundle .* Move the whole bundle folder instead/);
    assert.equal((await plan(files, { 'content/bundle': 'content/moved-bundle' })).kind, 'planned');
  });

  it('says when a moved file lands where a broken link or include call points', async () => {
    const files = { 'content/a.md': page('A', '[gone](/gone/)', '{{% include "includes/gone.md" %}}'), 'content/b.md': page('B'), 'assets/includes/x.md': 'X\n' };
    const { plan: planned } = await moved(files, { 'content/b.md': 'content/gone.md', 'assets/includes/x.md': 'assets/includes/gone.md' }, false);
    assert.deepEqual(planned.notes, [
      'content/gone.md is where a broken link of content/a.md points: that link will lead to it.',
      'assets/includes/gone.md is where a broken include call points: that call will find it.',
    ]);
  });

  it('plans nothing for a move that names what it already is', async () => {
    const result = await plan({ 'content/a.md': page('A') }, { 'content/a.md': 'content/a.md' });
    assert.deepEqual(result, { kind: 'planned', files: [], edits: new Map(), counts: { links: 0, refCalls: 0, includeCalls: 0, aliases: 0 }, notes: [] });
  });
});

describe('planMoves: ref and relref calls', () => {
  const REFS = page(
    'Page',
    '- {{< ref "/guide/faq.md#how" >}} {{< relref "guide/faq" >}} {{< ref "../guide/faq.md" >}} {{< ref "faq" >}} {{< ref "/faq.md" >}}',
    '- {{< ref "../guide" >}} {{< ref "/guide/_index.md" >}} {{< relref "mentoring" >}} {{< ref "./mentoring/" >}} {{< ref path="/guide/faq.md" >}} {{< ref faq.md >}}',
  );
  const FILES = {
    'content/guide/faq.md': page('FAQ', '## How', '', 'See {{< ref "_index.md" >}} and {{< ref "../team/page.md" >}} and {{< ref "#how" >}}.'),
    'content/guide/_index.md': page('Guide'),
    'content/team/mentoring/index.md': page('Mentoring'),
    'content/team/page.md': REFS,
  };

  it('a moved page: every ref to it keeps its style (from the root with / or without, .md or not, relative, bare name, #anchor, path=), unquoted ones get quotes', async () => {
    const { texts, plan: planned } = await moved(FILES, { 'content/guide/faq.md': 'content/help/questions.md' }, false);
    assert.equal(
      texts['content/team/page.md'],
      page(
        'Page',
        '- {{< ref "/help/questions.md#how" >}} {{< relref "help/questions" >}} {{< ref "../help/questions.md" >}} {{< ref "questions" >}} {{< ref "/questions.md" >}}',
        '- {{< ref "../guide" >}} {{< ref "/guide/_index.md" >}} {{< relref "mentoring" >}} {{< ref "./mentoring/" >}} {{< ref path="/help/questions.md" >}} {{< ref questions.md >}}',
      ),
    );
    // The moved page's own relative refs are made from its new folder; its bare #anchor stays.
    assert.equal(texts['content/help/questions.md'], page('FAQ', '## How', '', 'See {{< ref "../guide/_index.md" >}} and {{< ref "../team/page.md" >}} and {{< ref "#how" >}}.'));
    assert.equal(planned.counts.refCalls, 8);
  });

  it('a moved section and leaf bundle: named by their folder still, relative from where the page is', async () => {
    const { texts } = await moved(FILES, { 'content/guide': 'content/docs/guide', 'content/team/mentoring': 'content/people/coaching' }, false);
    assert.equal(
      texts['content/team/page.md'],
      page(
        'Page',
        '- {{< ref "/docs/guide/faq.md#how" >}} {{< relref "docs/guide/faq" >}} {{< ref "../docs/guide/faq.md" >}} {{< ref "faq" >}} {{< ref "/faq.md" >}}',
        '- {{< ref "../docs/guide" >}} {{< ref "/docs/guide/_index.md" >}} {{< relref "coaching" >}} {{< ref "../people/coaching/" >}} {{< ref path="/docs/guide/faq.md" >}} {{< ref faq.md >}}',
      ),
    );
  });

  it('a page moved in under a name a bare ref uses: the ref that it would make ambiguous is written from the content root', async () => {
    const { texts, plan: planned } = await moved({ ...FILES, 'content/other/questions.md': page('Other') }, { 'content/other/questions.md': 'content/other/faq.md' }, false);
    assert.equal(
      texts['content/team/page.md'],
      page(
        'Page',
        '- {{< ref "/guide/faq.md#how" >}} {{< relref "guide/faq" >}} {{< ref "../guide/faq.md" >}} {{< ref "/guide/faq" >}} {{< ref "/guide/faq.md" >}}',
        '- {{< ref "../guide" >}} {{< ref "/guide/_index.md" >}} {{< relref "mentoring" >}} {{< ref "./mentoring/" >}} {{< ref path="/guide/faq.md" >}} {{< ref "/guide/faq.md" >}}',
      ),
    );
    assert.equal(planned.counts.refCalls, 3);
  });

  it('a broken ref that a moved page mends is said in a note', async () => {
    const { plan: planned } = await moved({ 'content/a.md': page('A', '{{< ref "gone.md" >}}'), 'content/b.md': page('B') }, { 'content/b.md': 'content/sub/gone.md' }, false);
    assert.deepEqual(planned.notes, ['content/sub/gone.md is what a broken ref "gone.md" of content/a.md asks for: that ref will find it.']);
  });
});
