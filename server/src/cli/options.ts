// The command line's arguments: what `handbook-roles check`, `move`, `show` and `graph` accept, and their help text.
import { parseArgs } from 'node:util';
import { GRAPH_FORMATS, type GraphFormat } from '../features/ladder/formats';
import { SEVERITIES, type Severity } from './findings';

export const FORMATS = ['text', 'json', 'sarif', 'codequality'] as const;
export type Format = (typeof FORMATS)[number];
const FAIL_ON: readonly Severity[] = ['error', 'warning', 'information'];

export const EXIT = { clean: 0, failed: 1, usage: 2 } as const;

export const USAGE = `Usage: handbook-roles check [folder] [options]
       handbook-roles move OLD NEW [--dry-run] [--config FILE]
       handbook-roles show URL-or-FILE [--folder DIR] [--format md|html] [--config FILE]
       handbook-roles graph [folder] [--root URL] [--under PATH] --format mermaid|dot|json|svg|html [--config FILE]

Checks every page and include file of the Hugo handbook in [folder] (default: the current
folder) for broken extends sentences, broken includes and broken role links: the same
diagnostics the editor extension shows.

Output:
  --format FORMAT         text (default): "path:line:col severity code message" lines and a summary
                          json: an array of {file, line, column, endLine, endColumn, severity,
                            code, message}; paths relative to [folder], positions 1-based
                          sarif: SARIF 2.1.0, for code-scanning UIs
                          codequality: GitLab Code Quality (artifacts:reports:codequality)
                          Reports go to stdout; with json, sarif and codequality the summary
                          goes to stderr.
  -q, --quiet             report only the problems that fail the check; no summary, no progress

Fixing:
  --fix                   apply every fix that is clearly right (the fixes the editor marks as
                          preferred, each tried on the handbook first), write the files, name each
                          fix on a line, then report the problems that are left
  --dry-run               with --fix: write nothing, print the unified diff --fix would apply
                          (for git apply or patch -p1) and a summary on stderr; the exit code is
                          that of the fixed handbook

Failing:
  --fail-on SEVERITY      error (default), warning or information: the least severe problem
                          that fails the check (broken links are warnings; broken includes,
                          extends and front matter are errors)
  --baseline FILE         fail only on problems that are not in FILE, and report only those
  --write-baseline FILE   accept every current problem: write them to FILE and exit 0
                          (fingerprints follow the broken text, not its line, so edits elsewhere
                          in a page keep them)

Configuration:
  --config FILE           read the settings from FILE (YAML, the keys of the editor's
                          handbookRoles.* settings, rules, ignore and ignoreLinks) instead of
                          [folder]/.handbook-roles.yaml (or .yml), which is read when it exists.
                          A file with problems is reported and exits 2; the handbook is still
                          checked, with the defaults for the settings it got wrong

Cache:
  --cache                 remember each file's facts and the last findings between runs, so that
                          unchanged files are not parsed again and a run where nothing changed
                          reads no page (the default). The cache lives in
                          [folder]/node_modules/.cache/handbook-roles/ when [folder]/node_modules
                          exists, else in $XDG_CACHE_HOME/handbook-roles/ (~/.cache/...)
  --cache-dir DIR         keep the cache in DIR instead (for a CI cache: a folder in the project)
  --no-cache              read and parse every file, and write no cache

  -h, --help              show this help
  --version               show the version

Exit codes:
  0  no problem fails the check (problems in the baseline and below --fail-on do not)
  1  problems that fail the check were found
  2  usage error, unreadable baseline or configuration, a configuration with problems, no
     handbook pages in [folder], or internal failure

Moving pages:
  handbook-roles move OLD NEW [--dry-run]
                          moves the page, include file or folder OLD to NEW and updates every
                          link and include call to what moves (extends sentences, reference
                          definitions and HTML hrefs among them, each in its own style), the
                          moved pages' own relative links, and adds each moved page's old URL
                          to its front matter aliases. The handbook is the Hugo site that holds
                          OLD. Nothing is written when the move is refused (onto an existing
                          file or another page's URL, out of the content folder...): the reason
                          is printed and the exit code is 1.
  --dry-run               print the changes as a unified diff (git's form) and write nothing

Views (what the editor's views show, for docs and CI artifacts):
  handbook-roles show URL-or-FILE [--folder DIR] [--format md|html]
                          prints the effective role: the role's own text with every include
                          inlined, then every section it inherits, level by level (md: Markdown,
                          the default; html: one HTML file). FILE is a role page; URL a role's URL
                          path or link (/job-families/x/#senior-x), looked up in the handbook in
                          --folder (default: the site FILE is in, else the current folder).
  handbook-roles graph [folder] [--root URL] [--under PATH] --format FORMAT
                          prints the extends graph of the roles in [folder] (default: the current
                          folder): of the family of the role at --root URL (every role connected
                          to it by extends), or of the roles whose page path or URL starts with
                          --under PATH, else of every role. FORMAT: mermaid, dot, json, svg or
                          html (one self-contained file; svg is laid out the same way).

move, show and graph read the handbook's .handbook-roles.yaml as check does, or the file
--config names.

Examples:
  handbook-roles check                                   # the handbook in this folder
  handbook-roles check --write-baseline .handbook-roles-baseline.json
  handbook-roles check --baseline .handbook-roles-baseline.json --fail-on warning
  handbook-roles check --format codequality > gl-code-quality-report.json
  handbook-roles move content/jobs/developer.md content/job-families/engineering/developer.md --dry-run
  handbook-roles check --fix --dry-run > fixes.diff          # review, then: git apply fixes.diff`;

