// The fixes of a diagnostic, each TRIED before it is offered: the page is parsed again with the
// fix applied (HandbookIndex.withTrialText, in memory) and checked, and a fix that leaves its
// problem in place or makes one the page did not have (an extends of itself, a cycle, a section
// the new target lacks) is dropped. Of those that work, one is preferred only when it is clearly
// the one meant (clearlyMeant in model/roles/suggestions.ts), so that a preferred fix can be
// applied blind: by the editor's fix-all on save, by `handbook-roles check --fix`.
// codeActions.ts turns these into LSP code actions; nothing here writes a file.
import * as path from 'node:path';
import type { Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { IndexedFile } from '../model/index/indexedFile';
import { relativePath } from '../model/base/paths';
import { addressWrittenAsPath, SAME_SCHEME_PATH } from '../model/site/site';
import { destinationAsWritten } from '../model/edits/retarget';
import { clearlyMeant, nearestAnchors, nearestIncludes, nearestPages, type Suggestion } from '../model/roles/suggestions';
import { CODES, SOURCE, isDiagnosticCode, type CodeRule, type DiagnosticCode } from './diagnostics/codes';
import { computeDiagnostics } from './diagnostics/diagnostics';
import { FIX_DATA_AT, type FixData, type FixKind, type IncludeCallData, type LinkData } from './diagnostics/fixData';
import { linkWithDestinationAt } from './shared/factAt';
import { toOffset } from './shared/positions';

export interface Fix {
  readonly title: string;
  /** Edits of the diagnostic's file. */
  readonly edits: readonly TextEdit[];
  /** An include file the fix creates (absolute path), before its edits; such a fix cannot be tried, and is never preferred. */
  readonly creates?: string;
  /** The codes of the problems the fix mends where its edits are. */
  readonly mends: readonly DiagnosticCode[];
  readonly preferred: boolean;
}

export interface FixOptions {
  /** Whether the client can apply a workspace edit that creates a file. */
  readonly canCreateFiles: boolean;
  /** Only the preferred fix is wanted (fix-all): the others are not tried. */
  readonly preferredOnly?: boolean;
}

/**
 * A file's fixes tried on the index: its text, and its diagnostics before any fix, computed once
 * for all the fixes of a request.
 */
export class FixTrial {
  private diagnosticsBefore: Diagnostic[] | undefined;

  constructor(
    readonly index: HandbookIndex,
    readonly file: IndexedFile,
    /** The file's text, the one its facts in the index were parsed from. */
    readonly text: string,
  ) {}

  get before(): readonly Diagnostic[] {
    return (this.diagnosticsBefore ??= computeDiagnostics(this.index, this.file));
  }

  /** The problems of the file with one of `codes` that `edits` touch: those the edits must mend. */
  mendedBy(edits: readonly TextEdit[], codes: readonly DiagnosticCode[]): Diagnostic[] {
    return this.before.filter((diagnostic) => codes.includes(diagnostic.code as DiagnosticCode) && edits.some((edit) => touches(edit.range, diagnostic.range)));
  }

  /** Whether `edits` mend the problems of `codes` they touch (there must be some) and make none the file did not have. */
  works(edits: readonly TextEdit[], codes: readonly DiagnosticCode[]): boolean {
    const mended = this.mendedBy(edits, codes);
    return mended.length > 0 && this.worksTogether(edits, mended);
  }

  /**
   * Whether the file with `edits` applied has every problem of `mended` gone and no other problem
   * it did not have. Problems are compared by code and line: the edits replace text within a line
   * and add no line, so lines stay where they were, and a message may change ("once the call is
   * mended") without the problem being new.
   */
  worksTogether(edits: readonly TextEdit[], mended: readonly Diagnostic[]): boolean {
    if (edits.some((edit) => /[\r\n]/.test(edit.newText))) return false;
    const after = this.index.withTrialText(this.file, this.edited(edits), (trial) => computeDiagnostics(this.index, trial));
    return mendsOnly(this.before, mended, after);
  }

  /** The file's text with `edits` applied (they must not overlap). */
  edited(edits: readonly TextEdit[]): string {
    const byOffset = edits.map((edit) => ({ start: toOffset(this.file, edit.range.start), end: toOffset(this.file, edit.range.end), newText: edit.newText })).sort((a, b) => b.start - a.start);
    let text = this.text;
    for (const { start, end, newText } of byOffset) text = text.slice(0, start) + newText + text.slice(end);
    return text;
  }
}

/** The fixes of one diagnostic of the trial's file, tried; the preferred one, if any, first. */
export function fixesFor(trial: FixTrial, diagnostic: Diagnostic, options: FixOptions): Fix[] {
  if (diagnostic.source !== SOURCE || !isDiagnosticCode(diagnostic.code)) return [];
  const { file } = trial;
  if (diagnostic.code === 'shortcode-unterminated') return closeShortcode(trial, diagnostic.range);
  const rule: CodeRule = CODES[diagnostic.code];
  switch (rule.fixData) {
    case 'include-call': {
      const call = fixDataOf(file, diagnostic, 'include-call');
      return call ? includeFixes(trial, call, options) : [];
    }
    case 'link': {
      const link = fixDataOf(file, diagnostic, 'link');
      return link ? linkFixes(trial, link, diagnostic.code, options) : [];
    }
    case undefined:
      return [];
  }
}

/** One of the preferred fixes the file's fix-all applies, with the problems it mends. */
export interface AppliedFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly mended: readonly Diagnostic[];
}

