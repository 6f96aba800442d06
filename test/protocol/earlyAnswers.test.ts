// Answers before the first build is done (issue 16): an open document's hover, completion,
// definition and outline come from the files read so far, the open documents and what answering
// them needs read first, and say so where they may be incomplete; what is not read yet is never
// called missing, and no diagnostic is published before the whole handbook is read.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, DocumentSymbolRequest, type CompletionList } from 'vscode-languageserver-protocol';
import { copyExampleHandbook, Session, type OpenDocument } from './support/session';
import { SEED_000 } from './support/examplePages';

/**
 * Pages listed before the example's own (`content/a-filler/` sorts first), so many that the build
 * is still reading them long after the open page's answers are given: a cold build of them takes
 * seconds, an early answer a few milliseconds.
 */
const FILLER_PAGES = 12_000;
const FILLER = 'content/a-filler';
/** About 2 KB of what a page holds (headings, links, emphasis), so that each takes a real page's time to read. */
const FILLER_TEXT = Array.from(
  { length: 6 },
  (_, section) =>
    `## Section ${section}\n\nSome *text* with [a link](/handbook/engineering/#part-${section}) and \`code\`, then https://example.com/${section} bare.\n\n- an item\n- another [item](../other/)\n\n`,
)
  .join('')
  .replace('## Section 0', '## Section');
/** A page that links to the last filler page, which its front matter serves at a URL no file path suggests. */
const LINKING_PAGE = 'content/handbook/early.md';
const MOVED_URL = '/moved-away/';
/** A page the client opens once the build has begun, and edits. */
const LATE_PAGE = 'content/handbook/late.md';
const STILL_READING = /Still reading the handbook \(([\d,]+) of ([\d,]+) files\)/;

describe('answers before the first build is done', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;
  let seed000: OpenDocument;
  let linking: OpenDocument;
  const early: { hover?: string; completion?: unknown; definition?: unknown[]; symbols?: unknown; lateSymbols?: unknown; indexingEnded: boolean[]; diagnosticsBefore: number } = {
    indexingEnded: [],
    diagnosticsBefore: -1,
  };
  const indexingEnded = () => session.progress.some((event) => event.value.kind === 'end');

  before(async () => {
    workspace = copyExampleHandbook();
    const filler = path.join(workspace.folder, FILLER);
    mkdirSync(filler);
    for (let page = 0; page < FILLER_PAGES; page++) {
      const url = page === FILLER_PAGES - 1 ? `url: ${MOVED_URL}\n` : '';
      writeFileSync(path.join(filler, `page-${String(page).padStart(5, '0')}.md`), `---\ntitle: Filler ${page}\n${url}---\n\n${FILLER_TEXT}`);
    }
    writeFileSync(path.join(workspace.folder, LATE_PAGE), '---\ntitle: Late\n---\n\n## On disk\n');
    writeFileSync(
      path.join(workspace.folder, LINKING_PAGE),
      `---\ntitle: Early\n---\n\n## Own heading\n\nSee [the last filler page](${MOVED_URL}#section) and [a first one](/a-filler/page-00000/).\n`,
    );
    session = await Session.start({
      folder: workspace.folder,
      indexingLimitMs: 120_000,
      whileIndexing: async (started) => {
        session = started;
        seed000 = await started.open(SEED_000);
        linking = await started.open(LINKING_PAGE);
        const hover = await started.hover(seed000, seed000.positionOf('[Distinguished Engineer](', { offset: 5 }));
        early.indexingEnded.push(indexingEnded());
        early.hover = hover?.markdown;
        early.completion = await started.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: linking.uri }, position: linking.positionOf('](/a-filler/', { offset: 2 }) });
        early.symbols = await started.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: linking.uri } });
        early.indexingEnded.push(indexingEnded());
        // Opened after the build began, and edited: the answer comes from the editor's text.
        const late = await started.open(LATE_PAGE);
        const end = late.positionOf('## On disk\n');
        await late.edit({ start: end, end }, '\n## Typed during the build\n');
        early.lateSymbols = await started.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: late.uri } });
        early.indexingEnded.push(indexingEnded());
        early.diagnosticsBefore = started.diagnostics.size;
        // The page served at MOVED_URL is read in its turn, near the end: the answer waits for it rather than find nothing.
        early.definition = await started.definition(linking, linking.positionOf(MOVED_URL, { offset: 3 }));
        early.indexingEnded.push(indexingEnded());
      },
    });
  });
  after(async () => {
    await session?.stop();
    workspace?.remove();
  });

  it('answers the hover while the handbook is being read, with the whole chain of extends read first, and says it is not final', () => {
    assert.deepEqual(early.indexingEnded.slice(0, 3), [false, false, false], 'the hover, completion and outlines were answered before indexing ended');
    const hover = early.hover;
    assert.ok(hover, 'a hover');
    for (const level of ['Distinguished Engineer — Requirements', 'Principal Engineer — Requirements', 'Staff Engineer — Requirements']) assert.ok(hover.includes(level), `${level} in:\n${hover}`);
    const reading = STILL_READING.exec(hover);
    assert.ok(reading, `the hover says the handbook is still being read:\n${hover}`);
    const [done, total] = [reading[1], reading[2]].map((count) => Number(count.replace(/,/g, '')));
    assert.ok(done < total && total > FILLER_PAGES, `${done} of ${total} files read`);
  });

  it('marks completion from a handbook still being read as incomplete, so the client asks again', () => {
    const list = early.completion as CompletionList;
    assert.equal(list.isIncomplete, true);
    assert.ok(list.items.length > 0, 'suggestions from what is read');
  });

  it("gives the open page's outline", () => {
    assert.ok(JSON.stringify(early.symbols).includes('Own heading'), JSON.stringify(early.symbols));
  });

  it("answers a page opened after the build began, and edited, from the editor's text", () => {
    const outline = JSON.stringify(early.lateSymbols);
    assert.ok(outline.includes('On disk') && outline.includes('Typed during the build'), outline);
  });

  it('publishes no diagnostic before the whole handbook is read', () => {
    assert.equal(early.diagnosticsBefore, 0);
  });

  it('answers go to definition on a link to a page not read yet once it is, not with nothing', () => {
    assert.equal(early.definition?.length, 1, JSON.stringify(early.definition));
    assert.match(JSON.stringify(early.definition), /page-11999\.md/);
    assert.equal(early.indexingEnded[3], true, 'answered once the build was done');
  });

  it('answers as before once the build is done: no note, a complete list', async () => {
    const hover = await session.hover(seed000, seed000.positionOf('[Distinguished Engineer](', { offset: 5 }));
    assert.ok(hover && !STILL_READING.test(hover.markdown), hover?.markdown);
    const answer = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: linking.uri }, position: linking.positionOf('](/a-filler/', { offset: 2 }) });
    assert.ok(Array.isArray(answer) || answer?.isIncomplete === false, JSON.stringify(answer).slice(0, 200));
  });
});
