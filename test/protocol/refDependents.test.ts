// What a page's `ref`/`relref` findings depend on, through the built server: a page created,
// deleted or moved on disk that a ref's lookup asks for by name (a second page of a bare name
// makes it ambiguous, a page where a broken ref points mends it) republishes the ref's page, so the server's findings stay the command
// line's (a page with a ref no longer depends on every page: see references.ts, dependentsOf).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol';
import type { Finding } from '../../server/src/cli/findings';
import { runCli, writeFiles } from '../cli/support';
import { Session } from './support/session';

const REFS = 'content/team/refs.md';
const HANDBOOK: Record<string, string> = {
  'hugo.toml': 'baseURL = "https://handbook.example.com/"\n',
  'content/guide/faq.md': '---\ntitle: FAQ\n---\n# FAQ\n\n## How\n',
  [REFS]: '---\ntitle: Refs\n---\n# Refs\n\nSee {{< ref "faq" >}}, {{< ref "gone.md" >}} and {{< ref "../guide/faq.md#how" >}}.\n',
  'content/other/plain.md': '---\ntitle: Plain\n---\n# Plain\n',
};

describe('ref findings follow the pages their lookup asks for', () => {
  let folder: string;
  let session: Session;
  const codesOfRefs = async () => (await session.diagnosticsOf(session.uri(REFS))).map((diagnostic) => `${diagnostic.range.start.character} ${String(diagnostic.code)}`);
  const cliCodesOfRefs = async () =>
    (JSON.parse((await runCli(['check', '--no-cache', '--format', 'json', folder])).stdout) as Finding[])
      .filter((finding) => finding.file === REFS)
      .map((finding) => `${finding.column - 1} ${finding.code}`);
  /** Waits until the server has sent the ref page's findings as the command line finds them now. */
  const agreed = async (what: string) => {
    const expected = await cliCodesOfRefs();
    await session.waitFor(
      () => JSON.stringify(session.diagnostics.get(session.uri(REFS))?.diagnostics.map((diagnostic) => `${diagnostic.range.start.character} ${String(diagnostic.code)}`)) === JSON.stringify(expected),
      `the ref page's findings ${what}`,
      () => ({ published: session.diagnostics.get(session.uri(REFS))?.diagnostics, expected }),
    );
    return expected;
  };
  const create = async (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), text);
    await session.fileChanged(file, FileChangeType.Created);
  };
  const remove = async (file: string) => {
    unlinkSync(path.join(folder, file));
    await session.fileChanged(file, FileChangeType.Deleted);
  };

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'handbook-roles-ref-dependents-'));
    await writeFiles(folder, HANDBOOK);
    session = await Session.start({ folder });
    await session.indexingDone();
  });
  after(async () => {
    await session?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a second page of a bare name, a page where a broken ref points, and their removal', async () => {
    const [broken] = await codesOfRefs();
    assert.match(broken, /ref-missing-page/, 'gone.md is missing');
    assert.equal((await agreed('at first')).length, 1);
    await create('content/elsewhere/faq.md', '---\ntitle: Another FAQ\n---\n# Another FAQ\n');
    assert.equal((await agreed('once a second faq makes the bare name ambiguous')).length, 2);
    await create('content/team/gone.md', '---\ntitle: Gone no more\n---\n# Back\n');
    assert.equal((await agreed('once gone.md exists')).length, 1);
    await remove('content/elsewhere/faq.md');
    await remove('content/team/gone.md');
    assert.equal((await agreed('once both are removed again')).length, 1);
  });
});
