// Benchmark harness: Handbook Roles' `check` against the tools handbook authors use today, then
// the language server (bench/lsp.ts); with --scale, our cold check on generated handbooks.
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
//   --no-lsp               skip the language-server benchmark (npm run bench:lsp runs it alone)
//   --smoke                generated 150-page handbook, 1 run, every tool including the slow ones,
//                          and a short language-server run (about a minute); exits non-zero only
//                          when a tool fails to run (CI), never on a time
//   --scale                our cold check on generated handbooks of 1k/5k/20k/50k pages and on the
//                          real corpus, side by side: wall and peak RSS, growth, the language
//                          server's start → ready up to 20k; plot in bench/results/scaling.svg
//   --sizes 1000,5000,...  sizes for --scale;  --large-runs N  runs above 20k pages (default 3)
//   --scale-tools ours-cold,vscode-mls-cold   tools for --scale (default ours-cold)
//   --timeout-min M        kill a run after M minutes (default 40)
//
// Method (shared/notes/benchmarking.md): tools run interleaved (A B C A B C ..., the order
// rotating each round), every file of the handbook and of the tools is read right before every
// timed run (the kernel drops idle file cache), each run is one whole process measured with
// `/usr/bin/time -f '%e %M'`, and the tables give medians. Each tool's findings are judged: on a
// generated handbook against the problems seeded in it, elsewhere by Hugo's plain URL and {#id}
// rules (bench/lib/findings.ts). Results: bench/results/compare.{json,md}, scaling.*, and the
// README section bench/results/latest.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCorpus, seededProblems, type Manifest } from './generate';
import { list, oneFolder, parseBenchArgs, positiveInt, usageError } from './lib/args';
import { defaultHandbook, handbookMarkdown } from './lib/corpus';
import { judgeByHugoRules, judgeBySeeded, type Finding, type Judgement } from './lib/findings';
import { writeLatest } from './lib/latest';
import { detectTimer, linearFit, median } from './lib/measure';
import { chart, type Series } from './lib/svg';
import {
  buildRunners,
  ensureBenchDeps,
  environment,
  fmtMB,
  fmtS,
  log,
  makeTools,
  OURS,
  progress,
  RESULTS,
  ROOT,
  SMOKE_PAGES,
  summarize,
  timedRun,
  type Environment,
  type RunRecord,
  type Tool,
  type ToolResult,
} from './lib/tools';
import { lspBench, lspMarkdown, startTimed, writeLspResults } from './lsp';

// Targets from issue 16 (issue 3's were 5×, 15×, 200 MB and 1.5 GB at 50k pages).
const TARGETS = { coldRatio: 8, warmRatio: 30, floorRatio: 2, rssMB: 150, scaleRatio: 12, scaleRssMB: 700, growthExponent: 1.1 };
const LSP_SCALE_LIMIT = 20_000;

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  folder?: string;
  pages?: number;
  runs?: number;
  largeRuns: number;
  slow: boolean;
  remarkRootAbsolute: boolean;
  only?: string[];
  skip: string[];
  lsp: boolean;
  smoke: boolean;
  scale: boolean;
  sizes: number[];
  scaleTools: string[];
  timeoutMs: number;
  list: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values: v, positionals } = parseBenchArgs(
    import.meta.url,
    {
      runs: { type: 'string' },
      'large-runs': { type: 'string' },
      pages: { type: 'string' },
      slow: { type: 'boolean' },
      'remark-root-absolute': { type: 'boolean' },
      only: { type: 'string' },
      skip: { type: 'string' },
      'no-lsp': { type: 'boolean' },
      smoke: { type: 'boolean' },
      scale: { type: 'boolean' },
      sizes: { type: 'string' },
      'scale-tools': { type: 'string' },
      'timeout-min': { type: 'string' },
      list: { type: 'boolean' },
    },
    argv,
  );
  const pages = v.pages === undefined ? undefined : Number(v.pages);
  if (pages !== undefined && !(Number.isInteger(pages) && pages >= 50)) usageError('--pages needs an integer >= 50');
  const sizes = v.sizes === undefined ? [1000, 5000, 20000, 50000] : list(v.sizes).map(Number);
  if (sizes.some((n) => !(Number.isInteger(n) && n >= 50))) usageError('--sizes needs integers >= 50');
  return {
    folder: oneFolder(positionals),
    pages,
    runs: positiveInt(v.runs, '--runs'),
    largeRuns: positiveInt(v['large-runs'], '--large-runs') ?? 3,
    slow: v.slow ?? false,
    remarkRootAbsolute: v['remark-root-absolute'] ?? false,
    only: v.only === undefined ? undefined : list(v.only),
    skip: v.skip === undefined ? [] : list(v.skip),
    lsp: !v['no-lsp'],
    smoke: v.smoke ?? false,
    scale: v.scale ?? false,
    sizes,
    scaleTools: v['scale-tools'] === undefined ? ['ours-cold'] : list(v['scale-tools']),
    timeoutMs: Number(v['timeout-min'] ?? 40) * 60_000,
    list: v.list ?? false,
  };
}

