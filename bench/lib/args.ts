// The one command-line parser of the bench's entry points (run, lsp, generate, scanner-speed,
// check-phases, verify-*): node's util.parseArgs, strict, so an unknown option or an option
// without its value is a usage error rather than a value misread as the folder. --help (-h)
// prints the entry point's header comment, which is its usage. A usage error prints one line to
// stderr and exits 2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

/** The options of one entry point, as util.parseArgs takes them (--help is added). */
type OptionsConfig = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

interface Config<O extends OptionsConfig> {
  args: string[];
  options: O & typeof HELP;
  allowPositionals: true;
  strict: true;
}

export type Parsed<O extends OptionsConfig> = ReturnType<typeof parseArgs<Config<O>>>;

/** Prints the leading `//` comment of the entry point at moduleUrl (its usage) and exits 0. */
export function printUsage(moduleUrl: string): never {
  const lines = fs.readFileSync(new URL(moduleUrl), 'utf8').split('\n');
  const end = lines.findIndex((l) => !l.startsWith('//'));
  const usage = lines.slice(0, end).map((l) => l.slice(3));
  process.stdout.write(usage.join('\n') + '\n');
  process.exit(0);
}

/** Says what is wrong with the command line, on stderr, and exits 2. */
export function usageError(message: string): never {
  process.stderr.write(`${path.basename(process.argv[1] ?? 'bench')}: ${message} (see --help)\n`);
  process.exit(2);
}

/** Parses argv (default: this process's arguments) against options; --help prints the usage of moduleUrl. */
export function parseBenchArgs<O extends OptionsConfig>(moduleUrl: string, options: O, argv: string[] = process.argv.slice(2)): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs<Config<O>>({ args: argv, options: { ...options, ...HELP }, allowPositionals: true, strict: true });
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  // Read through the one option every entry point has: TypeScript cannot resolve the values' type for a generic O here.
  const common: { help?: boolean } = parsed.values;
  if (common.help) printUsage(moduleUrl);
  return parsed;
}

/** The value of a numeric option that must be a positive integer; undefined when the option was not given. */
export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usageError(`${flag} needs a positive integer (got ${value})`);
  return n;
}

/** A comma-separated option value as its non-empty items. */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The one folder an entry point takes, resolved; undefined when none was given. */
export function oneFolder(positionals: string[]): string | undefined {
  if (positionals.length > 1) usageError(`one folder only (got ${positionals.join(', ')})`);
  return positionals[0] === undefined ? undefined : path.resolve(positionals[0]);
}
