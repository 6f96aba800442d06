// Pushed diagnostics over the real protocol: exact findings for opened documents (seed 003's
// malformed include), updates as the author types, and republishing in OTHER open documents when
// a file they depend on is created, deleted, renamed or edited on disk and the client reports it
// with workspace/didChangeWatchedFiles. Runs on a temporary copy of the example handbook.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, FileChangeType, WatchKind, type Diagnostic } from 'vscode-languageserver-protocol';
import { copyExampleHandbook, Session, type OpenDocument } from './support/session';
import { DEVELOPMENT_SENIOR, DISTINGUISHED, SEED_000, SEED_003, STAFF } from './support/examplePages';
import { lineOf, withCode } from './support/findings';

const VALUES_INCLUDE = 'assets/includes/engineering-careers/values-competency.md';

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

describe('diagnostics', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;
  const file = (relative: string) => path.join(workspace.folder, relative);

  before(async () => {
    workspace = copyExampleHandbook();
    session = await Session.start({ folder: workspace.folder });
  });
  after(async () => {
    await session?.stop();
    workspace?.remove();
  });

  describe('for opened documents', () => {
    it("reports seed 003's malformed include exactly", async () => {
      const seed003 = await session.open(SEED_003);
      const diagnostics = await seed003.diagnostics();
      assert.deepEqual(
        diagnostics.map(({ range, severity, code, source, message }) => ({ range, severity, code, source, message })),
        [
          {
            range: { start: { line: 21, character: 0 }, end: { line: 21, character: 82 } },
            severity: DiagnosticSeverity.Error,
            code: 'include-malformed',
            source: 'handbook-roles',
            message: 'Malformed include: "{{$" is not a shortcode delimiter, so Hugo prints this line as text instead of including the file; write "{{%".',
          },
          {
            range: { start: { line: 21, character: 13 }, end: { line: 21, character: 77 } },
            severity: DiagnosticSeverity.Error,
            code: 'include-missing',
            source: 'handbook-roles',
            message:
              'Include file not found: "includes/engineering/development-senior-leadership-competency.md" is not in assets/. Fix the path or create the file: once the call is mended, a missing include fails the Hugo build.',
          },
        ],
      );
      assert.equal(seed003.line(21).slice(13, 77), 'includes/engineering/development-senior-leadership-competency.md');
    });

    it("reports seed 000's broken anchor, and nothing else there", async () => {
      const seed000 = await session.open(SEED_000);
      const diagnostics = await seed000.diagnostics();
      assert.deepEqual(codes(diagnostics), ['link-missing-anchor']);
      assert.equal(lineOf(diagnostics[0]), 32);
      assert.equal(diagnostics[0].severity, DiagnosticSeverity.Warning);
      assert.match(diagnostics[0].message, /\/handbook\/engineering\/careers\/ has no heading or anchor #roles/);
    });

    it('publishes an empty list when a document is closed', async () => {
      const faq = await session.open('content/handbook/engineering/careers/faq.md');
      await faq.diagnostics();
      await faq.close();
      await session.waitFor(() => session.diagnostics.get(faq.uri)?.diagnostics.length === 0 && session.diagnostics.get(faq.uri)?.version === undefined, 'cleared diagnostics');
    });
  });

  describe('as the author types', () => {
    it('reports a link as soon as it breaks and drops the report when it is mended', async () => {
      const seed000 = await session.open(SEED_000);
      await seed000.diagnostics();
      // Type an "s" at the end of "#requirements" on line 15: "#requirementss" does not exist.
      const afterAnchor = seed000.positionOf('distinguished/#requirements');
      await seed000.type(afterAnchor, 's');
      const broken = await seed000.diagnostics((diagnostics) => withCode(diagnostics, 'extends-missing-section').length === 1, 'the broken extends');
      const [report] = withCode(broken, 'extends-missing-section');
      assert.equal(lineOf(report), 15);
      assert.equal(report.severity, DiagnosticSeverity.Error);
      assert.match(report.message, /has no section #requirementss/);

      await seed000.edit({ start: afterAnchor, end: { line: afterAnchor.line, character: afterAnchor.character + 1 } }, '');
      const mended = await seed000.diagnostics();
      assert.deepEqual(codes(mended), ['link-missing-anchor'], "only the seed page's own defect is left");
    });

    it('reports a new link to a missing page on the line being typed', async () => {
      const faq = await session.open('content/handbook/engineering/careers/faq.md');
      const end = { line: faq.text.split('\n').length - 1, character: 0 };
      await faq.edit({ start: end, end }, 'See the [security managers](/jobs/security-management/).\n');
      const diagnostics = await faq.diagnostics((found) => withCode(found, 'link-missing-page').length > 0, 'the missing page');
      assert.equal(withCode(diagnostics, 'link-missing-page')[0].range.start.line, end.line);
      await faq.close();
    });

    it('names an extends cycle in every open page on it, and the cycle goes when the sentence does', async () => {
      const seed000 = await session.open(SEED_000);
      const staff = await session.open(STAFF);
      await staff.diagnostics();
      const requirementsHeading = staff.positionOf('## Requirements\n');
      const sentence = '- Extends that of the [Senior Distinguished Engineer](/job-families/engineering/development/management/senior-distinguished/#requirements) requirements\n';
      await staff.edit({ start: requirementsHeading, end: requirementsHeading }, sentence);

      const inStaff = withCode(await staff.diagnostics((found) => withCode(found, 'extends-cycle').length > 0, 'the cycle in staff.md'), 'extends-cycle');
      assert.equal(inStaff.length, 1);
      assert.equal(lineOf(inStaff[0]), requirementsHeading.line + 1);
      assert.equal(
        inStaff[0].message,
        'Extends cycle: Senior Distinguished Engineer — Requirements → Distinguished Engineer — Requirements → Principal Engineer — Requirements → Staff Engineer — Requirements → Senior Distinguished Engineer — Requirements. Inheritance must end somewhere; remove one of these extends sentences.',
      );
      // Seed 000 did not change, but its chain now runs through staff.md's new sentence.
      const inSeed = await session.diagnosticsOf(seed000.uri, ({ diagnostics }) => withCode(diagnostics, 'extends-cycle').length > 0, 'the cycle in seed 000');
      assert.equal(lineOf(withCode(inSeed, 'extends-cycle')[0]), 15);

      await staff.edit({ start: requirementsHeading, end: { line: requirementsHeading.line + 1, character: 0 } }, '');
      assert.deepEqual(codes(await staff.diagnostics()), []);
      await session.diagnosticsOf(seed000.uri, ({ diagnostics }) => withCode(diagnostics, 'extends-cycle').length === 0, 'no cycle in seed 000');
      await staff.close();
    });

    it('reports a role that extends itself', async () => {
      const staff = await session.open(STAFF);
      const firstRequirement = staff.positionOf('## Requirements\n\n');
      await staff.edit({ start: firstRequirement, end: firstRequirement }, '- Extends that of the [Staff Engineer](#requirements) requirements\n');
      const found = withCode(await staff.diagnostics((all) => withCode(all, 'extends-self').length > 0, 'extends-self'), 'extends-self');
      assert.equal(lineOf(found[0]), firstRequirement.line + 1);
      assert.match(found[0].message, /extends itself/);
      await staff.close();
    });
  });

  describe('when files change on disk', () => {
    let seed003: OpenDocument;
    let developmentSenior: OpenDocument;
    let seed000: OpenDocument;

    before(async () => {
      seed003 = await session.open(SEED_003);
      developmentSenior = await session.open(DEVELOPMENT_SENIOR);
      seed000 = await session.open(SEED_000);
      await Promise.all([seed003.diagnostics(), developmentSenior.diagnostics(), seed000.diagnostics()]);
    });

    it('registers file watchers for Markdown pages and include files', async () => {
      const registration = await session.waitFor(() => session.registrations.find((candidate) => candidate.method === 'workspace/didChangeWatchedFiles'), 'the watcher registration');
      const watchers = (registration.registerOptions as { watchers: { globPattern: string; kind?: number }[] }).watchers;
      const globs = watchers.map((watcher) => watcher.globPattern);
      assert.ok(globs.includes('**/*.{md,markdown}'), globs.join(', '));
      const folders = watchers.find((watcher) => watcher.globPattern === '**/*');
      assert.ok(folders && (folders.kind ?? 7) & WatchKind.Delete, 'deleted folders are reported');
    });

    it('reports include-missing in every includer when an include file is deleted, and drops it when the file is back', async () => {
      const text = readFileSync(file(VALUES_INCLUDE));
      rmSync(file(VALUES_INCLUDE));
      await session.fileChanged(VALUES_INCLUDE, FileChangeType.Deleted);
      for (const [document, line] of [
        [seed003, 50],
        [developmentSenior, 32],
      ] as const) {
        const found = await session.diagnosticsOf(document.uri, ({ diagnostics }) => withCode(diagnostics, 'include-missing', 'values-competency.md').length > 0, 'include-missing');
        assert.equal(lineOf(withCode(found, 'include-missing', 'values-competency.md')[0]), line);
      }

      writeFileSync(file(VALUES_INCLUDE), text);
      await session.fileChanged(VALUES_INCLUDE, FileChangeType.Created);
      for (const document of [seed003, developmentSenior]) {
        await session.diagnosticsOf(document.uri, ({ diagnostics }) => withCode(diagnostics, 'include-missing', 'values-competency.md').length === 0, 'no include-missing');
      }
    });

    it("drops seed 003's include-missing when the file it names is created (the malformed call stays reported)", async () => {
      const created = 'assets/includes/engineering/development-senior-leadership-competency.md';
      writeFileSync(file(created), '##### Development\n\n* Leads the technical direction of the group.\n');
      await session.fileChanged(created, FileChangeType.Created);
      const diagnostics = await session.diagnosticsOf(seed003.uri, ({ diagnostics }) => withCode(diagnostics, 'include-missing').length === 0, 'no include-missing');
      assert.deepEqual(codes(diagnostics), ['include-malformed']);

      rmSync(file(created));
      await session.fileChanged(created, FileChangeType.Deleted);
      await session.diagnosticsOf(seed003.uri, ({ diagnostics }) => withCode(diagnostics, 'include-missing').length === 1, 'include-missing again');
    });

    it('reports broken extends when the role page they point at is renamed, and drops them when it is renamed back', async () => {
      const renamed = DISTINGUISHED.replace('distinguished.md', 'distinguished-engineer.md');
      renameSync(file(DISTINGUISHED), file(renamed));
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: session.uri(DISTINGUISHED), type: FileChangeType.Deleted },
          { uri: session.uri(renamed), type: FileChangeType.Created },
        ],
      });
      const broken = await session.diagnosticsOf(seed000.uri, ({ diagnostics }) => withCode(diagnostics, 'extends-missing-page').length === 2, 'two broken extends');
      assert.deepEqual(withCode(broken, 'extends-missing-page').map(lineOf), [15, 22]);
      assert.equal(withCode(broken, 'extends-missing-page')[0].severity, DiagnosticSeverity.Error);

      renameSync(file(renamed), file(DISTINGUISHED));
      await session.fileChanged(renamed, FileChangeType.Deleted);
      await session.fileChanged(DISTINGUISHED, FileChangeType.Created);
      await session.diagnosticsOf(seed000.uri, ({ diagnostics }) => withCode(diagnostics, 'extends-missing-page').length === 0, 'no broken extends');
    });

    it('reports a missing section when the heading an extends points at is edited on disk', async () => {
      const original = readFileSync(file(DISTINGUISHED), 'utf8');
      writeFileSync(file(DISTINGUISHED), original.replace('## Requirements\n', '## Requirements for the role\n'));
      await session.fileChanged(DISTINGUISHED, FileChangeType.Changed);
      const broken = await session.diagnosticsOf(seed000.uri, ({ diagnostics }) => withCode(diagnostics, 'extends-missing-section').length === 1, 'the missing section');
      assert.equal(lineOf(withCode(broken, 'extends-missing-section')[0]), 15);

      writeFileSync(file(DISTINGUISHED), original);
      await session.fileChanged(DISTINGUISHED, FileChangeType.Changed);
      await session.diagnosticsOf(seed000.uri, ({ diagnostics }) => withCode(diagnostics, 'extends-missing-section').length === 0, 'no missing section');
    });

    it('reads a page deleted and written again in one batch of events as it is now, in either order, as a `git checkout` reports it', async () => {
      const original = readFileSync(file(DISTINGUISHED), 'utf8');
      const bothEvents = (first: FileChangeType, second: FileChangeType) =>
        session.connection.sendNotification('workspace/didChangeWatchedFiles', {
          changes: [
            { uri: session.uri(DISTINGUISHED), type: first },
            { uri: session.uri(DISTINGUISHED), type: second },
          ],
        });
      rmSync(file(DISTINGUISHED));
      writeFileSync(file(DISTINGUISHED), original.replace('## Requirements\n', '## Requirements for the role\n'));
      await bothEvents(FileChangeType.Deleted, FileChangeType.Created);
      const broken = await session.diagnosticsOf(seed000.uri, ({ diagnostics }) => withCode(diagnostics, 'extends-missing-section').length === 1, 'the missing section');
      assert.equal(lineOf(withCode(broken, 'extends-missing-section')[0]), 15);

      rmSync(file(DISTINGUISHED));
      writeFileSync(file(DISTINGUISHED), original);
      await bothEvents(FileChangeType.Created, FileChangeType.Deleted);
      await session.diagnosticsOf(
        seed000.uri,
        ({ diagnostics }) => withCode(diagnostics, 'extends-missing-section').length === 0 && withCode(diagnostics, 'extends-missing-page').length === 0,
        'the page read again, whole',
      );
    });

    it('reads the Hugo config again when it changes: a new assetDir moves every include root', async () => {
      const original = readFileSync(file('hugo.toml'), 'utf8');
      writeFileSync(file('hugo.toml'), `assetDir = "shared-assets"\n${original}`);
      await session.fileChanged('hugo.toml', FileChangeType.Changed);
      const missing = await session.diagnosticsOf(seed003.uri, ({ diagnostics }) => withCode(diagnostics, 'include-missing').length === 7, 'every include of seed 003 missing');
      assert.match(withCode(missing, 'include-missing')[0].message, /is not in shared-assets\//);

      writeFileSync(file('hugo.toml'), original);
      await session.fileChanged('hugo.toml', FileChangeType.Changed);
      await session.diagnosticsOf(seed003.uri, ({ diagnostics }) => withCode(diagnostics, 'include-missing').length === 1, 'the includes found again');
    });

    it('handles a whole include folder deleted in one event, as editors report it', async () => {
      const folder = 'assets/includes/engineering-careers';
      const backup = path.join(path.dirname(workspace.folder), 'engineering-careers-backup');
      cpSync(file(folder), backup, { recursive: true });
      rmSync(file(folder), { recursive: true });
      await session.fileChanged(folder, FileChangeType.Deleted);
      const missing = await session.diagnosticsOf(seed003.uri, ({ diagnostics }) => withCode(diagnostics, 'include-missing').length >= 7, 'every include of seed 003 missing');
      assert.deepEqual(withCode(missing, 'include-missing').map(lineOf), [7, 20, 22, 36, 38, 50, 52]);

      mkdirSync(file(folder));
      cpSync(backup, file(folder), { recursive: true });
      await session.fileChanged(folder, FileChangeType.Created);
      const back = await session.diagnosticsOf(seed003.uri, ({ diagnostics }) => withCode(diagnostics, 'include-missing').length === 1, 'the includes back');
      assert.equal(lineOf(withCode(back, 'include-missing')[0]), 22);
    });
  });
});
