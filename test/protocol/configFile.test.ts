// The handbook's .handbook-roles.yaml against the built server: read at start, winning over the
// editor's settings (the log says which file), watched (a change re-publishes the open pages'
// diagnostics), and its problems shown as diagnostics on the file itself.
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileChangeType, MessageType } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-types';
import { copyExampleHandbook, Session } from './support/session';

const CONFIG = '.handbook-roles.yaml';
/** A page of the example with a link-via-alias (information) and nothing else. */
const ALIAS_PAGE = 'content/jobs/developer.md';
/** A role whose inheritance sentence only `\bbuilds on\b` finds: the editor-vs-CI case. */
const BUILDER = 'content/job-families/engineering/builder.md';

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

describe('the configuration file in the editor', () => {
  let workspace: ReturnType<typeof copyExampleHandbook>;
  let session: Session;

  before(async () => {
    workspace = copyExampleHandbook();
    writeFileSync(path.join(workspace.folder, BUILDER), '---\ntitle: Builder\n---\n\n## Requirements\n\n- Builds on the [Gone Engineer](/job-families/engineering/gone/#requirements) requirements\n');
    writeFileSync(path.join(workspace.folder, CONFIG), 'extendsPatterns: ["\\\\bbuilds on\\\\b"]\nrules:\n  link-via-alias: warning\n');
    // The editor's settings say otherwise: the file wins.
    session = await Session.start({ folder: workspace.folder, settings: { extendsPatterns: ['\\bextends that of\\b'], rules: { 'link-via-alias': 'off' }, hover: { maxLines: 7 } } });
  });
  after(async () => {
    session?.kill();
    workspace?.remove();
  });

  it('is read at start, wins over the editor settings, and the log names it', async () => {
    const builder = await session.open(BUILDER);
    assert.deepEqual(codes(await builder.diagnostics((diagnostics) => diagnostics.length > 0)), ['extends-missing-page']);
    const alias = await session.open(ALIAS_PAGE);
    const [diagnostic] = await alias.diagnostics((diagnostics) => diagnostics.length > 0);
    assert.equal(diagnostic.code, 'link-via-alias');
    assert.equal(diagnostic.severity, 2, 'the file sets link-via-alias to warning; the editor turned it off');
    const log = session.logs.find((entry) => entry.type === MessageType.Info && entry.message.startsWith('Handbook Roles settings: from '));
    assert.equal(
      log?.message,
      `Handbook Roles settings: from ${path.join(workspace.folder, CONFIG)}; it wins over the editor's handbookRoles.* settings (but hover.maxLines, unless the file sets it).`,
    );
  });

  it('is watched: a change re-checks and re-publishes the open pages', async () => {
    assert.ok(
      session.registrations.some((registration) => JSON.stringify(registration.registerOptions).includes('.handbook-roles.{yaml,yml}')),
      'the server watches the file',
    );
    const alias = await session.open(ALIAS_PAGE);
    writeFileSync(path.join(workspace.folder, CONFIG), 'extendsPatterns: ["\\\\bbuilds on\\\\b"]\nrules:\n  link-via-alias: off\n');
    await session.fileChanged(CONFIG, FileChangeType.Changed);
    await alias.diagnostics((diagnostics) => diagnostics.length === 0, 'no link-via-alias once the file turns it off');
  });

  it('shows its problems as diagnostics on the file itself, and the rest of it still applies', async () => {
    const alias = await session.open(ALIAS_PAGE);
    writeFileSync(path.join(workspace.folder, CONFIG), 'rules:\n  link-via-alias: error\n  link-missing-anchr: off\nrolePath: []\n');
    await session.fileChanged(CONFIG, FileChangeType.Changed);
    const problems = await session.diagnosticsOf(session.uri(CONFIG), (published) => published.diagnostics.length === 2, 'two problems on the configuration file');
    assert.deepEqual(
      problems.map(({ range, message, severity }) => ({ line: range.start.line, character: range.start.character, severity, message: message.slice(0, 40) })),
      [
        { line: 2, character: 2, severity: 1, message: 'rules.link-missing-anchr: there is no ru' },
        { line: 3, character: 0, severity: 1, message: 'Unknown setting rolePath: it is ignored.' },
      ],
    );
    const [diagnostic] = await alias.diagnostics((diagnostics) => diagnostics[0]?.severity === 1, 'link-via-alias as an error');
    assert.equal(diagnostic.code, 'link-via-alias');

    writeFileSync(path.join(workspace.folder, CONFIG), 'rules:\n  link-via-alias: error\n');
    await session.fileChanged(CONFIG, FileChangeType.Changed);
    await session.diagnosticsOf(session.uri(CONFIG), (published) => published.diagnostics.length === 0, 'the problems cleared once fixed');
  });

  it('once deleted, the editor settings apply again, and the log says so', async () => {
    const alias = await session.open(ALIAS_PAGE);
    rmSync(path.join(workspace.folder, CONFIG));
    await session.fileChanged(CONFIG, FileChangeType.Deleted);
    // The editor turns link-via-alias off.
    await alias.diagnostics((diagnostics) => diagnostics.length === 0, 'the editor settings once the file is gone');
    await session.waitFor(() => session.logs.some((entry) => entry.message.startsWith("Handbook Roles settings: from the editor's handbookRoles.* settings")), 'the log naming the editor settings');
  });
});
