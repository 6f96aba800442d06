// End to end in a second, independent LSP client: headless Neovim 0.7 (Debian's).
//  - neovim/lsp-check.lua starts `node dist/server.js --stdio` with vim.lsp.start_client on a copy of
//    the example handbook and uses pushed diagnostics, a code action (applied with
//    vim.lsp.util.apply_workspace_edit and saved), hover and completion.
//  - The Neovim configuration printed in the README is loaded as init.lua, exactly as a
//    reader would paste it, and neovim/snippet-check.lua checks that it attaches the server.
// The Lua scripts report their findings as JSON (neovim/report.lua); the assertions live here.
// Needs nvim (bash test/e2e/setup.sh) and a built dist/server.js.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from './support/codeServer';
import { DISTINGUISHED_LINK, HANDBOOK, MALFORMED_LINE, MENDED, MENDED_PATH, ownRequirements, ROLES, SEED_000, SEED_003 } from './support/handbook';
import { run } from './support/processes';

const SERVER = path.join(ROOT, 'dist/server.js');
const DOCS = path.join(ROOT, 'README.md');

interface Reported {
  error?: string;
  steps: string[];
}

interface LspCheck extends Reported {
  offsetEncoding?: string;
  diagnostics?: Array<{ code: string; source: string; message: string; line: number; severity: number }>;
  diagnosticsMs?: number;
  codeActions?: Array<{ title: string; isPreferred: boolean }>;
  appliedAction?: string;
  mendedLine?: string;
  savedLine?: string;
  diagnosticsAfterFix?: Array<{ code: string; line: number }>;
  hover?: string;
  completionLabels?: string[];
  completionInsert?: string;
  lineAfterCompletion?: string;
  renamePrompt?: string;
  renamedHeading?: string;
  renamedLink?: string;
  omniWords?: string[];
  omniLine?: string;
  totalMs?: number;
}

interface SnippetCheck extends Reported {
  filetype?: string;
  name?: string;
  rootDir?: string;
  omnifunc?: string;
  codes?: string[];
  sameClient?: boolean;
  clients?: number;
}

/** A scratch area with its own HOME, XDG folders and a copy of the example handbook. */
function scratch(): { temp: string; workspace: string; env: NodeJS.ProcessEnv } {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-nvim-'));
  const workspace = path.join(temp, 'handbook');
  cpSync(HANDBOOK, workspace, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['HOME', 'TMPDIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR']) {
    env[name] = path.join(temp, name.toLowerCase());
    mkdirSync(env[name], { recursive: true });
  }
  return { temp, workspace, env };
}

/** Runs headless nvim (in its own process group, which run() stops on timeout) and parses the script's report. */
async function neovim<T extends Reported>(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<T> {
  let output: string;
  try {
    output = await run('nvim', ['--headless', '-i', 'NONE', '-n', ...args], { ...options, timeoutMs: 90_000 });
  } catch (error) {
    output = (error as Error).message;
  }
  const match = /@@RESULT@@(.*)@@END@@/s.exec(output);
  assert.ok(match, `the Lua script reported a result:\n${output}`);
  const result = JSON.parse(match[1]) as T;
  assert.equal(result.error, undefined, `the Lua script ran through (steps done: ${result.steps.join(', ')}):\n${result.error}`);
  return result;
}

function cleanUp(temp: string | undefined): void {
  if (temp && process.env.E2E_KEEP_TMP !== '1') rmSync(temp, { recursive: true, force: true });
}

before(async () => {
  assert.equal(spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status, 0, 'nvim is installed (bash test/e2e/setup.sh)');
  if (!existsSync(SERVER)) await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 300_000 });
});

