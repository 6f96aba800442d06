// Goldmark's Linkify extension (extension/linkify.go, unchanged in what it matches from goldmark
// 1.5 to 1.8, so alike in Hugo 0.111 and 0.139), which Hugo turns on by default
// (`markup.goldmark.extensions.linkify`): a URL written bare in text becomes a link. CommonMark
// and remark know nothing of it; the inline scanner (inlines.ts) says where goldmark would try
// it, and this file what goldmark then matches there.
//
// Goldmark tries it where one of its inline parsers may start: at the head of a line, right
// after an inline node (code span, HTML, link, image, autolink, an emphasis run, a typographer
// substitution, another bare URL), and at an unescaped ` `, `(`, `~`, which the extension
// takes as its trigger and steps over. Never inside a link's text. There it matches, from
// that position, `http://`, `https://` or `ftp://` URLs and `www.` hosts (by the regular
// expressions below, on the rest of the line), or else an e-mail address; then drops a
// trailing `.`, unbalanced `)`s, an entity `&name;`, and trailing `?!.,:*_~`.
import { AT, DOT, isAsciiAlphanumeric, isAsciiPunctuation, UNDERSCORE, DASH } from './characters';

/** Goldmark's urlRegexp: the scheme, a host with a dot, a port, then any URL characters. */
const URL = /(?:http|https|ftp):\/\/[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=();,'">^{}[\]`]*)?/y;
/** Goldmark's wwwURLRegxp: as URL, from `www.`, without a port. */
const WWW = /www\.[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(?:[/#?][-a-zA-Z0-9@:%_+.~#!?&/=();,'">^{}[\]`]*)?/y;
/** Goldmark's emailDomainRegexp (util.FindEmailIndex): labels of letters, digits and inner dashes. */
const EMAIL_DOMAIN = /[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*/y;

/**
 * The protocol Hugo writes before a `www.` link (`markup.goldmark.extensions.linkifyProtocol`,
 * default `https`). A site that sets another scheme reaches the same host: where a link leads
 * is the host and path, so the facts keep Hugo's default.
 */
const WWW_PROTOCOL = 'https://';

export interface Linkified {
  readonly end: number;
  /** Where it leads: the URL as written, `https://` before a `www.` host, `mailto:` before an address. */
  readonly destination: string;
}

/** What goldmark's Linkify makes of the text at `at` (a place it is tried), or undefined. */
export function linkifyAt(text: string, at: number): Linkified | undefined {
  let end = -1;
  let prefix = '';
  const code = text.charCodeAt(at);
  if ((code === 104 || code === 102) && (text.startsWith('http:', at) || text.startsWith('https:', at) || text.startsWith('ftp:', at))) end = matchEnd(URL, text, at);
  if (end === -1 && code === 119 && text.startsWith('www.', at)) {
    end = matchEnd(WWW, text, at);
    prefix = WWW_PROTOCOL;
  }
  if (end !== -1) end = trimmedUrlEnd(text, at, end);
  else {
    // An e-mail address; a punctuation character cannot start one.
    if (isAsciiPunctuation(code)) return undefined;
    end = emailEnd(text, at);
    if (end === -1) return undefined;
    prefix = 'mailto:';
  }
  end = withoutTrailingPunctuation(text, at, end);
  return { end, destination: prefix + text.slice(at, end) };
}

function matchEnd(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** A trailing `.` dropped; `)`s beyond those opened in the URL dropped; a trailing `&entity;` dropped. */
function trimmedUrlEnd(text: string, start: number, end: number): number {
  const last = text.charCodeAt(end - 1);
  if (last === DOT) return end - 1;
  if (last === 41) {
    let closing = 0;
    for (let i = end - 1; i >= start; i--) {
      const code = text.charCodeAt(i);
      if (code === 41) closing++;
      else if (code === 40) closing--;
    }
    return closing > 0 ? end - closing : end;
  }
  if (last === 59) {
    let i = end - 2;
    while (i >= start && isAsciiAlphanumeric(text.charCodeAt(i))) i--;
    if (i !== end - 2 && text.charCodeAt(i) === 38) return i;
  }
  return end;
}

/** Goldmark's last step, for every kind: `?!.,:*_~` at the end are not part of the link. */
function withoutTrailingPunctuation(text: string, start: number, end: number): number {
  let i = end - 1;
  while (i > start && TRAILING.has(text.charCodeAt(i))) i--;
  return i + 1;
}

const TRAILING = new Set([63, 33, DOT, 44, 58, 42, UNDERSCORE, 126]);

/**
 * The end of the e-mail address at `at` (util.FindEmailIndex and the checks after it), or -1:
 * a local part, `@`, a domain with a dot, a trailing `.` dropped, and no `-` or `_` right after.
 */
function emailEnd(text: string, at: number): number {
  let position = at;
  while (position < text.length && isEmailLocal(text.charCodeAt(position))) position++;
  if (position === at || text.charCodeAt(position) !== AT) return -1;
  const domainStart = position + 1;
  EMAIL_DOMAIN.lastIndex = domainStart;
  if (!EMAIL_DOMAIN.test(text)) return -1;
  let end = EMAIL_DOMAIN.lastIndex;
  if (!text.slice(position, end - 1).includes('.')) return -1;
  if (text.charCodeAt(end - 1) === DOT) end--;
  const next = text.charCodeAt(end);
  return next === DASH || next === UNDERSCORE ? -1 : end;
}

/** Goldmark's emailTable: letters, digits and ``!#$%&'*+-./=?^_`{|}~``. */
export function isEmailLocal(code: number): boolean {
  if (code >= 97 && code <= 122) return true;
  if (code >= 65 && code <= 90) return true;
  if (code >= 47 && code <= 57) return true;
  return (
    code === 33 || (code >= 35 && code <= 39) || code === 42 || code === 43 || code === 45 || code === 46 || code === 61 || code === 63 || (code >= 94 && code <= 96) || (code >= 123 && code <= 126)
  );
}
