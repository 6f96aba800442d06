// The tools the benchmarks run, and how one timed run of a tool goes: every file the run will
// read is read first (the kernel here drops file cache idle for about a minute, see
// shared/notes/benchmarking.md), then the tool runs as one whole process under `/usr/bin/time`.
// Shared by bench/run.ts (the comparison and --scale) and bench/lsp.ts (its ready bound).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { warmFiles } from './corpus';
import { readFindings, type Finding } from './findings';
import { median, runMeasured, type Measured, type TimerKind } from './measure';

export const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH);
/** Our CLI; HANDBOOK_ROLES_CLI measures another build of it. */
export const OURS = path.resolve(process.env.HANDBOOK_ROLES_CLI ?? path.join(ROOT, 'dist', 'cli.js'));
export const RESULTS = path.join(BENCH, 'results');
const BUILD = path.join(BENCH, '.build');

export const log = (s: string): void => void process.stderr.write(s + '\n');

/** Pages of the generated handbook that --smoke runs on: small enough for CI with every slow peer. */
export const SMOKE_PAGES = 150;

interface Outcome {
  ok: boolean;
  error?: string;
  wallS: number;
  problems: number | null;
  detail: Record<string, unknown>;
  findings: Finding[] | null;
}

export interface Tool {
  id: string;
  label: string;
  kind: 'ours' | 'peer' | 'floor';
  slow?: boolean;
  /** What the wall column means when it is not the whole process. */
  wallNote?: string;
  command(folder: string, findingsFile: string): { cmd: string[]; cleanup?: () => void };
  /** Untimed preparation before timed runs on `folder` (filling a cache); an error message or null. */
  prime?(folder: string): string | null;
  interpret(m: Measured, findingsFile: string): Outcome;
}

const tail = (s: string, n = 600): string => s.trim().slice(-n).replace(/\s+/g, ' ');

/** The `error` a peer runner reported in its JSON result, as text; undefined when it reported none. */
function runnerError(error: unknown): string | undefined {
  if (error === undefined || error === null || error === '' || error === false) return undefined;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** The last stdout line of a peer runner, as JSON; its findings from the --findings file. */
function runnerOutcome(m: Measured, findingsFile: string, pick?: (j: Record<string, unknown>) => number): Outcome {
  const line = m.stdout.trim().split('\n').pop() ?? '';
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { ok: false, error: `no JSON result (exit ${m.status ?? m.signal}): ${tail(m.stderr)}`, wallS: m.wallS, problems: null, detail: {}, findings: null };
  }
  if (m.status !== 0 || j.error) {
    return { ok: false, error: `exit ${m.status ?? m.signal}: ${runnerError(j.error) ?? tail(m.stderr)}`, wallS: m.wallS, problems: null, detail: j, findings: null };
  }
  const findings = fs.existsSync(findingsFile) ? readFindings(findingsFile) : null;
  return { ok: true, wallS: pick ? pick(j) : m.wallS, problems: typeof j.problems === 'number' ? j.problems : null, detail: j, findings };
}

/** Our `check --format json`: exit 0 or 1 (problems found), stdout an array of findings. */
function oursOutcome(m: Measured): Outcome {
  const failed = (error: string): Outcome => ({ ok: false, error, wallS: m.wallS, problems: null, detail: {}, findings: null });
  if (m.status !== 0 && m.status !== 1) return failed(`exit ${m.status ?? m.signal}${m.timedOut ? ' (timed out)' : ''}: ${tail(m.stderr)}`);
  let findings: unknown;
  try {
    findings = JSON.parse(m.stdout);
  } catch {
    return failed(`stdout is not JSON: ${m.stdout.slice(0, 300)}`);
  }
  if (!Array.isArray(findings)) return failed(`stdout is not a JSON array: ${m.stdout.slice(0, 300)}`);
  const byCode: Record<string, number> = {};
  for (const f of findings as Finding[]) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  return { ok: true, wallS: m.wallS, problems: findings.length, detail: { exit: m.status, byCode }, findings: findings as Finding[] };
}

const runner = (name: string): string => path.join(BUILD, `${name}.mjs`);

