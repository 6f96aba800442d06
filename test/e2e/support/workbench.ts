// Helpers that drive the VS Code workbench the way a person does (keyboard, mouse) and read what it
// renders. Selectors are the stable class names of the workbench and of Monaco; every wait is on a
// condition, never a fixed sleep.
import type { Locator, Page } from 'playwright-core';
import { waitFor } from './processes';

export const EDITOR = '.editor-group-container.active .editor-instance .monaco-editor';

/** Monaco renders spaces as U+00A0 in view lines. */
export function plain(text: string | null | undefined): string {
  return (text ?? '').replace(/\u00a0/g, ' ');
}

export async function openFile(page: Page, relativePath: string): Promise<void> {
  const base = relativePath.split('/').pop()!;
  const activeTab = page.locator(`.tabs-container .tab.active[data-resource-name="${base}"]`);
  // A click can land on a row as the list is redrawn and open nothing (seen on a loaded machine):
  // the file is asked for again until its tab is the active one.
  await waitFor(
    `${relativePath} to open from Quick Open`,
    async () => {
      await pickInQuickOpen(page, relativePath);
      return activeTab.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => undefined,
      );
    },
    60_000,
  );
  await page.locator(`${EDITOR} .view-line`).first().waitFor();
  await page.locator(`${EDITOR} textarea`).focus();
}

/** Opens Quick Open on `relativePath` and clicks its row. */
async function pickInQuickOpen(page: Page, relativePath: string): Promise<void> {
  const base = relativePath.split('/').pop()!;
  const parent = relativePath.split('/').slice(0, -1).join('/');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  // Rows are labelled "senior.md, content/…/distribution": click the one in the right folder.
  const rows = page.locator('.quick-input-list .monaco-list-row');
  // The list is drawn again as search results arrive, and a row found a moment ago may be gone
  // (rows are located by index): each look and the click are short, and a miss looks again.
  const SHORT = { timeout: 2000 };
  await waitFor(`Quick Open row for ${relativePath}`, async () => {
    for (const candidate of await rows.all()) {
      const label = plain(await candidate.getAttribute('aria-label', SHORT).catch(() => null));
      if (label.startsWith(base) && (parent === '' || label.includes(parent)))
        return candidate.click(SHORT).then(
          () => true,
          () => undefined,
        );
    }
    return undefined;
  });
}

export interface ViewLine {
  lineNumber: number;
  text: string;
}

export interface Span {
  text: string;
  className: string;
  color: string;
}

// Code that runs in the page. Kept as plain JavaScript text: functions handed to page.evaluate are
// serialised from their source, and the TypeScript loader would add helpers to named ones.
const BROWSER_HELPERS = String.raw`
window.__handbookRolesE2E = (() => {
  const topOf = (element) => Math.round(parseFloat(element.style.top || '0'));
  const plain = (text) => (text || '').replace(/\u00a0/g, ' ');
  const editorOf = (selector) => document.querySelector(selector);
  const numbers = (editor) => {
    const map = new Map();
    for (const element of editor.querySelectorAll('.margin-view-overlays > div')) {
      const label = element.querySelector('.line-numbers');
      if (label && label.textContent) map.set(topOf(element), Number(label.textContent.trim()));
    }
    return map;
  };
  const lineElement = (editor, lineNumber) => {
    let top;
    for (const [at, number] of numbers(editor)) if (number === lineNumber) top = at;
    if (top === undefined) return undefined;
    return [...editor.querySelectorAll('.view-lines > .view-line')].find((element) => topOf(element) === top);
  };
  return {
    lines(selector) {
      const editor = editorOf(selector);
      if (!editor) return [];
      const map = numbers(editor);
      return [...editor.querySelectorAll('.view-lines > .view-line')]
        .map((element) => ({ top: topOf(element), text: plain(element.textContent) }))
        .sort((a, b) => a.top - b.top)
        .map((line) => ({ lineNumber: map.has(line.top) ? map.get(line.top) : -1, text: line.text }));
    },
    spans(selector, lineNumber) {
      const editor = editorOf(selector);
      const line = editor && lineElement(editor, lineNumber);
      if (!line) return [];
      return [...line.querySelectorAll('span > span')].map((span) => ({
        text: plain(span.textContent),
        className: span.className,
        color: getComputedStyle(span).color,
      }));
    },
    box(selector, lineNumber) {
      const editor = editorOf(selector);
      const line = editor && lineElement(editor, lineNumber);
      // A view line is as wide as the editor's scroll width: its inner span is as wide as the text.
      const text = line && line.querySelector(':scope > span');
      if (!text) return undefined;
      const box = text.getBoundingClientRect();
      return { x: box.left, y: box.top, width: box.width, height: box.height };
    },
    point(selector, lineNumber, needle) {
      const editor = editorOf(selector);
      const line = editor && lineElement(editor, lineNumber);
      if (!line) return undefined;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const texts = [];
      let full = '';
      while (walker.nextNode()) {
        texts.push(walker.currentNode);
        full += walker.currentNode.data;
      }
      const at = plain(full).indexOf(needle);
      if (at < 0) return undefined;
      let target = at + Math.floor(needle.length / 2);
      for (const text of texts) {
        if (target < text.data.length) {
          const range = document.createRange();
          range.setStart(text, target);
          range.setEnd(text, target + 1);
          const box = range.getBoundingClientRect();
          return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
        }
        target -= text.data.length;
      }
      return undefined;
    },
  };
})();
`;

