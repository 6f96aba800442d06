// Completion over the real protocol, on the example handbook: an author types on a new line of a
// real page and accepts what the server offers; the resulting line is what is checked.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CompletionItemKind } from 'vscode-languageserver-protocol';
import { ScratchLine } from './support/scratch';
import { EXAMPLE_HANDBOOK, Session } from './support/session';
import { FAQ } from './support/examplePages';

const SEED_003_URL = '/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/senior/';

describe('completion', () => {
  let session: Session;
  let scratch: ScratchLine;

  before(async () => {
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
    scratch = new ScratchLine(session, await session.open(FAQ));
  });
  after(async () => session?.stop());

  it('declares the characters that start each kind of completion', () => {
    const triggers = session.initializeResult?.capabilities.completionProvider?.triggerCharacters ?? [];
    for (const character of ['/', '#', '"', '[', '(']) assert.ok(triggers.includes(character), `trigger "${character}" in ${triggers.join(' ')}`);
  });

  describe('link destinations, segment by segment', () => {
    it('completes the first segment of a site URL', async () => {
      const completion = await scratch.complete('See the [ladder](/job-fa|');
      assert.equal(completion.item('job-families/').detail, 'Job Families', 'the detail is the page title');
      assert.equal(completion.accept('job-families/'), 'See the [ladder](/job-families/');
      assert.deepEqual(completion.item('job-families/').command?.command, 'editor.action.triggerSuggest', 'a folder asks for its children next');
    });

    it('goes on with the children of the typed folder, each with its page title', async () => {
      const completion = await scratch.complete('See the [ladder](/job-families/engineering/development/management/|');
      const details = Object.fromEntries(completion.items.map((item) => [item.label, item.detail]));
      assert.deepEqual(Object.keys(details).sort(), ['distinguished/', 'engineering-fellow/', 'principal/', 'senior-distinguished/', 'staff/']);
      assert.equal(details['distinguished/'], 'Distinguished Engineer');
      assert.equal(details['senior-distinguished/'], 'Senior Distinguished Engineer');
      assert.equal(details['staff/'], 'Staff Engineer');
      assert.equal(completion.accept('principal/'), 'See the [ladder](/job-families/engineering/development/management/principal/');
    });

    it('puts role pages before other pages', async () => {
      const completion = await scratch.complete('More in [careers](/handbook/engineering/careers/|');
      assert.deepEqual(completion.sortedLabels, ['matrix/', 'cross-references/', 'faq/', 'kpis/', 'mentoring/']);
    });

    it('offers the site root after "](" with nothing typed yet', async () => {
      const completion = await scratch.complete('See [x](|');
      assert.deepEqual(completion.labels.sort(), ['handbook/', 'job-families/', 'jobs/']);
      assert.equal(completion.accept('jobs/'), 'See [x](/jobs/');
    });

    it('offers the role the link text names first, after "](" with nothing typed', async () => {
      const completion = await scratch.complete('Reports to a [Staff Engineer](|');
      // The row reads the end of the URL that tells it from the other rows, the title beside it.
      assert.equal(completion.sortedLabels[0], '…/staff/');
      assert.equal(completion.item('…/staff/').labelDetails?.description, 'Staff Engineer');
      assert.equal(completion.item('…/staff/').detail, 'Staff Engineer');
      assert.equal(completion.accept('…/staff/'), 'Reports to a [Staff Engineer](/job-families/engineering/development/management/staff/');
      assert.ok(completion.labels.includes('job-families/'), 'and the site root after it');
    });

    it('completes href values in raw HTML the same way', async () => {
      const completion = await scratch.complete('<a href="/jobs/|">Developer</a>');
      assert.equal(completion.item('security/').detail, 'Security Engineer');
      assert.equal(completion.accept('security/'), '<a href="/jobs/security/">Developer</a>');
    });

    it('completes the destination of a reference definition', async () => {
      const completion = await scratch.complete('[ladder]: /job-families/engineering/dev|');
      assert.equal(completion.accept('development/'), '[ladder]: /job-families/engineering/development/');
    });
  });

  describe('anchors after "#"', () => {
    it("offers the target page's headings, with the heading as detail", async () => {
      const completion = await scratch.complete('See [requirements](/job-families/engineering/development/management/principal/#|');
      assert.deepEqual(completion.labels, ['principal-engineer-roles-at-gitlab', 'job-grade', 'requirements', 'responsibilities', 'career-ladder']);
      assert.equal(completion.item('requirements').detail, '## Requirements');
      assert.equal(completion.accept('requirements'), 'See [requirements](/job-families/engineering/development/management/principal/#requirements');
    });

    it('includes anchors that come from included files, numbered with the page (seed 003)', async () => {
      const completion = await scratch.complete(`See [it](${SEED_003_URL}#|`);
      for (const id of ['engineering', 'engineering-1', 'development', 'development-1', 'distribution', 'distribution-1', 'gitlab']) {
        assert.ok(completion.labels.includes(id), `#${id} among ${completion.labels.join(', ')}`);
      }
      assert.match(completion.item('engineering').detail ?? '', /##### Engineering.*senior-leadership-competency\.md/);
      assert.match(completion.item('gitlab').detail ?? '', /values-competency\.md/);
    });

    it('offers HTML anchors and explicit {#id} attributes', async () => {
      const backend = await scratch.complete('[x](/job-families/engineering/development/backend/#|');
      assert.ok(backend.labels.includes('senior-requirements'), backend.labels.join(', '));
      assert.ok(backend.labels.includes('staff-responsibilities'), backend.labels.join(', '));
      assert.ok(backend.labels.includes('requirements-2'), backend.labels.join(', '));
    });

    it("offers the page's own anchors for a same-page link", async () => {
      const completion = await scratch.complete('Back to the [FAQ](#|');
      for (const id of ['-promotions', 'promotions', 'promotions-1', 'extends-sentence']) assert.ok(completion.labels.includes(id), `#${id}`);
    });

    it('replaces a partly typed anchor', async () => {
      const completion = await scratch.complete('See [x](/jobs/developer#sta|');
      assert.equal(completion.accept('staff-developer'), 'See [x](/jobs/developer#staff-developer');
    });
  });

  describe('role titles in link text', () => {
    it('inserts the whole link to the role', async () => {
      const completion = await scratch.complete('Reports to a [Dist|');
      const item = completion.item('Distinguished Engineer');
      assert.equal(item.detail, '/job-families/engineering/development/management/distinguished/');
      assert.equal(completion.accept('Distinguished Engineer'), 'Reports to a [Distinguished Engineer](/job-families/engineering/development/management/distinguished/)');
    });

    it('swallows the "]" the editor closed by itself', async () => {
      const completion = await scratch.complete('Reports to a [Dist|]');
      assert.equal(completion.accept('Distinguished Engineer'), 'Reports to a [Distinguished Engineer](/job-families/engineering/development/management/distinguished/)');
    });

    it('offers roles that are sections of a family page, linked by anchor', async () => {
      const completion = await scratch.complete('Extends that of the [Senior Back|');
      assert.equal(completion.accept('Senior Backend Engineer'), 'Extends that of the [Senior Backend Engineer](/job-families/engineering/development/backend/#senior-backend-engineer)');
    });

    it('replaces the text and destination of an existing link instead of nesting a link in it', async () => {
      const completion = await scratch.complete('Reports to a [Dist|](/jobs/)');
      assert.equal(completion.accept('Distinguished Engineer'), 'Reports to a [Distinguished Engineer](/job-families/engineering/development/management/distinguished/)');
    });

    it('offers nothing in plain prose or in an image', async () => {
      assert.deepEqual((await scratch.complete('Plain text, no link|')).labels, []);
      assert.deepEqual((await scratch.complete('![Dist|')).labels, []);
    });
  });

  describe('include paths, folder by folder', () => {
    it('starts at the include root', async () => {
      const completion = await scratch.complete('{{% include "|" %}}');
      assert.deepEqual(completion.labels, ['includes/']);
      assert.equal(completion.item('includes/').kind, CompletionItemKind.Folder);
    });

    it('lists the folders below, then their files', async () => {
      const folders = await scratch.complete('{{% include "includes/|" %}}');
      assert.deepEqual(folders.labels.sort(), ['engineering-careers/', 'engineering/']);
      assert.equal(folders.accept('engineering-careers/'), '{{% include "includes/engineering-careers/" %}}');

      const files = await scratch.complete('{{% include "includes/engineering-careers/val|" %}}');
      assert.equal(files.item('values-competency.md').kind, CompletionItemKind.File);
      assert.equal(files.accept('values-competency.md'), '{{% include "includes/engineering-careers/values-competency.md" %}}');
    });

    it('works in the {{< >}} form too', async () => {
      const completion = await scratch.complete('{{< include "includes/engineering/|" >}}');
      assert.deepEqual(completion.labels, ['we-are-also-product-development.md']);
    });
  });
});
