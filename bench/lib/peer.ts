// Shared skeleton of a peer runner: a standalone process that takes a handbook folder and prints
// exactly one line of JSON `{tool, problems, ...}` on stdout (anything else goes to stderr).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFindings, type Finding } from './findings';

const started = process.hrtime.bigint();

export interface PeerArgs {
  folder: string;
  flags: Map<string, string | true>;
}

let findingsFile: string | undefined;

/** The handbook folder and flags; `--findings FILE` (every runner) asks for the findings in FILE. */
export function parsePeerArgs(usage: string): PeerArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--') && a !== '--help') flags.set(a.slice(2), argv[++i]);
      else flags.set(a.slice(2), true);
    } else positional.push(a);
  }
  if (flags.has('help') || positional.length !== 1) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(flags.has('help') ? 0 : 2);
  }
  const asked = flags.get('findings');
  if (typeof asked === 'string') findingsFile = asked;
  const folder = path.resolve(positional[0]);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    process.stderr.write(`not a folder: ${folder}\n`);
    process.exit(2);
  }
  return { folder, flags };
}

/** Milliseconds since this process started running JavaScript (module evaluation). */
export function elapsedMs(since: bigint = started): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export const now = (): bigint => process.hrtime.bigint();

/**
 * Prints the one-line result and exits. `inProcessMs` and `maxRssMB` are added automatically.
 * `findings` (each problem the tool reported) go to the --findings file when one was asked for.
 */
export function report(result: { tool: string; problems: number | null; [k: string]: unknown }, findings: readonly Finding[] = []): never {
  if (findingsFile) writeFindings(findingsFile, findings);
  const out = {
    ...result,
    inProcessMs: Math.round(elapsedMs()),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
  // process.exit in the write callback: stdout is a pipe and must be flushed first.
  return undefined as never;
}

export function fail(tool: string, message: string): never {
  process.stderr.write(`${tool}: ${message}\n`);
  process.stdout.write(JSON.stringify({ tool, problems: null, error: message }) + '\n', () => process.exit(1));
  return undefined as never;
}

/**
 * The folder of an installed package, found by walking up from this file to a `node_modules` that
 * holds it (package `exports` maps often hide `package.json` from `require.resolve`).
 */
export function packageDir(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package ${name} is not installed (run npm ci in bench/)`);
    dir = parent;
  }
}

export function packageVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}
