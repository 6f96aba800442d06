// The characters the Markdown scanner (scanner.ts) reads, as UTF-16 code units (charCodeAt):
// their codes, the classes CommonMark's rules name (space or tab, line ending, ASCII
// punctuation, …) and the small skips over them that both phases share.

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const HASH = 35;
export const APOSTROPHE = 39;
export const LEFT_PAREN = 40;
export const RIGHT_PAREN = 41;
export const ASTERISK = 42;
export const PLUS = 43;
export const DASH = 45;
export const DOT = 46;
export const SLASH = 47;
export const COLON = 58;
export const LESS_THAN = 60;
export const EQUALS = 61;
export const GREATER_THAN = 62;
export const QUESTION = 63;
export const AT = 64;
export const LEFT_BRACKET = 91;
export const BACKSLASH = 92;
export const RIGHT_BRACKET = 93;
export const UNDERSCORE = 95;
export const BACKTICK = 96;
export const TILDE = 126;
export const EXCLAMATION = 33;

export function isSpaceOrTab(code: number): boolean {
  return code === SPACE || code === TAB;
}

export function isLineEnding(code: number): boolean {
  return code === LF || code === CR;
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAsciiAlpha(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isAsciiAlphanumeric(code: number): boolean {
  return isDigit(code) || isAsciiAlpha(code);
}

export function isAttributeNameCharacter(code: number): boolean {
  return code === DASH || code === DOT || code === COLON || code === UNDERSCORE || isAsciiAlphanumeric(code);
}

/** `[#-'*+\--9=?A-Z^-~]`: what an email autolink's local part may hold (micromark's set). */
export function isAsciiAtext(code: number): boolean {
  return (
    (code >= HASH && code <= APOSTROPHE) ||
    code === ASTERISK ||
    code === PLUS ||
    (code >= DASH && code <= 57) ||
    code === EQUALS ||
    code === QUESTION ||
    (code >= 65 && code <= 90) ||
    (code >= 94 && code <= 126)
  );
}

export function isAsciiPunctuation(code: number): boolean {
  return (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
}

export function isControl(code: number): boolean {
  return (code < 32 && code !== TAB && code !== LF && code !== CR) || code === 127;
}

export function isBlankBetween(body: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (!isSpaceOrTab(body.charCodeAt(at))) return false;
  return true;
}

/** Spaces, tabs and line endings. */
export function skipWhitespace(text: string, at: number): number {
  let position = at;
  while (position < text.length) {
    const code = text.charCodeAt(position);
    if (code === SPACE || code === TAB || code === LF || code === CR) position++;
    else break;
  }
  return position;
}

export function skipSpaces(text: string, at: number): number {
  let position = at;
  while (position < text.length && isSpaceOrTab(text.charCodeAt(position))) position++;
  return position;
}

export function skipLineEnding(text: string, at: number): number {
  return text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
}
