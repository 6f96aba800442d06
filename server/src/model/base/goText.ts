// Go's Unicode rules, as Hugo applies them to heading IDs and URL paths. JavaScript's own
// functions differ in small ways that show in real pages: String.prototype.toLowerCase uses the
// full case mapping ('İ' → 'i̇', two code points) where Go's unicode.ToLower maps one rune to one
// rune ('İ' → 'i'), and the two languages trim different sets of white space.

/** Go's unicode.IsLetter (every L category) or unicode.IsDigit (Nd only). */
const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;
/** Go's unicode.IsMark. */
const MARK = /^\p{M}$/u;
/** Go's unicode.IsSpace: the Latin-1 spaces plus every other White_Space character. */
const SPACE_CLASS = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const SPACE = new RegExp(`^${SPACE_CLASS}$`, 'u');
const SURROUNDING_SPACE = new RegExp(`^${SPACE_CLASS}+|${SPACE_CLASS}+$`, 'gu');

export function isGoLetterOrDigit(character: string): boolean {
  return LETTER_OR_DIGIT.test(character);
}

export function isGoMark(character: string): boolean {
  return MARK.test(character);
}

export function isGoSpace(character: string): boolean {
  return SPACE.test(character);
}

/** unicode.ToLower of one rune (a code point): always exactly one code point back. */
export function goToLowerRune(character: string): string {
  const lower = character.toLowerCase();
  // Only U+0130 (İ) has a multi-rune full mapping when lower-casing; its simple mapping is 'i'.
  return [...lower].length === 1 ? lower : character === '\u0130' ? 'i' : character;
}

/** strings.ToLower: rune by rune, without the context rules (final sigma) of toLowerCase. */
export function goToLower(text: string): string {
  // Only 'İ' and 'Σ' lower-case differently rune by rune: walk the text only when they occur.
  if (!/[\u0130\u03a3]/.test(text)) return text.toLowerCase();
  let lower = '';
  for (const character of text) lower += goToLowerRune(character);
  return lower;
}

/** bytes.TrimSpace / strings.TrimSpace. */
export function goTrimSpace(text: string): string {
  return text.replace(SURROUNDING_SPACE, '');
}
