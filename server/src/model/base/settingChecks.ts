// What makes one entry of a list setting unusable, said so that a person can fix it: a glob of
// `rolePaths` or a regular expression of `extendsPatterns`. A setting comes from whoever runs
// the server (any client, any workspace's settings file), so an entry that would throw while
// compiling, or make matching take exponential time, must be caught here: the index and the
// parser compile only what passes (and skip the rest even when handed settings that skipped
// readSettings).
import picomatch from 'picomatch';

/** No path glob or inheritance phrase is this long; longer ones cost compile and match time for nothing. */
export const MAX_ENTRY_LENGTH = 1000;

/** How `rolePaths` globs are matched: case-insensitively, and into dot-folders too. */
const ROLE_GLOB_OPTIONS = { nocase: true, dot: true };

/** Why a `rolePaths` glob cannot be used, or undefined if it can. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'an empty glob matches nothing; remove it';
  if (glob.length > MAX_ENTRY_LENGTH) return `a glob of ${glob.length} characters is longer than any path (at most ${MAX_ENTRY_LENGTH}); shorten it`;
  try {
    picomatch.makeRe(glob, ROLE_GLOB_OPTIONS);
    return undefined;
  } catch (error) {
    return `not a valid glob (${error instanceof Error ? error.message : String(error)}); fix or remove it`;
  }
}

/** Whether a page's path (relative to its content root) is a role page, by the usable globs of `rolePaths`. */
export function rolePathMatcher(globs: readonly string[]): (sitePath: string) => boolean {
  const usable = globs.filter((glob) => globProblem(glob) === undefined);
  return usable.length === 0 ? () => false : picomatch(usable, ROLE_GLOB_OPTIONS);
}

/** The flags an inheritance-sentence pattern is compiled with: every match, case-insensitive, Unicode. */
export const EXTENDS_PATTERN_FLAGS = 'giu';

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
  const costly = costlyShape(pattern);
  if (costly !== undefined) return `${costly} on some pages; repeat single characters or classes, with a mandatory character between repetitions (e.g. \`\\bbuilds\\s+on\\b\`)`;
  // Probing is safe once those shapes are ruled out: the probes are a few characters long.
  // matchAll steps past an empty match by a whole code point.
  if (EMPTY_MATCH_PROBES.some((probe) => [...probe.matchAll(compiled)].some((match) => match[0] === ''))) {
    return 'it can match the empty string, which marks no sentence; make it require at least one character';
  }
  return undefined;
}

/**
 * The shapes of pattern whose backtracking is more than linear per start, said as the part at
 * fault, or undefined: a repeated group with a quantifier or alternatives inside (`(a+)+`,
 * `(a|aa)+`, `(x+x+)+y`: exponential); two repetitions in a row (`\s*\s*`, `[a-z]+\w*`:
 * polynomial, one degree per repetition); more than one repetition of a broad class (`.*`,
 * `[^x]+`, `\S+`), which overlaps whatever lies between. Repetitions of single items with a
 * mandatory item between them (`\bextends\s+that\s+of\b`) pass. What cost such a pattern
 * can still have (`[a-z]*a[a-z]*!`, whose classes overlap the literal between them) is bounded
 * by the window the parser searches in (markExtendsLinks).
 */
function costlyShape(pattern: string): string | undefined {
  interface Group {
    readonly start: number;
    /** Whether the group has a quantifier or alternatives inside. */
    inner: boolean;
    /** Where the repetition that ends the group's sequence so far starts, if one does. */
    lastRepetition?: number;
  }
  const groups: Group[] = [{ start: 0, inner: false }];
  let broadRepetitions = 0;
  let atomEnd: number;
  for (let at = 0; at < pattern.length; at = atomEnd) {
    const character = pattern[at];
    let group: Group | undefined;
    if (character === '(') {
      groups.push({ start: at, inner: false });
      atomEnd = at + 1;
      continue;
    }
    if (character === ')' && groups.length > 1) group = groups.pop();
    const current = groups[groups.length - 1];
    if (character === '|') {
      current.inner = true;
      current.lastRepetition = undefined;
    }
    atomEnd = character === '\\' ? escapeEnd(pattern, at) : character === '[' ? classEnd(pattern, at) : at + 1;
    const atomStart = group?.start ?? at;
    const quantifier = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(pattern.slice(atomEnd, atomEnd + 40));
    if (!quantifier) {
      if (group?.inner) current.inner = true;
      // A group that ends in a repetition ends its parent's sequence in it.
      if (character !== '|') current.lastRepetition = group?.lastRepetition === undefined ? undefined : group.lastRepetition;
      continue;
    }
    const [text, least, comma, most] = quantifier;
    const repeats = text[0] === '*' || text[0] === '+' || (least !== undefined && (comma === undefined ? Number(least) > 1 : most === '' || Number(most) > 1));
    current.inner = true;
    atomEnd += text.length;
    if (!repeats) continue;
    const repetition = pattern.slice(atomStart, atomEnd);
    if (group?.inner) return `\`${repetition}\` repeats a group that has a quantifier or alternatives inside, which can take exponential time`;
    if (current.lastRepetition !== undefined) return `\`${pattern.slice(current.lastRepetition, atomEnd)}\` has two repetitions in a row, which can take polynomial time`;
    if (BROAD_ATOM.test(pattern.slice(atomStart, atomEnd - text.length)) && ++broadRepetitions > 1) return `\`${repetition}\` is a second repetition of a broad class, which can take polynomial time`;
    current.lastRepetition = atomStart;
  }
  return undefined;
}

/** An atom that matches most characters: `.`, a negated class, `\S`, `\W`, `\D`, `\P{…}`. */
const BROAD_ATOM = /^(?:\.|\[\^.*|\\[SWDP].*)$/s;

/** Where the escape at `at` ends: `\u{…}`, `\p{…}`, `\k<…>` whole, else the backslash and one character. */
function escapeEnd(pattern: string, at: number): number {
  const braced = /^\\(?:[upP]\{[^}]*\}|k<[^>]*>)/.exec(pattern.slice(at, at + 100));
  return braced ? at + braced[0].length : at + 2;
}

/** Where the character class opened at `at` ends. */
function classEnd(pattern: string, at: number): number {
  for (let next = at + 1; next < pattern.length; next++) {
    if (pattern[next] === '\\') next++;
    else if (pattern[next] === ']') return next + 1;
  }
  return pattern.length;
}
