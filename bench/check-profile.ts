// Where the time of one whole `handbook-roles check` process goes, by kind of work: the built
// dist/cli.js runs under V8's sampling profiler (`node --cpu-prof`), and each sample is put in the
// first kind its stack meets, from the innermost frame out (a heading slugified while scanning is
// scanning; a string shared while settling a file is sharing). bench/check-phases.ts times the
// phases in one process; this shows the whole process, start-up, garbage collector and output
// included, as a command line pays it. The profiler itself adds about 10 %.
//
//   node --import tsx bench/check-profile.ts [folder] [--mode cold|no-cache|warm] [--interval µs]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { oneFolder, parseBenchArgs, positiveInt, usageError } from './lib/args';
import { defaultHandbook } from './lib/corpus';

const CLI = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');

/** Function names (as the bundle keeps them; esbuild may add a digit) and the kind of work they are. */
const KINDS: [RegExp, string][] = [
  [/^\(garbage collector\)$/, 'garbage collector'],
  [/^contentHash\d*$/, 'content hash (SHA-1, for the cache)'],
  [/^decodeText\d*$/, 'decode (UTF-8, binary check)'],
  [/^readFrontMatter\d*$/, 'front matter'],
  [/^scanMarkdown\d*$/, 'scan (Markdown facts)'],
  [/^lineBoundsOf\d*$/, 'line tables'],
  [/^parsePage\d*$/, 'parse, the rest (extends, includes)'],
  [/^shareIn\d*$/, 'string sharing'],
  [/^loadFile\d*$/, 'read (open, stat, read)'],
  [/^surveyHandbook\d*$/, 'survey (Hugo config, listing, stats)'],
  [/^encodeFacts\d*$/, 'cache write'],
  [/^save\d*$/, 'cache write'],
  [/^readCacheFile\d*$/, 'cache read'],
  [/^unchangedCheck\d*$/, 'cache read'],
  [/^resolveLink\d*$/, 'link resolution'],
  [/^computeDiagnostics\d*$/, 'diagnostics, the rest'],
  [/^(deriveTables|storeRecord|build)\d*$/, 'index tables'],
  [/^(formatReport|formatJson|formatText|formatSarif|formatCodeQuality|writePieces)\d*$/, 'output'],
  [/^(toFinding|compareFindings)\d*$/, 'findings'],
  [/^write\d*$/, 'write (findings store, report)'],
  [/^Module\._load$/, 'start-up (loading the program)'],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function main(): void {
  const { values, positionals } = parseBenchArgs(import.meta.url, { mode: { type: 'string' }, interval: { type: 'string' } });
  const mode = values.mode ?? 'cold';
  if (!['cold', 'no-cache', 'warm'].includes(mode)) usageError(`--mode is cold, no-cache or warm (got ${mode})`);
  const interval = positiveInt(values.interval, '--interval') ?? 250;
  const folder = oneFolder(positionals) ?? defaultHandbook();
  if (!folder) usageError('give a handbook folder');
  if (!fs.existsSync(CLI)) usageError('no dist/cli.js: run `npm run build` first');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'check-profile-'));
  const cacheDir = path.join(scratch, 'cache');
  const cacheArgs = mode === 'no-cache' ? ['--no-cache'] : ['--cache-dir', cacheDir];
  const check = (profile: boolean) =>
    spawnSync(process.execPath, [...(profile ? ['--cpu-prof', '--cpu-prof-dir', scratch, '--cpu-prof-interval', String(interval)] : []), CLI, 'check', folder, '--format', 'json', ...cacheArgs], {
      // The whole report is written, as the benchmarks have it; the summary on stderr is not wanted here.
      stdio: ['ignore', 'ignore', 'ignore'],
    });
  if (mode === 'warm') check(false);
  check(true);
  const file = fs.readdirSync(scratch).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('the check left no profile');
  const profile = JSON.parse(fs.readFileSync(path.join(scratch, file), 'utf8')) as Profile;
  fs.rmSync(scratch, { recursive: true, force: true });

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const kindOfNode = new Map<number, string>();
  const kindOf = (id: number): string => {
    const known = kindOfNode.get(id);
    if (known) return known;
    const name = byId.get(id)!.callFrame.functionName;
    const parent = parentOf.get(id);
    const kind = KINDS.find(([pattern]) => pattern.test(name))?.[1] ?? (parent === undefined ? 'other (idle, program)' : kindOf(parent));
    kindOfNode.set(id, kind);
    return kind;
  };
  const totals = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    totals.set(kindOf(id), (totals.get(kindOf(id)) ?? 0) + ms);
    total += ms;
  });
  console.log(`${mode} check of ${folder}: ${total.toFixed(0)} ms sampled`);
  for (const [kind, ms] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)} %`);
}

main();
