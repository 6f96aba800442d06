// End to end in a second, independent LSP client: headless Neovim 0.7 (Debian's) starts
// `node dist/server.js --stdio` with vim.lsp.start_client and uses pushed diagnostics, a code action
// (applied with vim.lsp.util.apply_workspace_edit and saved), hover and completion on a copy of the
// example handbook. The Lua script (neovim/lsp-check.lua) prints its findings as JSON; the
// assertions live here. Needs `bash test/e2e/setup.sh` (for nvim) and a built dist/server.js.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from './support/codeServer';
import { run } from './support/processes';

const HANDBOOK = path.resolve(ROOT, process.env.E2E_HANDBOOK ?? 'examples/handbook');
const SERVER = path.join(ROOT, 'dist/server.js');
const SCRIPT = path.join(__dirname, 'neovim/lsp-check.lua');
const SEED_000 = 'content/job-families/engineering/development/management/senior-distinguished.md';
const SEED_003 = 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/senior.md';
const MENDED = '{{% include "includes/engineering-careers/development-senior-leadership-competency.md" %}}';

interface NeovimResult {
  error?: string;
  steps: string[];
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
  totalMs?: number;
}

describe('Neovim 0.7 as the LSP client', { timeout: 180_000 }, () => {
  let temp: string;
  let workspace: string;
  let result: NeovimResult;
  let elapsedMs: number;

  before(async () => {
    const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(nvim.status, 0, 'nvim is installed (bash test/e2e/setup.sh)');
    if (!existsSync(SERVER)) await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 300_000 });
    temp = mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-nvim-'));
    workspace = path.join(temp, 'handbook');
    cpSync(HANDBOOK, workspace, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: path.join(temp, 'home'), TMPDIR: path.join(temp, 'tmp') };
    for (const name of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR']) {
      env[name] = path.join(temp, name.toLowerCase());
    }
    for (const folder of [env.HOME!, env.TMPDIR!, ...['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR'].map((name) => env[name]!)]) {
      mkdirSync(folder, { recursive: true });
    }
    Object.assign(env, { HR_SERVER: SERVER, HR_ROOT: workspace, HR_ROLE: SEED_000, HR_INCLUDES: SEED_003 });
    const started = Date.now();
    // nvim runs in its own process group (the server is its child): run() stops the group on timeout.
    let output: string;
    try {
      output = await run('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], { cwd: workspace, env, timeoutMs: 90_000 });
    } catch (error) {
      output = (error as Error).message;
    }
    elapsedMs = Date.now() - started;
    const match = /@@RESULT@@(.*)@@END@@/s.exec(output);
    assert.ok(match, `the Lua script reported a result:\n${output}`);
    result = JSON.parse(match[1]) as NeovimResult;
    assert.equal(result.error, undefined, `the Lua script ran through (steps done: ${result.steps.join(', ')}):\n${result.error}`);
  });

  after(() => {
    if (temp && process.env.E2E_KEEP_TMP !== '1') rmSync(temp, { recursive: true, force: true });
  });

  it('receives pushed diagnostics for the malformed include', () => {
    const malformed = result.diagnostics!.find((diagnostic) => diagnostic.code === 'include-malformed');
    assert.ok(malformed, JSON.stringify(result.diagnostics));
    assert.equal(malformed.source, 'handbook-roles');
    assert.equal(malformed.severity, 1, 'an error');
    const lines = readFileSync(path.join(HANDBOOK, SEED_003), 'utf8').split('\n');
    assert.match(lines[malformed.line], /^\{\{\$ include /, 'on the {{$ line');
  });

  it('applies the preferred quick fix and saves the mended line', () => {
    assert.ok(result.codeActions!.length >= 1, JSON.stringify(result.codeActions));
    assert.equal(result.appliedAction, `Fix the include call: ${MENDED}`);
    assert.equal(result.mendedLine, MENDED);
    assert.equal(result.savedLine, MENDED, 'the file on disk has the mended line');
    assert.ok(!result.diagnosticsAfterFix!.some((diagnostic) => diagnostic.code.startsWith('include-')), JSON.stringify(result.diagnosticsAfterFix));
    const saved = readFileSync(path.join(workspace, SEED_003), 'utf8');
    assert.ok(saved.includes(MENDED) && !saved.includes('{{$'), 'saved through Neovim');
  });

  it('hovers an extends link with two levels of inherited requirements', () => {
    const hover = result.hover ?? '';
    assert.match(hover, /Inherited from Distinguished Engineer/);
    assert.match(hover, /Distinguished Engineer — Requirements/);
    const nested = /↳ \*\*\[([^\]]+?) — Requirements\]/.exec(hover);
    assert.ok(nested && !nested[1].includes('Distinguished'), `a nested level from another role: ${hover}`);
  });

  it('completes a role title into a whole link', () => {
    assert.ok(result.completionLabels!.includes('Distinguished Engineer'), JSON.stringify(result.completionLabels));
    assert.equal(result.completionInsert, '[Distinguished Engineer](/job-families/engineering/development/management/distinguished/)');
    assert.equal(result.lineAfterCompletion, '- Mentors every [Distinguished Engineer](/job-families/engineering/development/management/distinguished/)');
  });

  it('does all of it quickly', (t) => {
    assert.ok(elapsedMs < 30_000, `took ${elapsedMs} ms`);
    t.diagnostic(`neovim run: ${elapsedMs} ms wall, ${result.totalMs} ms in Lua, diagnostics after ${result.diagnosticsMs} ms`);
  });
});
