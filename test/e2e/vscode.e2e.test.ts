// End to end in a real VS Code: the packaged .vsix installed into a fresh code-server (VS Code
// 1.100), a copy of the example handbook opened in Chromium, and the features used the way an
// author uses them — Quick Open, typing, Ctrl+Space, the mouse, the Problems panel, Ctrl+. — with
// assertions on what the workbench renders. The expectations come from examples/handbook/README.md
// (its deliberate defects and role chains), not from the server's wording. Needs
// `bash test/e2e/setup.sh` first (npm run test:e2e does it).
//
// Screenshots of every step go to test-results/<suite>/; cropped pictures for the README go there
// too (*.docs.png) and replace the ones in docs/images/ when missing or when E2E_UPDATE_DOCS=1.
import { strict as assert } from 'node:assert';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { ensureVsix, launchVsCode, ROOT, type VsCodeSession } from './support/codeServer';
import { DISTINGUISHED_LINK, EXTENDS_DISTINGUISHED, HANDBOOK, MALFORMED, MALFORMED_LINE, MENDED, MENDED_PATH, ownRequirements, ROLES, SEED_000, SEED_003 } from './support/handbook';
import { EXPECTED } from '../cli/expectedFindings';
import { waitFor } from './support/processes';
import {
  closePanel,
  EDITOR,
  findLine,
  goTo,
  lineBox,
  lineText,
  openFile,
  openProblems,
  plain,
  pointOf,
  problemRows,
  regionAround,
  runCommand,
  suggestions,
  tokenSpans,
  visibleLines,
  watchNotification,
  type Box,
} from './support/workbench';

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

/**
 * Saves the window as a step screenshot. With a documentation name, also saves the part around
 * `focus` (the widget and the lines it is about) and puts it in docs/images when asked to.
 */
