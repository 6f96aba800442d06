// The check itself: the language server's model (HandbookIndex) and its diagnostics
// (computeDiagnostics), run over every file of the folder and turned into findings with
// 1-based positions and paths relative to the folder. Nothing here decides what is broken.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../features/diagnostics/diagnostics';
import { toOffset } from '../features/shared/positions';
import { FactsCache } from './factsCache';
import { FindingsStore } from './findingsStore';
import { HandbookIndex } from '../model/index/handbookIndex';
import type { Survey } from '../model/index/build';
import type { IndexedFile } from '../model/index/indexedFile';
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
  /** The settings to check with (the handbook's configuration file's); default: DEFAULT_SETTINGS. */
  readonly settings?: HandbookSettings;
}

export interface CheckResult {
  readonly findings: Finding[];
  /** Pages and include files checked. */
  readonly files: number;
  /** Problems with the site itself (an unreadable Hugo config, …) and notes of the index and its cache, for people. */
  readonly problems: readonly string[];
}

export async function check(folder: string, options: CheckOptions = {}): Promise<CheckResult> {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  // One pass over the files: the workspace may remember folders' real paths.
  const index = new HandbookIndex(new NodeWorkspace([folder], { singlePass: true }), settings);
  const survey = await index.survey({ stats: options.cache });
  const siteProblems = survey.sites.flatMap((site) => site.problems);
  const cache = options.cache ? FactsCache.open({ folder, settings, directory: options.cacheDir }) : undefined;
  if (cache) {
    const stored = unchangedCheck(cache, survey, settings, options);
    if (stored) return { ...stored, problems: [...siteProblems, ...cache.notes] };
  }

  await index.build(options.progress && ((done, total) => options.progress!('indexing', done, total)), { cache, survey });
  // Saved at once and let go: its file's bytes need not stay in memory during the checks.
  const cacheNotes = cache ? (cache.save(), cache.notes) : [];
  const files = [...index.allFiles()];
  const diagnosed: { file: IndexedFile; diagnostics: Diagnostic[] }[] = [];
  for (const [done, file] of files.entries()) {
    const diagnostics = computeDiagnostics(index, file);
    if (diagnostics.length > 0) diagnosed.push({ file, diagnostics });
    options.progress?.('checking', done + 1, files.length);
  }
  const texts = options.excerpts
    ? await readTexts(
        index,
        diagnosed.map(({ file }) => file),
      )
    : undefined;
  const findings = diagnosed.flatMap(({ file, diagnostics }) => diagnostics.map((diagnostic) => toFinding(folder, file, diagnostic, texts?.get(file))));
  findings.sort(compareFindings);
  // A file that vanished mid-build makes this run's findings no answer for the files as they are.
  if (cache && index.notes.length === 0) FindingsStore.beside(cache, survey, settings).write({ findings, files: files.length, excerpts: options.excerpts === true });
  return { findings, files: files.length, problems: [...siteProblems, ...index.notes, ...cacheNotes] };
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

function toFinding(folder: string, file: IndexedFile, diagnostic: Diagnostic, text: string | undefined): Finding {
  const { start, end } = diagnostic.range;
  return {
    file: relativePath(folder, file.path),
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
