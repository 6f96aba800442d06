// Facts outlive the page text they come from, by design: the index keeps facts, not pages. But
// V8 makes a substring (and what a regular expression captures) a view into its parent string, so
// a short heading title could keep a whole page alive. Every string that goes into facts is
// detached from the page first.

/** A copy of `value` that holds no reference to the string it was cut from. */
export function detach(value: string): string {
  // Strings under 13 characters are always copied; a longer concatenation is flattened into a
  // new string when sliced, and the slice then refers to that copy only.
  return value.length < 13 ? value : (' ' + value).slice(1);
}
