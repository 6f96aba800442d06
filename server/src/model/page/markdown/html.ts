// HTML in Markdown, for the scanner (scanner.ts): where an HTML block starts and ends (read by
// the block phase, line by line) and how far inline HTML reaches (read by the inline phase).
import { htmlBlockNames, htmlRawNames } from 'micromark-util-html-tag-name';
import {
  APOSTROPHE,
  BACKTICK,
  COLON,
  DASH,
  EQUALS,
  EXCLAMATION,
  GREATER_THAN,
  isAsciiAlpha,
  isAsciiAlphanumeric,
  isAttributeNameCharacter,
  isBlankBetween,
  isLineEnding,
  isSpaceOrTab,
  LEFT_BRACKET,
  LESS_THAN,
  QUESTION,
  QUOTE,
  RIGHT_BRACKET,
  skipWhitespace,
  SLASH,
  SPACE,
  TAB,
  UNDERSCORE,
} from './characters';

const HTML_BLOCK_NAMES = new Set(htmlBlockNames);
const HTML_RAW_NAMES = new Set(htmlRawNames);

// --- HTML blocks (CommonMark's 7 kinds, with micromark's end conditions).

/** The kind (1-7) of HTML block starting at `at` (a `<`), or 0. */
export function htmlFlowKind(body: string, at: number, end: number): number {
  let position = at + 1;
  const code = body.charCodeAt(position);
  if (position >= end) return 0;
  if (code === EXCLAMATION) {
    const next = body.charCodeAt(position + 1);
    if (next === DASH) return body.charCodeAt(position + 2) === DASH && position + 2 < end ? 2 : 0;
    if (next === LEFT_BRACKET) return body.startsWith('[CDATA[', position + 1) && position + 8 <= end ? 5 : 0;
    return isAsciiAlpha(next) && position + 1 < end ? 4 : 0;
  }
  if (code === QUESTION) return 3;
  const closing = code === SLASH;
  if (closing) position++;
  if (position >= end || !isAsciiAlpha(body.charCodeAt(position))) return 0;
  const nameStart = position;
  while (position < end && (isAsciiAlphanumeric(body.charCodeAt(position)) || body.charCodeAt(position) === DASH)) position++;
  const after = position < end ? body.charCodeAt(position) : -1;
  if (after !== -1 && after !== SLASH && after !== GREATER_THAN && after !== SPACE && after !== TAB) return 0;
  const name = body.slice(nameStart, position).toLowerCase();
  const slash = after === SLASH;
  if (!slash && !closing && HTML_RAW_NAMES.has(name)) return 1;
  if (HTML_BLOCK_NAMES.has(name)) {
    if (slash) return body.charCodeAt(position + 1) === GREATER_THAN && position + 1 < end ? 6 : 0;
    return 6;
  }
  return completeTagThenBlank(body, position, end, closing) ? 7 : 0;
}

/**
 * After a tag name: the rest of a complete open (or closing) tag, then only whitespace to the
 * line's end (micromark's states for an HTML block of kind 7).
 */
function completeTagThenBlank(body: string, at: number, end: number, closing: boolean): boolean {
  let position = at;
  if (closing) {
    while (isSpaceOrTab(codeBefore(body, position, end))) position++;
    return completeEnd(body, position, end);
  }
  for (;;) {
    // Before an attribute name.
    let code = codeBefore(body, position, end);
    if (isSpaceOrTab(code)) {
      position++;
      continue;
    }
    if (code === SLASH) return completeEnd(body, position + 1, end);
    if (!(code === COLON || code === UNDERSCORE || isAsciiAlpha(code))) return completeEnd(body, position, end);
    position++;
    while (isAttributeNameCharacter(codeBefore(body, position, end))) position++;
    // After it: `=` and a value, any number of times (`<a b=c=d>` is complete).
    for (;;) {
      while (isSpaceOrTab(codeBefore(body, position, end))) position++;
      if (codeBefore(body, position, end) !== EQUALS) break;
      position++;
      while (isSpaceOrTab(codeBefore(body, position, end))) position++;
      code = codeBefore(body, position, end);
      if (code === -1 || code === LESS_THAN || code === EQUALS || code === GREATER_THAN || code === BACKTICK) return false;
      if (code === QUOTE || code === APOSTROPHE) {
        const close = body.indexOf(code === QUOTE ? '"' : "'", position + 1);
        if (close === -1 || close >= end) return false;
        position = close + 1;
        const after = codeBefore(body, position, end);
        if (after !== SLASH && after !== GREATER_THAN && !isSpaceOrTab(after)) return false;
        break;
      }
      while (position < end) {
        const c = body.charCodeAt(position);
        if (c === QUOTE || c === APOSTROPHE || c === SLASH || c === LESS_THAN || c === EQUALS || c === GREATER_THAN || c === BACKTICK || isSpaceOrTab(c)) break;
        position++;
      }
    }
  }
}

/** `>` at `at`, then only spaces and tabs to `end`. */
function completeEnd(body: string, at: number, end: number): boolean {
  return codeBefore(body, at, end) === GREATER_THAN && isBlankBetween(body, at + 1, end);
}

/** The character at `at`, or -1 at or past `end`. */
function codeBefore(body: string, at: number, end: number): number {
  return at < end ? body.charCodeAt(at) : -1;
}

/** Where micromark stands inside an HTML block of kind 1-5 (its `continuation…` states). */
const enum HtmlFlowState {
  Continuation,
  CommentInside,
  RawTagOpen,
  RawEndTag,
  CdataInside,
  DeclarationInside,
}