/**
 * Every preferred fix of the file that works together with the ones before it, in the order of
 * the file's diagnostics: what fix-all on save and `check --fix` apply. Two fixes that touch the
 * same text are not both taken, and the file with all of them applied is tried as a whole.
 */
export function preferredFixes(trial: FixTrial): AppliedFix[] {
  const applied: AppliedFix[] = [];
  let edits: TextEdit[] = [];
  let mended: Diagnostic[] = [];
  for (const diagnostic of trial.before) {
    // The two problems of one call (malformed and missing) have one fix.
    if (mended.includes(diagnostic)) continue;
    const fix = fixesFor(trial, diagnostic, { canCreateFiles: false, preferredOnly: true }).find((candidate) => candidate.preferred);
    if (!fix || fix.edits.some((edit) => edits.some((taken) => touches(taken.range, edit.range)))) continue;
    const fixMends = trial.mendedBy(fix.edits, fix.mends);
    // The first fix was tried alone already.
    if (applied.length > 0 && !trial.worksTogether([...edits, ...fix.edits], [...mended, ...fixMends])) continue;
    applied.push({ title: fix.title, edits: fix.edits, mended: fixMends });
    edits = [...edits, ...fix.edits];
    mended = [...mended, ...fixMends];
  }
  return applied;
}

/**
 * The fact the diagnostic carries in `data`, or the same made again from the fact under its
 * start. LSP makes sending `data` back a client capability (publishDiagnostics.dataSupport, 3.16):
 * VS Code and Neovim do, and an older client that does not still gets its fixes.
 */
function fixDataOf<K extends FixKind>(file: IndexedFile, diagnostic: Diagnostic, kind: K): FixData[K] | undefined {
  const carried = diagnostic.data as FixData[K] | undefined;
  return carried?.kind === kind ? carried : FIX_DATA_AT[kind](file, toOffset(file, diagnostic.range.start));
}