async function record(name: string, docs?: { name: string; focus: Array<Box | Locator> }): Promise<void> {
  await session.screenshot(name);
  if (!docs) return;
  const crop = await session.screenshot(`${name}.docs`, await regionAround(session.page, docs.focus));
  const target = path.join(DOCS_IMAGES, docs.name);
  if (process.env.E2E_UPDATE_DOCS === '1' || !existsSync(target)) {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(crop, target);
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

/**
 * Scrolls the editor to its very top. A lens on line 1 stands above it, and the editor keeps its
 * scroll position when lenses appear, so the lens can end up under the breadcrumbs.
 */
async function scrollEditorToTop(): Promise<void> {
  const box = await session.page.locator(EDITOR).first().boundingBox();
  assert.ok(box, 'the editor is shown');
  await session.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await session.page.mouse.wheel(0, -10_000);
  await waitFor('the editor scrolled to its top', async () => (await visibleLines(session.page))[0]?.lineNumber === 1);
}

/** Waits until the webview (an iframe in an iframe in the workbench) whose `selector` holds `text` is there, and returns it. */
async function webviewWith(what: string, text: string, selector = 'body'): Promise<Locator> {
  return waitFor(
    what,
    async () => {
      const frames = await session.page.locator('iframe.webview').count();
      for (let at = frames - 1; at >= 0; at--) {
        const content = session.page.frameLocator(`iframe.webview >> nth=${at}`).frameLocator('#active-frame').locator(selector).first();
        if ((await content.count()) > 0 && plain(await content.textContent()).includes(text)) return content;
      }
      return undefined;
    },
    60_000,
    500,
  );
}

// Problems rows read "Error: <message> at line 22 and character 1. generated by handbook-roles".
const onMalformedLine = (row: string) => row.includes(`at line ${MALFORMED_LINE} `);
const isMalformedInclude = (row: string) => /malformed include/i.test(row) && onMalformedLine(row);

describe('VS Code (code-server 4.100.3) with the packaged extension, on the example handbook', { timeout: 600_000 }, () => {
  before(async () => {
    assert.ok(existsSync(path.join(HANDBOOK, SEED_000)), `${SEED_000} exists in ${HANDBOOK}`);
    assert.ok(MALFORMED_LINE > 0, `${SEED_003} has the malformed include`);
    session = await launchVsCode({ vsix: await ensureVsix(), workspace: HANDBOOK, name: 'vscode' });
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

  it('lists the problems of pages and include files never opened in the Problems panel', () =>
    step('problems-workspace', async () => {
      const { page } = session;
      assert.equal(await page.locator('.tabs-container .tab').count(), 0, 'no file is open');
      // Defects of examples/handbook/README.md in files never opened (the list renders only the
      // rows that fit), and the panel's count of all of them (the README's list, as the CLI tests hold it).
      const defects = [/include cycle/i, /front matter does not parse/i];
      const badge = page.locator('.part.panel .composite.title .badge-content').first();
      const rows = await waitFor(
        'problems of files never opened',
        async () => {
          const listed = await problemRows(page);
          const count = plain(await badge.textContent().catch(() => ''));
          return count === String(EXPECTED.length) && defects.every((defect) => listed.some((row) => defect.test(row))) ? listed : undefined;
        },
        60_000,
        250,
      );
      assert.ok(
        rows.some((row) => row.includes('handbook-roles')),
        `rows name the source: ${rows.join('\n')}`,
      );
      assert.equal(await page.locator('.tabs-container .tab').count(), 0, 'still no file is open');
      // The whole window: the empty editor area shows that nothing is open.
      const shot = await session.screenshot('problems-workspace');
      const target = path.join(DOCS_IMAGES, 'vscode-problems-workspace.png');
      if (process.env.E2E_UPDATE_DOCS === '1' || !existsSync(target)) copyFileSync(shot, target);
      await closePanel(page);
    }));

  it('colours Hugo shortcodes with the injection grammar', () =>
    step('shortcodes', async () => {
      const { page } = session;
      await openFile(page, SEED_003);
      const include = await waitFor('a valid include line', () => findLine(page, (text) => text.startsWith('{{% include "includes/engineering-careers/senior-leadership-competency.md"')));
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
      // Plain Markdown text on the page is drawn with another token class than the shortcode name.
      const prose = await waitFor('a prose line', () => findLine(page, (text) => text.startsWith('- Presents training')));
      const proseSpans = await tokenSpans(page, prose.lineNumber);
      assert.ok(proseSpans.length > 0 && proseSpans.every((span) => span.className !== byText('include')!.className), 'shortcode name has its own token class');
      // The mistyped delimiter is marked invalid.
      const malformed = await waitFor('the malformed include', () => findLine(page, (text) => text === MALFORMED));
      const malformedSpans = await tokenSpans(page, malformed.lineNumber);
      assert.equal(malformedSpans.find((span) => span.text === '{{$')?.color, THEME.invalid, 'mistyped delimiter is invalid');

      // And VS Code's own scope inspector names the grammar's scopes.
      await goTo(page, include.lineNumber, 6);
      await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
      const inspector = page.locator('.token-inspect-widget');
      await inspector.waitFor({ state: 'visible' });
      await waitFor('scopes in the inspector', async () => plain(await inspector.textContent()).includes('entity.name.function.shortcode.hugo'));
      assert.match(plain(await inspector.textContent()), /meta\.shortcode\.markdown-notation\.hugo/);
      await record('shortcode-scopes', { name: 'vscode-shortcode-scopes.png', focus: [inspector, await lineBox(page, include.lineNumber)] });
      await page.keyboard.press('Escape');
      await inspector.waitFor({ state: 'hidden' });
    }));

  it('lists the malformed include in the Problems panel', () =>
    step('problems', async () => {
      const { page } = session;
      await openFile(page, SEED_003);
      const rows = await waitForProblem(isMalformedInclude, true);
      assert.ok(
        rows.some((row) => row.includes('handbook-roles')),
        `rows name the source: ${rows.join('\n')}`,
      );
      const malformed = await waitFor('the malformed line', () => findLine(page, (text) => text === MALFORMED));
      const panelTitle = page.locator('.part.panel .composite.title');
      const lastRow = page.locator('.markers-panel .monaco-list-row').last();
      await record('problems', { name: 'vscode-problems.png', focus: [await lineBox(page, malformed.lineNumber), panelTitle, lastRow] });
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
      const menu = page.locator('.action-widget');
      const actions = menu.locator('.monaco-list-row.action');
      await actions.first().waitFor({ state: 'visible' });
      const titles = (await actions.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''))).map(plain);
      // The README's fix: the file of the same name under includes/engineering-careers/, with the delimiter mended.
      const wanted = (title: string) => title.includes(MENDED_PATH);
      assert.ok(titles.some(wanted), `a fix with the include file of the same name is offered: ${JSON.stringify(titles)}`);
      // The menu is driven by keyboard (a pointer block covers it until the mouse moves).
      const focused = menu.locator('.monaco-list-row.action.focused');
      for (let presses = 0; !wanted(plain(await focused.getAttribute('aria-label'))); presses++) {
        assert.ok(presses < titles.length, 'reached the fix with the arrow keys');
        await page.keyboard.press('ArrowDown');
      }
      await record('quick-fix-menu', { name: 'vscode-quick-fix.png', focus: [menu, await lineBox(page, malformed.lineNumber)] });
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden' });
      await waitFor('the line to be mended', async () => (await lineText(page, malformed.lineNumber)) === MENDED);
      await waitForProblem(isMalformedInclude, false);
      await waitForProblem(onMalformedLine, false);
      // Saved, the file on disk has the mended line.
      await page.locator(`${EDITOR} textarea`).focus();
      await page.keyboard.press('Control+S');
      await page.locator('.tabs-container .tab.active:not(.dirty)').waitFor();
      const saved = readFileSync(path.join(session.workspace, SEED_003), 'utf8');
      assert.ok(saved.split('\n').includes(MENDED) && !saved.includes('{{$'), 'the mended line is saved');
      // The panel lists every page's problems (diagnostics.scope: workspace): none of this line's are left in it.
      const panelTitle = page.locator('.part.panel .composite.title');
      await record('quick-fix-applied', { name: 'vscode-quick-fix-applied.png', focus: [await lineBox(page, malformed.lineNumber), panelTitle] });
    }));

  it('shows the inherited requirements of two levels on hover', () =>
    step('hover', async () => {
      const { page } = session;
      await openFile(page, SEED_000);
      await closePanel(page);
      // Senior Distinguished → Distinguished → Principal → Staff (the README's first role chain).
      const extendsLine = await waitFor('the extends line', () => findLine(page, (text) => EXTENDS_DISTINGUISHED.test(text)));
      const [firstLevel] = ownRequirements(`${ROLES}/distinguished.md`);
      const [secondLevel] = ownRequirements(`${ROLES}/principal.md`);
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: firstLevel });
      await waitFor(
        'the inheritance hover',
        async () => {
          const point = await pointOf(page, extendsLine.lineNumber, 'Distinguished Engineer');
          await page.mouse.move(point.x - 20, point.y);
          await page.mouse.move(point.x, point.y, { steps: 3 });
          // Hovers show after editor.hover.delay; move again if none came (the server may still be indexing).
          return hover
            .first()
            .waitFor({ timeout: 3000 })
            .then(
              () => true,
              () => false,
            );
        },
        60_000,
        500,
      );
      const text = plain(await hover.first().textContent());
      assert.ok(text.includes('Distinguished Engineer') && text.includes(firstLevel), `level one, Distinguished Engineer's requirements: ${text}`);
      assert.ok(text.includes('Principal Engineer') && text.includes(secondLevel), `level two, Principal Engineer's requirements: ${text}`);
      await record('hover', { name: 'vscode-hover.png', focus: [hover.first(), await lineBox(page, extendsLine.lineNumber)] });
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    }));

  it('completes a role link from its title', () =>
    step('completion', async () => {
      const { page } = session;
      await openFile(page, SEED_000);
      await closePanel(page);
      const extendsLine = await waitFor('the extends line', () => findLine(page, (text) => EXTENDS_DISTINGUISHED.test(text)));
      const lineLength = (await lineText(page, extendsLine.lineNumber)).length;
      await goTo(page, extendsLine.lineNumber, lineLength + 1);
      await page.keyboard.press('Enter');
      await page.keyboard.type('- Mentors every [Distin', { delay: 20 });
      const newLine = extendsLine.lineNumber + 1;
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      await waitFor(
        'the role in the suggest widget',
        async () => {
          if (!(await widget.isVisible())) await page.keyboard.press('Control+Space');
          return (await suggestions(page)).labels.some((label) => label.startsWith('Distinguished Engineer'));
        },
        60_000,
        500,
      );
      await record('completion', { name: 'vscode-completion.png', focus: [widget, await lineBox(page, extendsLine.lineNumber), await lineBox(page, newLine)] });
      await widget.locator('.monaco-list-row[aria-label^="Distinguished Engineer"]').first().click();
      const inserted = await waitFor('the inserted link', async () => {
        const text = await lineText(page, newLine);
        return /\[Distinguished Engineer\]\(/.test(text) ? text : undefined;
      });
      assert.ok(inserted.startsWith('- Mentors every ') && DISTINGUISHED_LINK.test(inserted), inserted);
      await record('completion-accepted');
    }));

  it('lists the extends sentences of a Requirements heading on Shift+F12, and who extends a role in a code lens', () =>
    step('references', async () => {
      const { page } = session;
      await openFile(page, `${ROLES}/distinguished.md`);
      await closePanel(page);
      // Senior Distinguished extends Distinguished (seed 000); three pages link to it, four once the
      // completion step above has added "Mentors every [Distinguished Engineer](…)" to seed 000.
      const lens = page.locator(`${EDITOR} .codelens-decoration`).filter({ hasText: 'extended by' });
      await waitFor('the code lens', () => lens.first().isVisible(), 60_000, 500);
      // The references lens comes first on the line; "Show effective role" follows it.
      assert.match(plain(await lens.first().locator('a').first().textContent()), /^extended by 1 role · linked from [34] pages$/);
      const heading = await waitFor('the Requirements heading', () => findLine(page, (text) => text === '## Requirements'));
      await goTo(page, heading.lineNumber, 5);
      await page.keyboard.press('Shift+F12');
      const peek = page.locator('.zone-widget .peekview-widget').first();
      const files = () => peek.locator('.ref-tree .monaco-list-row').allTextContents();
      const listed = await waitFor(
        'the extends sentence of seed 000 in the references',
        async () => ((await files()).some((row) => row.includes('senior-distinguished.md')) ? files() : undefined),
        60_000,
        500,
      );
      assert.ok(!listed.some((row) => row.includes('principal.md')), `only what points at #requirements: ${listed.join(' | ')}`);
      await record('references', { name: 'vscode-references.png', focus: [lens.first(), peek] });
      await page.keyboard.press('Escape');
      await peek.waitFor({ state: 'hidden' });
      // The lens opens the same list for the whole role: every page that links to it.
      await scrollEditorToTop();
      await lens.first().locator('a').first().click();
      await waitFor('the pages that link to the role', async () => (await files()).some((row) => row.includes('principal.md')), 60_000, 500);
      await record('code-lens-references');
      await page.keyboard.press('Escape');
    }));

  it('shows completion rows that read differently without the details pane', () =>
    step('completion-rows', async () => {
      const { page } = session;
      await openFile(page, SEED_000);
      await closePanel(page);
      const extendsLine = await waitFor('the extends line', () => findLine(page, (text) => EXTENDS_DISTINGUISHED.test(text)));
      await goTo(page, extendsLine.lineNumber, (await lineText(page, extendsLine.lineNumber)).length + 1);
      await page.keyboard.press('Enter');
      // The backend job family has three levels, each with its Requirements: #requirements, -1, -2.
      await page.keyboard.type('- Knows the [Backend Engineer](/job-families/engineering/development/backend/#', { delay: 20 });
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      const rows = await waitFor(
        'the anchors in the suggest widget',
        async () => {
          if (!(await widget.isVisible())) await page.keyboard.press('Control+Space');
          // Ctrl+Space on a shown widget toggles its details pane (a press can race the widget's
          // appearance), and every row's label then ends in ", docs: …". The pane is not always
          // closed by another press (seen in code-server 4.100.3, focus in the editor), so a row is
          // read without that part: "label, description, kind", what the row shows.
          const labels = (await suggestions(page)).labels.map((label) => label.replace(/, docs: .*$/s, ''));
          return labels.some((label) => label.startsWith('requirements-2')) ? labels : undefined;
        },
        60_000,
        500,
      );
      // A row's aria-label is what it shows: "label, description, kind".
      assert.equal(new Set(rows).size, rows.length, `every row reads differently: ${rows.join(' | ')}`);
      assert.ok(rows.includes('requirements-1, Senior Backend Engineer, Reference'), rows.join(' | '));
      assert.ok(rows.includes('requirements-2, Staff Backend Engineer, Reference'), rows.join(' | '));
      await record('completion-rows', { name: 'vscode-completion-rows.png', focus: [widget, await lineBox(page, extendsLine.lineNumber + 1)] });
      await page.keyboard.press('Escape');
    }));

  it("shows a role's effective role in the Markdown preview: from its code lens, then from the palette on a page with includes", () =>
    step('effective-role', async () => {
      const { page } = session;
      // Distinguished extends Principal, which extends Staff: each inherited level is titled with its role.
      await openFile(page, `${ROLES}/distinguished.md`);
      await closePanel(page);
      const lens = page.locator(`${EDITOR} .codelens-decoration a`).filter({ hasText: 'Show effective role' });
      await waitFor('the effective-role code lens', () => lens.first().isVisible(), 60_000, 500);
      await scrollEditorToTop();
      await lens.first().click();
      const [principalRequirement] = ownRequirements(`${ROLES}/principal.md`);
      const preview = await webviewWith('the effective role of Distinguished Engineer', 'Distinguished Engineer — effective role');
      const levels = await waitFor('the inherited levels', async () => {
        const text = plain(await preview.textContent());
        return text.includes(principalRequirement) ? text : undefined;
      });
      assert.ok(levels.includes('Principal Engineer') && levels.includes('Staff Engineer'), `the inherited levels titled with their roles: ${levels.slice(0, 600)}`);
      // Each level's title links to its source: a link, not `[Principal Engineer](file:///…)` as text.
      assert.ok(!levels.includes('](file:'), `no link left as literal text: ${levels.slice(0, 600)}`);
      assert.ok((await preview.locator('a', { hasText: 'Principal Engineer' }).count()) > 0, 'the Principal level links to its page');
      // The picture: the lens in the page (its editor group focused again) and the preview beside it.
      await page.keyboard.press('Control+1');
      const shown = await webviewWith('the preview beside the page', 'Distinguished Engineer — effective role');
      await record('effective-role', { name: 'vscode-effective-role.png', focus: [lens.first(), shown.locator('h1').first(), shown.locator('h2').nth(1)] });
      // A page whose role includes files: each one's text inlined under the file it came from.
      const include = 'includes/engineering-careers/intermediate-leadership-competency.md';
      const included = readFileSync(path.join(HANDBOOK, 'assets', include), 'utf8')
        .split('\n')
        .find((line) => line.startsWith('* '));
      assert.ok(included, `${include} has a bullet`);
      await openFile(page, 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/intermediate.md');
      await goTo(page, 1, 1);
      await runCommand(page, 'Handbook Roles: Show Effective Role');
      const distribution = await webviewWith('the effective role of the Distribution page', 'Intermediate Distribution Engineer — effective role');
      await waitFor(
        'the inlined include',
        async () => {
          const text = plain(await distribution.textContent());
          return text.includes('Included from') && text.includes(include) && text.includes(included.slice(2));
        },
        30_000,
        250,
      );
      await record('effective-role-includes');
      await runCommand(page, 'View: Close All Editor Groups');
    }));

  it('shows the ladder graph of a job family in a webview, and opens a role when its node is clicked', () =>
    step('ladder-graph', async () => {
      const { page } = session;
      await openFile(page, `${ROLES}/distinguished.md`);
      await runCommand(page, 'Handbook Roles: Show Ladder Graph');
      const graph = await webviewWith('the ladder graph', 'Principal Engineer', 'svg.ladder');
      const nodes = async () => (await graph.locator('g.node').evaluateAll((all) => all.map((node) => node.getAttribute('data-id') ?? ''))).sort();
      const family = (role: string) => `/job-families/engineering/development/management/${role}/`;
      assert.deepEqual(await nodes(), [family('distinguished'), family('engineering-fellow'), family('principal'), family('senior-distinguished'), family('staff')].sort());
      const edges = await graph.locator('g.edge').evaluateAll((all) => all.map((edge) => `${edge.getAttribute('data-from')} -> ${edge.getAttribute('data-to')} ${edge.getAttribute('data-label')}`));
      assert.ok(edges.includes(`${family('distinguished')} -> ${family('principal')} requirements`), edges.join(' | '));
      assert.ok(edges.includes(`${family('principal')} -> ${family('staff')} responsibilities`), edges.join(' | '));
      await record('ladder-graph', { name: 'vscode-ladder-graph.png', focus: [graph] });
      await graph.locator(`g.node[data-id="${family('principal')}"]`).click();
      const principalTab = page.locator('.editor-group-container .tab.active[aria-label*="principal.md"]').first();
      await waitFor('principal.md opened from its node', () => principalTab.isVisible(), 30_000, 250);
      // The click leaves the focus in the webview's group: the page's group is made the active one to read it.
      await principalTab.click();
      await waitFor('its title line', () => findLine(page, (text) => text.startsWith('title: "Principal Engineer')));
      await record('ladder-graph-opened');
      await runCommand(page, 'View: Close All Editor Groups');
    }));

  // Principal rather than Distinguished: the steps below still link to distinguished.md.
  it('moves a role page renamed in the Explorer (F2): the extends sentences follow, the old URL becomes an alias', () =>
    step('move', async () => {
      const { page } = session;
      const [from, to] = [`${ROLES}/principal.md`, `${ROLES}/principal-engineer.md`];
      const [oldUrl, newUrl] = ['/job-families/engineering/development/management/principal/', '/job-families/engineering/development/management/principal-engineer/'];
      // One editor group, wide enough that the alias line is not wrapped (the steps above open views beside).
      await runCommand(page, 'View: Close All Editor Groups');
      await openFile(page, from);
      await runCommand(page, 'File: Reveal Active File in Explorer View');
      const explorerRow = (name: string) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`);
      await explorerRow('principal.md').waitFor();
      // The Explorer redraws its rows as the problems and Git decorations arrive, which can take
      // the inline rename box away while it is being filled: then F2 again.
      const input = page.locator('.explorer-folders-view .monaco-inputbox input');
      await waitFor(
        'the new name typed in the Explorer',
        async () => {
          await explorerRow('principal.md').click();
          await page.keyboard.press('F2');
          await input.fill('principal-engineer.md', { timeout: 5_000 });
          await page.keyboard.press('Enter');
          return true;
        },
        60_000,
        500,
      );
      // The edit comes with change annotations: VS Code may ask first (a dialog, or the Refactor Preview).
      const moved = path.join(session.workspace, to);
      await waitFor(
        'the page to move (answering what VS Code asks on the way)',
        async () => {
          const dialogOk = page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: /^OK$/ });
          const previewApply = page.locator('.bulk-edit-panel .monaco-button').filter({ hasText: /^Apply$/ });
          if (await dialogOk.isVisible()) await dialogOk.click();
          else if (await previewApply.isVisible()) await previewApply.click();
          return existsSync(moved);
        },
        60_000,
        500,
      );
      await runCommand(page, 'File: Save All');
      const extendsLines = await waitFor('the extends sentences of distinguished.md saved with the new URL', () => {
        const lines = readFileSync(path.join(session.workspace, `${ROLES}/distinguished.md`), 'utf8')
          .split('\n')
          .filter((line) => line.includes('Extends that of the [Principal Engineer]'));
        return lines.length === 2 && lines.every((line) => line.includes(newUrl)) ? lines : undefined;
      });
      assert.deepEqual(extendsLines, [
        `- Extends that of the [Principal Engineer](${newUrl}#requirements) requirements`,
        `- Extends that of the [Principal Engineer](${newUrl}#responsibilities) responsibilities`,
      ]);
      const frontMatter = readFileSync(moved, 'utf8').split('\n---\n')[0];
      const aliases = frontMatter.slice(frontMatter.indexOf('\naliases:'));
      assert.ok(frontMatter.includes('\naliases:') && aliases.includes(oldUrl), `the old URL is an alias: ${frontMatter}`);
      assert.ok(!existsSync(path.join(session.workspace, from)), 'the old file is gone');
      await openFile(page, to);
      const aliasLine = await waitFor('the alias in the editor', () => findLine(page, (text) => text.trimStart().startsWith(`- ${oldUrl.slice(0, 20)}`)));
      // Away from the tab and breadcrumbs, whose tooltips would show the temporary folder.
      const blank = await lineBox(page, aliasLine.lineNumber + 2);
      await page.mouse.move(blank.x + 400, blank.y + blank.height / 2);
      await record('move-applied', { name: 'vscode-move.png', focus: [explorerRow('principal-engineer.md'), await lineBox(page, 1), await lineBox(page, aliasLine.lineNumber)] });
    }));

  // Last: it moves the anchor the steps above link to. The built-in Markdown rename would change
  // the heading only (it reads /job-families/… as a path from the workspace root, where no file is).
  it('renames a heading (Rename Symbol, F2), and the extends sentence of another page follows', () =>
    step('rename', async () => {
      const { page } = session;
      await openFile(page, `${ROLES}/distinguished.md`);
      const heading = await waitFor('the Requirements heading', () => findLine(page, (text) => text === '## Requirements'));
      await goTo(page, heading.lineNumber, 6);
      await runCommand(page, 'Rename Symbol');
      const input = page.locator('.rename-box input');
      await input.waitFor({ state: 'visible' });
      assert.equal(await input.inputValue(), 'Requirements', 'the rename box offers the heading text');
      // The rename box is a Monaco editor too, which the line helpers would take for the page: a plain screenshot.
      await session.screenshot('rename-input');
      await input.fill('What we expect');
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden' });
      await runCommand(page, 'File: Save All');
      const extendsLine = await waitFor('the extends sentence saved with the new anchor', () =>
        readFileSync(path.join(session.workspace, SEED_000), 'utf8')
          .split('\n')
          .find((line) => line.startsWith('- Extends that of the [Distinguished Engineer]') && line.includes('#what-we-expect')),
      );
      assert.equal(extendsLine, '- Extends that of the [Distinguished Engineer](/job-families/engineering/development/management/distinguished/#what-we-expect) requirements');
      assert.ok(readFileSync(path.join(session.workspace, `${ROLES}/distinguished.md`), 'utf8').includes('\n## What we expect\n'), 'the heading is renamed and saved');
      await openFile(page, SEED_000);
      await record('rename-applied');
    }));
});

// A workspace that is nothing but a Hugo content folder (no Hugo config, no assets): the
// `workspaceContains:content/**/*.md` activation event is the only one that can start the extension.
describe('VS Code activation in a bare content folder, with tracing on', { timeout: 300_000 }, () => {
  let folder: string;
  const LEAD = 'content/team/lead.md';
  const ENGINEER = 'content/team/engineer.md';
  const isMissingEngineer = (row: string) => row.includes('/team/engineer/') && row.includes('handbook-roles');

  before(async () => {
    folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-bare-')), 'bare');
    mkdirSync(path.join(folder, 'content/team'), { recursive: true });
    writeFileSync(path.join(folder, LEAD), '---\ntitle: "Team Lead"\n---\n\n## Requirements\n\n- Works with the [Engineer](/team/engineer/) every day\n');
    session = await launchVsCode({
      vsix: await ensureVsix(),
      workspace: folder,
      name: 'vscode-bare',
      settings: { 'handbookRoles.trace.server': 'messages' },
    });
  });

  after(async () => {
    await session?.stop();
    if (folder) rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it('installs the bundle only: client, server and its parse worker, grammar, no node_modules', () => {
    const [installed] = readdirSync(session.extensionsDir).filter((name) => name.startsWith('handbook-roles.handbook-roles-'));
    assert.ok(installed, `the extension is installed: ${readdirSync(session.extensionsDir).join(', ')}`);
    const files = readdirSync(path.join(session.extensionsDir, installed), { recursive: true }).map(String);
    for (const bundle of ['client.js', 'server.js', 'parseWorker.js']) assert.ok(files.includes(path.join('dist', bundle)), `dist/${bundle} in ${files.join(', ')}`);
    assert.ok(!files.some((file) => file.startsWith('node_modules') || file.endsWith('.ts') || file.endsWith('.map')), files.join(', '));
  });

  it('activates, reports a missing page, and hears about the page created on disk', () =>
    step('bare', async () => {
      const { page } = session;
      await openFile(page, LEAD);
      await openProblems(page);
      await waitForProblem(isMissingEngineer, true);
      await record('missing-page');
      // The server registered its own file watchers: a page written by another program is seen.
      writeFileSync(path.join(session.workspace, ENGINEER), '---\ntitle: "Engineer"\n---\n\n## Requirements\n\n- Writes code\n');
      await waitForProblem(isMissingEngineer, false);
      await record('page-created');

      const host = session.readLogs(/exthost\.log$/);
      assert.match(host, /handbook-roles\.handbook-roles.*workspaceContains:content\/\*\*\/\*\.md/, 'activated by the content folder');
      const trace = session.readLogs(/Handbook Roles\.log$/);
      assert.match(trace, /Sending request 'initialize/, `the trace shows the protocol:\n${trace.slice(0, 2000)}`);
      assert.match(trace, /Received notification 'textDocument\/publishDiagnostics'/);
      assert.match(trace, /Sending notification 'workspace\/didChangeWatchedFiles'/);
    }));
});

// A handbook big enough that reading it takes a while, and VS Code's own Markdown path completion
// and link validation on, as a user may have them: the progress notification, the status-bar
// item and its commands, and the offer to turn the competing built-in features off.
describe('VS Code: indexing progress, the commands, the built-in Markdown features', { timeout: 600_000 }, () => {
  let folder: string;
  const FILLER_PAGES = 15_000;
  const statusItem = () => session.page.locator('.statusbar-item').filter({ hasText: 'Handbook Roles' }).first();
  const indexed = async () => /indexed/.test((await statusItem().getAttribute('aria-label')) ?? '');

  before(async () => {
    folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-big-')), 'handbook');
    cpSync(HANDBOOK, folder, { recursive: true });
    mkdirSync(path.join(folder, 'content/filler'));
    for (let page = 0; page < FILLER_PAGES; page++) writeFileSync(path.join(folder, `content/filler/page-${page}.md`), `---\ntitle: Filler ${page}\n---\n\n## Section\n\nText.\n`);
    session = await launchVsCode({
      vsix: await ensureVsix(),
      workspace: folder,
      name: 'vscode-polish',
      // No facts cache: the re-index reads the 15,000 pages again, so its progress shows (from
      // the cache it ends before VS Code draws a progress notification).
      settings: { 'markdown.suggest.paths.enabled': true, 'markdown.validate.enabled': true, 'handbookRoles.cache.enabled': false },
    });
  });

  after(async () => {
    await session?.stop();
    if (folder) rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it("offers to turn off VS Code's own Markdown path completion and link validation in this workspace", () =>
    step('markdown-conflicts', async () => {
      const { page } = session;
      const toast = page.locator('.notification-toast').filter({ hasText: 'Hugo' });
      await toast.waitFor({ state: 'visible', timeout: 60_000 });
      await record('markdown-conflicts');
      await toast.getByRole('button', { name: 'Turn Off in This Workspace' }).click();
      const settingsFile = path.join(session.workspace, '.vscode/settings.json');
      // VS Code writes the three settings one after another.
      const written = await waitFor('the workspace settings', () => {
        const settings = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8') || '{}') as Record<string, unknown>) : {};
        return 'markdown.validate.fragmentLinks.enabled' in settings ? settings : undefined;
      });
      assert.deepEqual(
        {
          paths: written['markdown.suggest.paths.enabled'],
          fileLinks: written['markdown.validate.fileLinks.enabled'],
          fragmentLinks: written['markdown.validate.fragmentLinks.enabled'],
        },
        { paths: false, fileLinks: 'ignore', fragmentLinks: 'ignore' },
      );
    }));

  it('shows indexing as a notification with its progress, then the status-bar item', () =>
    step('indexing-progress', async () => {
      const { page } = session;
      await waitFor('the first build to end', indexed, 120_000, 250);
      // A page open, as an author has (the pictures reach left to the editor).
      await openFile(page, SEED_000);
      const progress = /Handbook Roles: \d+\/\d+ files/;
      const seen = await watchNotification(page, progress);
      await runCommand(page, 'Handbook Roles: Re-index Handbook');
      const toast = page.locator('.notification-toast').filter({ hasText: progress });
      const notification = await waitFor('the progress notification', seen, 60_000, 100);
      assert.match(notification.text, /Indexing the handbook|\d+\/\d+ files/);
      // A re-index may be cancelled (the index in use stays); the notification says so.
      await waitFor('its Cancel button', async () => (await seen())?.buttons.includes('Cancel'), 10_000, 100);
      // The boxes at once: the notification goes when the build ends, and on a fast run it may be
      // gone already (its box is then null), which leaves the step's picture without a crop.
      const focus = [await toast.boundingBox({ timeout: 1000 }).catch(() => null), await statusItem().boundingBox()];
      await record('indexing-progress', focus[0] && focus[1] ? { name: 'vscode-indexing-progress.png', focus: [focus[0], focus[1]] } : undefined);
      await toast.waitFor({ state: 'hidden', timeout: 120_000 });
      await waitFor('the status-bar item to say the handbook is indexed', indexed, 30_000, 250);
      assert.match((await statusItem().getAttribute('aria-label')) ?? '', /indexed \(\d+\/\d+ files\)/);
    }));

  it('opens the commands from the status-bar item', () =>
    step('status-commands', async () => {
      const { page } = session;
      await statusItem().click();
      const rows = page.locator('.quick-input-list .monaco-list-row');
      await rows.first().waitFor({ state: 'visible' });
      const labels = (await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''))).map(plain);
      for (const title of ['Re-index Handbook', 'Restart Server', 'Show Output']) assert.ok(labels.includes(title), `${title} among ${labels.join(', ')}`);
      await record('status-commands', { name: 'vscode-status-commands.png', focus: [page.locator('.quick-input-widget'), statusItem()] });
      await rows.filter({ hasText: 'Show Output' }).first().click();
      // The output channel of the server: its log says how long indexing took.
      await waitFor('the output channel', async () => /Indexed \d+ files/.test(plain(await page.locator('.part.panel .output-view, .part.panel').first().textContent())), 30_000, 250);
    }));
});
