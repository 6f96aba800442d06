// Hover over the real protocol: what a role inherits, level by level (seed 000's chain
// Senior Distinguished → Distinguished → Principal → Staff), with includes expanded (seed 003),
// what an include call brings in, and the length bound set through workspace/configuration.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { EXAMPLE_HANDBOOK, Session, type OpenDocument } from './support/session';
import { MANAGEMENT, SEED_000, SEED_003 } from './support/examplePages';

/** `[title](target)` links of a Markdown text, in order. */
function markdownLinks(markdown: string): { text: string; target: string }[] {
  return [...markdown.matchAll(/\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)/g)].map((match) => ({ text: match[1], target: match[2] }));
}

/** Asserts that `parts` occur in `text` in this order. */
function assertInOrder(text: string, parts: string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    assert.ok(at !== -1, `"${part}" after offset ${from} in:\n${text}`);
    from = at + part.length;
  }
}

describe('hover', () => {
  let session: Session;
  let seed000: OpenDocument;
  let seed003: OpenDocument;

  before(async () => {
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
    seed000 = await session.open(SEED_000);
    seed003 = await session.open(SEED_003);
  });
  after(async () => session?.stop());

  describe("on seed 000's extends sentence", () => {
    it('shows the inherited Requirements of Distinguished, then Principal, then Staff, each titled with a link to its source', async () => {
      const hover = await session.hover(seed000, seed000.positionOf('[Distinguished Engineer](', { offset: 5 }));
      assert.ok(hover, 'a hover');
      const { markdown } = hover;
      assertInOrder(markdown, [
        'Distinguished Engineer — Requirements',
        'A track record of technical decisions that shaped a product',
        'Principal Engineer — Requirements',
        'Recognized expertise in several technology domains relevant to the product',
        'Staff Engineer — Requirements',
        'Expert knowledge of the architecture of at least one area of the product',
      ]);
      // Requirements only: nothing of the Responsibilities sections.
      assert.doesNotMatch(markdown, /Drives the architecture of the product across stages/);

      for (const [title, file] of [
        ['Distinguished Engineer — Requirements', 'distinguished.md'],
        ['Principal Engineer — Requirements', 'principal.md'],
        ['Staff Engineer — Requirements', 'staff.md'],
      ]) {
        const link = markdownLinks(markdown).find((candidate) => candidate.text === title);
        assert.ok(link, `a link titled "${title}" in:\n${markdown}`);
        const target = URI.parse(link.target);
        assert.equal(target.scheme, 'file');
        assert.equal(target.fsPath, path.join(EXAMPLE_HANDBOOK, MANAGEMENT, file));
        assert.equal(target.fragment, 'L13', 'the link opens the Requirements heading');
        assert.ok(markdown.includes(`${MANAGEMENT}/${file}, line 13`), `the source of ${title} is noted`);
      }
    });

    it('answers anywhere in the sentence, and its range is the sentence', async () => {
      const onWord = await session.hover(seed000, seed000.positionOf(') requirements', { offset: 4 }));
      assert.ok(onWord);
      assert.match(onWord.markdown, /Principal Engineer — Requirements/);
      const range = onWord.hover.range!;
      assert.equal(range.start.line, 14);
      assert.equal(
        seed000.line(14).slice(range.start.character, range.end.character),
        'Extends that of the [Distinguished Engineer](/job-families/engineering/development/management/distinguished/#requirements) requirements',
      );
    });

    it('follows the Responsibilities chain for the Responsibilities sentence', async () => {
      const hover = await session.hover(seed000, seed000.positionOf('distinguished/#responsibilities', { offset: 2 }));
      assert.ok(hover);
      assertInOrder(hover.markdown, [
        'Distinguished Engineer — Responsibilities',
        'Principal Engineer — Responsibilities',
        'Drives the architecture of the product across stages',
        'Staff Engineer — Responsibilities',
        'Leads the technical design of large features',
      ]);
      assert.doesNotMatch(hover.markdown, /A track record of technical decisions/);
    });

    it('renders the inherited text readably: reference links resolved, links clickable, no raw shortcodes', async () => {
      const { markdown } = (await session.hover(seed000, seed000.positionOf('[Distinguished Engineer](', { offset: 5 })))!;
      // principal.md writes "[Staff Engineer][staff-requirements]", defined at the end of the page.
      assert.doesNotMatch(markdown, /\]\[staff-requirements\]/, 'a reference link shows as a link, not as brackets');
      for (const link of markdownLinks(markdown)) {
        assert.ok(!link.target.startsWith('/'), `site-relative link "${link.target}" cannot be followed from a hover`);
      }
      const staffLink = markdownLinks(markdown).find((link) => link.text === 'Staff Engineer');
      assert.ok(staffLink, 'the reference link to Staff Engineer is a link');
      assert.equal(URI.parse(staffLink.target).fsPath, path.join(EXAMPLE_HANDBOOK, MANAGEMENT, 'staff.md'));
    });
  });

  describe("on seed 003's inheritance link", () => {
    it('shows the Intermediate page with its includes expanded', async () => {
      const hover = await session.hover(seed003, seed003.positionOf('[All competencies exhibited by an Intermediate]', { offset: 5 }));
      assert.ok(hover);
      const { markdown } = hover;
      assert.match(markdown, /Intermediate Distribution Engineer/);
      // Text of includes/engineering-careers/intermediate-leadership-competency.md, in place of the call.
      assert.match(markdown, /Communicates clearly in issues, merge requests and Slack/);
      assert.doesNotMatch(markdown, /\{\{[%<]\s*include/, 'no include call is left as text');
      assert.match(
        markdown,
        /with distribution-career-nav\.md, intermediate-leadership-competency\.md, intermediate-technical-competency\.md, values-competency\.md/,
        'where the included parts come from',
      );
      assert.doesNotMatch(markdown, /^#{1,6} /m, 'headings of the inherited page do not render as big hover headings');
    });

    it('gives the same answer on the last line of the page, where the link has no trailing slash', async () => {
      const last = await session.hover(seed003, seed003.positionOf('[All competencies exhibited by an Intermediate]', { occurrence: 1, offset: 5 }));
      const first = await session.hover(seed003, seed003.positionOf('[All competencies exhibited by an Intermediate]', { offset: 5 }));
      assert.equal(last?.markdown, first?.markdown);
    });
  });

  describe('on an include call', () => {
    it("shows the include's path, its file and its content", async () => {
      const hover = await session.hover(seed003, seed003.positionOf('includes/engineering-careers/senior-leadership-competency.md', { offset: 10 }));
      assert.ok(hover);
      const { markdown } = hover;
      assert.match(markdown, /includes\/engineering-careers\/senior-leadership-competency\.md/);
      const fileLink = markdownLinks(markdown).find((link) => link.target.startsWith('file:'));
      assert.equal(URI.parse(fileLink!.target).fsPath, path.join(EXAMPLE_HANDBOOK, 'assets/includes/engineering-careers/senior-leadership-competency.md'));
      assert.match(markdown, /Communicates clearly and effectively, both written and verbally/);
      assert.equal(hover.hover.range?.start.line, 19);
    });

    it('shows a nested call of an include cycle as the literal text Hugo prints, instead of looping', async () => {
      const matrix = await session.open('content/handbook/engineering/careers/matrix/_index.md');
      const hover = await session.hover(matrix, matrix.positionOf('leadership-principles.md', { offset: 3 }));
      assert.ok(hover);
      assert.match(hover.markdown, /Lead by example/);
      assert.match(hover.markdown, /`\{\{% include "includes\/engineering-careers\/management-principles\.md" %\}\}` \*\(printed as text/);
      assert.doesNotMatch(hover.markdown, /Management principles/, 'the nested file is not expanded');
    });

    it('leaves a missing include file to its diagnostic (the editor shows it on hover)', async () => {
      const hover = await session.hover(seed003, seed003.positionOf('includes/engineering/development-senior-leadership-competency.md', { offset: 10 }));
      assert.equal(hover, undefined);
    });
  });

  describe('length', () => {
    it('cuts at handbookRoles.hover.maxLines with "…" and a count of what was cut', async () => {
      const at = seed000.positionOf('[Distinguished Engineer](', { offset: 5 });
      const full = await session.hover(seed000, at);
      assert.ok(full);
      assert.doesNotMatch(full.markdown, /…/);

      const indexings = session.progress.filter((event) => event.value.kind === 'end').length;
      await session.changeSettings({ hover: { maxLines: 5 } });
      try {
        const cut = await session.hover(seed000, at);
        assert.ok(cut);
        // Distinguished shows its 3 lines, Principal 2 of its 4; Staff's 5 lines are cut whole.
        assert.match(cut.markdown, /… 7 more lines cut/);
        assert.match(cut.markdown, /1 more level \(Staff Engineer — Requirements\)/);
        assert.match(cut.markdown, /Recognized expertise in several technology domains/);
        assert.doesNotMatch(cut.markdown, /Experience setting the technical direction/);
        assert.ok(cut.markdown.length < full.markdown.length);
        // The hover's length shapes only answers: the index is not built again for it.
        assert.equal(session.progress.filter((event) => event.value.kind === 'end').length, indexings);
      } finally {
        await session.changeSettings({});
      }
    });
  });
});

describe('hover settings pushed by a client without workspace/configuration', () => {
  let session: Session;

  before(async () => {
    session = await Session.start({
      folder: EXAMPLE_HANDBOOK,
      capabilities: (capabilities) => ({ ...capabilities, workspace: { ...capabilities.workspace, configuration: false } }),
    });
  });
  after(async () => session?.stop());

  it('take effect for the very next request', async () => {
    const seed000 = await session.open(SEED_000);
    const at = seed000.positionOf('[Distinguished Engineer](', { offset: 5 });
    assert.doesNotMatch((await session.hover(seed000, at))?.markdown ?? '', /…/);
    await session.changeSettings({ hover: { maxLines: 5 } });
    // No waiting for the re-index: a request after the change is answered with the new settings.
    assert.match((await session.hover(seed000, at))?.markdown ?? '', /… 7 more lines cut/);
  });
});