export type Invocation =
  | { readonly kind: 'help' | 'version' }
  | { readonly kind: 'usage-error'; readonly message: string }
  | { readonly kind: 'check'; readonly options: CheckCommand }
  | { readonly kind: 'move'; readonly options: MoveCommand }
  | { readonly kind: 'show'; readonly options: ShowCommand }
  | { readonly kind: 'graph'; readonly options: GraphCommand };

export interface MoveCommand {
  readonly from: string;
  readonly to: string;
  readonly dryRun: boolean;
  readonly config?: string;
}

export interface ShowCommand {
  /** A role page's file, or a role's URL path or link. */
  readonly target: string;
  readonly folder?: string;
  readonly format: 'md' | 'html';
  readonly config?: string;
}

export interface GraphCommand {
  readonly folder: string;
  readonly format: GraphFormat;
  readonly root?: string;
  readonly under?: string;
  readonly config?: string;
}

export interface CheckCommand {
  readonly folder: string;
  readonly format: Format;
  readonly quiet: boolean;
  readonly failOn: Severity;
  readonly baseline?: string;
  readonly writeBaseline?: string;
  readonly cache: boolean;
  readonly cacheDir?: string;
  readonly fix: boolean;
  readonly dryRun: boolean;
  /** The configuration file given with --config; none: [folder]/.handbook-roles.yaml if there is one. */
  readonly config?: string;
}

