// Benchmark harness: Handbook Roles' `check` against the tools handbook authors use today.
//
//   npm run bench -- [folder] [options]          (root script: tsx bench/run.ts)
//
//   folder                 handbook to check (default: shared/corpus/handbook-ja when present,
//                          else a generated 5,000-page handbook)
//   --pages N              use a generated handbook of N pages instead
//   --runs N               timed runs per tool (default 5; the --slow tools always run once)
//   --slow                 also run markdownlint-cli2 and remark-cli + remark-validate-links (minutes)
//   --remark-root-absolute also run remark-validate-links with root-absolute links checked
//                          (fake repository, root content/: 17 min on the real corpus)
//   --only a,b / --skip a,b  tool ids (see --list)
//   --smoke                generated ~300-page handbook, 1 run, every tool including the slow ones
//                          (about 30 s); exits non-zero when any tool fails (CI)
//   --scale                our cold check on generated handbooks of 1k/5k/20k/50k pages: wall and
//                          peak RSS each, linear-fit check, plot in bench/results/scaling.svg
//   --sizes 1000,5000,...  sizes for --scale;  --scale-tools ours-cold,vscode-mls-cold
//   --timeout-min M        kill a run after M minutes (default 40)
//
// Method (shared/notes/benchmarking.md): tools run interleaved (A B C A B C ..., the order
// rotating each round), every file of the handbook and of the tools is read right before every
// timed run (the kernel drops idle file cache), each run is one whole process measured with
// `/usr/bin/time -f '%e %M'`, and the tables give medians. Results: bench/results/latest.{json,md}.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, type Manifest } from './generate';
import { handbookMarkdown, warmFiles } from './lib/corpus';
import { detectTimer, linearFit, median, runMeasured, type Measured, type TimerKind } from './lib/measure';
import { chart } from './lib/svg';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
// HANDBOOK_ROLES_CLI: measure another build of our CLI (default: the repository's dist/cli.js).
const OURS = path.resolve(process.env.HANDBOOK_ROLES_CLI ?? path.join(ROOT, 'dist', 'cli.js'));
const BUILD = path.join(BENCH, '.build');
const RESULTS = path.join(BENCH, 'results');
const REAL_CORPUS_CANDIDATES = [
  process.env.HANDBOOK_CORPUS,
  path.join(ROOT, '..', 'shared', 'corpus', 'handbook-ja'),
  '/work/shared/corpus/handbook-ja',
].filter((p): p is string => !!p);
// Targets from the issue, relative to vscode-markdown-languageservice's cold validation.
const TARGETS = { coldRatio: 5, warmRatio: 15, rssMB: 200 };

const log = (s: string): void => void process.stderr.write(s + '\n');

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  folder?: string;
  pages?: number;
  runs?: number;
  slow: boolean;
  remarkRootAbsolute: boolean;
  only?: string[];
  skip: string[];
  smoke: boolean;
  scale: boolean;
  sizes: number[];
  scaleTools: string[];
  timeoutMs: number;
  list: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    slow: false,
    remarkRootAbsolute: false,
    skip: [],
    smoke: false,
    scale: false,
    sizes: [1000, 5000, 20000, 50000],
    scaleTools: ['ours-cold'],
    timeoutMs: 40 * 60_000,
    list: false,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--runs': o.runs = Number(value(i++, a)); break;
      case '--pages': o.pages = Number(value(i++, a)); break;
      case '--slow': o.slow = true; break;
      case '--remark-root-absolute': o.remarkRootAbsolute = true; break;
      case '--only': o.only = list(value(i++, a)); break;
      case '--skip': o.skip = list(value(i++, a)); break;
      case '--smoke': o.smoke = true; break;
      case '--scale': o.scale = true; break;
      case '--sizes': o.sizes = list(value(i++, a)).map(Number); break;
      case '--scale-tools': o.scaleTools = list(value(i++, a)); break;
      case '--timeout-min': o.timeoutMs = Number(value(i++, a)) * 60_000; break;
      case '--list': o.list = true; break;
      case '--help':
      case '-h': {
        const src = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8');
        process.stdout.write(src.split('\n').filter((l) => l.startsWith('//')).slice(0, 27).map((l) => l.slice(3)).join('\n') + '\n');
        process.exit(0);
      }
      default:
        if (a.startsWith('--')) throw new Error(`unknown option ${a} (see --help)`);
        if (o.folder) throw new Error(`one folder only (got ${o.folder} and ${a})`);
        o.folder = path.resolve(a);
    }
  }
  if (o.runs !== undefined && !(Number.isInteger(o.runs) && o.runs > 0)) throw new Error('--runs needs a positive integer');
  if (o.pages !== undefined && !(Number.isInteger(o.pages) && o.pages >= 50)) throw new Error('--pages needs an integer >= 50');
  if (o.sizes.some((n) => !(Number.isInteger(n) && n >= 50))) throw new Error('--sizes needs integers >= 50');
  return o;
}