/** The diagnostic's range is the unclosed call's, to the end of its line. */
function closeShortcode(trial: FixTrial, call: Range): Fix[] {
  const { end } = call;
  // Close it the way it was opened: `{{<` with `>}}`, `{{%` with `%}}`.
  const closing = /^\{\{\s*</.test(trial.text.slice(toOffset(trial.file, call.start), toOffset(trial.file, end))) ? '>}}' : '%}}';
  return tried(trial, { title: `Close the shortcode with "${closing}"`, edits: [{ range: { start: end, end }, newText: ` ${closing}` }], mends: ['shortcode-unterminated'], preferred: true });
}

function includeFixes(trial: FixTrial, call: IncludeCallData, options: FixOptions): Fix[] {
  const { index, file } = trial;
  const close = call.form === '%' ? '%' : '>';
  const written = (includePath: string) => `{{${call.form} include "${includePath}" ${close}}}`;
  const replace = (includePath: string): TextEdit[] => [{ range: call.range, newText: written(includePath) }];
  const { malformed } = call;
  const resolved = call.path ? index.resolveInclude(file.site, call.path) : undefined;

  if (resolved?.kind === 'found') {
    return malformed ? tried(trial, { title: `Fix the include call: ${written(call.path!)}`, edits: replace(call.path!), mends: ['include-malformed'], preferred: true }) : [];
  }
  const pathCode: DiagnosticCode = resolved?.kind === 'escapes' ? 'include-outside-root' : 'include-missing';
  const mends: DiagnosticCode[] = malformed ? ['include-malformed', pathCode] : [pathCode];
  const suggestions = call.path ? nearestIncludes(index, file, call.path) : [];
  const { kept, preferred } = chooseWorking(suggestions, (suggestion) => trial.works(replace(suggestion.value), mends), options);
  const fixes: Fix[] = kept.map((suggestion) => {
    const sameName = suggestion.match === 'same-name' ? ' (same file name)' : '';
    const title = malformed ? `Fix the call and change the path to ${suggestion.value}${sameName}` : `Change the path to ${suggestion.value}${sameName}`;
    return { title, edits: replace(suggestion.value), mends, preferred: suggestion === preferred };
  });
  if (options.preferredOnly) return fixes;
  if (malformed && call.path) {
    fixes.push(...tried(trial, { title: `Fix the call, keep the path: ${written(call.path)}`, edits: replace(call.path), mends: ['include-malformed'], preferred: false }));
  }
  if (resolved?.kind === 'missing' && options.canCreateFiles) {
    const root = file.site.includeRoots.find((candidate) => !candidate.prefix || resolved.normalized.startsWith(`${candidate.prefix}/`));
    if (root) {
      const target = path.join(root.directory, root.prefix ? resolved.normalized.slice(root.prefix.length + 1) : resolved.normalized);
      const created = relativePath(file.site.folder, target);
      fixes.push({ title: `Create ${created}${malformed ? ' and fix the call' : ''}`, creates: target, edits: malformed ? replace(call.path!) : [], mends, preferred: false });
    }
  }
  return fixes;
}

function linkFixes(trial: FixTrial, link: LinkData, code: DiagnosticCode, options: FixOptions): Fix[] {
  const { index, file } = trial;
  const hash = link.destination.indexOf('#');
  const pagePart = hash === -1 ? link.destination : link.destination.slice(0, hash);
  const fragment = hash === -1 ? undefined : link.destination.slice(hash + 1);
  const resolved = index.resolveLink(file, link.destination);
  // An autolink or a bare URL must stay an absolute URL to stay a link.
  const kind = linkWithDestinationAt(file, toOffset(file, link.range.start))?.kind ?? 'inline';
  const replace = (destination: string): TextEdit[] => [{ range: link.range, newText: destinationAsWritten(kind, link.destination, destination) }];
  const mends = [code];

  const address = code === 'link-address-as-path' ? addressWrittenAsPath(link.destination) : undefined;
  if (address) return tried(trial, { title: `Link to ${address.url}`, edits: replace(address.url), mends, preferred: true });
  if (resolved.kind === 'page' && resolved.viaAlias) {
    const destination = `${resolved.page.url}${fragment !== undefined ? `#${fragment}` : ''}`;
    return tried(trial, { title: `Link to the current URL ${destination}`, edits: replace(destination), mends, preferred: true });
  }
  if (resolved.kind === 'page' && fragment !== undefined && !resolved.anchor) {
    const destinationOf = (anchor: Suggestion<string>) => `${pagePart}#${anchor.value}`;
    const { kept, preferred } = chooseWorking(nearestAnchors(index, resolved.page, fragment), (anchor) => trial.works(replace(destinationOf(anchor)), mends), options);
    return kept.map((anchor) => ({ title: `Change the anchor to #${anchor.value}`, edits: replace(destinationOf(anchor)), mends, preferred: anchor === preferred }));
  }
  if (resolved.kind !== 'missing-page') return [];
  // `https:/host/…` is a typo for `https://host/…`, not a page to look for.
  if (SAME_SCHEME_PATH.test(link.destination.trim())) {
    const absolute = link.destination.trim().replace(/^https:\/?/i, 'https://');
    return tried(trial, { title: `Link to ${absolute}`, edits: replace(absolute), mends, preferred: true });
  }
  const wanted = resolved.target.kind === 'page' ? resolved.target.urlPath : pagePart;
  // Keep the fragment when the new page has it; else point at the page itself.
  const destinationOf = ({ value: page }: Suggestion<IndexedFile>) => `${page.url}${fragment !== undefined && index.findAnchor(page, fragment) !== undefined ? `#${fragment}` : ''}`;
  // A link to a section is mended only by a page with that section: else the fix drops what the link pointed at.
  const keepsSection = (page: Suggestion<IndexedFile>) => fragment === undefined || index.findAnchor(page.value, fragment) !== undefined;
  const { kept, preferred } = chooseWorking(nearestPages(index, file, wanted), (page) => trial.works(replace(destinationOf(page)), mends), options, keepsSection);
  return kept.map((candidate) => {
    const destination = destinationOf(candidate);
    const target = `${index.titleOf(candidate.value)} (${destination})`;
    const what = index.isRolePage(candidate.value) ? 'role' : 'page';
    const title = candidate.match === 'same-name' ? `The ${what} moved: link to ${target}` : candidate.match === 'renamed' ? `The ${what} was renamed: link to ${target}` : `Link to ${target}`;
    return { title, edits: replace(destination), mends, preferred: candidate === preferred };
  });
}

/**
 * The suggestions whose fix works, and the one clearly meant among those. For fix-all only the
 * best is tried when it is clearly meant already: dropping suggestions that do not work only
 * makes it clearer (see clearlyMeant), so the others need not be tried.
 */
function chooseWorking<T>(
  suggestions: readonly Suggestion<T>[],
  works: (suggestion: Suggestion<T>) => boolean,
  options: FixOptions,
  mayPrefer: (suggestion: Suggestion<T>) => boolean = () => true,
): { kept: Suggestion<T>[]; preferred?: Suggestion<T> } {
  const clearest = (among: readonly Suggestion<T>[]) => {
    const best = clearlyMeant(among);
    return best && mayPrefer(best) ? best : undefined;
  };
  if (options.preferredOnly) {
    const best = clearest(suggestions);
    if (best && works(best)) return { kept: [best], preferred: best };
  }
  const kept = suggestions.filter(works);
  const preferred = clearest(kept);
  if (!options.preferredOnly) return { kept, preferred };
  return preferred ? { kept: [preferred], preferred } : { kept: [] };
}

/** The fix, if it works. */
function tried(trial: FixTrial, fix: Fix): Fix[] {
  return trial.works(fix.edits, fix.mends) ? [fix] : [];
}

/**
 * Whether a file whose problems were `before` and are `after` a fix has every problem of `mended`
 * gone and no other it did not have, compared by code and line (see worksTogether).
 */
export function mendsOnly(before: readonly Diagnostic[], mended: readonly Diagnostic[], after: readonly Diagnostic[]): boolean {
  const allowed = countByLine(before);
  for (const diagnostic of mended) allowed.set(lineKey(diagnostic), (allowed.get(lineKey(diagnostic)) ?? 0) - 1);
  return [...countByLine(after)].every(([key, count]) => count <= (allowed.get(key) ?? 0));
}

function countByLine(diagnostics: readonly Diagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const diagnostic of diagnostics) counts.set(lineKey(diagnostic), (counts.get(lineKey(diagnostic)) ?? 0) + 1);
  return counts;
}

function lineKey(diagnostic: Diagnostic): string {
  return `${diagnostic.range.start.line}:${String(diagnostic.code)}`;
}

/** Whether two ranges overlap or meet. */
function touches(a: Range, b: Range): boolean {
  return !isBefore(a.end, b.start) && !isBefore(b.end, a.start);
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
