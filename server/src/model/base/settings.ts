// What a person can configure (`handbookRoles.*`), with the defaults that fit GitLab's handbook:
// the one home of each default. package.json's contributes.configuration and README.md's table of
// settings document them (test/unit/tidy.test.ts holds them equal).

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
}

export const DEFAULT_SETTINGS: HandbookSettings = {
  contentRoots: [],
  includeRoots: [],
  siteHosts: ['handbook.gitlab.com', 'about.gitlab.com'],
  rolePaths: ['job-families/**', 'jobs/**', '**/careers/matrix/**'],
  extendsPatterns: ['\\bextends that of\\b', '\\ball competencies exhibited by\\b'],
  maxFileSize: 5 * 1024 * 1024,
  hoverMaxLines: 60,
};

/** Settings as they arrive from a client: anything missing or of the wrong type is defaulted. */
export function readSettings(raw: unknown): HandbookSettings {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (value: unknown, fallback: readonly string[]) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : fallback);
  const number = (value: unknown, fallback: number) => (typeof value === 'number' && value > 0 ? value : fallback);
  const hover = (source.hover && typeof source.hover === 'object' ? source.hover : {}) as Record<string, unknown>;
  return {
    contentRoots: strings(source.contentRoots, DEFAULT_SETTINGS.contentRoots),
    includeRoots: strings(source.includeRoots, DEFAULT_SETTINGS.includeRoots),
    siteHosts: strings(source.siteHosts, DEFAULT_SETTINGS.siteHosts),
    rolePaths: strings(source.rolePaths, DEFAULT_SETTINGS.rolePaths),
    extendsPatterns: strings(source.extendsPatterns, DEFAULT_SETTINGS.extendsPatterns),
    maxFileSize: number(source.maxFileSize, DEFAULT_SETTINGS.maxFileSize),
    hoverMaxLines: number(hover.maxLines ?? source.hoverMaxLines, DEFAULT_SETTINGS.hoverMaxLines),
  };
}