// ---------------------------------------------------------------------------------------------
// Tools

interface Outcome {
  ok: boolean;
  error?: string;
  wallS: number;
  problems: number | null;
  detail: Record<string, unknown>;
}

interface Tool {
  id: string;
  label: string;
  kind: 'ours' | 'peer' | 'floor';
  slow?: boolean;
  /** What the wall column means when it is not the whole process. */
  wallNote?: string;
  command(folder: string): { cmd: string[]; cleanup?: () => void };
  /** Untimed preparation before the first timed run (for instance filling a cache). */
  prime?(folder: string): string | null;
  interpret(m: Measured): Outcome;
}

/** The last stdout line of a peer runner, as JSON. */
function runnerOutcome(m: Measured, pick?: (j: Record<string, unknown>) => number): Outcome {
  const line = m.stdout.trim().split('\n').pop() ?? '';
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { ok: false, error: `no JSON result (exit ${m.status ?? m.signal}): ${tail(m.stderr)}`, wallS: m.wallS, problems: null, detail: {} };
  }
  if (m.status !== 0 || j.error) {
    return { ok: false, error: `exit ${m.status ?? m.signal}: ${String(j.error ?? tail(m.stderr))}`, wallS: m.wallS, problems: null, detail: j };
  }
  return { ok: true, wallS: pick ? pick(j) : m.wallS, problems: typeof j.problems === 'number' ? j.problems : null, detail: j };
}

const tail = (s: string, n = 600): string => s.trim().slice(-n).replace(/\s+/g, ' ');

/**
 * How many problems our `check --format json` reported. The format is the CLI's to define; this
 * accepts an array of diagnostics, an array of per-file objects holding `diagnostics`, an object
 * with a numeric `problems`/`count`/`total` (also under `summary`), or such arrays under
 * `diagnostics`/`problems`/`results`/`files`; NDJSON (one diagnostic a line) too.
 */
export function countProblems(j: unknown): { count: number; how: string } | null {
  const holders = (xs: unknown[]): boolean =>
    xs.length > 0 && xs.every((x) => x !== null && typeof x === 'object' && Array.isArray((x as Record<string, unknown>).diagnostics));
  if (Array.isArray(j)) {
    if (holders(j)) {
      return { count: j.reduce((a: number, x) => a + ((x as { diagnostics: unknown[] }).diagnostics.length), 0), how: 'sum of [].diagnostics' };
    }
    return { count: j.length, how: 'array length' };
  }
  if (j !== null && typeof j === 'object') {
    const o = j as Record<string, unknown>;
    for (const k of ['problems', 'problemCount', 'diagnosticCount', 'count', 'total']) if (typeof o[k] === 'number') return { count: o[k] as number, how: k };
    const s = o.summary as Record<string, unknown> | undefined;
    if (s && typeof s === 'object') {
      for (const k of ['problems', 'diagnostics', 'total', 'count']) if (typeof s[k] === 'number') return { count: s[k] as number, how: `summary.${k}` };
    }
    for (const k of ['diagnostics', 'problems', 'results', 'files', 'pages']) {
      if (Array.isArray(o[k])) {
        const inner = countProblems(o[k]);
        if (inner) return { count: inner.count, how: `${k}: ${inner.how}` };
      }
    }
  }
  return null;
}

function oursOutcome(m: Measured): Outcome {
  // A checker exits 1 when it found problems; anything else non-zero is a failure.
  if (m.status !== 0 && m.status !== 1) {
    return { ok: false, error: `exit ${m.status ?? m.signal}${m.timedOut ? ' (timed out)' : ''}: ${tail(m.stderr)}`, wallS: m.wallS, problems: null, detail: {} };
  }
  const text = m.stdout.trim();
  let counted: { count: number; how: string } | null = null;
  try {
    counted = countProblems(JSON.parse(text));
  } catch {
    const lines = text.split('\n').filter((l) => l.trim());
    if (lines.length > 0 && lines.every((l) => { try { JSON.parse(l); return true; } catch { return false; } })) counted = { count: lines.length, how: 'NDJSON lines' };
  }
  if (!counted) return { ok: false, error: `could not read a problem count from stdout (${text.length} chars): ${text.slice(0, 300)}`, wallS: m.wallS, problems: null, detail: {} };
  const byCode: Record<string, number> = {};
  try {
    const j = JSON.parse(text) as unknown;
    if (Array.isArray(j)) for (const d of j) if (d && typeof d === 'object' && 'code' in d) byCode[String(d.code)] = (byCode[String(d.code)] ?? 0) + 1;
  } catch {
    // counted some other way
  }
  return { ok: true, wallS: m.wallS, problems: counted.count, detail: { counted: counted.how, exit: m.status, stdoutBytes: m.stdout.length, ...(Object.keys(byCode).length ? { byCode } : {}) } };
}

