// The one place that says what the fuzzer leaves out today. Each flag names a class of defect of
// issue 15 that another change is fixing; while a flag is `false`, the generator that provokes
// that class is narrowed or the oracle that catches it is relaxed, so that `npm test` stays green
// on the code as it is. When the class lands, turn its flag to `true` (one line) and the short run
// in `npm test` and the long run (`npm run fuzz`) start holding the code to it.
//
// `npm run fuzz -- --all` turns every flag on for one run, to see what is still broken.

export interface KnownDefects {
  /** Class 1: `extendsPatterns` that are catastrophic or match the empty string (a hang). */
  readonly hostilePatternsFixed: boolean;
  /** Class 4: positions at line 10^15, fractional or negative; file names with `#`; `http:` URIs. */
  readonly oddPositionsAndUrisFixed: boolean;
  /** Class 5: lone `\r` line ends (LSP counts `\n`, `\r\n` and `\r`). */
  readonly loneCarriageReturnFixed: boolean;
  /** Class 6: an open include file's diagnostics follow the editor's text, not the disk. */
  readonly openIncludeDiagnosticsFixed: boolean;
  /** Class 7: `front-matter-invalid`, `include-malformed`, `shortcode-unterminated` ranges inside the document. */
  readonly diagnosticRangesInsideFixed: boolean;
  /** Class 8 and 13: symbolic links in file storms (to folders inside and outside the workspace). */
  readonly symlinkStormsFixed: boolean;
  /** Class 9: storms that delete and recreate in one batch, non-Markdown files, a page replaced by a folder; encoded and non-ASCII paths. */
  readonly stormDifferentialFixed: boolean;
  /** Class 12: odd but legal settings (an empty glob, a 70,000-character glob). */
  readonly oddSettingsFixed: boolean;
  /** Class 3 and 14: big pages (130 KB and up, thousands of duplicate headings) under edit bursts. */
  readonly bigPagesFixed: boolean;
}

export const KNOWN_DEFECTS_TODAY: KnownDefects = {
  hostilePatternsFixed: false,
  oddPositionsAndUrisFixed: false,
  loneCarriageReturnFixed: false,
  openIncludeDiagnosticsFixed: false,
  diagnosticRangesInsideFixed: false,
  symlinkStormsFixed: false,
  stormDifferentialFixed: false,
  oddSettingsFixed: false,
  bigPagesFixed: false,
};

/** Every class fixed: the fuzzer at full strength. */
export const ALL_FIXED: KnownDefects = Object.fromEntries(Object.keys(KNOWN_DEFECTS_TODAY).map((flag) => [flag, true])) as unknown as KnownDefects;

/** The diagnostic codes whose ranges may still lie outside the document (class 7). */
export function codesExcusedOutOfRange(flags: KnownDefects): readonly string[] {
  return flags.diagnosticRangesInsideFixed ? [] : ['front-matter-invalid', 'include-malformed', 'shortcode-unterminated'];
}
