// What a person can configure (`handbookRoles.*`), with the defaults that fit GitLab's handbook:
// the one home of each default. package.json's contributes.configuration and README.md's table of
// settings document them (test/unit/tidy.test.ts holds them equal).

import { extendsPatternProblem, folderProblem, globProblem, hostProblem } from './settingChecks';

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
}

export const DIAGNOSTICS_SCOPES = ['workspace', 'openFiles'] as const;
export type DiagnosticsScope = (typeof DIAGNOSTICS_SCOPES)[number];

export const DEFAULT_SETTINGS: HandbookSettings = {
  contentRoots: [],
  includeRoots: [],
  siteHosts: ['handbook.gitlab.com', 'about.gitlab.com'],
  rolePaths: ['job-families/**', 'jobs/**', '**/careers/matrix/**'],
  extendsPatterns: ['\\bextends that of\\b', '\\ball competencies exhibited by\\b'],
  maxFileSize: 5 * 1024 * 1024,
  hoverMaxLines: 60,
  moveAddAliases: true,
  diagnosticsScope: 'workspace',
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
}

/** Settings as they arrive from a client: anything missing or unusable is defaulted (see checkSettings). */
export function readSettings(raw: unknown): HandbookSettings {
  return checkSettings(raw).settings;
}

/**
 * Settings as they arrive from a client, checked: a value of the wrong type gives the default, an
 * unusable entry of a list is dropped (the rest of the list kept), and each is a problem to tell
 * the user. A missing setting is no problem. Nothing a client sends can stop the index.
 */
export function checkSettings(raw: unknown): SettingsReading {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const strings = (name: string, value: unknown, fallback: readonly string[], problemOf: (entry: string) => string | undefined = () => undefined) => {
    if (value === undefined) return fallback;
    if (!Array.isArray(value)) {
      problems.push(`${SETTING_PREFIX}${name}: expected a list of strings, got ${describe(value)}; the default is used`);
      return fallback;
    }
    return value.filter((entry: unknown, position) => {
      const problem = typeof entry === 'string' ? problemOf(entry) : `expected a string, got ${describe(entry)}`;
      if (problem !== undefined) problems.push(`${SETTING_PREFIX}${name}[${position}]: ${problem}; the entry is ignored`);
      return problem === undefined;
    }) as string[];
  };
  const number = (name: string, value: unknown, fallback: number) => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && value > 0 && Number.isFinite(value)) return value;
    problems.push(`${SETTING_PREFIX}${name}: expected a positive number, got ${describe(value)}; the default (${fallback}) is used`);
    return fallback;
  };
  const boolean = (name: string, value: unknown, fallback: boolean) => {
    if (value === undefined || typeof value === 'boolean') return value ?? fallback;
    problems.push(`${SETTING_PREFIX}${name}: expected true or false, got ${describe(value)}; the default (${fallback}) is used`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (allowed.includes(value as T)) return value as T;
    problems.push(`${SETTING_PREFIX}${name}: expected one of ${allowed.map((entry) => JSON.stringify(entry)).join(', ')}, got ${describe(value)}; the default (${JSON.stringify(fallback)}) is used`);
    return fallback;
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
    maxFileSize: number('maxFileSize', source.maxFileSize, DEFAULT_SETTINGS.maxFileSize),
    hoverMaxLines: number(hover.maxLines === undefined ? 'hoverMaxLines' : 'hover.maxLines', hover.maxLines ?? source.hoverMaxLines, DEFAULT_SETTINGS.hoverMaxLines),
    moveAddAliases: boolean('move.addAliases', move.addAliases, DEFAULT_SETTINGS.moveAddAliases),
    diagnosticsScope: oneOf('diagnostics.scope', diagnostics.scope, DIAGNOSTICS_SCOPES, DEFAULT_SETTINGS.diagnosticsScope),
  };
  return { settings, problems };
}

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
