// The server, with every page open, must say what `handbook-roles check` says of the same
// handbook. Where they disagreed: Hugo configs that move the content and assets folders onto each
// other (`contentDir = ""` is Hugo's default, content/; with `assetDir = "content"` the content
// folder is the assets folder too: its Markdown files are pages, and include calls still find
// them), and front matter nested so deeply that a parser ran out of stack in one and not the other.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { Finding } from '../../server/src/cli/findings';
import { runCli, writeFiles } from '../cli/support';
import { Session } from './support/session';
const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];

const FILES: Record<string, string> = {
  'content/a.md': '---\ntitle: A\n---\n# A\n\nSee [B](/b/#details), [the part](/includes/part/) and [nowhere](/nowhere/).\n\n{{% include "includes/part.md" %}}\n',
  'content/b.md': '# B\n\n## Details\n\n[Back](/a/) and [assets](/assets/includes/part/).\n',
  'content/includes/part.md': '## Part\n\nA [link](/elsewhere/).\n',
  'assets/includes/part.md': '## Assets part\n\nA [link](/assets-elsewhere/).\n',
  'notes.md': '# Notes at the top\n\n[x](/x/)\n',
};

/** What the command line finds, as `file:line:column-endLine:endColumn severity code message` lines. */
async function cliFindings(folder: string): Promise<string[]> {
  const findings = JSON.parse((await runCli(['check', '--no-cache', '--format', 'json', folder])).stdout) as Finding[];
  return findings.map((finding) => `${finding.file}:${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn} ${finding.severity} ${finding.code} ${finding.message}`);
}

function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .sort();
}

async function serverFindings(folder: string): Promise<string[]> {
  const session = await Session.start({ folder });
  try {
    await session.indexingDone();
    const lines: string[] = [];
    for (const file of markdownFiles(folder)) {
      const diagnostics: Diagnostic[] = await (await session.open(file)).diagnostics();
      for (const { range, severity, code, message } of diagnostics) {
        lines.push(`${file}:${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1} ${SEVERITIES[severity ?? 1]} ${String(code)} ${message}`);
      }
    }
    return lines;
  } finally {
    await session.stop();
  }
}

/** The handbook of `files` gets the same findings from the server as from the command line. */
async function assertServerAgrees(files: Record<string, string>): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'handbook-roles-agreement-'));
  try {
    await writeFiles(folder, files);
    const expected = await cliFindings(folder);
    assert.ok(expected.length > 0, 'the handbook has findings to compare');
    assert.deepEqual((await serverFindings(folder)).sort(), [...expected].sort());
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('content and assets folders that Hugo configs move onto each other', () => {
  for (const config of ['contentDir = ""\n', 'assetDir = "content"\n', 'contentDir = ""\nassetDir = "content"\n']) {
    it(`gives the findings of the command line in the server, with ${config.trim().replace('\n', ' and ')}`, async () => {
      await assertServerAgrees({ ...FILES, 'hugo.toml': config });
    });
  }
});

describe('front matter nested thousands of levels deep', () => {
  it('gives the findings of the command line in the server', async () => {
    // Around the depths where the parsers ran out of stack: a few frames more or less in one of
    // the two changed the verdict.
    const files: Record<string, string> = { 'content/fine.md': `---\ntitle: F\nnest: ${'['.repeat(50)}${']'.repeat(50)}\n---\n# F\n\n[x](/x/)\n` };
    for (let levels = 2_000; levels <= 9_000; levels += 100) {
      files[`content/yaml-${levels}.md`] = `---\ntitle: Y\nnest: ${'['.repeat(levels)}${']'.repeat(levels)}\n---\n# Y\n`;
      files[`content/sequence-${levels}.md`] = `---\ntitle: S\nnest:\n  ${'- '.repeat(levels)}x\n---\n# S\n`;
    }
    files['content/json.md'] = `---\n{"title": "J", "nest": ${'{"a": '.repeat(5_000)}1${'}'.repeat(5_000)}}\n---\n# J\n`;
    files['content/toml.md'] = `+++\ntitle = "T"\nnest = ${'['.repeat(5_000)}${']'.repeat(5_000)}\n+++\n# T\n`;
    await assertServerAgrees(files);
  });
});
