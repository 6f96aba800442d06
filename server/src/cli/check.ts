// The check itself: the language server's model (HandbookIndex) and its diagnostics
// (computeDiagnostics), run over every file of the folder and turned into findings with
// 1-based positions and paths relative to the folder. Nothing here decides what is broken.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../features/diagnostics/diagnostics';
import { FixTrial, mendsOnly, preferredFixes, type AppliedFix } from '../features/fixes';
import { toOffset } from '../features/shared/positions';
import { FactsCache } from '../cache/factsCache';
import { FindingsStore } from './findingsStore';
import { HandbookIndex } from '../model/index/handbookIndex';
import type { Survey } from '../model/index/build';
import type { IndexedFile } from '../model/index/indexedFile';
import { collectGarbage } from '../model/base/collectGarbage';
import { relativePath } from '../model/base/paths';
import { DEFAULT_SETTINGS, type HandbookSettings } from '../model/base/settings';
import { NodeWorkspace } from '../model/base/workspace';
import { compareFindings, severityName, type Finding } from './findings';

const READ_CONCURRENCY = 16;

export interface CheckProgress {
  (phase: 'indexing' | 'checking', done: number, total: number): void;
}

export interface CheckOptions {
  readonly progress?: CheckProgress;
  /** Read back the text under each finding (only the files that have findings are read again). */
  readonly excerpts?: boolean;
  /** Keep every file's facts between runs in an on-disk cache (see model/factsCache.ts). */
  readonly cache?: boolean;
  /** The cache's folder; default: `defaultCacheDirectory(folder)`. */
  readonly cacheDir?: string;
  /**
   * Apply every preferred fix (features/fixes.ts) to the index in memory first: the findings are
   * then those of the fixed handbook, and `fixed` says what changed. Nothing is written here.
   */
  readonly fix?: boolean;
  /** The settings to check with (the handbook's configuration file's); default: DEFAULT_SETTINGS. */
  readonly settings?: HandbookSettings;
}

/** A file `fix` changed: its text before and after, and each fix applied, in the order of the file. */
export interface FixedFile {
  /** Relative to the checked folder, with '/' separators. */
  readonly file: string;
  readonly path: string;
  readonly before: string;
  readonly after: string;
  readonly fixes: readonly { readonly line: number; readonly column: number; readonly codes: readonly string[]; readonly title: string }[];
}

export interface CheckResult {
  readonly findings: Finding[];
  /** Pages and include files checked. */
  readonly files: number;
  /** Problems with the site itself (an unreadable Hugo config, …) and notes of the index and its cache, for people. */
  readonly problems: readonly string[];
  /** With `fix`: the files the fixes changed (in memory), in the order of the index. */
  readonly fixed?: readonly FixedFile[];
}

export async function check(folder: string, options: CheckOptions = {}): Promise<CheckResult> {
  const found = await findAll(folder, options);
  if (found.unchanged) return found.unchanged;
  const { result, findingsStore, storable } = found;
  // The index and every diagnostic are garbage now, and the stored findings and the report are
  // still to be written: collected first, they are made in the room the index leaves, not on top.
  collectGarbage();
  if (findingsStore && storable) findingsStore.write({ findings: result.findings, files: result.files, excerpts: options.excerpts === true });
  return result;
}

/**
 * Every finding of the handbook in `folder`, from an index nothing holds once this returns.
 * `storable`: the findings answer for the files as they are (see FindingsStore).
 */
