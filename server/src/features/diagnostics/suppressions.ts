// What the configuration and the page's own comments make of a file's diagnostics, after they are
// computed and before anyone sees them, so that the editor and the command line apply them alike:
// `ignore` (files reported nothing), `ignoreLinks` (links not checked), suppression comments
// (model/page/suppressions.ts; one that suppresses nothing is reported, so they do not rot, and
// one that cannot be used is reported on the comment) and `rules` (a severity of the team's own,
// or off).
import picomatch from 'picomatch';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { HandbookSettings, RuleLevel } from '../../model/base/settings';
import { globProblem } from '../../model/base/settingChecks';
import { relativePath } from '../../model/base/paths';
import type { IndexedFile } from '../../model/index/indexedFile';
import { SUPPRESSION_PREFIX, type SuppressionComment } from '../../model/page/suppressions';
import { toRange } from '../shared/positions';
import { CODES, DIAGNOSTIC_CODES, SOURCE, isDiagnosticCode, type DiagnosticCode } from './codes';

/** Globs as `ignore` and `ignoreLinks` mean them: into dot-folders too. */
const GLOB_OPTIONS = { dot: true };

interface Matchers {
  readonly file: (sitePath: string) => boolean;
  readonly link: (destination: string) => boolean;
}

/** Compiled once per settings: every file of a check asks. */
const matchersOf = new WeakMap<HandbookSettings, Matchers>();

function matchers(settings: HandbookSettings): Matchers {
  let compiled = matchersOf.get(settings);
  if (!compiled) {
    compiled = { file: matcherOf(settings.ignore), link: matcherOf(settings.ignoreLinks) };
    matchersOf.set(settings, compiled);
  }
  return compiled;
}

/** The usable globs as one matcher (settings that skipped checkSettings may hold unusable ones). */
function matcherOf(globs: readonly string[]): (text: string) => boolean {
  const usable = globs.filter((glob) => globProblem(glob) === undefined);
  return usable.length === 0 ? () => false : picomatch(usable, GLOB_OPTIONS);
}

/** Whether `ignore` names the file (by its path relative to its site's folder): then nothing in it is reported. */
export function isIgnoredFile(settings: HandbookSettings, file: IndexedFile): boolean {
  return settings.ignore.length > 0 && matchers(settings).file(relativePath(file.site.folder, file.path));
}

/** Whether `ignoreLinks` names a link's destination, as written or without its `#anchor`: then the link is not checked. */
export function isIgnoredLink(settings: HandbookSettings, destination: string): boolean {
  if (settings.ignoreLinks.length === 0) return false;
  const matches = matchers(settings).link;
  const hash = destination.indexOf('#');
  return matches(destination) || (hash !== -1 && matches(destination.slice(0, hash)));
}

/** A file's diagnostics as the team configured them: comments applied (and reported when unusable or unused), then `rules`. */
export function applyConfiguration(settings: HandbookSettings, file: IndexedFile, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const comments = file.facts.suppressions ?? [];
  const kept = comments.length === 0 ? diagnostics : [...suppressed(file, comments, diagnostics)];
  return Object.keys(settings.rules).length === 0 ? [...kept] : kept.flatMap((diagnostic) => withRuleLevel(settings, diagnostic));
}

function withRuleLevel(settings: HandbookSettings, diagnostic: Diagnostic): Diagnostic[] {
  const level = isDiagnosticCode(diagnostic.code) ? settings.rules[diagnostic.code] : undefined;
  if (level === undefined) return [diagnostic];
  return level === 'off' ? [] : [{ ...diagnostic, severity: SEVERITY_OF[level] }];
}

const SEVERITY_OF: Record<Exclude<RuleLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What one comment suppresses: `rule` (undefined: every rule) on lines `from` to `to`. */
interface Scope {
  readonly comment: SuppressionComment;
  readonly rule: DiagnosticCode | undefined;
  readonly from: number;
  to: number;
  used: boolean;
}

