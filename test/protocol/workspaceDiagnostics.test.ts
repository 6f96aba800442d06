// Diagnostics of the whole workspace (`handbookRoles.diagnostics.scope`: `workspace`, the
// default): once the handbook is indexed, every page's and include file's problems are pushed,
// none of them opened, as the command line finds them; they follow files changed on disk, and an
// edit sends exactly the files whose diagnostics it changed. With `openFiles`, only open documents
// get diagnostics, and switching between the two shows or clears the rest.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol';
import type { Finding } from '../../server/src/cli/findings';
import { runCli, writeFiles } from '../cli/support';
import { copyExampleHandbook, Session, type OpenDocument } from './support/session';
import { FAQ, SEED_000 } from './support/examplePages';
import { withCode } from './support/findings';

const SEVERITIES = ['', 'error', 'warning', 'information', 'hint'];

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function start(folder: string, settings?: Record<string, unknown>): Promise<Session> {
  const session = await Session.start({ folder, settings });
  cleanups.push(() => session.stop());
  return session;
}

function scratch(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'handbook-roles-workspace-diagnostics-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A finding as one line, the command line's and the server's alike. */
function line(file: string, { range, severity, code, message }: Diagnostic): string {
  return `${file}:${range.start.line + 1}:${range.start.character + 1} ${SEVERITIES[severity ?? 1]} ${String(code)} ${message}`;
}

/** Every finding the server has published, as lines, for files under `folder`. */
function publishedLines(session: Session, folder: string): string[] {
  return [...session.diagnostics].flatMap(([uri, { diagnostics }]) => {
    const file = path.relative(folder, new URL(uri).pathname);
    return diagnostics.map((diagnostic) => line(file, diagnostic));
  });
}

async function cliLines(folder: string): Promise<string[]> {
  const findings = JSON.parse((await runCli(['check', '--no-cache', '--format', 'json', folder])).stdout) as Finding[];
  return findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.code} ${finding.message}`);
}

/** A role page that `count` others extend, and pages that have nothing to do with it. */
function hubHandbook(count: number): Record<string, string> {
  const files: Record<string, string> = {
    'content/job-families/hub.md': '---\ntitle: Hub\n---\n# Hub\n\n## Requirements\n\n- Writes things down.\n',
  };
  for (let level = 0; level < count; level++) {
    files[`content/job-families/level-${level}.md`] =
      `---\ntitle: Level ${level}\n---\n# Level ${level}\n\n## Requirements\n\n- Extends that of the [Hub](/job-families/hub/#requirements) requirements.\n`;
  }
  for (let other = 0; other < 5; other++) files[`content/handbook/other-${other}.md`] = `# Other ${other}\n\nA [broken link](/nowhere-${other}/).\n`;
  return files;
}

