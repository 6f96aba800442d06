// The command line, `handbook-roles check [folder]`: runs the language server's diagnostics over a
// whole handbook and reports them for people (text) or for CI (json, SARIF, GitLab Code
// Quality), optionally against a baseline of accepted problems. Exit codes: see USAGE.
import * as path from 'node:path';
import { compareWithBaseline, readBaseline, writeBaseline, BaselineError } from './baseline';
import { check } from './check';
import { ConfigurationError, loadConfiguration, type CliConfiguration } from './configuration';
import type { Finding } from './findings';
import { fingerprintFindings, type FingerprintedFinding } from './fingerprints';
import { formatFixDiff, formatFixes, formatFixSummary, writeFixedFiles } from './fixOutput';
import { formatCodeQuality } from './formats/codeQuality';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatSummary, formatText } from './formats/text';
import { notAFolder } from './handbook';
import { runMove } from './move';
import { EXIT, fails, parseInvocation, USAGE, type CheckCommand } from './options';
import { progressLine } from './progress';
import { TOOL } from './tool';
import { runGraph, runShow } from './views';
import { allocateYoung, limitYoungGeneration, SEMI_SPACE_MB } from '../model/base/youngGeneration';

/** Pieces of a report per write to stdout. */
const WRITE_BATCH = 512;