let cacheDirProbe: boolean | undefined;
/** Whether our CLI takes `--cache-dir` (its `check --help` lists it). */
function oursSupportsCacheDir(): boolean {
  if (cacheDirProbe === undefined) {
    const r = fs.existsSync(OURS) ? spawnSync(process.execPath, [OURS, 'check', '--help'], { encoding: 'utf8', timeout: 30_000 }) : null;
    cacheDirProbe = !!r && /--cache-dir/.test(`${r.stdout}${r.stderr}`);
  }
  return cacheDirProbe;
}

function makeTools(opts: Options): Tool[] {
  const node = process.execPath;
  const runner = (name: string): string => path.join(BUILD, `${name}.mjs`);
  const tmpDirs: string[] = [];
  let warmCache: string | null = null;
  const freshDir = (tag: string): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${tag}-`));
    tmpDirs.push(d);
    return d;
  };
  process.on('exit', () => {
    for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const cacheDirSupported = oursSupportsCacheDir();
  const oursCmd = (folder: string, cacheDir: string): string[] =>
    cacheDirSupported ? [node, OURS, 'check', folder, '--format', 'json', '--cache-dir', cacheDir] : [node, OURS, 'check', folder, '--format', 'json'];
  const tools: Tool[] = [
    {
      id: 'ours-cold',
      label: cacheDirSupported ? 'handbook-roles check (cold, empty cache)' : 'handbook-roles check (cold; CLI has no --cache-dir)',
      kind: 'ours',
      command(folder) {
        const dir = freshDir('cold');
        return { cmd: oursCmd(folder, dir), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
      },
      interpret: oursOutcome,
    },
    {
      id: 'ours-warm',
      label: 'handbook-roles check (warm, on-disk cache)',
      kind: 'ours',
      prime(folder) {
        if (!cacheDirSupported) return 'skipped: the CLI has no --cache-dir option yet (`check --help` does not list it)';
        warmCache = freshDir('warm');
        const m = runMeasured('wall-only', oursCmd(folder, warmCache), { timeoutMs: opts.timeoutMs });
        const o = oursOutcome(m);
        if (!o.ok) return `priming the cache failed: ${o.error}`;
        const files = fs.readdirSync(warmCache, { recursive: true }).length;
        if (files === 0) log(`  note: --cache-dir ${warmCache} is still empty after a run; the warm figure may be a second cold run`);
        return null;
      },
      command(folder) {
        return { cmd: oursCmd(folder, warmCache ?? freshDir('warm')) };
      },
      interpret: oursOutcome,
    },
    {
      id: 'vscode-mls-cold',
      label: 'vscode-markdown-languageservice 0.5 (cold, one pass)',
      kind: 'peer',
      command: (folder) => ({ cmd: [node, runner('vscode-mls'), folder, '--passes', '1'] }),
      interpret: (m) => runnerOutcome(m),
    },
    {
      id: 'vscode-mls-warm',
      label: 'vscode-markdown-languageservice 0.5 (warm: 2nd pass in-process)',
      kind: 'peer',
      wallNote: 'in-process time of the second pass; RSS is the whole two-pass process',
      command: (folder) => ({ cmd: [node, runner('vscode-mls'), folder, '--passes', '2'] }),
      interpret: (m) => runnerOutcome(m, (j) => Number(j.warmMs) / 1000),
    },
    { id: 'floor-read', label: 'floor: read every file', kind: 'floor', command: (f) => ({ cmd: [node, runner('floor-read'), f] }), interpret: (m) => runnerOutcome(m) },
    { id: 'floor-gray-matter', label: 'floor: gray-matter every file', kind: 'floor', command: (f) => ({ cmd: [node, runner('floor-gray-matter'), f] }), interpret: (m) => runnerOutcome(m) },
    { id: 'floor-markdown-it', label: 'floor: markdown-it tokens', kind: 'floor', command: (f) => ({ cmd: [node, runner('floor-markdown-it'), f] }), interpret: (m) => runnerOutcome(m) },
    { id: 'floor-remark-parse', label: 'floor: remark-parse mdast', kind: 'floor', command: (f) => ({ cmd: [node, runner('floor-remark-parse'), f] }), interpret: (m) => runnerOutcome(m) },
    {
      id: 'markdownlint-cli2',
      label: 'markdownlint-cli2 (default rules)',
      kind: 'peer',
      slow: true,
      command: (f) => ({ cmd: [node, runner('markdownlint-cli2'), f] }),
      interpret: (m) => runnerOutcome(m),
    },
    {
      id: 'remark-validate-links',
      label: 'remark-cli + remark-validate-links (repository:false)',
      kind: 'peer',
      slow: true,
      command: (f) => ({ cmd: [node, runner('remark-validate-links'), f] }),
      interpret: (m) => runnerOutcome(m),
    },
    {
      id: 'remark-validate-links-root-absolute',
      label: 'remark-cli + remark-validate-links (root-absolute links checked)',
      kind: 'peer',
      slow: true,
      command: (f) => ({ cmd: [node, runner('remark-validate-links'), f, '--root-absolute'] }),
      interpret: (m) => runnerOutcome(m),
    },
  ];
  return tools;
}

// ---------------------------------------------------------------------------------------------
// Setup: bench dependencies, runner build.

function ensureBenchDeps(): void {
  const marker = path.join(BENCH, 'node_modules', '.package-lock.json');
  const lock = path.join(BENCH, 'package-lock.json');
  const stale = !fs.existsSync(marker) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  log('installing the bench dependencies (npm ci in bench/) ...');
  const r = spawnSync('npm', [fs.existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('npm ci in bench/ failed');
}

async function buildRunners(): Promise<void> {
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

interface RunRecord {
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

interface ToolResult {
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

function warmRoots(folder: string): string[] {
  return [folder, BUILD, path.join(BENCH, 'node_modules'), path.dirname(OURS)];
}

function timedRun(tool: Tool, folder: string, timer: TimerKind, timeoutMs: number, round: number): RunRecord {
  const warm = warmFiles(warmRoots(folder));
  const { cmd, cleanup } = tool.command(folder);
  const m = runMeasured(timer, cmd, { cwd: ROOT, timeoutMs });
  cleanup?.();
  const o = tool.interpret(m);
  return {
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
}

function summarize(tool: Tool, runs: RunRecord[], error?: string): ToolResult {
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

const fmtS = (s: number | null): string => (s === null || Number.isNaN(s) ? '—' : s < 10 ? s.toFixed(2) : s.toFixed(1));
const fmtMB = (mb: number | null): string => (mb === null ? '—' : mb.toFixed(0));

function progress(tool: Tool, r: RunRecord): void {
  const what = r.ok
    ? `${fmtS(r.wallS)} s${r.wallS !== r.processWallS ? ` (process ${fmtS(r.processWallS)} s)` : ''}, ${fmtMB(r.rssKB === null ? null : r.rssKB / 1024)} MB, ${r.problems ?? '-'} problems`
    : `FAILED: ${r.error}`;
  log(`  [${r.round}] ${tool.id.padEnd(38)} ${what}   (cache warmed in ${r.warmReadMs} ms)`);
}

function environment(timer: TimerKind): Record<string, unknown> {
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

interface CorpusInfo {
  folder: string;
  name: string;
  markdownFiles: number;
  bytes: number;
  manifest: Manifest | null;
}

function describeCorpus(folder: string, manifest: Manifest | null): CorpusInfo {
  const files = handbookMarkdown(folder);
  const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);
  const rel = path.relative(ROOT, folder);
  return { folder, name: rel.startsWith('..') ? folder : rel, markdownFiles: files.length, bytes, manifest };
}

function resolveCorpus(opts: Options): CorpusInfo {
  if (opts.smoke) {
    const { dir, manifest } = ensureCorpus(300, log);
    return describeCorpus(dir, manifest);
  }
  if (opts.folder) {
    if (!fs.existsSync(opts.folder)) throw new Error(`no such folder: ${opts.folder}`);
    const mf = path.join(opts.folder, 'bench-manifest.json');
    return describeCorpus(opts.folder, fs.existsSync(mf) ? (JSON.parse(fs.readFileSync(mf, 'utf8')) as Manifest) : null);
  }
  if (opts.pages === undefined) {
    const real = REAL_CORPUS_CANDIDATES.find((p) => fs.existsSync(path.join(p, 'content')));
    if (real) return describeCorpus(path.resolve(real), null);
    log('the real corpus (shared/corpus/handbook-ja) is not here; using a generated 5,000-page handbook');
  }
  const { dir, manifest } = ensureCorpus(opts.pages ?? 5000, log);
  return describeCorpus(dir, manifest);
}

// ---------------------------------------------------------------------------------------------
// Comparison mode (default and --smoke)

async function compare(opts: Options): Promise<number> {
  const corpus = resolveCorpus(opts);
  const runs = opts.smoke ? 1 : (opts.runs ?? 5);
  const timer = detectTimer();
  if (timer !== 'gnu-time') log(`note: /usr/bin/time not found (apt-get install time); measuring with ${timer}`);
  ensureBenchDeps();
  await buildRunners();

  let tools = makeTools(opts);
  const oursPresent = fs.existsSync(OURS);
  const skipped: string[] = [];
  if (!oursPresent) {
    skipped.push(`ours: ${path.relative(ROOT, OURS)} is missing (run \`npm run build\`); our tool was not measured`);
    tools = tools.filter((t) => t.kind !== 'ours');
  }
  const withSlow = opts.slow || opts.smoke;
  tools = tools.filter((t) => {
    if (t.id === 'remark-validate-links-root-absolute' && !opts.remarkRootAbsolute && !opts.smoke && !(opts.only ?? []).includes(t.id)) return false;
    if (t.slow && !withSlow && !(opts.only ?? []).includes(t.id)) return false;
    if (opts.only && !opts.only.includes(t.id)) return false;
    return !opts.skip.includes(t.id);
  });
  if (!withSlow) skipped.push('markdownlint-cli2 and remark-validate-links: slow, run with --slow');

  log(`corpus: ${corpus.name} (${corpus.markdownFiles} Markdown files, ${(corpus.bytes / 1e6).toFixed(1)} MB)`);
  log(`tools: ${tools.map((t) => t.id).join(', ')}; ${runs} run(s) each${withSlow ? ', slow tools once' : ''}; timer ${timer}`);
  for (const s of skipped) log(`skipped: ${s}`);

  const records = new Map<string, RunRecord[]>(tools.map((t) => [t.id, []]));
  const primeErrors = new Map<string, string>();
  for (const t of [...tools]) {
    if (!t.prime) continue;
    log(`priming ${t.id} (untimed) ...`);
    const err = t.prime(corpus.folder);
    if (err?.startsWith('skipped:')) {
      skipped.push(`${t.id}: ${err.slice(9)}`);
      log(`skipped: ${t.id}: ${err.slice(9)}`);
      tools = tools.filter((x) => x !== t);
    } else if (err) primeErrors.set(t.id, err);
  }
  const fast = tools.filter((t) => !t.slow && !primeErrors.has(t.id));
  const slow = tools.filter((t) => t.slow);
  const dead = new Set<string>();
  for (let round = 1; round <= runs; round++) {
    log(`round ${round}/${runs}`);
    const k = (round - 1) % Math.max(1, fast.length);
    for (const t of [...fast.slice(k), ...fast.slice(0, k)]) {
      if (dead.has(t.id)) continue;
      const r = timedRun(t, corpus.folder, timer, opts.timeoutMs, round);
      records.get(t.id)!.push(r);
      progress(t, r);
      if (!r.ok) dead.add(t.id);
    }
  }
  if (slow.length) log('slow tools (one run each)');
  for (const t of slow) {
    const r = timedRun(t, corpus.folder, timer, opts.timeoutMs, 1);
    records.get(t.id)!.push(r);
    progress(t, r);
  }

  const results = tools.map((t) => summarize(t, records.get(t.id)!, primeErrors.get(t.id)));
  const extraFailures: string[] = [];
  if (opts.smoke && corpus.manifest) {
    // A seeded handbook has broken links: a checker that reports none is not reading its output right.
    for (const r of results) {
      if (!r.failed && r.kind !== 'floor' && r.problems === 0) extraFailures.push(`${r.id} reported 0 problems on a handbook with ${corpus.manifest.seeded.total} seeded ones`);
    }
  }
  const report = {
    kind: opts.smoke ? 'smoke' : 'compare',
    environment: environment(timer),
    corpus: { ...corpus, folder: corpus.folder },
    runs,
    skipped,
    results,
    targets: targetChecks(results),
    failures: [...results.filter((r) => r.failed).map((r) => `${r.id}: ${r.error}`), ...extraFailures],
  };
  const md = markdownReport(report);
  fs.mkdirSync(RESULTS, { recursive: true });
  const base = opts.smoke ? 'smoke' : 'latest';
  fs.writeFileSync(path.join(RESULTS, `${base}.json`), JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(path.join(RESULTS, `${base}.md`), md);
  process.stdout.write('\n' + md);
  log(`\nwritten: ${path.relative(process.cwd(), path.join(RESULTS, `${base}.json`))} and .md`);
  if (report.failures.length) {
    log(`FAILED: ${report.failures.join('; ')}`);
    return 1;
  }
  return 0;
}

