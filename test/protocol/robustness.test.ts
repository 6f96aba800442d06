// The server under bad input and over a whole session: work-done progress while it indexes, a
// clear diagnostic on the right line for each kind of bad file (and answers to every other
// request afterwards), and not one file written in the workspace.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, FileChangeType, MessageType } from 'vscode-languageserver-protocol';
import { withCode } from './support/findings';
import { copyExampleHandbook, Session, snapshotFiles } from './support/session';
import { SEED_000, SEED_003 } from './support/examplePages';

const TEN_MEGABYTES = 10 * 1024 * 1024;

/** Writes the bad files of these tests into a copy of the example handbook. */
function addBadFiles(folder: string): void {
  const bad = path.join(folder, 'content/handbook/bad');
  mkdirSync(bad, { recursive: true });
  writeFileSync(
    path.join(bad, 'unterminated.md'),
    [
      '---',
      'title: "Unterminated shortcode"',
      '---',
      '',
      'The ladder:',
      '{{< figure src="ladder.png"',
      '',
      '## After the figure',
      '',
      'See [Staff](/job-families/engineering/development/management/staff/).',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(bad, 'unclosed-front-matter.md'), ['---', 'title: "Never closed"', '', '## A heading', ''].join('\n'));
  writeFileSync(path.join(bad, 'escaping-include.md'), ['---', 'title: "Escaping include"', '---', '', '{{% include "../../../../../etc/passwd" %}}', ''].join('\n'));
  const binary = Buffer.alloc(4096);
  for (let at = 0; at < binary.length; at++) binary[at] = (at * 7919) % 256;
  writeFileSync(path.join(bad, 'binary.md'), binary);
  const unit = '## Section\n\nA [link](/jobs/developer/#staff-developer) in a paragraph that fills the page.\n\n';
  writeFileSync(path.join(bad, 'huge.md'), `---\ntitle: Huge\n---\n${unit.repeat(Math.ceil(TEN_MEGABYTES / unit.length))}`);
}

describe('robustness', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;
  let before_: Map<string, string>;

  before(async () => {
    workspace = copyExampleHandbook();
    addBadFiles(workspace.folder);
    before_ = snapshotFiles(workspace.folder);
    session = await Session.start({ folder: workspace.folder });
  });
  after(async () => {
    session?.kill();
    workspace?.remove();
  });

  /** After a bad file, the server must still answer: a hover on seed 000's extends link. */
  async function assertStillAnswers(): Promise<void> {
    const seed000 = await session.open(SEED_000);
    const hover = await session.hover(seed000, seed000.positionOf('[Distinguished Engineer](', { offset: 5 }));
    assert.match(hover?.markdown ?? '', /Principal Engineer — Requirements/);
    assert.ok(session.isRunning, 'the server is running');
    assert.deepEqual(session.errorLogs, [], 'no internal error was logged');
    assert.deepEqual(
      session.messages.filter((message) => message.type === MessageType.Error),
      [],
      'no error was shown to the author',
    );
  }

  describe('progress', () => {
    it('reports indexing as work-done progress: create, begin, reports, end', () => {
      assert.equal(session.progressTokensCreated.length >= 1, true);
      const token = session.progressTokensCreated[0];
      const events = session.progress.filter((event) => event.token === token).map((event) => event.value);
      assert.equal(events[0].kind, 'begin');
      assert.equal(events.at(-1)!.kind, 'end');
      const reports = events.filter((event) => event.kind === 'report');
      assert.ok(reports.length >= 1, 'at least one report');
      const percentages = reports.map((event) => ('percentage' in event ? (event.percentage ?? 0) : 0));
      assert.deepEqual(
        percentages,
        [...percentages].sort((a, b) => a - b),
        'percentages never go back',
      );
      assert.equal(percentages.at(-1), 100);
      assert.match(String(reports.at(-1)!.message), /^(\d+)\/\1 files$/);
    });
  });

  describe('bad input', () => {
    it('malformed YAML front matter: an error on the line that does not parse', async () => {
      const document = await session.open('content/job-families/engineering/development/management/engineering-fellow.md');
      const [problem] = withCode(await document.diagnostics(), 'front-matter-invalid');
      assert.equal(problem.range.start.line, 1);
      assert.equal(problem.severity, DiagnosticSeverity.Error);
      assert.match(problem.message, /YAML front matter does not parse/);
      // The rest of the page is still understood: its extends links resolve.
      assert.deepEqual(withCode(await document.diagnostics(), 'extends-missing-page'), []);
      await assertStillAnswers();
    });

    it('front matter that is never closed: an error on line 1', async () => {
      const document = await session.open('content/handbook/bad/unclosed-front-matter.md');
      const [problem] = withCode(await document.diagnostics(), 'front-matter-invalid');
      assert.equal(problem.range.start.line, 0);
      assert.match(problem.message, /never closed/);
      await assertStillAnswers();
    });

    it('an unterminated shortcode: an error on its line, and the rest of the page still checked', async () => {
      const document = await session.open('content/handbook/bad/unterminated.md');
      const diagnostics = await document.diagnostics();
      const [problem] = withCode(diagnostics, 'shortcode-unterminated');
      assert.equal(problem.range.start.line, 5);
      assert.match(problem.message, /"figure" is never closed/);
      const completion = await session.complete(document, { line: 9, character: 'See [Staff](/job-families/'.length });
      assert.ok(
        completion.some((item) => item.label === 'engineering/'),
        'completion after the bad line',
      );
      await assertStillAnswers();
    });

    it('an include path that leaves the workspace: an error on the path, nothing read', async () => {
      const document = await session.open('content/handbook/bad/escaping-include.md');
      const [problem] = withCode(await document.diagnostics(), 'include-outside-root');
      assert.equal(problem.range.start.line, 4);
      assert.equal(document.line(4).slice(problem.range.start.character, problem.range.end.character), '../../../../../etc/passwd');
      assert.equal(await session.hover(document, { line: 4, character: 20 }), undefined, 'no hover shows a file outside the workspace');
      assert.deepEqual(await session.definition(document, { line: 4, character: 20 }), []);
      await assertStillAnswers();
    });

    it('a binary file named .md: a warning on line 1', async () => {
      // What an editor sends when asked to open such a file anyway.
      const text = Buffer.from(Array.from({ length: 4096 }, (_, at) => (at * 7919) % 256)).toString('latin1');
      const document = await session.open('content/handbook/bad/binary.md', text);
      const [problem] = withCode(await document.diagnostics(), 'file-not-text');
      assert.equal(problem.range.start.line, 0);
      assert.match(problem.message, /binary\.md is not UTF-8 text/);
      await assertStillAnswers();
    });

    it('a 10 MB page, on disk and open in the editor: a warning on line 1, not a stalled server', async () => {
      const relative = 'content/handbook/bad/huge.md';
      const document = await session.open(relative);
      assert.ok(document.text.length >= TEN_MEGABYTES);
      const [problem] = withCode(await document.diagnostics(), 'file-too-large');
      assert.equal(problem.range.start.line, 0);
      assert.match(problem.message, /10\.0 MB, over the 5\.0 MB limit/);
      // Typing in it is answered as promptly as anywhere else.
      await document.edit({ start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, 'x');
      assert.equal(withCode(await document.diagnostics(), 'file-too-large').length, 1);
      await assertStillAnswers();
    });

    it('wrote nothing on stderr', () => {
      assert.equal(session.stderr, '');
    });
  });

  describe('the workspace', () => {
    it('is not written to during a session of edits, code-action requests and file events', async () => {
      const seed003 = await session.open(SEED_003);
      const diagnostics = await seed003.diagnostics();
      // Every quick fix is asked for, none applied — the create-file one included.
      const actions = await session.codeActions(seed003, diagnostics);
      assert.ok(
        actions.some((action) => /^Create /.test(action.title)),
        'the create-file fix was offered',
      );
      await seed003.edit({ start: { line: 21, character: 0 }, end: { line: 21, character: 3 } }, '{{%');
      await seed003.diagnostics();
      await session.fileChanged(SEED_003, FileChangeType.Changed);
      await session.fileChanged('assets/includes/engineering-careers/values-competency.md', FileChangeType.Changed);
      await session.fileChanged('content/handbook/bad', FileChangeType.Created);
      await seed003.close();
      await session.stop();
      assert.equal(session.child.exitCode, 0, 'shutdown and exit end the server cleanly');
      assert.deepEqual(session.applyEditRequests, [], 'the server never asked the client to apply an edit');
      assert.deepEqual(snapshotFiles(workspace.folder), before_);
    });
  });
});