// ---------------------------------------------------------------------------------------------
// The handbook

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
    const { dir, manifest } = ensureCorpus(SMOKE_PAGES, log);
    return describeCorpus(dir, manifest);
  }
  if (opts.folder) {
    if (!fs.existsSync(opts.folder)) throw new Error(`no such folder: ${opts.folder}`);
    const mf = path.join(opts.folder, 'bench-manifest.json');
    return describeCorpus(opts.folder, fs.existsSync(mf) ? (JSON.parse(fs.readFileSync(mf, 'utf8')) as Manifest) : null);
  }
  if (opts.pages === undefined) {
    const real = defaultHandbook();
    if (real) return describeCorpus(real, null);
    log('the real corpus (shared/corpus/handbook-ja) is not here; using a generated 5,000-page handbook');
  }
  const { dir, manifest } = ensureCorpus(opts.pages ?? 5000, log);
  return describeCorpus(dir, manifest);
}

/** Judges a tool's findings: against the seeded problems of a generated handbook, else by Hugo's rules. */
function judge(folder: string, findings: Finding[]): Judgement {
  const seeded = seededProblems(folder);
  return seeded ? judgeBySeeded(folder, findings, seeded) : judgeByHugoRules(folder, findings);
}

// ---------------------------------------------------------------------------------------------
// Comparison mode (default and --smoke)

interface CompareResult extends ToolResult {
  judgement: Judgement | null;
}

