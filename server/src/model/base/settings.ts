// What a person can configure (`handbookRoles.*`), with the defaults that fit GitLab's handbook:
// the one home of each default. package.json's contributes.configuration and README.md's table of
// settings document them (test/unit/tidy.test.ts holds them equal).

import { distance } from 'fastest-levenshtein';
import { extendsPatternProblem, folderProblem, globProblem, hostProblem, shortcodeNameProblem } from './settingChecks';

export interface HandbookSettings {
  /** Content folders relative to the workspace folder; empty: from the Hugo config. */
  readonly contentRoots: readonly string[];
  /** Include folders relative to the workspace folder; empty: from the Hugo config. */
  readonly includeRoots: readonly string[];
  /** Hosts whose absolute links are links into this handbook. */
  readonly siteHosts: readonly string[];
  /** Globs, relative to a content root, of the pages that describe roles. */
  readonly rolePaths: readonly string[];
  /** Case-insensitive regular expressions that mark an inheritance sentence. */
  readonly extendsPatterns: readonly string[];
  /** Files above this many bytes are reported and not parsed: parsing them would stall the whole index. */
  readonly maxFileSize: number;
  /** Lines of inherited text a hover shows before it cuts. */
  readonly hoverMaxLines: number;
  /** A moved page's old URL is added to its front matter `aliases`, so that links from outside still arrive. */
  readonly moveAddAliases: boolean;
  /** Whose diagnostics the editor is sent: every page's and include file's, or only the open documents'. */
  readonly diagnosticsScope: DiagnosticsScope;
  /** Per rule (a diagnostic code): the severity it is reported at instead of its own, or `off`. */
  readonly rules: Readonly<Record<string, RuleLevel>>;
  /** Globs, relative to the site folder, of files whose findings are not reported. */
  readonly ignore: readonly string[];
  /** Globs of link destinations that are not checked (matched with and without the `#anchor`). */
  readonly ignoreLinks: readonly string[];
  /** Shortcodes that write an element whose ID is their first argument (`{{% a "id" %}}`): those IDs are anchors of the page. */
  readonly anchorShortcodes: readonly string[];
  /** Shortcodes that write headings or IDs from data no static reading knows: a missing anchor on a page that calls one is only information. */
  readonly dataShortcodes: readonly string[];
}

export const DIAGNOSTICS_SCOPES = ['workspace', 'openFiles'] as const;
export type DiagnosticsScope = (typeof DIAGNOSTICS_SCOPES)[number];

/** What a rule can be set to: a severity, or `off` (not reported). */
export const RULE_LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export const DEFAULT_SETTINGS: HandbookSettings = {
  contentRoots: [],
  includeRoots: [],
  siteHosts: ['handbook.gitlab.com', 'about.gitlab.com'],
  rolePaths: ['job-families/**', 'jobs/**', '**/careers/matrix/**'],
  // The Japanese handbook's translation of "All competencies exhibited by an Intermediate": the
  // level comes first, inside the link text ("[Intermediate が発揮するすべてのコンピテンシー](…)").
  // Japanese has no spaces between words, so no \b.
  extendsPatterns: ['\\bextends that of\\b', '\\ball competencies exhibited by\\b', 'が発揮するすべてのコンピテンシー'],
  maxFileSize: 5 * 1024 * 1024,
  hoverMaxLines: 60,
  moveAddAliases: true,
  diagnosticsScope: 'workspace',
  rules: {},
  ignore: [],
  ignoreLinks: [],
  // docsy-gitlab's anchor shortcode.
  anchorShortcodes: ['a'],
  // docsy-gitlab's shortcodes that write headings (and so IDs) from the handbook's data files.
  dataShortcodes: [
    'team-by-departments',
    'kpi',
    'performance-indicators',
    'product/categories',
    'product/categories-index',
    'product/categories-features',
    'product/categories-lookup',
    'product/section-group-table',
    'tech-stack',
    'group-by-expertise',
    'engineering/workflow-labels',
  ],
};

