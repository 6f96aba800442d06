// Facts outlive the page text they come from, by design: the index keeps facts, not pages. But
// V8 makes a substring (and what a regular expression captures) a view into its parent string, so
// a short heading title could keep a whole page alive. Every string that goes into facts is
// detached from the page first.

/**
 * Below this length V8 never makes a substring a view: it copies the characters, at the width of
 * the string they were cut from (an ASCII word cut from a Japanese page takes two bytes a character).
 */
export const SHORT_STRING = 13;

/**
 * A copy of `value` that holds no reference to the string it was cut from: one byte a character
 * when every character fits, unless it is shorter than SHORT_STRING (then it is `value` itself).
 */
export function detach(value: string): string {
  // Strings under 13 characters are always copied. A longer one goes through JSON, whose parser
  // makes a flat string, one byte a character when every character fits. The usual trick,
  // `(' ' + value).slice(1)`, kept a slice (32 bytes) of a flattened copy, two bytes a character
  // when cut from a two-byte page even if ASCII: 8 MB more at the peak of a check of the real
  // corpus, for about 1 % less time.
  return value.length < SHORT_STRING ? value : (JSON.parse(JSON.stringify(value)) as string);
}