async function helpers(page: Page): Promise<void> {
  if (!(await page.evaluate('typeof window.__handbookRolesE2E === "object"'))) await page.evaluate(BROWSER_HELPERS);
}

/** The lines Monaco has rendered in the active editor, with their line numbers, top to bottom. */
export async function visibleLines(page: Page): Promise<ViewLine[]> {
  await helpers(page);
  return page.evaluate<ViewLine[]>(`window.__handbookRolesE2E.lines(${JSON.stringify(EDITOR)})`);
}

/** The text of one rendered line (scrolls there first). */
export async function lineText(page: Page, lineNumber: number): Promise<string> {
  await revealLine(page, lineNumber);
  const lines = await visibleLines(page);
  const line = lines.find((candidate) => candidate.lineNumber === lineNumber);
  if (!line) throw new Error(`line ${lineNumber} is not rendered`);
  return line.text;
}

export async function findLine(page: Page, predicate: (text: string) => boolean): Promise<ViewLine | undefined> {
  return (await visibleLines(page)).find((line) => predicate(line.text));
}

/** The cursor position from the status bar ("Ln 18, Col 5"). */
export async function cursor(page: Page): Promise<{ line: number; column: number } | undefined> {
  const text = await page
    .locator('#status\\.editor\\.selection')
    .textContent({ timeout: 2000 })
    .catch(() => null);
  const match = /Ln (\d+), Col (\d+)/.exec(text ?? '');
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

/** Moves the cursor with Go to Line (Ctrl+G, "line:column"), and waits until the status bar agrees. */
export async function goTo(page: Page, line: number, column = 1): Promise<void> {
  await page.locator(`${EDITOR} textarea`).focus();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await waitFor(`cursor at ${line}:${column}`, async () => {
    const at = await cursor(page);
    return at?.line === line && at.column === column;
  });
}

export async function revealLine(page: Page, lineNumber: number): Promise<void> {
  const lines = await visibleLines(page);
  if (lines.some((line) => line.lineNumber === lineNumber)) return;
  await goTo(page, lineNumber);
}

/** Runs a command from the Command Palette by its exact title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // With the focus in a webview (the ladder graph, a preview) F1 may not reach the workbench: a
  // click on the side bar's title (which does nothing) takes the focus back, and F1 is pressed again.
  await waitFor('the command palette', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const shown = await input.waitFor({ state: 'visible', timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (!shown)
      await page
        .locator('.part.sidebar .composite.title')
        .first()
        .click({ timeout: 2000 })
        .catch(() => undefined);
    return shown;
  });
  await input.fill(`>${title}`);
  const row = await waitFor(`command "${title}"`, async () => {
    for (const candidate of await page.locator('.quick-input-list .monaco-list-row').all()) {
      const label = plain(await candidate.getAttribute('aria-label'));
      if (label === title || label.startsWith(`${title},`) || label.startsWith(`${title} `)) return candidate;
    }
    return undefined;
  });
  await row.click();
  await input.waitFor({ state: 'hidden' });
}

/**
 * The tokens Monaco rendered for one line, with their classes and computed colours. Monaco cuts
 * long tokens into several spans: neighbours of the same class are joined again.
 */
export async function tokenSpans(page: Page, lineNumber: number): Promise<Span[]> {
  await revealLine(page, lineNumber);
  await helpers(page);
  const spans = await page.evaluate<Span[]>(`window.__handbookRolesE2E.spans(${JSON.stringify(EDITOR)}, ${lineNumber})`);
  const joined: Span[] = [];
  for (const span of spans) {
    const last = joined[joined.length - 1];
    if (last && last.className === span.className) last.text += span.text;
    else joined.push({ ...span });
  }
  return joined;
}

/** Screen point in the middle of the first occurrence of `needle` on a rendered line. */
export async function pointOf(page: Page, lineNumber: number, needle: string): Promise<{ x: number; y: number }> {
  await revealLine(page, lineNumber);
  await helpers(page);
  const point = await page.evaluate<{ x: number; y: number } | undefined>(`window.__handbookRolesE2E.point(${JSON.stringify(EDITOR)}, ${lineNumber}, ${JSON.stringify(needle)})`);
  if (!point) throw new Error(`"${needle}" is not rendered on line ${lineNumber}`);
  return point;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the text of a rendered line is on screen. */
export async function lineBox(page: Page, lineNumber: number): Promise<Box> {
  await revealLine(page, lineNumber);
  await helpers(page);
  const box = await page.evaluate<Box | undefined>(`window.__handbookRolesE2E.box(${JSON.stringify(EDITOR)}, ${lineNumber})`);
  if (!box) throw new Error(`line ${lineNumber} is not rendered`);
  return box;
}

/**
 * The part of the window around some elements (a widget, the lines it is about), reaching left to
 * the editor's line numbers: documentation pictures show what matters, large enough to read.
 */
export async function regionAround(page: Page, parts: Array<Box | Locator>, margin = 16): Promise<Box> {
  const boxes: Box[] = [];
  for (const part of parts) {
    const box = 'boundingBox' in part ? await part.boundingBox() : part;
    if (box) boxes.push(box);
  }
  if (boxes.length === 0) throw new Error('none of the parts to picture is on screen');
  // The first: a peek view (references) holds an editor of its own inside the active one.
  const editor = await page.locator(EDITOR).first().boundingBox();
  const window = page.viewportSize()!;
  // No margin on the left: it would show a sliver of the activity bar.
  const left = Math.max(0, Math.min(editor?.x ?? Infinity, ...boxes.map((box) => box.x)));
  const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
  const right = Math.min(window.width, Math.max(...boxes.map((box) => box.x + box.width)) + margin);
  const bottom = Math.min(window.height, Math.max(...boxes.map((box) => box.y + box.height)) + margin);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

export interface SeenNotification {
  text: string;
  buttons: string[];
}

/**
 * Starts noting, in the page, the first notification whose text matches `pattern`, with every
 * button it shows while it is up; the returned function reads what was seen. A notification that
 * is up for a moment only (a quick re-index on a loaded machine) may be gone before a test could
 * read it by polling.
 */
export async function watchNotification(page: Page, pattern: RegExp): Promise<() => Promise<SeenNotification | undefined>> {
  const key = `__handbookRolesNotification${Date.now()}`;
  await page.evaluate(String.raw`(() => {
    const pattern = new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)});
    const note = () => {
      let up = false;
      for (const toast of document.querySelectorAll('.notification-toast')) {
        const text = (toast.textContent || '').replace(/\u00a0/g, ' ');
        if (!pattern.test(text)) continue;
        up = true;
        const seen = window[${JSON.stringify(key)}] || (window[${JSON.stringify(key)}] = { text, buttons: [] });
        for (const button of toast.querySelectorAll('.monaco-button')) {
          const label = (button.textContent || '').trim();
          if (label && !seen.buttons.includes(label)) seen.buttons.push(label);
        }
      }
      if (!up && window[${JSON.stringify(key)}]) observer.disconnect();
    };
    const observer = new MutationObserver(note);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    note();
  })()`);
  return () => page.evaluate<SeenNotification | undefined>(`window[${JSON.stringify(key)}]`);
}

/** Rows of the suggest widget once it shows, as their aria-labels. */
export async function suggestions(page: Page): Promise<{ rows: Locator; labels: string[] }> {
  const rows = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  await rows.first().waitFor({ state: 'visible' });
  const labels = (await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''))).map(plain);
  return { rows, labels };
}

export async function openProblems(page: Page): Promise<void> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
  }
}

/** The Problems panel rows (aria-labels), opening the panel if needed. */
export async function problemRows(page: Page): Promise<string[]> {
  await openProblems(page);
  return (await page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''))).map(plain);
}

/** Hides the bottom panel (Problems, Output…) if it is showing. */
export async function closePanel(page: Page): Promise<void> {
  const panel = page.locator('.part.panel.bottom');
  if (await panel.isVisible().catch(() => false)) {
    await runCommand(page, 'View: Toggle Panel Visibility');
    await panel.waitFor({ state: 'hidden' });
  }
}