/** Every tool, in the order of the tables. Temporary cache folders are removed when the process exits. */
export function makeTools(timeoutMs: number): Tool[] {
  const node = process.execPath;
  const tmpDirs: string[] = [];
  const freshDir = (tag: string): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${tag}-`));
    tmpDirs.push(d);
    return d;
  };
  process.on('exit', () => {
    for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const ours = (folder: string, ...cache: string[]): string[] => [node, OURS, 'check', folder, '--format', 'json', ...cache];
  const warmCache = new Map<string, string>();
  const peer = (id: string, label: string, kind: Tool['kind'], name: string, ...args: string[]): Tool => ({
    id,
    label,
    kind,
    command: (folder, findingsFile) => ({ cmd: [node, runner(name), folder, ...args, '--findings', findingsFile] }),
    interpret: (m, findingsFile) => runnerOutcome(m, findingsFile),
  });
  return [
    {
      id: 'ours-cold',
      label: 'handbook-roles check, cold (empty cache folder)',
      kind: 'ours',
      // An empty --cache-dir is what a CI job's first run meets: every file parsed, the cache written.
      command(folder) {
        const dir = freshDir('cold');
        return { cmd: ours(folder, '--cache-dir', dir), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
      },
      interpret: oursOutcome,
    },
    {
      id: 'ours-no-cache',
      label: 'handbook-roles check --no-cache',
      kind: 'ours',
      command: (folder) => ({ cmd: ours(folder, '--no-cache') }),
      interpret: oursOutcome,
    },
    {
      id: 'ours-warm',
      label: 'handbook-roles check, warm (cache filled, files unchanged)',
      kind: 'ours',
      prime(folder) {
        const dir = freshDir('warm');
        const o = oursOutcome(runMeasured('wall-only', ours(folder, '--cache-dir', dir), { timeoutMs }));
        if (!o.ok) return `filling the cache failed: ${o.error}`;
        if (fs.readdirSync(dir).length === 0) return `a run with --cache-dir ${dir} left it empty`;
        warmCache.set(folder, dir);
        return null;
      },
      command(folder) {
        const dir = warmCache.get(folder);
        if (!dir) throw new Error(`ours-warm runs on ${folder} before its cache was filled`);
        return { cmd: ours(folder, '--cache-dir', dir) };
      },
      interpret: oursOutcome,
    },
    peer('vscode-mls-cold', 'vscode-markdown-languageservice 0.5, cold (one pass)', 'peer', 'vscode-mls', '--passes', '1'),
    {
      ...peer('vscode-mls-warm', 'vscode-markdown-languageservice 0.5, warm (2nd pass in-process)', 'peer', 'vscode-mls', '--passes', '2'),
      wallNote: 'in-process time of the second pass; RSS is the whole two-pass process',
      interpret: (m, findingsFile) => runnerOutcome(m, findingsFile, (j) => Number(j.warmMs) / 1000),
    },
    peer('floor-read', 'floor: read every file', 'floor', 'floor-read'),
    peer('floor-gray-matter', 'floor: gray-matter every file', 'floor', 'floor-gray-matter'),
    peer('floor-front-matter', 'floor: our front matter reader every file', 'floor', 'floor-front-matter'),
    peer('floor-parse', 'floor: our parser every file', 'floor', 'floor-parse'),
    peer('floor-markdown-it', 'floor: markdown-it tokens', 'floor', 'floor-markdown-it'),
    peer('floor-remark-parse', 'floor: remark-parse mdast', 'floor', 'floor-remark-parse'),
    { ...peer('markdownlint-cli2', 'markdownlint-cli2 (default rules)', 'peer', 'markdownlint-cli2'), slow: true },
    { ...peer('remark-validate-links', 'remark-cli + remark-validate-links (repository:false)', 'peer', 'remark-validate-links'), slow: true },
    {
      ...peer('remark-validate-links-root-absolute', 'remark-cli + remark-validate-links (root-absolute links checked)', 'peer', 'remark-validate-links', '--root-absolute'),
      slow: true,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Setup: bench dependencies, runner build.

export function ensureBenchDeps(): void {
  const marker = path.join(BENCH, 'node_modules', '.package-lock.json');
  const lock = path.join(BENCH, 'package-lock.json');
  const stale = !fs.existsSync(marker) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  log('installing the bench dependencies (npm ci in bench/) ...');
  const r = spawnSync('npm', [fs.existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('npm ci in bench/ failed');
}

export async function buildRunners(): Promise<void> {
  // Runners are bundled once to plain .mjs so that no TypeScript loader runs inside the timed
  // processes (tsx would add a few hundred milliseconds to every one of them).
  const esbuild = await import('esbuild');
  const peers = fs.readdirSync(path.join(BENCH, 'peers')).filter((f) => f.endsWith('.ts') && !/^[A-Z]|vscodeMarkdownIt/.test(f));
  fs.rmSync(BUILD, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: peers.map((f) => path.join(BENCH, 'peers', f)),
    outdir: BUILD,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}

// ---------------------------------------------------------------------------------------------
// Running

export interface RunRecord {
  round: number;
  ok: boolean;
  error?: string;
  wallS: number;
  processWallS: number;
  rssKB: number | null;
  problems: number | null;
  warmReadMs: number;
  detail: Record<string, unknown>;
}

export interface ToolResult {
  id: string;
  label: string;
  kind: Tool['kind'];
  wallNote?: string;
  runs: RunRecord[];
  medianWallS: number | null;
  medianRssMB: number | null;
  maxRssMB: number | null;
  problems: number | null;
  problemsVaried: boolean;
  failed: boolean;
  error?: string;
  detail: Record<string, unknown>;
}

/** Everything a run may read: the handbook, the runners, the peers' packages, our build. */
export function warmRoots(folder: string): string[] {
  return [folder, BUILD, path.join(BENCH, 'node_modules'), path.dirname(OURS)];
}

/** One timed run: the record (kept in the results) and the findings (judged, then dropped). */
export function timedRun(tool: Tool, folder: string, timer: TimerKind, timeoutMs: number, round: number): { record: RunRecord; findings: Finding[] | null } {
  const warm = warmFiles(warmRoots(folder));
  const findingsFile = path.join(os.tmpdir(), `bench-findings-${process.pid}-${tool.id}.json`);
  fs.rmSync(findingsFile, { force: true });
  const { cmd, cleanup } = tool.command(folder, findingsFile);
  const m = runMeasured(timer, cmd, { cwd: ROOT, timeoutMs });
  cleanup?.();
  const o = tool.interpret(m, findingsFile);
  fs.rmSync(findingsFile, { force: true });
  const record: RunRecord = {
    round,
    ok: o.ok,
    error: o.error ?? (m.timedOut ? `timed out after ${timeoutMs / 60000} min` : undefined),
    wallS: o.wallS,
    processWallS: m.wallS,
    rssKB: m.rssKB,
    problems: o.problems,
    warmReadMs: Math.round(warm.ms),
    detail: o.detail,
  };
  return { record, findings: o.findings };
}

export function summarize(tool: Tool, runs: RunRecord[], error?: string): ToolResult {
  const ok = runs.filter((r) => r.ok);
  const rss = ok.map((r) => r.rssKB).filter((x): x is number => x !== null);
  const problems = ok.map((r) => r.problems);
  const failedRun = runs.find((r) => !r.ok);
  return {
    id: tool.id,
    label: tool.label,
    kind: tool.kind,
    wallNote: tool.wallNote,
    runs,
    medianWallS: ok.length ? median(ok.map((r) => r.wallS)) : null,
    medianRssMB: rss.length ? median(rss) / 1024 : null,
    maxRssMB: rss.length ? Math.max(...rss) / 1024 : null,
    problems: problems.length ? problems[problems.length - 1] : null,
    problemsVaried: new Set(problems).size > 1,
    failed: !!error || !!failedRun,
    error: error ?? failedRun?.error,
    detail: ok.length ? ok[ok.length - 1].detail : {},
  };
}

export const fmtS = (s: number | null): string => (s === null || Number.isNaN(s) ? '—' : s < 10 ? s.toFixed(2) : s.toFixed(1));
export const fmtMB = (mb: number | null): string => (mb === null ? '—' : mb.toFixed(0));

export function progress(tool: Tool, r: RunRecord): void {
  const what = r.ok
    ? `${fmtS(r.wallS)} s${r.wallS !== r.processWallS ? ` (process ${fmtS(r.processWallS)} s)` : ''}, ${fmtMB(r.rssKB === null ? null : r.rssKB / 1024)} MB, ${r.problems ?? '-'} problems`
    : `FAILED: ${r.error}`;
  log(`  [${r.round}] ${tool.id.padEnd(38)} ${what}   (files read first in ${r.warmReadMs} ms)`);
}

/** Where a result was measured, as every results file records it. */
export interface Environment {
  date: string;
  node: string;
  cpu: string;
  memGiB: number;
  /** Short hash of HEAD; null outside a Git checkout. */
  commit: string | null;
  timer: TimerKind;
  /** The peers' installed versions, '?' for one that is not installed. */
  versions: Record<string, string>;
}

export function environment(timer: TimerKind): Environment {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const versions: Record<string, string> = {};
  for (const p of ['vscode-markdown-languageservice', 'markdown-it', 'gray-matter', 'remark-parse', 'markdownlint-cli2', 'remark-cli', 'remark-validate-links']) {
    try {
      versions[p] = (JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      versions[p] = '?';
    }
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? '?'} x ${os.cpus().length}`,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    commit: git.status === 0 ? git.stdout.trim() : null,
    timer,
    versions,
  };
}
