// Whole-process measurement: wall time and peak RSS of one command (its children included).
// Preferred: GNU time (`/usr/bin/time -f '%e %M'`, Debian package `time`). Without it: a python3
// wrapper reading RUSAGE_CHILDREN. Without either: wall time only.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type TimerKind = 'gnu-time' | 'python-rusage' | 'wall-only';

export interface Measured {
  wallS: number; // measured around the spawn with hrtime
  rssKB: number | null; // peak resident set size of the process tree (largest process)
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const PY_WRAPPER = [
  'import resource, subprocess, sys',
  'p = subprocess.run(sys.argv[2:])',
  "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))",
  'sys.exit(p.returncode if p.returncode >= 0 else 128 - p.returncode)',
].join('\n');

export function detectTimer(): TimerKind {
  if (fs.existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'true'], { encoding: 'utf8' });
    if (r.status === 0 && /^\d+(\.\d+)? \d+\s*$/m.test(r.stderr)) return 'gnu-time';
  }
  const py = spawnSync('python3', ['-c', 'import resource'], { encoding: 'utf8' });
  if (py.status === 0) return 'python-rusage';
  return 'wall-only';
}

export function runMeasured(timer: TimerKind, cmd: readonly string[], opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Measured {
  const out = path.join(os.tmpdir(), `bench-time-${process.pid}-${Date.now()}.txt`);
  let argv: string[];
  if (timer === 'gnu-time') argv = ['/usr/bin/time', '-f', '%e %M', '-o', out, ...cmd];
  else if (timer === 'python-rusage') argv = ['python3', '-c', PY_WRAPPER, out, ...cmd];
  else argv = [...cmd];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: opts.timeoutMs,
    killSignal: 'SIGKILL',
  });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  let rssKB: number | null = null;
  try {
    const text = fs.readFileSync(out, 'utf8');
    // GNU time writes "Command exited with non-zero status N" before the format line.
    const m = timer === 'gnu-time' ? /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(text) : /^(\d+)/.exec(text);
    if (m) rssKB = Number(timer === 'gnu-time' ? m[2] : m[1]);
    fs.rmSync(out, { force: true });
  } catch {
    // no figure (wall-only, or the process was killed)
  }
  return {
    wallS,
    rssKB,
    status: r.status,
    signal: r.signal,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error ? `\n${String(r.error)}` : ''),
    timedOut: r.error !== undefined && /ETIMEDOUT/.test(String((r.error as NodeJS.ErrnoException).code)),
  };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Least-squares line y = a + b x, with R². */
export function linearFit(xs: readonly number[], ys: readonly number[]): { a: number; b: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((p, x) => p + x, 0) / n;
  const my = ys.reduce((p, y) => p + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  const a = my - b * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { a, b, r2 };
}

/** The p-th percentile (0-100) by nearest rank: a value that was measured, never interpolated. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