export async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseInvocation(argv);
  switch (invocation.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return EXIT.clean;
    case 'version':
      process.stdout.write(`${TOOL.name} ${TOOL.version}\n`);
      return EXIT.clean;
    case 'usage-error':
      process.stderr.write(`handbook-roles: ${invocation.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    case 'move':
      return failingOnConfiguration(() => runMove(invocation.options));
    case 'show':
      return failingOnConfiguration(() => runShow(invocation.options));
    case 'graph':
      return failingOnConfiguration(() => runGraph(invocation.options));
    case 'check': {
      allocateYoung();
      const stopWatchingHeap = limitYoungGeneration(SEMI_SPACE_MB);
      try {
        return await runCheck(invocation.options);
      } catch (error) {
        if (error instanceof BaselineError || error instanceof ConfigurationError) return fail(error.message);
        throw error;
      } finally {
        stopWatchingHeap();
      }
    }
  }
}

/** A command's exit code; an unreadable --config file is a usage error, said as such. */
async function failingOnConfiguration(command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof ConfigurationError) return fail(error.message);
    throw error;
  }
}

async function runCheck(command: CheckCommand): Promise<number> {
  const notFolder = await notAFolder(command.folder);
  if (notFolder) return fail(notFolder);
  const folder = path.resolve(command.folder);
  // Read before the check, so that a wrong path fails at once, not after the whole handbook.
  const baseline = command.baseline !== undefined ? await readBaseline(command.baseline) : undefined;
  const configuration = await loadConfiguration(folder, command.config);
  if (configuration.file !== undefined && !command.quiet) process.stderr.write(`handbook-roles: settings from ${configuration.file}\n`);

  const needsFingerprints = command.baseline !== undefined || command.writeBaseline !== undefined || command.format === 'sarif' || command.format === 'codequality';
  const progress = command.quiet ? undefined : progressLine(process.stderr);
  const result = await check(folder, {
    progress: progress?.report,
    excerpts: needsFingerprints,
    cache: command.cache,
    cacheDir: command.cacheDir && path.resolve(command.cacheDir),
    settings: configuration.settings,
    fix: command.fix,
  });
  progress?.clear();
  for (const problem of result.problems) process.stderr.write(`handbook-roles: ${problem}\n`);
  if (result.files === 0) return fail(`no Markdown pages found in ${folder}. Is it a Hugo site (a folder with content/)?`);
  if (result.fixed) {
    const fixed = result.fixed;
    if (command.dryRun) {
      // The diff is the whole of stdout, so that it can go to git apply as it is.
      process.stdout.write(formatFixDiff(fixed));
      if (!command.quiet) process.stderr.write(formatFixSummary(fixed, true));
    } else {
      await writeFixedFiles(fixed);
      // The list of fixes is part of a text report; beside a machine format, it is for people.
      const stream = command.format === 'text' ? process.stdout : process.stderr;
      if (!command.quiet) writePieces(stream, [...formatFixes(fixed), formatFixSummary(fixed, false), '\n']);
    }
  }

  // Fingerprints count occurrences over all findings, so they are made before anything is left out.
  const findings = needsFingerprints ? fingerprintFindings(result.findings) : result.findings;
  if (command.writeBaseline !== undefined) {
    await writeBaseline(command.writeBaseline, withFingerprints(findings));
    if (!command.quiet)
      process.stderr.write(`Wrote ${command.writeBaseline}: ${findings.length} problem${findings.length === 1 ? '' : 's'} accepted. Check against it with --baseline ${command.writeBaseline}.\n`);
    return configurationFailure(configuration) ?? EXIT.clean;
  }

  const comparison = baseline && compareWithBaseline(withFingerprints(findings), baseline);
  const reported: readonly Finding[] = comparison?.fresh ?? findings;
  const failing = reported.filter((finding) => fails(finding.severity, command.failOn));
  const shown = command.quiet ? failing : reported;
  if (command.dryRun) return failing.length > 0 ? EXIT.failed : EXIT.clean;
  writePieces(process.stdout, formatReport(command, folder, shown, comparison !== undefined));
  if (!command.quiet) {
    const summary = formatSummary({
      findings: reported,
      files: result.files,
      baseline: comparison && { file: command.baseline!, baselined: comparison.baselined, fixed: comparison.fixed },
      text: command.format === 'text',
    });
    if (command.format === 'text') process.stdout.write(`${reported.length > 0 ? '\n' : ''}${summary}`);
    else process.stderr.write(summary);
  }
  return configurationFailure(configuration) ?? (failing.length > 0 ? EXIT.failed : EXIT.clean);
}

/**
 * A configuration with problems fails the run as a usage error, after the check (run with the
 * defaults for what the file got wrong), so that CI shows both: one message, the problems under it.
 */
function configurationFailure(configuration: CliConfiguration): number | undefined {
  if (configuration.problems.length === 0) return undefined;
  const count = configuration.problems.length === 1 ? 'a problem' : `${configuration.problems.length} problems`;
  return fail(
    `the configuration ${configuration.file} has ${count}; the handbook was checked with the defaults for the settings it got wrong. Fix the file:\n${configuration.problems.map((problem) => `  ${problem}`).join('\n')}`,
  );
}

/** The pieces of a report that joined make it: text and JSON come a finding at a time, the JSON documents of SARIF and Code Quality whole. */
function formatReport(command: CheckCommand, folder: string, findings: readonly Finding[], afterBaseline: boolean): Iterable<string> {
  switch (command.format) {
    case 'text':
      return formatText(findings, { color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined });
    case 'json':
      return formatJson(findings);
    case 'sarif':
      return [formatSarif(withFingerprints(findings), { folder, afterBaseline })];
    case 'codequality':
      return [formatCodeQuality(withFingerprints(findings))];
  }
}

/** A few hundred pieces per write: a report of tens of thousands of findings is never one string. */
function writePieces(stream: NodeJS.WritableStream, pieces: Iterable<string>): void {
  let batch: string[] = [];
  for (const piece of pieces) {
    batch.push(piece);
    if (batch.length < WRITE_BATCH) continue;
    stream.write(batch.join(''));
    batch = [];
  }
  if (batch.length > 0) stream.write(batch.join(''));
}

/** The findings of a run that needed fingerprints (runCheck decides that from the options). */
function withFingerprints(findings: readonly Finding[]): readonly FingerprintedFinding[] {
  if (!findings.every((finding) => 'fingerprint' in finding)) throw new Error('The findings were not fingerprinted.');
  return findings as readonly FingerprintedFinding[];
}

function fail(message: string): number {
  process.stderr.write(`handbook-roles: ${message}\n`);
  return EXIT.usage;
}

/** Exits once stdout and stderr have flushed: pipes are asynchronous on some systems, and a report cut short is worse than none. */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitAfterOutput, (error) => {
    process.stderr.write(`handbook-roles: internal error: ${(error as Error).stack ?? error}\n`);
    exitAfterOutput(EXIT.usage);
  });
}