async function compare(opts: Options): Promise<number> {
  const corpus = resolveCorpus(opts);
  const runs = opts.smoke ? 1 : (opts.runs ?? 5);
  const timer = detectTimer();
  if (timer !== 'gnu-time') log(`note: /usr/bin/time not found (apt-get install time); measuring with ${timer}`);
  if (!fs.existsSync(OURS)) throw new Error(`${path.relative(ROOT, OURS)} is missing: run \`npm run build\``);
  ensureBenchDeps();
  await buildRunners();

  const withSlow = opts.slow || opts.smoke;
  const skipped: string[] = [];
  const tools = makeTools(opts.timeoutMs).filter((t) => {
    const asked = (opts.only ?? []).includes(t.id);
    if (t.id === 'remark-validate-links-root-absolute' && !opts.remarkRootAbsolute && !opts.smoke && !asked) return false;
    if (t.slow && !withSlow && !asked) return false;
    if (opts.only && !asked) return false;
    return !opts.skip.includes(t.id);
  });
  if (!withSlow) skipped.push('markdownlint-cli2 and remark-validate-links: slow, run with --slow');

  log(`corpus: ${corpus.name} (${corpus.markdownFiles} Markdown files, ${(corpus.bytes / 1e6).toFixed(1)} MB)`);
  log(`tools: ${tools.map((t) => t.id).join(', ')}; ${runs} run(s) each${withSlow ? ', slow tools once' : ''}; timer ${timer}`);
  for (const s of skipped) log(`skipped: ${s}`);

  const records = new Map<string, RunRecord[]>(tools.map((t) => [t.id, []]));
  const lastFindings = new Map<string, Finding[]>();
  const primeErrors = new Map<string, string>();
  for (const t of tools) {
    if (!t.prime) continue;
    log(`priming ${t.id} (untimed) ...`);
    const err = t.prime(corpus.folder);
    if (err) primeErrors.set(t.id, err);
  }
  const run = (t: Tool, round: number): boolean => {
    const { record, findings } = timedRun(t, corpus.folder, timer, opts.timeoutMs, round);
    records.get(t.id)!.push(record);
    if (findings) lastFindings.set(t.id, findings);
    progress(t, record);
    return record.ok;
  };
  const fast = tools.filter((t) => !t.slow && !primeErrors.has(t.id));
  const dead = new Set<string>();
  for (let round = 1; round <= runs; round++) {
    log(`round ${round}/${runs}`);
    const k = (round - 1) % Math.max(1, fast.length);
    for (const t of [...fast.slice(k), ...fast.slice(0, k)]) if (!dead.has(t.id) && !run(t, round)) dead.add(t.id);
  }
  const slow = tools.filter((t) => t.slow);
  if (slow.length) log('slow tools (one run each)');
  for (const t of slow) run(t, 1);

  const results: CompareResult[] = tools.map((t) => {
    const findings = lastFindings.get(t.id);
    return { ...summarize(t, records.get(t.id)!, primeErrors.get(t.id)), judgement: findings && t.kind !== 'floor' ? judge(corpus.folder, findings) : null };
  });
  const failures = results.filter((r) => r.failed).map((r) => `${r.id}: ${r.error}`);
  if (corpus.manifest) {
    // A seeded handbook has broken links: a checker that reports none is not being read right.
    for (const r of results) if (!r.failed && r.kind !== 'floor' && r.problems === 0) failures.push(`${r.id} reported 0 problems on a handbook with ${corpus.manifest.seeded.total} seeded ones`);
  }
  const report = {
    kind: opts.smoke ? 'smoke' : 'compare',
    environment: environment(timer),
    corpus,
    runs,
    skipped,
    results,
    targets: targetChecks(results),
    failures,
  };
  const md = compareMarkdown(report);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `${report.kind}.json`), JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(path.join(RESULTS, `${report.kind}.md`), md);
  process.stdout.write('\n' + md);
  log(`written: bench/results/${report.kind}.{json,md}`);

  if (opts.lsp) {
    const lsp = await lspBench(
      opts.smoke
        ? { folder: corpus.folder, runs: 1, positions: 40, edits: 10, renames: 10, moves: 3, seed: 1, peers: false, smoke: true }
        : { folder: corpus.folder, runs, positions: 250, edits: 40, renames: 40, moves: 10, seed: 1, peers: true, smoke: false },
    );
    writeLspResults(lsp);
    process.stdout.write('\n' + lspMarkdown(lsp));
    failures.push(...lsp.failures.map((f) => `language server: ${f}`));
  }
  if (!opts.smoke) {
    writeLatest();
    log('written: bench/results/latest.md (the README section)');
  }
  if (failures.length) {
    log(`FAILED: ${failures.join('; ')}`);
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
  const ratio = (a?: ToolResult, b?: ToolResult): number | null => (a?.medianWallS && b?.medianWallS ? b.medianWallS / a.medianWallS : null);
  const faster = (name: string, r: number | null, target: number): TargetCheck => ({
    name,
    value: r === null ? 'n/a' : `${r.toFixed(1)}× faster`,
    target: `≥ ${target}×`,
    pass: r === null ? null : r >= target,
  });
  const floor = get('floor-front-matter');
  const overFloor = ratio(floor, cold);
  const rss = [cold?.maxRssMB, warm?.maxRssMB].filter((x): x is number => typeof x === 'number');
  const peak = rss.length ? Math.max(...rss) : null;
  return [
    faster('cold check vs vscode-markdown-languageservice cold', ratio(cold, mls), TARGETS.coldRatio),
    faster('warm check vs vscode-markdown-languageservice cold', ratio(warm, mls), TARGETS.warmRatio),
    {
      name: 'cold check vs the floor (read + our front matter reader)',
      value: overFloor === null ? 'n/a' : `${overFloor.toFixed(1)}× the floor`,
      target: `≤ ${TARGETS.floorRatio}×`,
      pass: overFloor === null ? null : overFloor <= TARGETS.floorRatio,
    },
    { name: 'our peak RSS (largest cold or warm run)', value: peak === null ? 'n/a' : `${peak.toFixed(0)} MB`, target: `≤ ${TARGETS.rssMB} MB`, pass: peak === null ? null : peak <= TARGETS.rssMB },
  ];
}