describe('Neovim 0.7 as the LSP client', { timeout: 180_000 }, () => {
  let temp: string;
  let workspace: string;
  let result: LspCheck;

  before(async () => {
    const area = scratch();
    ({ temp, workspace } = area);
    Object.assign(area.env, { HR_SERVER: SERVER, HR_ROOT: workspace, HR_ROLE: SEED_000, HR_INCLUDES: SEED_003, HR_RENAMED: `${ROLES}/distinguished.md` });
    // -u NONE: no user configuration, no filetype detection (the script sets filetype=markdown).
    result = await neovim<LspCheck>(['-u', 'NONE', '-c', `luafile ${path.join(__dirname, 'neovim/lsp-check.lua')}`], { cwd: workspace, env: area.env });
  });

  after(() => cleanUp(temp));

  it('receives pushed diagnostics for the malformed include', () => {
    const malformed = result.diagnostics!.find((diagnostic) => diagnostic.code === 'include-malformed');
    assert.ok(malformed, JSON.stringify(result.diagnostics));
    assert.equal(malformed.source, 'handbook-roles');
    assert.equal(malformed.severity, 1, 'an error');
    assert.equal(malformed.line + 1, MALFORMED_LINE, 'on the {{$ line');
  });

  it('applies the preferred quick fix and saves the mended line', () => {
    assert.ok(result.codeActions!.length >= 1, JSON.stringify(result.codeActions));
    assert.ok(result.appliedAction?.includes(MENDED_PATH), `the preferred fix uses the include file of the same name: ${result.appliedAction}`);
    assert.equal(result.mendedLine, MENDED);
    assert.equal(result.savedLine, MENDED, 'the file on disk has the mended line');
    assert.ok(!result.diagnosticsAfterFix!.some((diagnostic) => diagnostic.line + 1 === MALFORMED_LINE), JSON.stringify(result.diagnosticsAfterFix));
    const saved = readFileSync(path.join(workspace, SEED_003), 'utf8');
    assert.ok(saved.includes(MENDED) && !saved.includes('{{$'), 'saved through Neovim');
  });

  it('hovers an extends link with two levels of inherited requirements', () => {
    const hover = result.hover ?? '';
    const [firstLevel] = ownRequirements(`${ROLES}/distinguished.md`);
    const [secondLevel] = ownRequirements(`${ROLES}/principal.md`);
    assert.ok(hover.includes('Distinguished Engineer') && hover.includes(firstLevel), `level one, Distinguished Engineer's requirements: ${hover}`);
    assert.ok(hover.includes('Principal Engineer') && hover.includes(secondLevel), `level two, Principal Engineer's requirements: ${hover}`);
  });

  it('completes a role title into a whole link', (t) => {
    assert.ok(result.completionLabels!.includes('Distinguished Engineer'), JSON.stringify(result.completionLabels));
    // The edit starts after the "[" typed: what it inserts is the rest of the link.
    assert.match(`[${result.completionInsert ?? ''}`, new RegExp(`^${DISTINGUISHED_LINK.source}$`));
    assert.ok(result.lineAfterCompletion?.startsWith('- Mentors every ') && DISTINGUISHED_LINK.test(result.lineAfterCompletion), result.lineAfterCompletion);
    t.diagnostic(`in Neovim: ${result.totalMs} ms from start to rename, diagnostics after ${result.diagnosticsMs} ms`);
  });

  it('renames a heading with vim.lsp.buf.rename(), and the extends link in another file follows', () => {
    assert.equal(result.renamePrompt, 'Requirements', 'the prompt offers the heading text');
    assert.equal(result.renamedHeading, '## What we expect');
    assert.match(result.renamedLink ?? '', /^- Extends that of the \[Distinguished Engineer\]\(\/job-families\/engineering\/development\/management\/distinguished\/#what-we-expect\) requirements$/);
  });

  it("offers role titles through Neovim's omnifunc (<C-x><C-o> after [Staff)", () => {
    const words = result.omniWords ?? [];
    assert.ok(words.length > 0, 'the omnifunc kept some of the role items');
    assert.ok(
      words.every((word) => word.startsWith('Staff')),
      `each is a title starting with what was typed: ${JSON.stringify(words)}`,
    );
    assert.equal(result.omniLine, '- Works with a [Staff Engineer](/job-families/engineering/development/management/staff/)');
  });
});

/** Runs the README's Neovim block as init.lua (with `settings`, Lua, as a reader would fill in `handbook_settings`) through neovim/snippet-check.lua. */
async function runReadmeSnippet(settings?: string): Promise<{ result: SnippetCheck; workspace: string; temp: string }> {
  const snippet = /```lua\n([\s\S]*?)```/.exec(readFileSync(DOCS, 'utf8'));
  assert.ok(snippet, `${path.relative(ROOT, DOCS)} has a Lua block`);
  const emptySettings = 'local handbook_settings = {}\n';
  assert.ok(snippet[1].includes(emptySettings), `the block has ${JSON.stringify(emptySettings)} for the reader to fill in`);
  const area = scratch();
  mkdirSync(path.join(area.env.XDG_CONFIG_HOME!, 'nvim'), { recursive: true });
  writeFileSync(path.join(area.env.XDG_CONFIG_HOME!, 'nvim/init.lua'), settings ? snippet[1].replace(emptySettings, `local handbook_settings = ${settings}\n`) : snippet[1]);
  // The snippet runs `handbook-roles-language-server`, as `npm install -g .` installs it.
  const bin = path.join(area.temp, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'handbook-roles-language-server'), `#!/bin/sh\nexec node ${JSON.stringify(SERVER)} "$@"\n`);
  chmodSync(path.join(bin, 'handbook-roles-language-server'), 0o755);
  Object.assign(area.env, { PATH: `${bin}${path.delimiter}${process.env.PATH}`, HR_SECOND: path.join(area.workspace, SEED_000) });
  // Opened from elsewhere (the home folder), so the root comes from the snippet, not from the cwd.
  const result = await neovim<SnippetCheck>([path.join(area.workspace, SEED_003), '-c', `luafile ${path.join(__dirname, 'neovim/snippet-check.lua')}`], {
    cwd: area.env.HOME!,
    env: area.env,
  });
  return { result, workspace: area.workspace, temp: area.temp };
}

describe('the Neovim configuration of the README', { timeout: 180_000 }, () => {
  let temp: string;
  let workspace: string;
  let result: SnippetCheck;

  before(async () => {
    ({ result, workspace, temp } = await runReadmeSnippet());
  });

  after(() => cleanUp(temp));

  it('attaches the server to a Markdown page, rooted at the site', () => {
    assert.equal(result.filetype, 'markdown');
    assert.equal(result.name, 'handbook-roles');
    assert.equal(result.rootDir, workspace);
    assert.equal(result.omnifunc, 'v:lua.vim.lsp.omnifunc');
  });

  it('shows the server diagnostics', () => {
    assert.ok(result.codes!.includes('include-malformed'), JSON.stringify(result.codes));
  });

  it('shares one server between the pages of a site', () => {
    assert.equal(result.sameClient, true);
    assert.equal(result.clients, 1);
  });
});

describe("the settings of the README's Neovim configuration", { timeout: 180_000 }, () => {
  let temp: string;
  after(() => cleanUp(temp));

  it('reach the server in Neovim 0.7, which does not offer workspace/configuration', async () => {
    // A limit of 10 bytes: every page is reported as too large instead of being read.
    const run = await runReadmeSnippet('{ maxFileSize = 10 }');
    temp = run.temp;
    assert.ok(run.result.codes!.includes('file-too-large'), JSON.stringify(run.result.codes));
    assert.ok(!run.result.codes!.includes('include-malformed'), 'the page was not read');
  });
});