async function findAll(
  folder: string,
  options: CheckOptions,
): Promise<{ readonly unchanged: CheckResult } | { readonly unchanged?: undefined; readonly result: CheckResult; readonly findingsStore?: FindingsStore; readonly storable: boolean }> {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  // One pass over the files: the workspace may remember folders' real paths.
  const index = new HandbookIndex(new NodeWorkspace([folder], { singlePass: true }), settings);
  const read = await readHandbook(index, folder, settings, options);
  if (read.unchanged) return { unchanged: read.unchanged };
  const { siteProblems, cacheNotes, findingsStore } = read;
  // The build's garbage and the facts cache go before the diagnostics add their tables (see collectGarbage).
  collectGarbage();
  const files = [...index.allFiles()];
  let diagnosed = diagnose(index, files, options.progress);
  const fixed = options.fix ? await fixInMemory(index, folder, diagnosed) : undefined;
  // A fix in one file can mend links into it from others (an include brings its headings): all are checked again.
  if (fixed?.length) diagnosed = diagnose(index, files, options.progress);
  const texts = options.excerpts
    ? await readTexts(
        index,
        diagnosed.map(({ file }) => file),
      )
    : undefined;
  const findings = diagnosed.flatMap(({ file, diagnostics }) => {
    // One path.relative a file, not one a finding (6.6k findings in 1.7k files of the real corpus).
    const relative = relativePath(folder, file.path);
    return diagnostics.map((diagnostic) => toFinding(relative, file, diagnostic, texts?.get(file)));
  });
  findings.sort(compareFindings);
  const result = { findings, files: files.length, problems: [...siteProblems, ...index.notes, ...cacheNotes], ...(fixed ? { fixed } : {}) };
  // A file that vanished mid-build makes this run's findings no answer for the files as they are.
  // Nor are the findings of fixed texts, which the files on disk do not hold (yet).
  return { result, findingsStore, storable: index.notes.length === 0 && !fixed?.length };
}

/**
 * The index built, the facts cache (if any) read for it, saved at once and let go: neither its
 * file's bytes nor the facts it held to save (the line ends the index does not keep, for one) stay
 * in memory during the checks. Or, when nothing changed since the last run, that run's findings.
 */
async function readHandbook(
  index: HandbookIndex,
  folder: string,
  settings: HandbookSettings,
  options: CheckOptions,
): Promise<{ readonly unchanged: CheckResult } | { readonly unchanged?: undefined; readonly siteProblems: string[]; readonly cacheNotes: string[]; readonly findingsStore?: FindingsStore }> {
  const cache = options.cache ? FactsCache.open({ folder, settings, directory: options.cacheDir, remedy: 'Use --cache-dir to put it elsewhere, or --no-cache.' }) : undefined;
  // Stats only serve to find files unchanged since the cache was written: an empty cache has none
  // (a first run, or a new build of the program), and reading each file yields its stat anyway.
  const survey = await index.survey({ stats: cache !== undefined && !cache.isEmpty });
  const siteProblems = survey.sites.flatMap((site) => site.problems);
  if (cache && !options.fix) {
    const stored = unchangedCheck(cache, survey, settings, options);
    if (stored) return { unchanged: { ...stored, problems: [...siteProblems, ...cache.notes] } };
  }
  await index.build(options.progress && ((done, total) => options.progress!('indexing', done, total)), { cache, survey });
  if (!cache) return { siteProblems, cacheNotes: [] };
  cache.save();
  cache.releaseStoredFacts();
  return { siteProblems, cacheNotes: cache.notes, findingsStore: FindingsStore.beside(cache, survey, settings) };
}

/**
 * The last run's findings, when the facts cache holds exactly the handbook's files as they are now
 * and the findings were computed from those facts, these sites and these settings: then nothing
 * a finding depends on changed, and no page needs reading.
 */
function unchangedCheck(cache: FactsCache, survey: Survey, settings: HandbookSettings, options: CheckOptions): { findings: Finding[]; files: number } | undefined {
  if (!cache.holdsExactly(survey.sources)) return undefined;
  const stored = FindingsStore.beside(cache, survey, settings).read();
  if (!stored || (options.excerpts && !stored.excerpts)) return undefined;
  const findings = stored.findings.map((finding) => (options.excerpts ? finding : withoutExcerpt(finding)));
  return { findings, files: stored.files };
}

