// A multi-root workspace: the example handbook and a second, small Hugo site side by side.
// Each folder is its own site: its own URLs, its own includes, its own diagnostics.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWorkspaceFoldersNotification } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { ScratchLine } from './support/scratch';
import { EXAMPLE_HANDBOOK, Session, type OpenDocument } from './support/session';

describe('a multi-root workspace', () => {
  let second: string;
  let session: Session;
  let platform: OpenDocument;

  before(async () => {
    second = mkdtempSync(path.join(tmpdir(), 'handbook-roles-second-site-'));
    mkdirSync(path.join(second, 'content/teams'), { recursive: true });
    mkdirSync(path.join(second, 'assets/includes'), { recursive: true });
    writeFileSync(path.join(second, 'hugo.toml'), 'title = "Second site"\n');
    writeFileSync(path.join(second, 'assets/includes/team-values.md'), '##### Team values\n\n* Be kind.\n');
    writeFileSync(
      path.join(second, 'content/teams/platform.md'),
      ['---', 'title: "Platform Team"', '---', '', '{{% include "includes/team-values.md" %}}', '', 'Our [staff engineers](/job-families/engineering/development/management/staff/).', ''].join('\n'),
    );
    session = await Session.start({ folder: EXAMPLE_HANDBOOK, moreFolders: [second] });
    platform = await session.open(path.relative(EXAMPLE_HANDBOOK, path.join(second, 'content/teams/platform.md')));
  });
  after(async () => {
    await session?.stop();
    rmSync(second, { recursive: true, force: true });
  });

  it("resolves links and includes within each folder's own site", async () => {
    const diagnostics = await platform.diagnostics();
    // The include is found in the second site's assets; the job-families page lives only in the first site.
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line + 1]),
      [['link-missing-page', 7]],
    );
  });

  it("completes each site's own URLs and include files", async () => {
    const scratch = new ScratchLine(session, platform);
    assert.deepEqual((await scratch.complete('See [x](/|')).labels, ['teams/']);
    assert.deepEqual((await scratch.complete('{{% include "includes/|" %}}')).labels, ['team-values.md']);
    const first = new ScratchLine(session, await session.open('content/handbook/engineering/careers/faq.md'));
    assert.ok(!(await first.complete('See [x](/|')).labels.includes('teams/'));
  });
});

describe('workspace folders added and removed while the server runs', () => {
  let second: string;
  let session: Session;

  before(async () => {
    second = mkdtempSync(path.join(tmpdir(), 'handbook-roles-added-site-'));
    mkdirSync(path.join(second, 'content/teams'), { recursive: true });
    writeFileSync(path.join(second, 'content/teams/platform.md'), ['---', 'title: "Platform Team"', '---', '', 'See [nothing](/nowhere/).', ''].join('\n'));
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
  });
  after(async () => {
    await session?.stop();
    rmSync(second, { recursive: true, force: true });
  });

  it('checks the pages of an added folder, and stops when it is removed', async () => {
    const platform = await session.open(path.relative(EXAMPLE_HANDBOOK, path.join(second, 'content/teams/platform.md')));
    assert.deepEqual(await platform.diagnostics(), [], 'outside the workspace: not checked');
    const folder = { uri: URI.file(second).toString(), name: 'second' };
    await session.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [folder], removed: [] } });
    const found = await platform.diagnostics((diagnostics) => diagnostics.length > 0, 'the added folder checked');
    assert.deepEqual(
      found.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line + 1]),
      [['link-missing-page', 5]],
    );

    await session.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [folder] } });
    await platform.diagnostics((diagnostics) => diagnostics.length === 0, 'the removed folder no longer checked');
    const seed = await session.open('content/job-families/engineering/development/management/senior-distinguished.md');
    assert.equal((await seed.diagnostics()).length, 1, 'the first folder is still checked');
  });
});
