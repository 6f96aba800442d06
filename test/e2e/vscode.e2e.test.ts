// End to end in a real VS Code: the packaged .vsix installed into a fresh code-server (VS Code
// 1.100), the example handbook opened in Chromium, and the features used the way an author uses
// them — Quick Open, typing, Ctrl+Space, the mouse, the Problems panel, Ctrl+. — with assertions
// on what the workbench renders. Needs `bash test/e2e/setup.sh` first (npm run test:e2e does it).
//
// Screenshots of every step go to test-results/vscode/; the documentation images in docs/images/
// are refreshed from them when missing or when E2E_UPDATE_DOCS=1.
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureVsix, launchVsCode, ROOT, type VsCodeSession } from './support/codeServer';
import { waitFor } from './support/processes';
import {
  closePanel,
  EDITOR,
  findLine,
  goTo,
  lineText,
  openFile,
  plain,
  pointOf,
  problemRows,
  runCommand,
  suggestions,
  tokenSpans,
} from './support/workbench';

const HANDBOOK = path.resolve(ROOT, process.env.E2E_HANDBOOK ?? 'examples/handbook');
const SEED_000 = 'content/job-families/engineering/development/management/senior-distinguished.md';
const SEED_003 = 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/senior.md';
const MALFORMED = '{{$ include "includes/engineering/development-senior-leadership-competency.md" %}}';
const MENDED = '{{% include "includes/engineering-careers/development-senior-leadership-competency.md" %}}';
const DOCS_IMAGES = path.join(ROOT, 'docs/images');

// Colours of the default theme (Default Dark Modern, which builds on Dark+) for the grammar's scopes.
const THEME = {
  name: 'rgb(220, 220, 170)', // entity.name.function
  string: 'rgb(206, 145, 120)', // string
  delimiter: 'rgb(128, 128, 128)', // punctuation.definition.tag
  invalid: 'rgb(244, 71, 71)', // invalid
};

let session: VsCodeSession;

/** Runs a step; on failure saves a screenshot and adds the extension's logs to the error. */
async function step(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const shot = await session?.screenshot(`FAILED-${name}`).catch(() => undefined);
    if (error instanceof Error) {
      error.message += `${shot ? `\nscreenshot: ${path.relative(ROOT, shot)}` : ''}\n--- logs ---\n${session?.logs() ?? ''}`;
    }
    throw error;
  }
}

/** Saves the current view as a step screenshot, and as a documentation image when asked for. */
async function record(name: string, docsName?: string): Promise<void> {
  const file = await session.screenshot(name);
  if (!docsName) return;
  const target = path.join(DOCS_IMAGES, docsName);
  if (process.env.E2E_UPDATE_DOCS === '1' || !existsSync(target)) {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(file, target);
  }
}

/** Waits until the Problems panel lists a row that matches, or until none does. */
async function waitForProblem(matcher: (row: string) => boolean, present: boolean, timeoutMs = 60_000): Promise<string[]> {
  return waitFor(
    present ? 'the problem to be listed' : 'the problem to go away',
    async () => {
      const rows = await problemRows(session.page);
      return rows.some(matcher) === present ? rows : undefined;
    },
    timeoutMs,
    250,
  );
}