/**
 * Whether an HTML block of kind 1-5 ends on this line (it ends with the line). On the block's
 * first line the search starts right after the opening, in the state micromark is in there:
 * the opening may share characters with the end (`<!-->` is a whole comment).
 */
export function htmlFlowEnds(body: string, kind: number, from: number, end: number, firstLine: boolean): boolean {
  let state = HtmlFlowState.Continuation;
  let position = from;
  if (firstLine) {
    const afterOpening = [0, 1, 4, 2, 3, 9][kind];
    position += afterOpening;
    if (kind >= 2 && kind <= 4) state = HtmlFlowState.DeclarationInside;
  }
  let nameStart = 0;
  for (; position < end; position++) {
    const code = body.charCodeAt(position);
    switch (state) {
      case HtmlFlowState.Continuation:
        if (kind === 2 && code === DASH) state = HtmlFlowState.CommentInside;
        else if (kind === 1 && code === LESS_THAN) state = HtmlFlowState.RawTagOpen;
        else if (kind === 4 && code === GREATER_THAN) return true;
        else if (kind === 3 && code === QUESTION) state = HtmlFlowState.DeclarationInside;
        else if (kind === 5 && code === RIGHT_BRACKET) state = HtmlFlowState.CdataInside;
        continue;
      case HtmlFlowState.CommentInside:
        if (code === DASH) {
          state = HtmlFlowState.DeclarationInside;
          continue;
        }
        break;
      case HtmlFlowState.CdataInside:
        if (code === RIGHT_BRACKET) {
          state = HtmlFlowState.DeclarationInside;
          continue;
        }
        break;
      case HtmlFlowState.DeclarationInside:
        if (code === GREATER_THAN) return true;
        if (kind === 2 && code === DASH) continue;
        break;
      case HtmlFlowState.RawTagOpen:
        if (code === SLASH) {
          state = HtmlFlowState.RawEndTag;
          nameStart = position + 1;
          continue;
        }
        break;
      case HtmlFlowState.RawEndTag:
        if (code === GREATER_THAN && HTML_RAW_NAMES.has(body.slice(nameStart, position).toLowerCase())) return true;
        if (isAsciiAlpha(code) && position - nameStart < 8) continue;
        break;
    }
    // Anything else: read this character again as plain continuation.
    state = HtmlFlowState.Continuation;
    position--;
  }
  return false;
}

// --- Inline HTML.

/** Inline HTML at `at` (a `<`): the offset after it, or -1 (micromark's htmlText). */
export function scanHtmlText(text: string, at: number, closerAfter: (closer: string, from: number) => number): number {
  const length = text.length;
  let position = at + 1;
  const code = text.charCodeAt(position);
  if (code === EXCLAMATION) {
    const next = text.charCodeAt(position + 1);
    if (next === DASH) {
      if (text.charCodeAt(position + 2) !== DASH) return -1;
      // A comment ends at the first `-->`, which may share the opening's dashes (`<!-->`).
      const close = closerAfter('-->', at + 2);
      return close === -1 ? -1 : close + 3;
    }
    if (next === LEFT_BRACKET) {
      if (!text.startsWith('[CDATA[', position + 1)) return -1;
      const close = closerAfter(']]>', position + 8);
      return close === -1 ? -1 : close + 3;
    }
    if (isAsciiAlpha(next)) {
      const close = closerAfter('>', position + 2);
      return close === -1 ? -1 : close + 1;
    }
    return -1;
  }
  if (code === QUESTION) {
    const close = closerAfter('?>', position + 1);
    return close === -1 ? -1 : close + 2;
  }
  if (code === SLASH) {
    position++;
    if (!isAsciiAlpha(text.charCodeAt(position))) return -1;
    while (position < length && (isAsciiAlphanumeric(text.charCodeAt(position)) || text.charCodeAt(position) === DASH)) position++;
    position = skipWhitespace(text, position);
    return text.charCodeAt(position) === GREATER_THAN ? position + 1 : -1;
  }
  if (!isAsciiAlpha(code)) return -1;
  while (position < length && (isAsciiAlphanumeric(text.charCodeAt(position)) || text.charCodeAt(position) === DASH)) position++;
  // Attributes, each after whitespace.
  for (;;) {
    const beforeSpace = position;
    position = skipWhitespace(text, position);
    const c = text.charCodeAt(position);
    if (c === SLASH) return text.charCodeAt(position + 1) === GREATER_THAN ? position + 2 : -1;
    if (c === GREATER_THAN) return position + 1;
    if (position === beforeSpace || !(c === COLON || c === UNDERSCORE || isAsciiAlpha(c))) return -1;
    position++;
    while (position < length && isAttributeNameCharacter(text.charCodeAt(position))) position++;
    const afterName = skipWhitespace(text, position);
    if (text.charCodeAt(afterName) !== EQUALS) continue;
    position = skipWhitespace(text, afterName + 1);
    const v = text.charCodeAt(position);
    if (position >= length || v === LESS_THAN || v === EQUALS || v === GREATER_THAN || v === BACKTICK) return -1;
    if (v === QUOTE || v === APOSTROPHE) {
      const close = text.indexOf(String.fromCharCode(v), position + 1);
      if (close === -1) return -1;
      position = close + 1;
      const a = text.charCodeAt(position);
      if (!(a === SLASH || a === GREATER_THAN || a === SPACE || a === TAB || isLineEnding(a))) return -1;
    } else {
      while (position < length) {
        const u = text.charCodeAt(position);
        if (u === QUOTE || u === APOSTROPHE || u === LESS_THAN || u === EQUALS || u === BACKTICK) return -1;
        if (u === SLASH || u === GREATER_THAN || u === SPACE || u === TAB || isLineEnding(u)) break;
        position++;
      }
    }
  }
}