/**
 * What the cold ratios can reach at best: our parser alone over every file (floor-parse), with
 * nothing indexed, resolved, checked, cached or written, set against the same floor and peer.
 */
function parserBound(results: readonly ToolResult[]): string | null {
  const wall = (id: string): number | null => results.find((r) => r.id === id && !r.failed)?.medianWallS ?? null;
  const [parse, floor, mls] = [wall('floor-parse'), wall('floor-front-matter'), wall('vscode-mls-cold')];
  if (parse === null || floor === null) return null;
  const againstPeer = mls === null ? '' : `, ${(mls / parse).toFixed(1)}× faster than vscode-markdown-languageservice cold`;
  return `Our parser alone, every file read and parsed and nothing else done (\`floor: our parser every file\`), takes ${fmtS(parse)} s: ${(parse / floor).toFixed(1)}× the floor${againstPeer}. No cold check built on it can do better than that.`;
}

const pct = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(part === whole || part === 0 ? 0 : 1)} %`);
const int = (n: number): string => n.toLocaleString('en-US');
/** A millisecond figure a peer runner reported (a number, or null when it did not measure it). */
const ms = (v: unknown): string => (typeof v === 'number' ? String(v) : '—');

function compareMarkdown(report: {
  kind: string;
  environment: Environment;
  corpus: CorpusInfo;
  runs: number;
  skipped: string[];
  results: CompareResult[];
  targets: TargetCheck[];
  failures: string[];
}): string {
  const env = report.environment;
  const ours = report.results.find((r) => r.id === 'ours-cold' && !r.failed);
  const seeded = report.corpus.manifest !== null;
  const lines: string[] = [];
  lines.push(`### Against the tools authors use today${report.kind === 'smoke' ? ' (smoke)' : ''}`, '');
  lines.push(
    `\`${report.corpus.name}\`: ${int(report.corpus.markdownFiles)} Markdown files, ${(report.corpus.bytes / 1e6).toFixed(1)} MB. ${env.date}, node ${env.node}, ${env.cpu}, ${env.memGiB} GiB, commit ${env.commit ?? '?'}.`,
  );
  lines.push(
    `Each tool is one whole process; median of ${report.runs} interleaved run(s) (slow tools: one run); every file read right before every run; peak RSS is the median of the runs' peaks.`,
    '',
  );
  lines.push('| tool | median wall (s) | peak RSS (MB) | × ours cold | problems reported | runs |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of report.results) {
    const ratio = ours?.medianWallS && r.medianWallS ? `${(r.medianWallS / ours.medianWallS).toFixed(1)}` : '—';
    const label = r.wallNote ? `${r.label} ¹` : r.label;
    if (r.failed && r.medianWallS === null) {
      lines.push(`| ${label} | FAILED | | | | ${r.runs.length} |`);
      continue;
    }
    const probs = r.problems === null ? (r.kind === 'floor' ? 'n/a' : '—') : `${int(r.problems)}${r.problemsVaried ? ' (varied)' : ''}`;
    lines.push(`| ${label} | ${fmtS(r.medianWallS)} | ${fmtMB(r.medianRssMB)} | ${ratio} | ${probs} | ${r.runs.filter((x) => x.ok).length}${r.failed ? ' (+failed)' : ''} |`);
  }
  const notes = report.results.filter((r) => r.wallNote);
  if (notes.length) lines.push('', ...notes.map((r) => `¹ ${r.wallNote}.`));
  lines.push('', '| target (issue 16) | measured | target | result |', '| --- | ---: | ---: | --- |');
  for (const t of report.targets) lines.push(`| ${t.name} | ${t.value} | ${t.target} | ${t.pass === null ? 'not measured' : t.pass ? 'PASS' : 'FAIL'} |`);
  const bound = parserBound(report.results);
  if (bound) lines.push('', bound);

  lines.push('', '#### How many of the reported problems are real', '');
  if (seeded) {
    const s = report.corpus.manifest!.seeded;
    lines.push(
      `This handbook is generated with ${int(s.total)} problems seeded on purpose (${s.brokenPageLinks} links to missing pages, ${s.brokenAnchors} missing anchors, ${s.brokenIncludes} missing includes, ${s.brokenExtends} broken extends links) and no others: a finding is true when it is at a seeded problem's line and names its reference, false otherwise. Found = seeded problems at least one finding points at (only ours knows include shortcodes).`,
      '',
    );
  } else {
    lines.push(
      'A finding is counted false only when Hugo\'s plain rules prove it: the page it calls missing exists (`x.md`, `x/_index.md` or `x/index.md` is served at `/x/`), or the anchor it calls missing is written as `{#id}` or `id="…"` in the target page. Auto-generated heading ids, aliases and mounts are not judged, so the false share is a lower bound. Style findings are not about references and are left out.',
      '',
    );
  }
  lines.push(`| tool | findings | about a page, anchor or include | false | share false | ${seeded ? 'seeded found' : 'proven false because'} |`, '| --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of report.results) {
    const j = r.judgement;
    if (!j) continue;
    const last = seeded
      ? `${j.recall!.found} of ${j.recall!.seeded}`
      : Object.entries(j.reasons)
          .map(([why, n]) => `${int(n)}: ${why}`)
          .join('; ') || '—';
    lines.push(`| ${r.label} | ${int(j.findings)} | ${int(j.references)} | ${seeded ? '' : '≥ '}${int(j.provenFalse)} | ${seeded ? '' : '≥ '}${pct(j.provenFalse, j.references)} | ${last} |`);
  }
  lines.push('', 'By kind (findings, of them false):', '');
  for (const r of report.results) {
    const j = r.judgement;
    const by = (r.detail.byCode ?? r.detail.byRule) as Record<string, number> | undefined;
    if (!j || !by) continue;
    const entries = Object.entries(by).sort((a, b) => b[1] - a[1]);
    const shown = entries.slice(0, 8).map(([code, n]) => `${code} ${int(n)}${j.byCode[code] ? ` (${int(j.byCode[code].provenFalse)} false)` : ''}`);
    lines.push(`- ${r.label}: ${shown.join(', ')}${entries.length > 8 ? `, … (${entries.length} kinds)` : ''}`);
  }
  const mls = report.results.find((r) => r.id === 'vscode-mls-warm' && !r.failed);
  if (mls) lines.push(`- vscode-markdown-languageservice in-process: cold pass ${ms(mls.detail.coldMs)} ms, warm pass ${ms(mls.detail.warmMs)} ms.`);
  if (report.skipped.length) lines.push('', 'Skipped:', ...report.skipped.map((s) => `- ${s}`));
  if (report.failures.length) lines.push('', 'Failures:', ...report.failures.map((s) => `- ${s}`));
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Scaling mode

