// Peer (slow, opt-in): remark-cli + remark-validate-links over content/ and assets/, as an author
// would run it: `remark content assets --use remark-validate-links --no-stdout --quiet`. The CLI
// runs as a child process; this runner counts the warnings it printed.
//
//   node remark-validate-links.mjs <handbook> [--root-absolute]
//
// Outside a Git checkout the plugin needs `repository: false`, which silently skips every
// root-absolute link (`/handbook/...`), the most common kind in a handbook. `--root-absolute` gives
// it a fake repository and `root: "content"` so it checks them too; that is far slower (17 min on
// the real corpus, see shared/notes/benchmarking.md).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../lib/findings';
import { fail, packageDir, packageVersion, parsePeerArgs, report } from '../lib/peer';

const TOOL = 'remark-cli + remark-validate-links';
const { folder, flags } = parsePeerArgs('remark-validate-links <handbook-folder> [--root-absolute]');
const rootAbsolute = flags.has('root-absolute');
const cliDir = packageDir('remark-cli');
const pluginDir = packageDir('remark-validate-links');
const versions = { remarkCli: packageVersion('remark-cli'), remarkValidateLinks: packageVersion('remark-validate-links') };

// remark-cli resolves plugins named on its command line from the working folder (the handbook),
// so the plugin is named by absolute path in a configuration file instead.
const options = rootAbsolute ? { repository: 'https://github.com/example/handbook', root: 'content' } : { repository: false };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-remark-'));
const rc = path.join(tmp, 'remarkrc.json');
fs.writeFileSync(rc, JSON.stringify({ plugins: [[path.join(pluginDir, 'index.js'), options]] }));
const inputs = ['content', 'assets'].filter((d) => fs.existsSync(path.join(folder, d)));

const r = spawnSync(process.execPath, [path.join(cliDir, 'cli.js'), ...inputs, '--rc-path', rc, '--no-stdout', '--quiet', '--no-color'], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 30 });
fs.rmSync(tmp, { recursive: true, force: true });
if (r.error) fail(TOOL, String(r.error));
// Exit 1 without --frail means a fatal error (a file that could not be processed).
if (r.status !== 0) fail(TOOL, `exit ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
const byRule: Record<string, number> = {};
const findings: Finding[] = [];
// A file's name on a line of its own, then its messages: "  8:3-8:50  warning  Cannot find ...  missing-file  remark-validate-links:missing-file"
let file = '';
for (const line of r.stderr.split('\n')) {
  const m = /^\s*(\d+):(\d+)(?:-\d+:\d+)?\s+(?:warning|error)\s.*?\s(remark-validate-links:[\w-]+|[\w-]+:[\w-]+)\s*$/.exec(line);
  if (m) {
    byRule[m[3]] = (byRule[m[3]] ?? 0) + 1;
    findings.push({ file, line: Number(m[1]), column: Number(m[2]), code: m[3] });
  } else if (/^\S/.test(line) && !/^[⚠✖]/.test(line)) file = line.trim();
}
const problems = findings.length;
const summary = /⚠ (\d+) warnings?/.exec(r.stderr);
if (summary && Number(summary[1]) !== problems) process.stderr.write(`${TOOL}: counted ${problems} lines, summary says ${summary[1]}\n`);
report(
  {
    tool: TOOL,
    problems: summary ? Number(summary[1]) : problems,
    mode: rootAbsolute ? 'root-absolute links checked (fake repository, root content/)' : 'repository:false (root-absolute links skipped)',
    versions,
    byRule,
  },
  findings,
);