interface TargetCheck {
  name: string;
  value: string;
  target: string;
  pass: boolean | null;
}

function targetChecks(results: ToolResult[]): TargetCheck[] {
  const get = (id: string): ToolResult | undefined => results.find((r) => r.id === id && !r.failed);
  const cold = get('ours-cold');
  const warm = get('ours-warm');
  const mls = get('vscode-mls-cold');
  const checks: TargetCheck[] = [];
  const ratio = (a?: ToolResult, b?: ToolResult): number | null => (a?.medianWallS && b?.medianWallS ? b.medianWallS / a.medianWallS : null);
  const rc = ratio(cold, mls);
  checks.push({ name: 'cold check vs vscode-markdown-languageservice cold', value: rc === null ? 'n/a' : `${rc.toFixed(1)}x faster`, target: `>= ${TARGETS.coldRatio}x`, pass: rc === null ? null : rc >= TARGETS.coldRatio });
  const rw = ratio(warm, mls);
  checks.push({ name: 'warm check (on-disk cache) vs vscode-markdown-languageservice cold', value: rw === null ? 'n/a' : `${rw.toFixed(1)}x faster`, target: `>= ${TARGETS.warmRatio}x`, pass: rw === null ? null : rw >= TARGETS.warmRatio });
  const rss = [cold?.maxRssMB, warm?.maxRssMB].filter((x): x is number => typeof x === 'number');
  const peak = rss.length ? Math.max(...rss) : null;
  checks.push({ name: 'our peak RSS (largest run)', value: peak === null ? 'n/a' : `${peak.toFixed(0)} MB`, target: `<= ${TARGETS.rssMB} MB`, pass: peak === null ? null : peak <= TARGETS.rssMB });
  return checks;
}