describe('diagnostics of the whole workspace', () => {
  it('publishes the findings of every file after indexing, none of them opened, as the command line finds them', async () => {
    const workspace = copyExampleHandbook();
    cleanups.push(() => workspace.remove());
    const expected = (await cliLines(workspace.folder)).sort();
    assert.ok(expected.length > 10, 'the example handbook has findings in several files');
    const session = await start(workspace.folder);
    const published = await session.waitFor(
      () => {
        const lines = publishedLines(session, workspace.folder);
        return lines.length >= expected.length && lines;
      },
      'every finding of the handbook',
      () => publishedLines(session, workspace.folder),
    );
    assert.deepEqual(published.sort(), expected);
    assert.ok(
      session.publishes.every(({ version }) => version === undefined),
      'no document is open, so no diagnostics carry a version',
    );
  });

  it('follows files changed on disk that are not open, as a git checkout changes them', async () => {
    const workspace = copyExampleHandbook();
    cleanups.push(() => workspace.remove());
    const session = await start(workspace.folder);
    const seed000 = session.uri(SEED_000);
    await session.diagnosticsOf(seed000, ({ diagnostics }) => withCode(diagnostics, 'link-missing-anchor').length === 1, "seed 000's broken anchor");

    // Two files at once, in one event: the broken page mended, and a new broken link in the FAQ.
    const faq = path.join(workspace.folder, FAQ);
    writeFileSync(faq, '# FAQ\n\nSee [the security managers](/jobs/security-management/).\n');
    writeFileSync(path.join(workspace.folder, SEED_000), '# Senior Distinguished Engineer\n\nNothing to check here.\n');
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: session.uri(FAQ), type: FileChangeType.Changed },
        { uri: seed000, type: FileChangeType.Changed },
      ],
    });
    const inFaq = await session.diagnosticsOf(session.uri(FAQ), ({ diagnostics }) => withCode(diagnostics, 'link-missing-page').length === 1, 'the new broken link');
    assert.equal(inFaq[0].range.start.line, 2);
    await session.diagnosticsOf(seed000, ({ diagnostics }) => diagnostics.length === 0, 'no problem left in seed 000');
  });

  it('sends, for an edit, exactly the files whose diagnostics it changed', async () => {
    const dependents = 12;
    const folder = scratch();
    await writeFiles(folder, hubHandbook(dependents));
    const session = await start(folder);
    const levelUris = Array.from({ length: dependents }, (_, level) => session.uri(`content/job-families/level-${level}.md`));
    await session.waitFor(
      () => [0, 1, 2, 3, 4].every((other) => session.diagnostics.get(session.uri(`content/handbook/other-${other}.md`))?.diagnostics.length === 1),
      'the broken links of the other pages',
    );

    const hub = await session.open('content/job-families/hub.md');
    await hub.diagnostics();
    const requirements = hub.positionOf('## Requirements');
    const sentBefore = session.publishes.length;
    await hub.type(requirements, ' today');
    for (const uri of levelUris) await session.diagnosticsOf(uri, ({ diagnostics }) => withCode(diagnostics, 'extends-missing-section').length === 1, 'the broken extends');
    const sentForBreak = session.publishes.slice(sentBefore);

    // The edit undone: the publish of the break is over once the hub's own diagnostics for the undo come.
    const undoneVersion = await hub.edit({ start: requirements, end: { line: requirements.line, character: requirements.character + ' today'.length } }, '');
    await session.waitFor(() => session.diagnostics.get(hub.uri)?.version === undoneVersion, 'the hub after the undo');
    for (const uri of levelUris) await session.diagnosticsOf(uri, ({ diagnostics }) => diagnostics.length === 0, 'the extends mended');

    const expected = [hub.uri, ...levelUris].sort();
    assert.deepEqual(sentForBreak.map(({ uri }) => uri).sort(), expected, 'the hub and its dependents, each once, and no other page');
    assert.deepEqual(
      session.publishes
        .slice(sentBefore + sentForBreak.length)
        .map(({ uri }) => uri)
        .sort(),
      expected,
    );
  });
});

/** Pages that point at each other in every way a finding can depend on: links, anchors through an include, extends, a missing page. */
const CHAIN: Record<string, string> = {
  'content/jobs/lead.md': '---\ntitle: Lead\n---\n# Lead\n\n## Requirements\n\n- Leads.\n\n{{% include "includes/part.md" %}}\n',
  'content/jobs/senior.md': '---\ntitle: Senior\n---\n# Senior\n\n## Requirements\n\n- Extends that of the [Lead](/jobs/lead/#requirements) requirements.\n',
  'content/jobs/intermediate.md': '---\ntitle: Intermediate\n---\n# Intermediate\n\n## Requirements\n\n- Extends that of the [Senior](/jobs/senior/#requirements) requirements.\n',
  'content/handbook/overview.md': '# Overview\n\nThe [part](/jobs/lead/#part), the [new role](/jobs/new-role/) and the [lead](/jobs/lead/).\n',
  'assets/includes/part.md': '## Part\n\nShared text.\n',
};

describe('diagnostics of the whole workspace follow what points at what', () => {
  let folder: string;
  let session: Session;
  const agreed = async (what: string) => {
    const expected = (await cliLines(folder)).sort();
    await session.waitFor(
      () => {
        const lines = publishedLines(session, folder).sort();
        return JSON.stringify(lines) === JSON.stringify(expected);
      },
      `the command line's findings ${what}`,
      () => ({ published: publishedLines(session, folder).sort(), expected }),
    );
  };
  const write = (file: string, text: string) => writeFileSync(path.join(folder, file), text);
  /** The document's whole text replaced, as the editor has it, and the same text on disk for the command line. */
  const replace = async (document: OpenDocument, file: string, text: string) => {
    write(file, text);
    await document.edit({ start: { line: 0, character: 0 }, end: { line: document.text.split('\n').length - 1, character: 0 } }, text);
    assert.equal(document.text, text);
  };

  it('as the command line finds them after each change, in files never opened', async () => {
    folder = scratch();
    await writeFiles(folder, CHAIN);
    session = await start(folder);
    await agreed('after indexing');

    // A page created on disk that a link was missing.
    write('content/jobs/new-role.md', '# New role\n');
    await session.fileChanged('content/jobs/new-role.md', FileChangeType.Created);
    await agreed('once the missing page exists');

    // A heading renamed in an include file: the anchor it gave the including page goes.
    write('assets/includes/part.md', '## Shared part\n\nShared text.\n');
    await session.fileChanged('assets/includes/part.md', FileChangeType.Changed);
    await agreed('once the included heading is renamed');

    // In the editor, the intermediate role made to close an extends cycle through two closed pages.
    const lead = await session.open('content/jobs/lead.md');
    const cycle = lead.text.replace('- Leads.', '- Extends that of the [Intermediate](/jobs/intermediate/#requirements) requirements.');
    await replace(lead, 'content/jobs/lead.md', cycle);
    await agreed('once the extends sentence closes a cycle');

    // The lead page moved to another URL in the editor: the links to the old one break.
    const moved = cycle.replace('title: Lead\n', 'title: Lead\nurl: /roles/lead/\n');
    await replace(lead, 'content/jobs/lead.md', moved);
    await agreed('once the lead page moved');
  });
});

