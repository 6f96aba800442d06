// Peer (slow, opt-in): markdownlint-cli2 over every Markdown file of the handbook, with its default
// configuration (every rule on), as an author would run it: `markdownlint-cli2 "content/**/*.md"
// "assets/**/*.md"` from the handbook folder. The CLI runs as a child process; this runner counts
// what it printed. Its one link rule is MD051 (link fragments within a page); the rest are style.
//
//   node markdownlint-cli2.mjs <handbook>
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Finding } from '../lib/findings';
import { fail, packageDir, packageVersion, parsePeerArgs, report } from '../lib/peer';

const TOOL = 'markdownlint-cli2';
const { folder } = parsePeerArgs('markdownlint-cli2 <handbook-folder>');
const bin = path.join(packageDir('markdownlint-cli2'), 'markdownlint-cli2-bin.mjs');
const version = packageVersion('markdownlint-cli2');

const r = spawnSync(process.execPath, [bin, 'content/**/*.md', 'assets/**/*.md'], {
  cwd: folder,
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});
if (r.error) fail(TOOL, String(r.error));
// Exit codes: 0 no errors, 1 errors found, 2 the tool failed.
if (r.status !== 0 && r.status !== 1) fail(TOOL, `exit ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
const summary = /Summary: (\d+) error/.exec(r.stdout);
const linting = /Linting: (\d+) file/.exec(r.stdout);
if (!summary) fail(TOOL, `no summary line in output: ${r.stdout.slice(-500)}`);
const byRule: Record<string, number> = {};
const findings: Finding[] = [];
// "content/a.md:12:5 error MD051/link-fragments Link fragments should be valid [Context: ...]"
for (const m of r.stderr.matchAll(/^(.+?):(\d+)(?::(\d+))? (?:error|warning) (MD\d+)\//gm)) {
  byRule[m[4]] = (byRule[m[4]] ?? 0) + 1;
  findings.push({ file: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined, code: m[4] });
}
report(
  {
    tool: TOOL,
    problems: Number(summary[1]),
    linkProblems: byRule.MD051 ?? 0,
    files: linting ? Number(linting[1]) : null,
    version,
    byRule,
  },
  findings,
);
