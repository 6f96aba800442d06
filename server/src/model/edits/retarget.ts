// A link destination pointed somewhere else in the style it was written in: the site host and
// scheme, the query and the `#fragment` kept as they are; a trailing slash kept or left out as
// before; a relative destination made relative again, from where the linking page will be; a
// percent-encoded path encoded again. Only the path part of the written text changes, so an
// HTML `href` keeps its entities and a Markdown destination its angle brackets.
import * as path from 'node:path';
import type { LinkKind } from '../page/markdown/syntax';
import { linkifyAt } from '../page/markdown/linkify';
import type { LinkTarget } from '../site/site';

/** Where the linking file is, or the linked page will be: its URL and its content path. */
export interface PagePlace {
  readonly url: string;
  readonly contentPath: string;
}

/** A scheme and host (`https://handbook.gitlab.com`) or a protocol-relative `//host`. */
const ORIGIN = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*/i;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/**
 * `written` (the destination as the file has it), which resolveDestination read as `target`,
 * made to lead to `to` when written in a file at `from`. A page link (`kind: 'page'`) leads to
 * `to.url`, a Markdown file link (`kind: 'file'`) to `to.contentPath`.
 */
export function retargetDestination(written: string, target: Extract<LinkTarget, { kind: 'page' | 'file' }>, from: PagePlace, to: PagePlace): string {
  const origin = ORIGIN.exec(written)?.[0] ?? '';
  const pathEnd = firstOf(written, ['?', '#'], origin.length);
  const oldPath = written.slice(origin.length, pathEnd);
  const suffix = written.slice(pathEnd);
  const relative = !origin && !oldPath.startsWith('/');
  let newPath: string;
  if (target.kind === 'page') {
    newPath = relative ? relativeFrom(from.url, to.url) : to.url;
    newPath = withTrailingSlashOf(oldPath, newPath);
  } else {
    newPath = relative ? relativeFrom(`/${path.posix.dirname(from.contentPath)}/`, `/${to.contentPath}`) : `/${to.contentPath}`;
  }
  if (relative && oldPath.startsWith('./') && !newPath.startsWith('../') && !newPath.startsWith('./')) newPath = `./${newPath}`;
  if (PERCENT_ESCAPE.test(oldPath)) newPath = encodeURI(newPath);
  return origin + newPath + suffix;
}

/** The first of the characters at or after `from`, or the text's end. */
function firstOf(text: string, characters: readonly string[], from: number): number {
  const found = characters.map((character) => text.indexOf(character, from)).filter((at) => at !== -1);
  return found.length > 0 ? Math.min(...found) : text.length;
}

/** The path from the folder URL `fromFolder` (ending in '/') to `to`, as a relative link writes it. */
function relativeFrom(fromFolder: string, to: string): string {
  const relative = path.posix.relative(fromFolder, to);
  if (relative === '') return './';
  return to.endsWith('/') ? `${relative}/` : relative;
}

/** A page URL (which ends in '/') with or without its trailing slash, as `oldPath` was written. */
function withTrailingSlashOf(oldPath: string, newPath: string): string {
  if (oldPath.endsWith('/') || !newPath.endsWith('/') || newPath === '/' || newPath === './') return newPath;
  return newPath.slice(0, -1);
}

/**
 * A new destination for a link of `kind`, as the file must write it. An autolink or a bare URL is
 * a link only while it is an absolute URL: a root-relative one gets the origin its old
 * destination `written` had. A bare URL stays bare while goldmark's Linkify still reads all of
 * it (no character it stops at, no punctuation it drops at the end); else it becomes an autolink
 * `<…>`, which holds any URL without spaces.
 */
export function destinationAsWritten(kind: LinkKind, written: string, destination: string): string {
  if (kind !== 'autolink' && kind !== 'linkify') return destination;
  const origin = ORIGIN.exec(written)?.[0];
  const absolute = origin && destination.startsWith('/') && !destination.startsWith('//') ? origin + destination : destination;
  if (kind === 'autolink') return absolute;
  return isWholeBareUrl(absolute) ? absolute : `<${absolute}>`;
}

/** Whether goldmark's Linkify, written bare, reads all of `url` as one link. */
export function isWholeBareUrl(url: string): boolean {
  return linkifyAt(url, 0)?.end === url.length;
}