/** A page others link to by its anchors and through an alias, and pages that link to it or elsewhere. */
const LINKED: Record<string, string> = {
  'content/handbook/values.md': '---\naliases: [/old-values/]\n---\n# Values\n\n## Collaboration {#collab}\n\n## Results\n',
  'content/handbook/team.md': '# Team\n\nOur [collaboration](/handbook/values/#collab), [results](/handbook/values/#results) and [a broken page](/nowhere/).\n',
  'content/handbook/old.md': '# Old\n\nThe [old values](/old-values/) and a [lost anchor](/handbook/values/#iteration).\n',
  'content/handbook/unrelated.md': '# Unrelated\n\n[Broken](/gone/).\n',
};

describe('diagnostics of the pages that link to an edited page', () => {
  it('show and clear the problems a heading edit makes in them, and keep the others, as the command line finds them', async () => {
    const folder = scratch();
    await writeFiles(folder, LINKED);
    const session = await start(folder);
    const agreed = async (what: string) => {
      const expected = (await cliLines(folder)).sort();
      await session.waitFor(
        () => JSON.stringify(publishedLines(session, folder).sort()) === JSON.stringify(expected),
        `the command line's findings ${what}`,
        () => ({ published: publishedLines(session, folder).sort(), expected }),
      );
    };
    await agreed('after indexing');
    const team = session.uri('content/handbook/team.md');
    const values = await session.open('content/handbook/values.md');
    await values.diagnostics();
    /** The heading line edited in the editor, the same text written to disk for the command line. */
    const edit = async (from: string, to: string) => {
      const start = values.positionOf(from, { offset: 0 });
      const text = values.text.replace(from, to);
      writeFileSync(path.join(folder, 'content/handbook/values.md'), text);
      await values.edit({ start, end: { line: start.line, character: start.character + from.length } }, to);
      assert.equal(values.text, text);
    };

    await edit('{#collab}', '{#bench-collab}');
    await session.diagnosticsOf(team, ({ diagnostics }) => withCode(diagnostics, 'link-missing-anchor').length === 1, 'the anchor the edit broke');
    await agreed('once the anchor is renamed');
    assert.equal(session.diagnostics.get(team)?.diagnostics.length, 2, "the team page's broken link is still there");

    await edit('{#bench-collab}', '{#collab}');
    await session.diagnosticsOf(team, ({ diagnostics }) => withCode(diagnostics, 'link-missing-anchor').length === 0, 'the anchor mended');
    await agreed('once the anchor is back');

    // The title an alias's message names comes from the first heading, which is no route.
    await edit('# Values', '# Our values');
    const old = await session.diagnosticsOf(session.uri('content/handbook/old.md'), ({ diagnostics }) => diagnostics.some(({ message }) => message.includes('"Our values"')), 'the new title');
    assert.deepEqual(old.map(({ code }) => code).sort(), ['link-missing-anchor', 'link-via-alias']);
    await agreed('once the page is retitled');
  });
});

describe('diagnostics of open files only', () => {
  it('publishes only open documents, and shows or clears the others when the scope changes', async () => {
    const folder = scratch();
    await writeFiles(folder, hubHandbook(2));
    const session = await start(folder, { diagnostics: { scope: 'openFiles' } });
    await session.indexingDone();
    const other = await session.open('content/handbook/other-0.md');
    assert.equal((await other.diagnostics()).length, 1);
    const notOpen = session.uri('content/handbook/other-1.md');
    assert.equal(session.diagnostics.get(notOpen), undefined, 'a file that is not open gets no diagnostics');

    await session.changeSettings({ diagnostics: { scope: 'workspace' } });
    await session.diagnosticsOf(notOpen, ({ diagnostics }) => diagnostics.length === 1, 'the diagnostics of a file that is not open');
    await session.changeSettings({ diagnostics: { scope: 'openFiles' } });
    await session.diagnosticsOf(notOpen, ({ diagnostics }) => diagnostics.length === 0, 'the diagnostics cleared');
    assert.equal((await other.diagnostics()).length, 1, 'the open document keeps its diagnostics');
  });
});