export function parseInvocation(argv: readonly string[]): Invocation {
  if (argv[0] === 'move') return parseMove(argv.slice(1));
  if (argv[0] === 'show') return parseShow(argv.slice(1));
  if (argv[0] === 'graph') return parseGraph(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        quiet: { type: 'boolean', short: 'q', default: false },
        'fail-on': { type: 'string', default: 'error' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        // The on-disk cache, passed on to check() in main.ts.
        // The default; given with --no-cache, one of them is a mistake.
        cache: { type: 'boolean' },
        'no-cache': { type: 'boolean', default: false },
        'cache-dir': { type: 'string' },
        fix: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, folder = '.', ...extra] = positionals;
  if (command === undefined) return { kind: 'usage-error', message: `No command given: the commands are ${COMMANDS}.` };
  if (command !== 'check') return { kind: 'usage-error', message: `Unknown command "${command}": the commands are ${COMMANDS}.` };
  if (extra.length > 0) return { kind: 'usage-error', message: `check takes one folder, but got ${positionals.length - 1}: ${positionals.slice(1).join(' ')}.` };
  const format = values.format as Format;
  if (!FORMATS.includes(format)) return { kind: 'usage-error', message: `Unknown --format "${values.format}": use ${FORMATS.join(', ')}.` };
  const failOn = values['fail-on'] as Severity;
  if (!FAIL_ON.includes(failOn)) return { kind: 'usage-error', message: `Unknown --fail-on "${values['fail-on']}": use ${FAIL_ON.join(', ')}.` };
  if (values.baseline !== undefined && values['write-baseline'] !== undefined) {
    return { kind: 'usage-error', message: '--baseline and --write-baseline do not go together: write the baseline in one run, check against it in the next.' };
  }
  if (values['no-cache'] && values.cache) return { kind: 'usage-error', message: '--cache and --no-cache do not go together: the cache is on unless --no-cache is given.' };
  if (values['no-cache'] && values['cache-dir'] !== undefined) {
    return { kind: 'usage-error', message: '--no-cache and --cache-dir do not go together: --no-cache writes no cache, in any folder. Drop one of them.' };
  }
  if (values['dry-run'] && !values.fix) return { kind: 'usage-error', message: '--dry-run goes with --fix: --fix --dry-run prints the fixes as a diff and writes nothing.' };
  if (values.fix && values['write-baseline'] !== undefined) {
    return { kind: 'usage-error', message: '--fix and --write-baseline do not go together: fix in one run, then write the baseline of what is left in the next.' };
  }
  for (const name of ['baseline', 'write-baseline', 'cache-dir', 'config'] as const) {
    if (values[name] === '') return { kind: 'usage-error', message: `--${name} needs a file name.` };
  }
  return {
    kind: 'check',
    options: {
      folder,
      format,
      quiet: values.quiet,
      failOn,
      baseline: values.baseline,
      writeBaseline: values['write-baseline'],
      cache: !values['no-cache'],
      cacheDir: values['cache-dir'],
      fix: values.fix,
      dryRun: values['dry-run'],
      config: values.config,
    },
  };
}

const COMMANDS = '"check", "move", "show" and "graph"';

type CommandOptions = Record<string, { readonly type: 'string' | 'boolean' }>;
type Parsed = { readonly kind: 'parsed'; readonly values: Record<string, string | boolean | undefined>; readonly positionals: string[] } | { readonly kind: 'usage-error'; readonly message: string };

/** The arguments of a command other than check: `options`, --config and --help, strictly. */
function parseCommand(argv: readonly string[], options: CommandOptions): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...options, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.config === '') return { kind: 'usage-error', message: '--config needs a file name.' };
    return { kind: 'parsed', values, positionals };
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
}

/** A string option's value (parseArgs gives strings for `type: 'string'`). */
function text(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseMove(argv: readonly string[]): Invocation {
  const parsed = parseCommand(argv, { 'dry-run': { type: 'boolean' } });
  if (parsed.kind === 'usage-error') return parsed;
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [from, to, ...extra] = positionals;
  if (from === undefined || to === undefined || extra.length > 0 || from === '' || to === '') {
    return { kind: 'usage-error', message: `move takes two paths, OLD and NEW, but got ${positionals.length}${positionals.length > 0 ? `: ${positionals.join(' ')}` : ''}.` };
  }
  return { kind: 'move', options: { from, to, dryRun: values['dry-run'] === true, config: text(values.config) } };
}

function parseShow(argv: readonly string[]): Invocation {
  const parsed = parseCommand(argv, { format: { type: 'string' }, folder: { type: 'string' } });
  if (parsed.kind === 'usage-error') return parsed;
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1) return { kind: 'usage-error', message: `show takes one page file or role URL, but got ${positionals.length}.` };
  const format = text(values.format) ?? 'md';
  if (format !== 'md' && format !== 'html') return { kind: 'usage-error', message: `Unknown --format "${format}" for show: use md or html.` };
  return { kind: 'show', options: { target: positionals[0], folder: text(values.folder), format, config: text(values.config) } };
}

function parseGraph(argv: readonly string[]): Invocation {
  const parsed = parseCommand(argv, { format: { type: 'string' }, root: { type: 'string' }, under: { type: 'string' } });
  if (parsed.kind === 'usage-error') return parsed;
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 1) return { kind: 'usage-error', message: `graph takes one folder, but got ${positionals.length}: ${positionals.join(' ')}.` };
  const format = text(values.format);
  if (format === undefined || !GRAPH_FORMATS.includes(format as GraphFormat)) {
    return { kind: 'usage-error', message: `graph needs --format ${GRAPH_FORMATS.join('|')}${format === undefined ? '' : `, not "${format}"`}.` };
  }
  return {
    kind: 'graph',
    options: { folder: positionals[0] ?? '.', format: format as GraphFormat, root: text(values.root), under: text(values.under), config: text(values.config) },
  };
}

/** Whether a finding of this severity fails the check under `--fail-on failOn`. */
export function fails(severity: Severity, failOn: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}