/** The index keeps no page texts, so the excerpts' files are read again, several at a time. */
async function readTexts(index: HandbookIndex, files: readonly IndexedFile[]): Promise<Map<IndexedFile, string>> {
  const texts = new Map<IndexedFile, string>();
  let next = 0;
  const reader = async () => {
    while (next < files.length) {
      const file = files[next++];
      // A file that cannot be read back (binary, too large) has empty excerpts.
      texts.set(file, (await index.textOf(file.path)) ?? '');
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, reader));
  return texts;
}

/** `relative`: the file's path from the handbook folder, as findings name it. */
function toFinding(relative: string, file: IndexedFile, diagnostic: Diagnostic, text: string | undefined): Finding {
  const { start, end } = diagnostic.range;
  return {
    file: relative,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: severityName(diagnostic.severity ?? DiagnosticSeverity.Error),
    code: String(diagnostic.code),
    message: diagnostic.message,
    ...(text !== undefined ? { excerpt: normalizeExcerpt(text.slice(toOffset(file, start), toOffset(file, end))) } : {}),
  };
}

function withoutExcerpt({ excerpt: _excerpt, ...finding }: Finding): Finding {
  return finding;
}

/** Whitespace differences (re-wrapped lines, indentation) do not make a finding new. */
function normalizeExcerpt(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function diagnose(index: HandbookIndex, files: readonly IndexedFile[], progress: CheckProgress | undefined): { file: IndexedFile; diagnostics: Diagnostic[] }[] {
  const diagnosed: { file: IndexedFile; diagnostics: Diagnostic[] }[] = [];
  for (const [done, file] of files.entries()) {
    const diagnostics = computeDiagnostics(index, file);
    if (diagnostics.length > 0) diagnosed.push({ file, diagnostics });
    progress?.('checking', done + 1, files.length);
  }
  return diagnosed;
}

/**
 * Every preferred fix of every file with problems, applied to the index as the file's text (an
 * overlay, as an open document's). Each file's fixes are chosen and tried against the handbook as
 * it was; fixes in two files can still meet (two extends mended into one cycle), so each fixed file
 * is checked again with all the fixes in, and one that has a problem it did not have is put back.
 */
async function fixInMemory(index: HandbookIndex, folder: string, diagnosed: readonly { file: IndexedFile; diagnostics: Diagnostic[] }[]): Promise<FixedFile[]> {
  const pending: { file: IndexedFile; before: Diagnostic[]; text: string; after: string; applied: AppliedFix[] }[] = [];
  for (const { file, diagnostics } of diagnosed) {
    const text = await index.textOf(file.path);
    if (text === undefined) continue;
    const trial = new FixTrial(index, file, text);
    const applied = preferredFixes(trial);
    if (applied.length > 0) pending.push({ file, before: diagnostics, text, after: trial.edited(applied.flatMap((fix) => fix.edits)), applied });
  }
  for (const { file, after } of pending) index.setOpenText(file.path, after);
  let kept = pending;
  for (let putBack = true; putBack;) {
    const works = (change: (typeof pending)[number]) =>
      mendsOnly(
        change.before,
        change.applied.flatMap((fix) => fix.mended),
        computeDiagnostics(index, change.file),
      );
    const failing = kept.filter((change) => !works(change));
    for (const change of failing) index.setOpenText(change.file.path, change.text);
    kept = kept.filter((change) => !failing.includes(change));
    putBack = failing.length > 0;
  }
  return kept.map(({ file, text, after, applied }) => ({
    file: relativePath(folder, file.path),
    path: file.path,
    before: text,
    after,
    fixes: applied.map(({ title, mended }) => ({
      line: mended[0].range.start.line + 1,
      column: mended[0].range.start.character + 1,
      codes: mended.map((diagnostic) => String(diagnostic.code)),
      title,
    })),
  }));
}