interface ScalePoint {
  name: string;
  pages: number; // Markdown files for the real corpus
  generated: boolean;
  files: number;
  mb: number;
  seeded: number | null;
  wallS: number;
  rssMB: number;
  runs: number;
  problems: number | null;
  readyMs: number | null;
  serverRssMB: number | null;
}

async function scale(opts: Options): Promise<number> {
  const timer = detectTimer();
  if (!fs.existsSync(OURS)) throw new Error(`${path.relative(ROOT, OURS)} is missing: run \`npm run build\``);
  ensureBenchDeps();
  await buildRunners();
  const all = makeTools(opts.timeoutMs);
  const tools = opts.scaleTools.map((id) => {
    const t = all.find((x) => x.id === id);
    if (!t) throw new Error(`unknown tool ${id} for --scale-tools (see --list)`);
    return t;
  });
  const smallRuns = opts.runs ?? 3;
  const runsAt = (n: number): number => (n > LSP_SCALE_LIMIT ? opts.largeRuns : smallRuns);
  const real = defaultHandbook();
  // Typed here, not inferred from the generated ones: the real corpus joins them with no manifest.
  const corpora: { name: string; n: number; dir: string; manifest: Manifest | null }[] = [...opts.sizes]
    .sort((a, b) => a - b)
    .map((n) => {
      const { dir, manifest } = ensureCorpus(n, log);
      return { name: `${n.toLocaleString('en-US')} generated`, n, dir, manifest };
    });
  if (real) corpora.push({ name: 'real corpus', n: handbookMarkdown(real).length, dir: real, manifest: null });
  const rounds = Math.max(...corpora.map((c) => runsAt(c.n)));
  const rec = new Map<string, RunRecord[]>();
  const ready = new Map<string, { ms: number; rssMB: number | null }[]>();
  const failures: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    log(`round ${round}/${rounds}`);
    for (const c of round % 2 ? corpora : [...corpora].reverse()) {
      if (round > runsAt(c.n)) continue;
      for (const t of tools) {
        const primeError = t.prime?.(c.dir);
        if (primeError) {
          failures.push(`${t.id} on ${c.name}: ${primeError}`);
          continue;
        }
        const { record } = timedRun(t, c.dir, timer, opts.timeoutMs, round);
        rec.set(`${t.id}@${c.name}`, [...(rec.get(`${t.id}@${c.name}`) ?? []), record]);
        if (!record.ok) failures.push(`${t.id} on ${c.name}: ${record.error}`);
        log(
          `  ${c.name.padStart(16)}  ${t.id.padEnd(16)} ${record.ok ? `${fmtS(record.wallS)} s, ${fmtMB(record.rssKB === null ? null : record.rssKB / 1024)} MB, ${record.problems ?? '-'} problems` : `FAILED: ${record.error}`}`,
        );
      }
      if (opts.lsp && c.n <= LSP_SCALE_LIMIT) {
        const { session, ready: r } = await startTimed(c.dir);
        await session.stop();
        ready.set(c.name, [...(ready.get(c.name) ?? []), { ms: r.ms, rssMB: r.serverPeakRssMB }]);
        log(`  ${c.name.padStart(16)}  ${'language server'.padEnd(16)} start → ready ${r.ms.toFixed(0)} ms, ${fmtMB(r.serverPeakRssMB)} MB`);
      }
    }
  }

  const lines: string[] = ['### Scale', ''];
  lines.push(
    `Generated handbooks (\`bench/generate.ts\`: the real corpus' page sizes, link mix and folder depths, job families whose levels extend each other, careers-matrix pages with includes, problems seeded at known places) and the real corpus, side by side in one run. ${smallRuns} run(s) per point up to ${LSP_SCALE_LIMIT.toLocaleString('en-US')} pages, ${opts.largeRuns} above; medians; every file read before every run. ${environment(timer).cpu}, node ${process.version}, commit ${environment(timer).commit ?? '?'}.`,
    '',
  );
  const out: Record<string, unknown>[] = [];
  const wallSeries: Series[] = [];
  const rssSeries: Series[] = [];
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
  tools.forEach((t, ti) => {
    const points: ScalePoint[] = corpora.map((c) => {
      const rs = (rec.get(`${t.id}@${c.name}`) ?? []).filter((r) => r.ok);
      const rss = rs.map((r) => r.rssKB).filter((x): x is number => x !== null);
      const rd = ready.get(c.name) ?? [];
      const rdRss = rd.map((r) => r.rssMB).filter((x): x is number => x !== null);
      return {
        name: c.name,
        pages: c.n,
        generated: c.manifest !== null,
        files: c.manifest?.files.total ?? c.n,
        mb: c.manifest ? c.manifest.bytes / 1e6 : handbookMarkdown(c.dir).reduce((a, f) => a + fs.statSync(f).size, 0) / 1e6,
        seeded: c.manifest?.seeded.total ?? null,
        wallS: rs.length ? median(rs.map((r) => r.wallS)) : NaN,
        rssMB: rss.length ? median(rss) / 1024 : NaN,
        runs: rs.length,
        problems: rs.length ? rs[rs.length - 1].problems : null,
        readyMs: rd.length ? median(rd.map((r) => r.ms)) : null,
        serverRssMB: rdRss.length ? median(rdRss) : null,
      };
    });
    const gen = points.filter((p) => p.generated && p.runs > 0);
    const corpusPoint = points.find((p) => !p.generated && p.runs > 0);
    lines.push(`#### ${t.label}`, '');
    lines.push('| handbook | pages | MB | median wall (s) | ms / 1k pages | growth exponent ² | peak RSS (MB) | MB / 1k pages | server start → ready (ms) | server RSS (MB) | problems (seeded) |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    let prev: ScalePoint | undefined;
    const exponents: { from: number; to: number; wall: number; rss: number }[] = [];
    for (const p of points) {
      let exponent = '—';
      if (p.generated && prev && p.runs > 0) {
        const e = { from: prev.pages, to: p.pages, wall: Math.log(p.wallS / prev.wallS) / Math.log(p.pages / prev.pages), rss: Math.log(p.rssMB / prev.rssMB) / Math.log(p.pages / prev.pages) };
        exponents.push(e);
        exponent = `${e.wall.toFixed(2)} (RSS ${e.rss.toFixed(2)})`;
      }
      if (p.generated && p.runs > 0) prev = p;
      const ok = p.runs > 0;
      lines.push(
        `| ${p.name} | ${int(p.pages)} | ${p.mb.toFixed(0)} | ${ok ? fmtS(p.wallS) : 'FAILED'} | ${ok ? ((p.wallS * 1e6) / p.pages).toFixed(0) : '—'} | ${exponent} | ${ok ? p.rssMB.toFixed(0) : '—'} | ${ok ? ((p.rssMB * 1000) / p.pages).toFixed(1) : '—'} | ${p.readyMs?.toFixed(0) ?? '—'} | ${p.serverRssMB?.toFixed(0) ?? '—'} | ${p.problems ?? '—'}${p.seeded === null ? '' : ` (${p.seeded})`} |`,
      );
    }
    const fitWall =
      gen.length >= 2
        ? linearFit(
            gen.map((p) => p.pages),
            gen.map((p) => p.wallS),
          )
        : null;
    const fitRss =
      gen.length >= 2
        ? linearFit(
            gen.map((p) => p.pages),
            gen.map((p) => p.rssMB),
          )
        : null;
    lines.push('', '² log(t₂/t₁) / log(n₂/n₁) from the size before: 1.0 is linear growth, below 1 fixed costs still count, above 1 worse than linear.', '');
    if (fitWall && fitRss)
      lines.push(
        `Least squares over the generated sizes: wall ≈ ${fitWall.a.toFixed(2)} s + ${(fitWall.b * 1e6).toFixed(0)} ms per 1k pages (R² ${fitWall.r2.toFixed(3)}); peak RSS ≈ ${fitRss.a.toFixed(0)} MB + ${(fitRss.b * 1000).toFixed(1)} MB per 1k pages (R² ${fitRss.r2.toFixed(3)}).`,
        '',
      );
    if (t.kind === 'ours') {
      const largest = gen[gen.length - 1];
      const checks: TargetCheck[] = [];
      const worst = exponents.filter((e) => e.from >= 5000);
      if (worst.length) {
        const w = Math.max(...worst.map((e) => e.wall));
        const r = Math.max(...worst.map((e) => e.rss));
        checks.push({
          name: 'growth from 5k pages up, worst exponent (time, RSS)',
          value: `${w.toFixed(2)}, ${r.toFixed(2)}`,
          target: `≤ ${TARGETS.growthExponent} (linear, with noise)`,
          pass: w <= TARGETS.growthExponent && r <= TARGETS.growthExponent,
        });
      }
      if (largest && corpusPoint) {
        const ratio = largest.wallS / corpusPoint.wallS;
        checks.push({
          name: `${int(largest.pages)} pages cold ÷ real corpus (${int(corpusPoint.pages)} files) cold`,
          value: `${ratio.toFixed(1)}×`,
          target: `≤ ${TARGETS.scaleRatio}×`,
          pass: ratio <= TARGETS.scaleRatio,
        });
      }
      if (largest)
        checks.push({ name: `peak RSS at ${int(largest.pages)} pages`, value: `${largest.rssMB.toFixed(0)} MB`, target: `≤ ${TARGETS.scaleRssMB} MB`, pass: largest.rssMB <= TARGETS.scaleRssMB });
      lines.push('| target (issue 16) | measured | target | result |', '| --- | ---: | ---: | --- |');
      for (const c of checks) lines.push(`| ${c.name} | ${c.value} | ${c.target} | ${c.pass ? 'PASS' : 'FAIL'} |`);
      lines.push('');
      out.push({ tool: t.id, checks });
    }
    wallSeries.push({ name: t.label, color: colors[ti % colors.length], points: gen.map((p) => ({ x: p.pages, y: p.wallS })), fit: fitWall ?? undefined });
    rssSeries.push({ name: t.label, color: colors[ti % colors.length], points: gen.map((p) => ({ x: p.pages, y: p.rssMB })), fit: fitRss ?? undefined });
    if (corpusPoint) {
      wallSeries.push({ name: `${t.id}: real corpus`, color: '#ff7f0e', points: [{ x: corpusPoint.pages, y: corpusPoint.wallS }] });
      rssSeries.push({ name: `${t.id}: real corpus`, color: '#ff7f0e', points: [{ x: corpusPoint.pages, y: corpusPoint.rssMB }] });
    }
    if (ti === 0 && ready.size) {
      const withReady = gen.filter((p) => p.readyMs !== null);
      wallSeries.push({ name: 'language server: start → ready', color: '#2ca02c', points: withReady.map((p) => ({ x: p.pages, y: p.readyMs! / 1000 })) });
      rssSeries.push({ name: 'language server: peak RSS at ready', color: '#2ca02c', points: withReady.filter((p) => p.serverRssMB !== null).map((p) => ({ x: p.pages, y: p.serverRssMB! })) });
    }
    out.push({ tool: t.id, label: t.label, points, fitWall, fitRss, exponents, runs: Object.fromEntries(corpora.map((c) => [c.name, rec.get(`${t.id}@${c.name}`)])) });
  });
  lines.push('![Scaling: wall time and peak RSS against pages](bench/results/scaling.svg)', '');
  if (failures.length) lines.push('Failures:', ...failures.map((f) => `- ${f}`), '');

  fs.mkdirSync(RESULTS, { recursive: true });
  const svg = chart(
    'Handbook Roles: scaling on generated handbooks',
    [
      { title: 'Wall time', xLabel: 'pages', yLabel: 'seconds (median)', series: wallSeries },
      { title: 'Peak RSS', xLabel: 'pages', yLabel: 'MB (median of peaks)', series: rssSeries, limit: { y: TARGETS.scaleRssMB, label: `${TARGETS.scaleRssMB} MB target` } },
    ],
    `${new Date().toISOString().slice(0, 10)}, medians, dashed: least-squares line over the generated sizes`,
  );
  fs.writeFileSync(path.join(RESULTS, 'scaling.svg'), svg);
  fs.writeFileSync(
    path.join(RESULTS, 'scaling.json'),
    JSON.stringify({ environment: environment(timer), sizes: opts.sizes, results: out, ready: Object.fromEntries(ready), failures }, null, 2) + '\n',
  );
  fs.writeFileSync(path.join(RESULTS, 'scaling.md'), lines.join('\n') + '\n');
  writeLatest();
  process.stdout.write('\n' + lines.join('\n') + '\n');
  log('written: bench/results/scaling.{md,json,svg} and latest.md');
  return failures.length ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.list) {
    for (const t of makeTools(opts.timeoutMs)) process.stdout.write(`${t.id.padEnd(38)} ${t.label}${t.slow ? '  [slow: --slow]' : ''}\n`);
    return 0;
  }
  return opts.scale ? scale(opts) : compare(opts);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(2);
  },
);
