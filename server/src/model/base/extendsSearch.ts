// Where an inheritance-sentence pattern matches in a page, in time linear in the page for any
// pattern a setting holds. Two engines: V8's, for the patterns proven cheap by their shape
// (literal words, `\b`, one whitespace gap between words, alternatives of such phrases: the
// defaults and what users write), searched as before; and RE2 (re2js, a pure-JS port of RE2:
// a DFA/NFA that never backtracks) for every other pattern, such as `[a-z]*a[a-z]*!` whose
// overlapping classes make V8 cubic in a run of letters. Patterns are written in JavaScript's
// syntax and matched as by the flags `iu`; a pattern RE2 cannot run is rejected by
// settingChecks (see re2Problem). Where RE2 still differs from V8 under `iu`: `\b` and `\w` do not
// count U+017F (ſ) and U+212A (K) as word characters, which V8 does by case folding.
import { RE2JS } from 're2js';

/** A compiled inheritance-sentence pattern: where it matches in a page, in order. */
export interface ExtendsPattern {
  readonly source: string;
  matchStarts(body: string): Iterable<number>;
}

/** The flags an inheritance-sentence pattern means in JavaScript's syntax: every match, case-insensitive, Unicode. */
export const EXTENDS_PATTERN_FLAGS = 'giu';

/** Compiles a pattern that passed settingChecks' extendsPatternProblem, with the engine its shape calls for. */
export function compileExtendsPattern(source: string): ExtendsPattern {
  if (isPlainPhrase(source)) {
    const pattern = new RegExp(source, EXTENDS_PATTERN_FLAGS);
    return { source, matchStarts: (body) => windowedMatchStarts(body, pattern) };
  }
  const pattern = RE2JS.compile(toRe2Syntax(source), RE2JS.CASE_INSENSITIVE);
  return { source, matchStarts: (body) => re2MatchStarts(body, pattern) };
}

/** Why RE2 cannot run a pattern (already valid JavaScript), or undefined if it can. */
export function re2Problem(source: string): string | undefined {
  if (isPlainPhrase(source)) return undefined;
  try {
    RE2JS.compile(toRe2Syntax(source), RE2JS.CASE_INSENSITIVE);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `uses syntax that the linear-time engine (RE2) does not have (${reason}): no lookarounds, backreferences, \`[^]\` or \`\\S\` inside a class; rewrite it without`;
  }
}

// V8, for plain phrases.

/**
 * Whether a pattern is a plain phrase, whose V8 search costs a constant per character: each
 * alternative (top-level `|`) is words of literal characters, separated by single gaps (a
 * space, `\s`, either with `?`, `*` or `+`), with `\b` anywhere, starting with a word. No
 * quantifier applies to anything but a gap, and a gap is between literals it cannot match, so
 * each character is looked at by a bounded number of starts.
 */
function isPlainPhrase(source: string): boolean {
  for (const alternative of source.split('|')) {
    const tokens = alternative.replace(/\\b/g, '');
    if (!PLAIN_ALTERNATIVE.test(tokens)) return false;
  }
  return true;
}

/** A literal character that is not whitespace: not a metacharacter, or a punctuation character escaped. */
const WORD_CHARACTER = String.raw`(?:[^\s\\^$.|?*+()[\]{}]|\\[^\w\s])`;
const GAP = String.raw`(?: |\\s)[?*+]?`;
const PLAIN_ALTERNATIVE = new RegExp(`^${WORD_CHARACTER}+(?:${GAP}${WORD_CHARACTER}+)*$`, 'u');

/** How many characters of a page each search of a pattern starts in, and how many it sees on either side. */
const SEARCH_STEP = 1024;
const SEARCH_CONTEXT = 128;

/**
 * Where a plain phrase matches in `body`, in order, as successive matches do. The search runs in
 * windows of SEARCH_STEP characters with SEARCH_CONTEXT more on either side (for `\b`, and for
 * matches running past the window), a second bound on a search's cost beside the phrase's shape.
 * A phrase longer than the context may be missed: an inheritance phrase is a few words. A plain
 * phrase never matches the empty string, so each match moves the search on.
 */
