// Go to definition and document links over the real protocol: role links and extends sentences
// lead to the heading (or HTML anchor) of the target, include calls to the included file.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Location, LocationLink } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { ScratchLine } from './support/scratch';
import { EXAMPLE_HANDBOOK, Session, type OpenDocument } from './support/session';
import { SEED_000, SEED_002, SEED_003 } from './support/examplePages';

/** Where a definition answer points: the file relative to the handbook, and the 0-based line. */
function target(locations: (Location | LocationLink)[]): { file: string; line: number } {
  assert.equal(locations.length, 1, JSON.stringify(locations));
  const [location] = locations;
  const uri = 'targetUri' in location ? location.targetUri : location.uri;
  const range = 'targetUri' in location ? location.targetSelectionRange : location.range;
  return { file: path.relative(EXAMPLE_HANDBOOK, URI.parse(uri).fsPath).split(path.sep).join('/'), line: range.start.line };
}

describe('go to definition', () => {
  let session: Session;
  let seed000: OpenDocument;
  let seed003: OpenDocument;
  let scratch: ScratchLine;

  before(async () => {
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
    seed000 = await session.open(SEED_000);
    seed003 = await session.open(SEED_003);
    scratch = new ScratchLine(session, await session.open('content/handbook/engineering/careers/faq.md'));
  });
  after(async () => session?.stop());

  it("leads from seed 000's extends link to the Requirements heading of Distinguished", async () => {
    const found = await session.definition(seed000, seed000.positionOf('distinguished/#requirements', { offset: 4 }));
    assert.deepEqual(target(found), { file: 'content/job-families/engineering/development/management/distinguished.md', line: 12 });
  });

  it('answers anywhere in the extends sentence', async () => {
    const found = await session.definition(seed000, seed000.positionOf('- Extends that of the [Distinguished', { offset: 4 }));
    assert.deepEqual(target(found), { file: 'content/job-families/engineering/development/management/distinguished.md', line: 12 });
  });

  it('leads to the top of a page for a link without an anchor', async () => {
    const found = await session.definition(seed003, seed003.positionOf('distribution/intermediate/)', { offset: 3 }));
    assert.deepEqual(target(found), { file: 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/intermediate.md', line: 0 });
  });

  it('leads to a heading that comes from an included file, in that file', async () => {
    await scratch.set('See the [GitLab values](/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/senior/#gitlab).');
    const found = await session.definition(scratch.document, { line: scratch.lineNumber!, character: 10 });
    assert.deepEqual(target(found), { file: 'assets/includes/engineering-careers/values-competency.md', line: 0 });
  });

  it('leads to an HTML anchor', async () => {
    await scratch.set('Read the [senior requirements](/job-families/engineering/development/backend/#senior-requirements).');
    const found = await session.definition(scratch.document, { line: scratch.lineNumber!, character: 12 });
    assert.deepEqual(target(found), { file: 'content/job-families/engineering/development/backend.md', line: 49 });
  });

  it('leads from an include call to the included file', async () => {
    const found = await session.definition(seed003, seed003.positionOf('values-competency.md" %}}', { offset: 2 }));
    assert.deepEqual(target(found), { file: 'assets/includes/engineering-careers/values-competency.md', line: 0 });
  });

  it('leads to the page when only its anchor is missing', async () => {
    const found = await session.definition(seed000, seed000.positionOf('careers/#roles', { offset: 9 }));
    assert.deepEqual(target(found), { file: 'content/handbook/engineering/careers/_index.md', line: 0 });
  });

  it('has no answer, and no error, for a missing page or plain text', async () => {
    const seed002 = await session.open(SEED_002);
    assert.deepEqual(await session.definition(seed002, seed002.positionOf('/jobs/security-management#director', { offset: 8 })), []);
    assert.deepEqual(await session.definition(seed000, seed000.positionOf('Senior Distinguished Engineers are', { offset: 3 })), []);
    assert.deepEqual(session.errorLogs, []);
  });
});

describe('document links', () => {
  let session: Session;

  before(async () => {
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
  });
  after(async () => session?.stop());

  it("link seed 003's include paths to their files and its role links to their pages", async () => {
    const seed003 = await session.open(SEED_003);
    const links = await session.documentLinks(seed003);
    const text = (link: (typeof links)[number]) => seed003.line(link.range.start.line).slice(link.range.start.character, link.range.end.character);

    const includes = links.filter((link) => text(link).startsWith('includes/'));
    // Seven include calls, one of them to a missing file: that one has no link.
    assert.deepEqual(
      includes.map((link) => [text(link), path.relative(EXAMPLE_HANDBOOK, URI.parse(link.target!).fsPath)]),
      [
        'distribution-career-nav.md',
        'senior-leadership-competency.md',
        'senior-technical-competency.md',
        'development-senior-technical-competency.md',
        'values-competency.md',
        'development-senior-values-competency.md',
      ].map((name) => [`includes/engineering-careers/${name}`, `assets/includes/engineering-careers/${name}`]),
    );

    const sectionLink = links.find((link) => text(link) === '#technical-competencies');
    assert.ok(sectionLink, 'a same-page link');
    assert.equal(URI.parse(sectionLink.target!).fsPath, path.join(EXAMPLE_HANDBOOK, SEED_003));
    assert.equal(URI.parse(sectionLink.target!).fragment, 'L34', 'opens at the heading');
  });

  it("link seed 002's HTML table cells, except those to a missing page", async () => {
    const seed002 = await session.open(SEED_002);
    const links = await session.documentLinks(seed002);
    const lines = new Set(links.map((link) => link.range.start.line + 1));
    assert.ok(lines.has(17), 'the /jobs/developer#staff-developer cell');
    assert.ok(lines.has(21), 'a missing anchor still leads to its page');
    for (const broken of [63, 65]) assert.ok(!lines.has(broken), `no link on line ${broken}: /jobs/security-management does not exist`);
  });
});