/** The diagnostics no comment suppresses, then a diagnostic for every comment that cannot be used or suppresses nothing. */
function* suppressed(file: IndexedFile, comments: readonly SuppressionComment[], diagnostics: readonly Diagnostic[]): Generator<Diagnostic> {
  const problems: Diagnostic[] = [];
  const report = (comment: SuppressionComment, code: 'suppression-invalid' | 'suppression-unused', message: string) =>
    problems.push({ range: toRange(file, comment.range), severity: CODES[code].severity, code, source: SOURCE, message });
  const scopes = scopesOf(file, comments, report);
  for (const diagnostic of diagnostics) {
    const line = diagnostic.range.start.line;
    const covering = scopes.filter((scope) => scope.from <= line && line <= scope.to && (scope.rule === undefined || scope.rule === diagnostic.code));
    for (const scope of covering) scope.used = true;
    if (covering.length === 0) yield diagnostic;
  }
  for (const scope of scopes) {
    if (scope.used) continue;
    const where = scope.comment.directive === 'disable' ? `between it and its enable comment (or the end of the file)` : `on line ${scope.from + 1}`;
    report(
      scope.comment,
      'suppression-unused',
      `This ${SUPPRESSION_PREFIX}${scope.comment.directive} comment suppresses nothing: there is no ${scope.rule ? `${scope.rule} ` : ''}finding ${where}. Remove ${scope.rule && scopes.filter((other) => other.comment === scope.comment).length > 1 ? `${scope.rule} from it` : 'it'}.`,
    );
  }
  yield* problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Each usable comment's scopes, in page order; an unusable comment or rule name is reported instead. */
function scopesOf(
  file: IndexedFile,
  comments: readonly SuppressionComment[],
  report: (comment: SuppressionComment, code: 'suppression-invalid' | 'suppression-unused', message: string) => void,
): Scope[] {
  const scopes: Scope[] = [];
  /** `disable` scopes still open, by rule ('' for every rule). */
  const open = new Map<string, Scope>();
  for (const comment of comments) {
    if (comment.directive === undefined) {
      report(comment, 'suppression-invalid', `Unusable suppression comment: ${comment.problem ?? 'unknown directive'}.`);
      continue;
    }
    const rules = knownRules(comment, report);
    if (rules === undefined) continue;
    const first = file.lines.positionAt(comment.range.start).line;
    const last = file.lines.positionAt(comment.range.end).line;
    const directive = comment.directive;
    if (directive === 'enable') {
      const closing = rules.length === 0 ? [...open.keys()] : rules.filter((rule) => open.has(rule));
      for (const key of closing) {
        open.get(key)!.to = first;
        open.delete(key);
      }
      if (closing.length === 0)
        report(comment, 'suppression-unused', `This ${SUPPRESSION_PREFIX}enable comment ends no ${SUPPRESSION_PREFIX}disable comment${rules.length > 0 ? ` of ${rules.join(', ')}` : ''}. Remove it.`);
      continue;
    }
    for (const rule of rules.length === 0 ? [undefined] : rules) {
      const [from, to] = directive === 'disable-next-line' ? [last + 1, last + 1] : directive === 'disable-line' ? [first, last] : [first, Infinity];
      const scope: Scope = { comment, rule, from, to, used: false };
      scopes.push(scope);
      if (directive === 'disable' && !open.has(rule ?? '')) open.set(rule ?? '', scope);
    }
  }
  return scopes;
}

/** The comment's rules that are diagnostic codes (an empty list: every rule), or undefined when it names none that is. */
function knownRules(comment: SuppressionComment, report: (comment: SuppressionComment, code: 'suppression-invalid', message: string) => void): DiagnosticCode[] | undefined {
  const unknown = comment.rules.filter((rule) => !isDiagnosticCode(rule));
  if (unknown.length > 0) {
    report(
      comment,
      'suppression-invalid',
      `Unknown rule${unknown.length === 1 ? '' : 's'} in a suppression comment: ${unknown.join(', ')}. The rules are the diagnostic codes: ${DIAGNOSTIC_CODES.join(', ')}.`,
    );
  }
  const known = comment.rules.filter(isDiagnosticCode);
  return unknown.length > 0 && known.length === 0 ? undefined : known;
}