describe('VS Code (code-server 4.100.3) with the packaged extension', { timeout: 600_000 }, () => {
  before(async () => {
    assert.ok(existsSync(path.join(HANDBOOK, SEED_000)), `${SEED_000} exists in ${HANDBOOK}`);
    const vsix = await ensureVsix();
    session = await launchVsCode({ vsix, workspace: HANDBOOK, name: 'vscode' });
  });

  after(async () => {
    await session?.stop();
  });

  it('opens the handbook with the extension installed', () =>
    step('workbench', async () => {
      const { page } = session;
      await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="content"]').waitFor();
      await record('workbench');
      // The rest of the steps want the editor wide: close the side bar.
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    }));

  it('colours Hugo shortcodes with the injection grammar', () =>
    step('shortcodes', async () => {
      const { page } = session;
      await openFile(page, SEED_003);
      const include = await waitFor('a valid include line', () =>
        findLine(page, (text) => text.startsWith('{{% include "includes/engineering-careers/senior-leadership-competency.md"')),
      );
      const spans = await waitFor('tokenised spans', async () => {
        const found = await tokenSpans(page, include.lineNumber);
        return found.some((span) => span.text === 'include' && span.color === THEME.name) ? found : undefined;
      });
      const byText = (text: string) => spans.find((span) => span.text === text);
      assert.equal(byText('{{%')?.color, THEME.delimiter, 'opening delimiter');
      assert.equal(byText('%}}')?.color, THEME.delimiter, 'closing delimiter');
      assert.equal(byText('include')?.color, THEME.name, 'shortcode name');
      assert.ok(
        spans.some((span) => span.text.includes('senior-leadership-competency.md') && span.color === THEME.string),
        `string argument coloured: ${JSON.stringify(spans)}`,
      );
      // Plain Markdown text on the page is drawn in another colour (and class) than the shortcode.
      const prose = await findLine(page, (text) => text.startsWith('- Presents training') || text.startsWith('**Core Platform'));
      if (prose) {
        const proseSpans = await tokenSpans(page, prose.lineNumber);
        const nameSpan = byText('include')!;
        assert.ok(proseSpans.every((span) => span.className !== nameSpan.className), 'shortcode name has its own token class');
      }
      // The mistyped delimiter is marked invalid.
      const malformed = await findLine(page, (text) => text.startsWith('{{$ include'));
      assert.ok(malformed, 'the malformed include is on screen');
      const malformedSpans = await tokenSpans(page, malformed.lineNumber);
      assert.equal(malformedSpans.find((span) => span.text === '{{$')?.color, THEME.invalid, 'mistyped delimiter is invalid');

      // And VS Code's own scope inspector names the grammar's scopes.
      await goTo(page, include.lineNumber, 6);
      await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
      const inspector = page.locator('.token-inspect-widget');
      await inspector.waitFor({ state: 'visible' });
      await waitFor('scopes in the inspector', async () => plain(await inspector.textContent()).includes('entity.name.function.shortcode.hugo'));
      const inspected = plain(await inspector.textContent());
      assert.match(inspected, /meta\.shortcode\.markdown-notation\.hugo/);
      await record('shortcode-scopes', 'vscode-shortcode-scopes.png');
      await page.keyboard.press('Escape');
      await inspector.waitFor({ state: 'hidden' });
      await record('shortcodes', 'vscode-shortcodes.png');
    }));

  it('lists the malformed include in the Problems panel', () =>
    step('problems', async () => {
      const { page } = session;
      await openFile(page, SEED_003);
      const rows = await waitForProblem((row) => /malformed include/i.test(row), true);
      assert.ok(rows.some((row) => row.includes('handbook-roles')), `rows name the source: ${rows.join('\n')}`);
      await record('problems', 'vscode-problems.png');
    }));

  it('mends the malformed include with its quick fix', () =>
    step('quick-fix', async () => {
      const { page } = session;
      await openFile(page, SEED_003);
      const malformed = await waitFor('the malformed line', () => findLine(page, (text) => text === MALFORMED));
      await goTo(page, malformed.lineNumber, 5);
      // Wait for the light bulb: the server has answered the code action request.
      await page.locator(`${EDITOR} .lightBulbWidget, .lightBulbWidget`).first().waitFor({ state: 'visible', timeout: 60_000 });
      await page.keyboard.press('Control+.');
      const actions = page.locator('.action-widget .monaco-list-row.action');
      await actions.first().waitFor({ state: 'visible' });
      const titles = (await actions.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''))).map(plain);
      const wanted = (title: string) => title.startsWith('Fix the include call') && title.includes(MENDED);
      assert.ok(titles.some(wanted), `a fix mending delimiter and path is offered: ${JSON.stringify(titles)}`);
      assert.ok(wanted(titles[0]), `that fix comes first: ${JSON.stringify(titles)}`);
      // The menu is driven by keyboard (a pointer block covers it until the mouse moves).
      const focused = page.locator('.action-widget .monaco-list-row.action.focused');
      for (let presses = 0; !wanted(plain(await focused.getAttribute('aria-label'))); presses++) {
        assert.ok(presses < titles.length, 'reached the fix with the arrow keys');
        await page.keyboard.press('ArrowDown');
      }
      await record('quick-fix-menu', 'vscode-quick-fix.png');
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden' });
      await waitFor('the line to be mended', async () => (await lineText(page, malformed.lineNumber)) === MENDED);
      await waitForProblem((row) => /malformed include/i.test(row), false);
      const rest = await problemRows(page);
      assert.ok(!rest.some((row) => row.includes('development-senior-leadership-competency')), `no problem left on that include: ${rest.join('\n')}`);
      await record('quick-fix-applied', 'vscode-quick-fix-applied.png');
    }));

  it('shows the inherited requirements of two levels on hover', () =>
    step('hover', async () => {
      const { page } = session;
      await openFile(page, SEED_000);
      await closePanel(page);
      const extendsLine = await waitFor('the extends line', () =>
        findLine(page, (text) => /Extends that of the \[Distinguished Engineer\]\(.*#requirements\)/.test(text)),
      );
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Inherited from' });
      await waitFor(
        'the inheritance hover',
        async () => {
          const point = await pointOf(page, extendsLine.lineNumber, 'Distinguished Engineer');
          await page.mouse.move(point.x - 20, point.y);
          await page.mouse.move(point.x, point.y, { steps: 3 });
          // Hovers show after editor.hover.delay; move again if none came (the server may still be indexing).
          return hover.first().waitFor({ timeout: 3000 }).then(() => true, () => false);
        },
        60_000,
        500,
      );
      const text = plain(await hover.first().textContent());
      assert.match(text, /Inherited from Distinguished Engineer/);
      assert.match(text, /\d+ levels/);
      // Level one is Distinguished Engineer's own requirements; level two (↳) the role it extends in turn.
      assert.match(text, /Distinguished Engineer — Requirements/);
      const nested = /↳ ([^·]+?) — Requirements/.exec(text);
      assert.ok(nested && !nested[1].includes('Distinguished Engineer'), `a second level from another role: ${text}`);
      await record('hover', 'vscode-hover.png');
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    }));

  it('completes a role link from its title', () =>
    step('completion', async () => {
      const { page } = session;
      await openFile(page, SEED_000);
      await closePanel(page);
      const extendsLine = await waitFor('the extends line', () =>
        findLine(page, (text) => /Extends that of the \[Distinguished Engineer\]\(.*#requirements\)/.test(text)),
      );
      const lineLength = (await lineText(page, extendsLine.lineNumber)).length;
      await goTo(page, extendsLine.lineNumber, lineLength + 1);
      await page.keyboard.press('Enter');
      await page.keyboard.type('- Mentors every [Distin', { delay: 20 });
      const newLine = extendsLine.lineNumber + 1;
      let labels: string[] = [];
      await waitFor(
        'the role in the suggest widget',
        async () => {
          if (!(await page.locator('.editor-widget.suggest-widget.visible').isVisible())) await page.keyboard.press('Control+Space');
          labels = (await suggestions(page)).labels;
          return labels.some((label) => label.startsWith('Distinguished Engineer'));
        },
        60_000,
        500,
      );
      await record('completion', 'vscode-completion.png');
      await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row[aria-label^="Distinguished Engineer"]').first().click();
      const inserted = await waitFor('the inserted link', async () => {
        const text = await lineText(page, newLine);
        return /\[Distinguished Engineer\]\(\/job-families\/[^)]*distinguished\/?\)/.test(text) ? text : undefined;
      });
      assert.match(inserted, /^- Mentors every \[Distinguished Engineer\]\(\/job-families\/engineering\/development\/management\/distinguished\/?\)$/);
      await record('completion-accepted');
    }));
});