/** `settings` with the settings that shape only answers, not what is read into an index (hoverMaxLines, moveAddAliases, diagnosticsScope), taken from `from`. */
export function withAnswerSettings(settings: HandbookSettings, from: HandbookSettings): HandbookSettings {
  return { ...settings, hoverMaxLines: from.hoverMaxLines, moveAddAliases: from.moveAddAliases, diagnosticsScope: from.diagnosticsScope };
}

/** Whether an index built with `a` would read the same files into the same facts as one built with `b`: then a change from one to the other needs no rebuild. */
export function readAlike(a: HandbookSettings, b: HandbookSettings): boolean {
  return JSON.stringify(withAnswerSettings(a, DEFAULT_SETTINGS)) === JSON.stringify(withAnswerSettings(b, DEFAULT_SETTINGS));
}

/** Settings as read, and what was wrong with them: each problem names the setting, says what is wrong and how to fix it. */
export interface SettingsReading {
  readonly settings: HandbookSettings;
  readonly problems: readonly string[];
  /** The same problems, each with the setting's path (`['rolePaths', 2]`) and its text without that name: for a configuration file, which shows each at its place. */
  readonly located: readonly LocatedSettingProblem[];
}

export interface LocatedSettingProblem {
  readonly path: readonly (string | number)[];
  readonly detail: string;
}

/** Settings as they arrive from a client: anything missing or unusable is defaulted (see checkSettings). */
export function readSettings(raw: unknown): HandbookSettings {
  return checkSettings(raw).settings;
}

/**
 * Settings as they arrive from a client, checked: a value of the wrong type gives the default, an
 * unusable entry of a list is dropped (the rest of the list kept), and each is a problem to tell
 * the user. A missing setting is no problem. Nothing a client sends can stop the index.
 * `ruleNames`, when given, are the rules `rules` may name (the diagnostic codes, which this layer
 * does not know); a rule not among them is a problem and dropped.
 */