function markdownReport(report: {
  kind: string;
  environment: Record<string, unknown>;
  corpus: CorpusInfo;
  runs: number;
  skipped: string[];
  results: ToolResult[];
  targets: TargetCheck[];
  failures: string[];
}): string {
  const env = report.environment;
  const ours = report.results.find((r) => r.id === 'ours-cold' && !r.failed);
  const lines: string[] = [];
  lines.push(`# Handbook Roles benchmark${report.kind === 'smoke' ? ' (smoke)' : ''}`, '');
  lines.push(`Corpus: \`${report.corpus.name}\`, ${report.corpus.markdownFiles} Markdown files, ${(report.corpus.bytes / 1e6).toFixed(1)} MB.  `);
  lines.push(`${env.date}, node ${env.node}, ${env.cpu}, ${env.memGiB} GiB, commit ${env.commit ?? '?'}, timer ${env.timer}.  `);
  lines.push(`Median of ${report.runs} interleaved run(s) per tool (slow tools: one run); every file read right before every run. Peak RSS: median of the runs' peaks.`, '');
  lines.push('| tool | median wall (s) | peak RSS (MB) | ratio to ours (cold) | problems reported | runs |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of report.results) {
    const ratio = ours?.medianWallS && r.medianWallS ? `${(r.medianWallS / ours.medianWallS).toFixed(1)}x` : '—';
    const label = r.wallNote ? `${r.label} ¹` : r.label;
    if (r.failed && r.medianWallS === null) {
      lines.push(`| ${label} | FAILED | | | | ${r.runs.length} |`);
      continue;
    }
    const probs = r.problems === null ? (r.kind === 'floor' ? 'n/a' : '—') : `${r.problems.toLocaleString('en-US')}${r.problemsVaried ? ' (varied)' : ''}`;
    lines.push(`| ${label} | ${fmtS(r.medianWallS)} | ${fmtMB(r.medianRssMB)} | ${ratio} | ${probs} | ${r.runs.filter((x) => x.ok).length}${r.failed ? ' (+failed)' : ''} |`);
  }
  const notes = report.results.filter((r) => r.wallNote);
  if (notes.length) lines.push('', ...notes.map((r) => `¹ ${r.label}: ${r.wallNote}.`));
  lines.push('', '## Targets', '', '| check | measured | target | result |', '| --- | ---: | ---: | --- |');
  for (const t of report.targets) lines.push(`| ${t.name} | ${t.value} | ${t.target} | ${t.pass === null ? 'not measured' : t.pass ? 'PASS' : 'FAIL'} |`);
  lines.push('', '## Problems by kind', '');
  for (const r of report.results) {
    const d = r.detail;
    const by = (d.byCode ?? d.byRule) as Record<string, number> | undefined;
    if (!by) continue;
    const entries = Object.entries(by).sort((a, b) => b[1] - a[1]);
    const shown = entries.slice(0, 8).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ');
    lines.push(`- ${r.label}: ${shown}${entries.length > 8 ? `, … (${entries.length} kinds)` : ''}${typeof d.linkProblems === 'number' ? `; link rule MD051: ${d.linkProblems}` : ''}`);
  }
  const mls = report.results.find((r) => r.id === 'vscode-mls-warm' && !r.failed);
  if (mls) lines.push(`- vscode-markdown-languageservice, in-process: cold pass ${mls.detail.coldMs} ms, warm pass ${mls.detail.warmMs} ms.`);
  if (report.corpus.manifest) {
    const s = report.corpus.manifest.seeded;
    lines.push('', `Seeded problems in this generated handbook: ${s.total} (${s.brokenPageLinks} links to missing pages, ${s.brokenAnchors} missing anchors, ${s.brokenIncludes} missing includes, ${s.brokenExtends} broken extends links). A precise checker reports these and nothing else; include files are counted once, however often included.`);
    const o = report.results.find((r) => r.kind === 'ours' && !r.failed);
    if (o && o.problems !== null) lines.push(`Ours reported ${o.problems} (${o.problems === s.total ? 'exactly the seeded number' : `${o.problems - s.total > 0 ? '+' : ''}${o.problems - s.total} against the seeded number`}).`);
  }
  if (report.skipped.length) lines.push('', 'Skipped:', ...report.skipped.map((s) => `- ${s}`));
  if (report.failures.length) lines.push('', 'Failures:', ...report.failures.map((s) => `- ${s}`));
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Scaling mode

async function scale(opts: Options): Promise<number> {
  const runs = opts.runs ?? 3;
  const timer = detectTimer();
  ensureBenchDeps();
  await buildRunners();
  const all = makeTools(opts);
  const tools = opts.scaleTools.map((id) => {
    const t = all.find((x) => x.id === id);
    if (!t) throw new Error(`unknown tool ${id} for --scale-tools (see --list)`);
    return t;
  });
  if (tools.some((t) => t.kind === 'ours') && !fs.existsSync(OURS)) {
    log(`${path.relative(ROOT, OURS)} is missing (run \`npm run build\`): nothing of ours to scale`);
    return 1;
  }
  const sizes = [...opts.sizes].sort((a, b) => a - b);
  const corpora = sizes.map((n) => ({ n, ...ensureCorpus(n, log) }));
  const rec = new Map<string, RunRecord[]>();
  const key = (t: Tool, n: number): string => `${t.id}@${n}`;
  for (let round = 1; round <= runs; round++) {
    log(`round ${round}/${runs}`);
    for (const c of round % 2 ? corpora : [...corpora].reverse()) {
      for (const t of tools) {
        // ours-warm needs its cache primed for this very corpus
        const primeError = t.prime?.(c.dir);
        if (primeError) {
          log(`  ${String(c.n).padStart(6)} pages  ${t.id.padEnd(20)} ${primeError}`);
          continue;
        }
        const r = timedRun(t, c.dir, timer, opts.timeoutMs, round);
        const list = rec.get(key(t, c.n)) ?? [];
        list.push(r);
        rec.set(key(t, c.n), list);
        log(`  ${String(c.n).padStart(6)} pages  ${t.id.padEnd(20)} ${r.ok ? `${fmtS(r.wallS)} s, ${fmtMB(r.rssKB === null ? null : r.rssKB / 1024)} MB, ${r.problems ?? '-'} problems` : `FAILED: ${r.error}`}`);
      }
    }
  }
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
  const out: Record<string, unknown>[] = [];
  const lines: string[] = ['# Scaling', '', `Generated handbooks (bench/generate.ts), median of ${runs} run(s) each, interleaved; every file read before every run. ${environment(timer).cpu}, node ${process.version}.`, ''];
  const wallSeries: { name: string; color: string; points: { x: number; y: number }[]; fit?: { a: number; b: number } }[] = [];
  const rssSeries: typeof wallSeries = [];
  let failed = false;
  tools.forEach((t, ti) => {
    const pts = corpora.map((c) => {
      const rs = (rec.get(key(t, c.n)) ?? []).filter((r) => r.ok);
      const rss = rs.map((r) => r.rssKB).filter((x): x is number => x !== null);
      return { n: c.n, files: c.manifest.files.total, mb: c.manifest.bytes / 1e6, seeded: c.manifest.seeded.total, wallS: rs.length ? median(rs.map((r) => r.wallS)) : NaN, rssMB: rss.length ? median(rss) / 1024 : NaN, problems: rs.length ? rs[rs.length - 1].problems : null, ok: rs.length > 0 };
    });
    if (pts.some((p) => !p.ok)) failed = true;
    const good = pts.filter((p) => p.ok);
    lines.push(`## ${t.label}`, '', '| pages | files | MB | median wall (s) | ms per 1k pages | peak RSS (MB) | problems (seeded) |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const p of pts) lines.push(`| ${p.n.toLocaleString('en-US')} | ${p.files} | ${p.mb.toFixed(0)} | ${p.ok ? fmtS(p.wallS) : 'FAILED'} | ${p.ok ? ((p.wallS * 1e6) / p.n).toFixed(0) : '—'} | ${p.ok ? p.rssMB.toFixed(0) : '—'} | ${p.problems ?? '—'} (${p.seeded}) |`);
    let verdict = 'not enough points';
    const fitWall = good.length >= 2 ? linearFit(good.map((p) => p.n), good.map((p) => p.wallS)) : null;
    const fitRss = good.length >= 2 ? linearFit(good.map((p) => p.n), good.map((p) => p.rssMB)) : null;
    let extrapolation: { predictedS: number; measuredS: number; deviation: number } | null = null;
    if (good.length >= 3) {
      const head = good.slice(0, -1);
      const last = good[good.length - 1];
      const f = linearFit(head.map((p) => p.n), head.map((p) => p.wallS));
      const predicted = f.a + f.b * last.n;
      extrapolation = { predictedS: predicted, measuredS: last.wallS, deviation: (last.wallS - predicted) / predicted };
    }
    if (fitWall) {
      const linear = fitWall.r2 >= 0.98 && (!extrapolation || Math.abs(extrapolation.deviation) <= 0.2);
      verdict = `${linear ? 'LINEAR' : 'NOT LINEAR'}: wall ≈ ${fitWall.a.toFixed(2)} s + ${(fitWall.b * 1000).toFixed(2)} ms/page, R² = ${fitWall.r2.toFixed(4)}`;
      if (extrapolation) verdict += `; the fit over the smaller sizes predicts ${fmtS(extrapolation.predictedS)} s at ${good[good.length - 1].n.toLocaleString('en-US')} pages, measured ${fmtS(extrapolation.measuredS)} s (${(extrapolation.deviation * 100).toFixed(0)} %)`;
      if (fitRss) verdict += `. Peak RSS ≈ ${fitRss.a.toFixed(0)} MB + ${(fitRss.b * 1000).toFixed(1)} MB per 1k pages (R² ${fitRss.r2.toFixed(3)})`;
    }
    lines.push('', verdict + '.', '');
    log(`${t.id}: ${verdict}`);
    wallSeries.push({ name: t.label, color: colors[ti % colors.length], points: good.map((p) => ({ x: p.n, y: p.wallS })), fit: fitWall ?? undefined });
    rssSeries.push({ name: t.label, color: colors[ti % colors.length], points: good.map((p) => ({ x: p.n, y: p.rssMB })), fit: fitRss ?? undefined });
    out.push({ tool: t.id, label: t.label, points: pts, fitWall, fitRss, extrapolation, verdict, runs: Object.fromEntries(corpora.map((c) => [c.n, rec.get(key(t, c.n))])) });
  });
  fs.mkdirSync(RESULTS, { recursive: true });
  const svg = chart('Handbook Roles: scaling on generated handbooks', [
    { title: 'Wall time', xLabel: 'pages', yLabel: 'seconds (median)', series: wallSeries },
    { title: 'Peak RSS', xLabel: 'pages', yLabel: 'MB (median of peaks)', series: rssSeries, limit: tools.some((t) => t.kind === 'ours') ? { y: TARGETS.rssMB, label: `${TARGETS.rssMB} MB target` } : undefined },
  ], `${new Date().toISOString().slice(0, 10)}, ${runs} run(s) per point, dashed: least-squares line`);
  fs.writeFileSync(path.join(RESULTS, 'scaling.svg'), svg);
  fs.writeFileSync(path.join(RESULTS, 'scaling.json'), JSON.stringify({ environment: environment(timer), sizes, results: out }, null, 2) + '\n');
  fs.writeFileSync(path.join(RESULTS, 'scaling.md'), lines.join('\n') + '\n');
  process.stdout.write('\n' + lines.join('\n') + '\n');
  log(`written: bench/results/scaling.{md,json,svg}`);
  return failed ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.list) {
    for (const t of makeTools(opts)) process.stdout.write(`${t.id.padEnd(38)} ${t.label}${t.slow ? '  [slow: --slow]' : ''}\n`);
    return 0;
  }
  return opts.scale ? scale(opts) : compare(opts);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(`bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
