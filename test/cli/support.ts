// Runs the built command line (dist/cli.js, what `bin` installs) as a child process, the way a CI
// job runs it, and makes scratch copies of the example handbook to break or edit.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(root, 'dist', 'cli.js');
export const EXAMPLE = path.join(root, 'examples', 'handbook');

/** The runs' facts caches go here rather than into the user's ~/.cache. */
const CACHE_HOME = path.join(os.tmpdir(), `handbook-roles-test-cache-${process.pid}`);
process.on('exit', () => rmSync(CACHE_HOME, { recursive: true, force: true }));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test does).`);
  return runCommand(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env ?? { ...process.env, XDG_CACHE_HOME: CACHE_HOME } });
}

/** What the scratch helpers need of node:test's TestContext: a hook that cleans up after the test. */
export interface WithCleanup {
  after(fn: () => Promise<void>): void;
}

/** A scratch copy of the example handbook, removed after the test. */
export async function copyOfExample(t: WithCleanup): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'handbook-roles-cli-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const copy = path.join(dir, 'handbook');
  await fs.cp(EXAMPLE, copy, { recursive: true });
  return copy;
}

/** A scratch folder, removed after the test. */
export async function scratchFolder(t: WithCleanup): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'handbook-roles-cli-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function writeFiles(folder: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(folder, file);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, content);
  }
}

/** The environment a command runs in outside npm: this run's `npm_*` variables (npm test sets them) left out, `more` added. */
export function envWithoutNpm(more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))), ...more };
}

/** Runs a command (npm, a shell, an installed bin) to its end. */
export function runCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env ?? envWithoutNpm(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm pack` of this build into `folder`: the tarball's path. */
export async function packTarball(folder: string): Promise<string> {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const packed = await runCommand('npm', ['pack', '--json', '--pack-destination', folder, '--cache', path.join(folder, 'npm-cache')]);
  assert.equal(packed.code, 0, packed.stderr);
  const [{ filename }] = JSON.parse(packed.stdout) as { filename: string }[];
  return path.join(folder, filename);
}