export function checkSettings(raw: unknown, ruleNames?: readonly string[]): SettingsReading {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const located: LocatedSettingProblem[] = [];
  const problem = (path: readonly (string | number)[], detail: string) => {
    located.push({ path, detail });
    problems.push(`${SETTING_PREFIX}${settingName(path)}: ${detail}`);
  };
  const strings = (name: string, value: unknown, fallback: readonly string[], problemOf: (entry: string) => string | undefined = () => undefined) => {
    if (value === undefined) return fallback;
    if (!Array.isArray(value)) {
      problem([name], `expected a list of strings, got ${describe(value)}; the default is used`);
      return fallback;
    }
    return value.filter((entry: unknown, position) => {
      const entryProblem = typeof entry === 'string' ? problemOf(entry) : `expected a string, got ${describe(entry)}`;
      if (entryProblem !== undefined) problem([name, position], `${entryProblem}; the entry is ignored`);
      return entryProblem === undefined;
    }) as string[];
  };
  const number = (path: readonly string[], value: unknown, fallback: number) => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && value > 0 && Number.isFinite(value)) return value;
    problem(path, `expected a positive number, got ${describe(value)}; the default (${fallback}) is used`);
    return fallback;
  };
  const boolean = (path: readonly string[], value: unknown, fallback: boolean) => {
    if (value === undefined || typeof value === 'boolean') return value ?? fallback;
    problem(path, `expected true or false, got ${describe(value)}; the default (${fallback}) is used`);
    return fallback;
  };
  const oneOf = <T extends string>(path: readonly string[], value: unknown, allowed: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (allowed.includes(value as T)) return value as T;
    problem(path, `expected one of ${allowed.map((entry) => JSON.stringify(entry)).join(', ')}, got ${describe(value)}; the default (${JSON.stringify(fallback)}) is used`);
    return fallback;
  };
  const rules = (value: unknown): Record<string, RuleLevel> => {
    if (value === undefined) return DEFAULT_SETTINGS.rules;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problem(['rules'], `expected a mapping of rule names to ${RULE_LEVELS.join(', ')}, got ${describe(value)}; every rule keeps its own severity`);
      return DEFAULT_SETTINGS.rules;
    }
    const read: Record<string, RuleLevel> = {};
    for (const [name, level] of Object.entries(value as Record<string, unknown>)) {
      const unknownRule = ruleNames !== undefined && !ruleNames.includes(name);
      if (unknownRule)
        problem(['rules', name], `there is no rule ${JSON.stringify(name)}${nearestName(name, ruleNames)}; the rules are the diagnostic codes (README.md, Diagnostics); the entry is ignored`);
      else if (!(RULE_LEVELS as readonly unknown[]).includes(level)) problem(['rules', name], `expected one of ${RULE_LEVELS.join(', ')}, got ${describe(level)}; the rule keeps its own severity`);
      else read[name] = level as RuleLevel;
    }
    return read;
  };
  const hover = (source.hover && typeof source.hover === 'object' ? source.hover : {}) as Record<string, unknown>;
  const move = (source.move && typeof source.move === 'object' ? source.move : {}) as Record<string, unknown>;
  const diagnostics = (source.diagnostics && typeof source.diagnostics === 'object' ? source.diagnostics : {}) as Record<string, unknown>;
  const settings: HandbookSettings = {
    contentRoots: strings('contentRoots', source.contentRoots, DEFAULT_SETTINGS.contentRoots, folderProblem),
    includeRoots: strings('includeRoots', source.includeRoots, DEFAULT_SETTINGS.includeRoots, folderProblem),
    siteHosts: strings('siteHosts', source.siteHosts, DEFAULT_SETTINGS.siteHosts, hostProblem),
    rolePaths: strings('rolePaths', source.rolePaths, DEFAULT_SETTINGS.rolePaths, globProblem),
    extendsPatterns: strings('extendsPatterns', source.extendsPatterns, DEFAULT_SETTINGS.extendsPatterns, extendsPatternProblem),
    maxFileSize: number(['maxFileSize'], source.maxFileSize, DEFAULT_SETTINGS.maxFileSize),
    hoverMaxLines: number(hover.maxLines === undefined ? ['hoverMaxLines'] : ['hover', 'maxLines'], hover.maxLines ?? source.hoverMaxLines, DEFAULT_SETTINGS.hoverMaxLines),
    moveAddAliases: boolean(['move', 'addAliases'], move.addAliases, DEFAULT_SETTINGS.moveAddAliases),
    diagnosticsScope: oneOf(['diagnostics', 'scope'], diagnostics.scope, DIAGNOSTICS_SCOPES, DEFAULT_SETTINGS.diagnosticsScope),
    rules: rules(source.rules),
    ignore: strings('ignore', source.ignore, DEFAULT_SETTINGS.ignore, globProblem),
    ignoreLinks: strings('ignoreLinks', source.ignoreLinks, DEFAULT_SETTINGS.ignoreLinks, globProblem),
    anchorShortcodes: strings('anchorShortcodes', source.anchorShortcodes, DEFAULT_SETTINGS.anchorShortcodes, shortcodeNameProblem),
    dataShortcodes: strings('dataShortcodes', source.dataShortcodes, DEFAULT_SETTINGS.dataShortcodes, shortcodeNameProblem),
  };
  return { settings, problems, located };
}

/** `['rolePaths', 2]` as `rolePaths[2]`, `['hover', 'maxLines']` as `hover.maxLines`. */
function settingName(path: readonly (string | number)[]): string {
  return path.map((part, at) => (typeof part === 'number' ? `[${part}]` : at === 0 ? part : `.${part}`)).join('');
}

/** ", did you mean X?" for the known name nearest a misspelt one (a slip of a few letters), else nothing. */
function nearestName(name: string, known: readonly string[]): string {
  const scored = known.map((candidate) => ({ candidate, distance: distance(name, candidate) })).sort((a, b) => a.distance - b.distance);
  return scored.length > 0 && scored[0].distance <= NEAR_NAME_DISTANCE ? `, did you mean ${JSON.stringify(scored[0].candidate)}?` : '';
}

/** A rule name this few edits from a known one is a typing slip of it. */
const NEAR_NAME_DISTANCE = 3;

const SETTING_PREFIX = 'handbookRoles.';

/** A value as a problem shows it: short, whatever it is. */
function describe(value: unknown): string {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : Array.isArray(value)
        ? 'a list'
        : value === null
          ? 'null'
          : typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : `a value of type ${typeof value}`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
