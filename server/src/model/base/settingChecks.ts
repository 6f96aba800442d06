// What makes one entry of a list setting unusable, said so that a person can fix it: a glob of
// `rolePaths` or a regular expression of `extendsPatterns`. A setting comes from whoever runs
// the server (any client, any workspace's settings file), so an entry that would throw while
// compiling, or that the linear-time engine cannot run (extendsSearch.ts), must be caught here: the index and the
// parser compile only what passes (and skip the rest even when handed settings that skipped
// readSettings).
import picomatch from 'picomatch';
import { EXTENDS_PATTERN_FLAGS, re2Problem } from './extendsSearch';

/** No path glob or inheritance phrase is this long; longer ones cost compile and match time for nothing. */
export const MAX_ENTRY_LENGTH = 1000;

/**
 * How many `*` one path segment of a glob may have (a segment that is just `**` aside): picomatch
 * turns each into a backtracking `[^/]*?`, so `*a*a*a*a*a*a*a*a*b` took 9.5 s against a 40-letter
 * name. The cost grows with the name's length to the power of the stars: against a 255-character
 * name (the longest most file systems allow) four took 1.3 s, three 20 ms. Three cover any real
 * role path (`*-engineer-*`).
 */
const MAX_STARS_PER_SEGMENT = 3;

/** How `rolePaths` globs are matched: case-insensitively, and into dot-folders too. */
const ROLE_GLOB_OPTIONS = { nocase: true, dot: true };

/** Why a `rolePaths` glob cannot be used, or undefined if it can. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'an empty glob matches nothing; remove it';
  if (glob.length > MAX_ENTRY_LENGTH) return `a glob of ${glob.length} characters is longer than any path (at most ${MAX_ENTRY_LENGTH}); shorten it`;
  // `!(…)` matches like a `*` that avoids something: it counts as one.
  const crowded = glob.split('/').find((segment) => segment !== '**' && (segment.match(/\*|!\(/g)?.length ?? 0) > MAX_STARS_PER_SEGMENT);
  if (crowded !== undefined)
    return `the path segment \`${crowded}\` has more than ${MAX_STARS_PER_SEGMENT} \`*\`, which picomatch matches by backtracking, in time that grows with the length of a name to the power of their number; use at most ${MAX_STARS_PER_SEGMENT} per segment`;
  let compiled: RegExp;
  try {
    compiled = picomatch.makeRe(glob, ROLE_GLOB_OPTIONS);
  } catch (error) {
    return `not a valid glob (${error instanceof Error ? error.message : String(error)}); fix or remove it`;
  }
  if (repeatsAmbiguousGroup(compiled.source))
    return "it repeats a pattern that itself repeats or has alternatives (an extglob like `+(a*)` or `*(a|b)`), which picomatch matches by backtracking in time exponential in a name's length; list the alternatives as separate globs instead";
  return undefined;
}

/**
 * Whether a regular expression, as picomatch writes one, repeats a group that itself repeats or
 * has alternatives (lookarounds aside, which match no characters): `(?:a[^/]*?)+`, from the
 * extglob `+(a*)`, made `+(a*)+(a*)b` take 1.8 s against a name of 24 letters. `**` compiles to a
 * repeated single character guarded by a lookahead, which passes.
 */
function repeatsAmbiguousGroup(source: string): boolean {
  const groups: { lookaround: boolean; ambiguous: boolean }[] = [];
  const markOpenGroup = () => {
    const open = groups.at(-1);
    if (open && !open.lookaround) open.ambiguous = true;
  };
  for (let at = 0; at < source.length; at++) {
    const char = source[at];
    if (char === '\\') at++;
    else if (char === '[') at = classEnd(source, at);
    else if (char === '(') groups.push({ lookaround: /^\(\?<?[=!]/.test(source.slice(at, at + 4)), ambiguous: false });
    else if (char === ')') {
      const group = groups.pop();
      if (!group?.ambiguous || group.lookaround) continue;
      if ('*+{'.includes(source[at + 1] ?? '')) return true;
      markOpenGroup();
    } else if (char === '|' || char === '*' || char === '+' || char === '{' || (char === '?' && source[at - 1] !== '(')) markOpenGroup();
  }
  return false;
}

/** The offset of the `]` that closes the character class opening at `start`. */
function classEnd(source: string, start: number): number {
  let at = start + 1;
  if (source[at] === '^') at++;
  if (source[at] === ']') at++;
  while (at < source.length && source[at] !== ']') at += source[at] === '\\' ? 2 : 1;
  return at;
}

/** Whether a page's path (relative to its content root) is a role page, by the usable globs of `rolePaths`. */
export function rolePathMatcher(globs: readonly string[]): (sitePath: string) => boolean {
  const usable = globs.filter((glob) => globProblem(glob) === undefined);
  return usable.length === 0 ? () => false : picomatch(usable, ROLE_GLOB_OPTIONS);
}

/**
 * The longest path Linux can open (PATH_MAX). A content or include folder longer than that names
 * nothing, and costs for nothing: every include call's lookup joins its root, so a 70,000-character
 * root turned a big page's edits into seconds of string work (fuzz seed 902).
 */
const MAX_FOLDER_LENGTH = 4096;

/** Why a `contentRoots`/`includeRoots` folder cannot be used, or undefined if it can. */
export function folderProblem(folder: string): string | undefined {
  if (folder.length > MAX_FOLDER_LENGTH) return `a folder of ${folder.length} characters is longer than any path (at most ${MAX_FOLDER_LENGTH}); shorten it`;
  return undefined;
}

/** The longest host name DNS allows. */
const MAX_HOST_LENGTH = 253;

/** Why a `siteHosts` entry cannot be used, or undefined if it can. */
export function hostProblem(host: string): string | undefined {
  if (host.trim() === '') return 'an empty host matches no link; remove it';
  if (host.length > MAX_HOST_LENGTH) return `a host of ${host.length} characters is longer than any host name (at most ${MAX_HOST_LENGTH}); shorten it`;
  return undefined;
}

/** Short texts on which a pattern that can match nothing at all shows it. */
const EMPTY_MATCH_PROBES = ['', ' ', 'a', 'a b', 'A.', '\u{1F600} x'];

/** Why an `extendsPatterns` regular expression cannot be used, or undefined if it can. */
export function extendsPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_ENTRY_LENGTH) return `a pattern of ${pattern.length} characters is longer than any phrase (at most ${MAX_ENTRY_LENGTH}); shorten it`;
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, EXTENDS_PATTERN_FLAGS);
  } catch (error) {
    return `not a valid regular expression with the flags '${EXTENDS_PATTERN_FLAGS}' (${error instanceof Error ? error.message : String(error)}); fix or remove it`;
  }
  const unsupported = re2Problem(pattern);
  if (unsupported !== undefined) return unsupported;
  // Probing with V8 is safe whatever the pattern's shape: the probes are a few characters long.
  // matchAll steps past an empty match by a whole code point.
  if (EMPTY_MATCH_PROBES.some((probe) => [...probe.matchAll(compiled)].some((match) => match[0] === ''))) {
    return 'it can match the empty string, which marks no sentence; make it require at least one character';
  }
  return undefined;
}

/** Why an entry of `anchorShortcodes` or `dataShortcodes` is not a shortcode name (`a`, `product/categories`), or undefined if it is. */
export function shortcodeNameProblem(name: string): string | undefined {
  if (/^[\w-]+(\/[\w-]+)*$/.test(name)) return undefined;
  return 'a shortcode name is letters, digits, `_`, `-` and `/` (as `a` or `product/categories`), with no braces, spaces or quotes';
}