function* windowedMatchStarts(body: string, pattern: RegExp): Generator<number> {
  const prefilter = prefilterOf(pattern);
  for (let from = 0; from < body.length;) {
    const acceptEnd = codePointBoundary(body, Math.min(body.length, from + SEARCH_STEP));
    const windowStart = codePointBoundary(body, Math.max(0, from - SEARCH_CONTEXT));
    const window = body.slice(windowStart, codePointBoundary(body, Math.min(body.length, acceptEnd + SEARCH_CONTEXT)));
    let next = acceptEnd;
    if (prefilter) prefilter.lastIndex = from - windowStart;
    if (!prefilter || prefilter.test(window)) {
      pattern.lastIndex = from - windowStart;
      for (let match = pattern.exec(window); match && windowStart + match.index < acceptEnd; match = pattern.exec(window)) {
        yield windowStart + match.index;
        next = Math.max(acceptEnd, windowStart + pattern.lastIndex);
      }
    }
    from = next;
  }
}

/** `offset`, or the one before it if it falls inside a surrogate pair. */
function codePointBoundary(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  return offset > 0 && code >= 0xdc00 && code <= 0xdfff && text.charCodeAt(offset - 1) >= 0xd800 && text.charCodeAt(offset - 1) <= 0xdbff ? offset - 1 : offset;
}

/**
 * A cheap test that a page cannot match a phrase: the phrase without its word-boundary
 * assertions, which can only match more. V8 runs `\b` under the `iu` flags slowly (it must
 * consider Unicode case folding), and the default patterns start and end with it: searching a
 * whole handbook with them took seconds, the relaxed patterns take milliseconds. Safe to run on
 * V8 because a plain phrase without its `\b` is still a plain phrase.
 */
function prefilterOf(pattern: RegExp): RegExp | undefined {
  const source = pattern.source.replace(/\\b/g, '');
  return source === pattern.source ? undefined : new RegExp(source, pattern.flags);
}

// RE2, for every other pattern.

/**
 * Where an RE2 pattern matches in `body`, in order, over the whole page (the engine is linear,
 * so no window is needed). Offsets are UTF-16 code units, as RE2JS's matcher counts them; the
 * empty match a pattern handed here unchecked may have is stepped past by a whole code point.
 */
function* re2MatchStarts(body: string, pattern: RE2JS): Generator<number> {
  const matcher = pattern.matcher(body);
  for (let from = 0; from <= body.length && matcher.find(from);) {
    const start = matcher.start();
    yield start;
    from = matcher.end() > start ? matcher.end() : start + ((body.codePointAt(start) ?? 0) > 0xffff ? 2 : 1);
  }
}

/** JavaScript's `\s` under the `u` flag, as the members of an RE2 class. */
const JS_SPACE = String.raw`\t\n\x{b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`;

/**
 * A JavaScript pattern in RE2's syntax, where the two differ: `\uXXXX` and `\u{…}` (RE2 writes
 * `\x{…}`; a pair of surrogate escapes is one code point), `\s` and `\S` (RE2's are ASCII only),
 * and `.` (JavaScript's stops at `\r`, U+2028 and U+2029 too). The rest (`\d`, `\w`, `\b`, `^`,
 * `$` without the `m` flag, classes, groups, quantifiers, `\p{…}`) means the same in both.
 */
function toRe2Syntax(source: string): string {
  let result = '';
  let inClass = false;
  for (let at = 0; at < source.length; at++) {
    const character = source[at];
    if (character === '\\') {
      const escape = /^\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?|.)/su.exec(source.slice(at, at + 20))![0];
      at += escape.length - 1;
      result += re2Escape(escape, inClass);
      continue;
    }
    if (character === '[' && !inClass) inClass = true;
    else if (character === ']' && inClass) inClass = false;
    result += character === '.' && !inClass ? String.raw`[^\n\r\x{2028}\x{2029}]` : character;
  }
  return result;
}

/** One escape of a JavaScript pattern in RE2's syntax (see toRe2Syntax). */
function re2Escape(escape: string, inClass: boolean): string {
  const unicode = /^\\u(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4})(?:\\u([0-9a-fA-F]{4}))?)$/.exec(escape);
  if (unicode) {
    const [, braced, unit, low] = unicode;
    const codePoint = braced !== undefined ? parseInt(braced, 16) : low !== undefined ? String.fromCharCode(parseInt(unit, 16), parseInt(low, 16)).codePointAt(0)! : parseInt(unit, 16);
    return `\\x{${codePoint.toString(16)}}`;
  }
  if (escape === '\\s') return inClass ? JS_SPACE : `[${JS_SPACE}]`;
  if (escape === '\\S') {
    // Outside a class a negated class says it; inside one RE2 has no way to (its `\S` is ASCII).
    if (inClass) throw new Error('`\\S` inside a character class');
    return `[^${JS_SPACE}]`;
  }
  return escape;
}
