// Hugo's `enableEmoji`: before a page is rendered, `:emoji_codes:` in its source are replaced by
// the emoji (helpers.Emojify), so heading IDs are made from the emoji, which the ID sanitizer
// then drops — `## :feather: Principles` gets `-principles`. Hugo's code list (kyokomi/emoji) is
// built from GitHub's gemoji names, which the gemoji package holds; the Unicode names it adds
// (`:grinning_face:`) are not known here and stay text.
import { gemoji } from 'gemoji';

let codes: { readonly byKey: ReadonlyMap<string, Buffer>; readonly longestKey: number } | undefined;

function emojiCodes(): NonNullable<typeof codes> {
  if (!codes) {
    const byKey = new Map<string, Buffer>();
    for (const entry of gemoji) for (const name of entry.names) byKey.set(`:${name}:`, Buffer.from(entry.emoji));
    codes = { byKey, longestKey: Math.max(...[...byKey.keys()].map((key) => key.length)) };
  }
  return codes;
}

/** Every gemoji name is made of these characters (a unit test holds the package to it). */
const CODE = /:[a-z0-9_+-]+:/;

/** Whether `emojify` may change the text: only a `:name:` of the name characters can be replaced. */
export function mayHaveEmojiCode(text: string): boolean {
  return CODE.test(text);
}

const COLON = 0x3a;
const SPACE = 0x20;

/**
 * helpers.Emojify, step for step and byte for byte (where the search goes on depends on the
 * UTF-8 length of what was replaced): from each ':', a key ends at the next ':' within the
 * longest key's length, unless a space comes first; known keys are replaced.
 */
export function emojify(text: string): string {
  if (!mayHaveEmojiCode(text)) return text;
  const { byKey, longestKey } = emojiCodes();
  let source = Buffer.from(text);
  let start = 0;
  for (let at = source.indexOf(COLON, start); at !== -1; at = source.indexOf(COLON, start)) {
    const upper = Math.min(at + longestKey, source.length);
    const end = source.subarray(at + 1, upper).indexOf(COLON);
    const space = source.subarray(at, upper).indexOf(SPACE);
    if (end < 0) {
      start++;
    } else if (end === 0 || (space !== -1 && space < end)) {
      start += end + 1;
    } else {
      const keyEnd = at + end + 2;
      const emoji = byKey.get(source.subarray(at, keyEnd).toString('latin1'));
      if (emoji !== undefined) source = Buffer.concat([source.subarray(0, at), emoji, source.subarray(keyEnd)]);
      start += end;
    }
    if (start >= source.length) break;
  }
  return source.toString();
}
