// One Hugo site (one workspace folder): where its pages and include files live, and Hugo's URL
// rules — `content/a/b.md` and `content/a/b/_index.md` are both served at `/a/b/`; front matter
// `url` and `slug` override; `aliases` also answer. Links match case-insensitively, with or
// without the trailing slash, and absolute links to the site's own hosts are internal.
import * as path from 'node:path';
import type { FrontMatter } from '../page/frontMatter';
import { goToLower, isGoLetterOrDigit, isGoMark, isGoSpace } from '../base/goText';
import { readHugoLayout, type MountedRoot } from './hugoConfig';
import { slashSeparated } from '../base/paths';
import { leafBundleFolder } from './publishing';
import type { HandbookSettings } from '../base/settings';
import { isResolved, type Workspace } from '../base/workspace';

export interface Site {
  readonly folder: string;
  readonly contentRoots: readonly MountedRoot[];
  readonly includeRoots: readonly MountedRoot[];
  /** Hugo's `enableEmoji`: emoji codes are replaced before heading IDs are made. */
  readonly emoji: boolean;
  /** Hugo's embedded link render hook is on: links are looked up as pages first (see PageReference). */
  readonly embeddedLinkHook: boolean;
  /** Hugo's `markup.goldmark.parser.attribute.block`: `{#id}` on a line after a block is an anchor. */
  readonly blockAttributes: boolean;
  /** Hugo's `markup.goldmark.extensions.linkify`: bare URLs are links (the facts have them as kind 'linkify'). */
  readonly linkify: boolean;
  /** Whose `.GetPage` the link hook asks: the rules of the Hugo the site says it needs (see GetPageRules). */
  readonly getPage: GetPageRules;
  /** Problems met while reading the Hugo config, for people. */
  readonly problems: readonly string[];
}

export async function loadSite(workspace: Workspace, folder: string, settings: HandbookSettings): Promise<Site> {
  const layout = await readHugoLayout(workspace, folder);
  const configured = (roots: readonly string[]) => roots.map((root) => ({ directory: path.resolve(folder, root), prefix: '' }));
  return {
    folder,
    contentRoots: settings.contentRoots.length > 0 ? configured(settings.contentRoots) : layout.contentRoots,
    includeRoots: settings.includeRoots.length > 0 ? configured(settings.includeRoots) : layout.assetRoots,
    emoji: layout.emoji,
    embeddedLinkHook: layout.embeddedLinkHook,
    blockAttributes: layout.blockAttributes,
    linkify: layout.linkify,
    getPage: getPageRules(layout.hugoVersionMin),
    problems: layout.problems,
  };
}

/**
 * How `.GetPage` finds a page for a path written relative to the page asking, which changed with
 * the content map rewritten in Hugo 0.123 (`hugolib/pagecollections.go`, `getContentNode` in
 * v0.111.3, `getContentNodeForRef` in v0.123.0):
 * - from a leaf bundle (`a/leaf/index.md`) a path is looked up from the bundle's parent `a/`,
 *   except, in 0.111, one starting with `..` and, from 0.123, one with an extension (`x.md`),
 *   which are looked up from the bundle's own folder;
 * - `x/index.md` and `x/_index.md` name the page `x`: in 0.111 only when `x` is no section
 *   (`getSectionOrPage` trims the bundle name after the longest section), from 0.123 always
 *   (`paths.Path.Base` drops it);
 * - a relative path not found is looked up from the content root, in 0.111 always, from 0.123
 *   unless it starts with `.` ("Page relative, no need to look further").
 * A site that declares `module.hugoVersion.min` of 0.123 or later gets 0.123's rules; any other
 * site gets 0.111's.
 */
export type GetPageRules = 'hugo-0.111' | 'hugo-0.123';

export function getPageRules(hugoVersionMin: string | undefined): GetPageRules {
  const [major = 0, minor = 0] = (hugoVersionMin ?? '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  return major > 0 || minor >= 123 ? 'hugo-0.123' : 'hugo-0.111';
}

/** The content-relative path of a file (with its mount prefix), or undefined when outside. */
export function contentPathOf(roots: readonly MountedRoot[], file: string): string | undefined {
  const resolvedFile = isResolved(file);
  for (const root of roots) {
    // Resolved paths (those the index lists) need no path.relative: the file is inside exactly
    // when the root and a '/' start it, and the rest is the relative path.
    const relative = resolvedFile && isResolved(root.directory) ? relativeInside(root.directory, file) : path.relative(root.directory, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
      return root.prefix ? path.posix.join(root.prefix, slashSeparated(relative)) : slashSeparated(relative);
    }
  }
  return undefined;
}

/** `path.relative(folder, file)` for resolved paths, or '' when the file is not below the folder. */
function relativeInside(folder: string, file: string): string {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : '';
}

/** The URL path Hugo serves a page at, e.g. `/job-families/engineering/backend/`. */
export function pageUrl(contentPath: string, frontMatter: FrontMatter): string {
  // Front matter `url` is taken as written: neither sanitized nor lower-cased.
  if (frontMatter.url) return withSlashes(frontMatter.url);
  const directory = path.posix.dirname(contentPath);
  const name = path.posix.basename(contentPath).replace(/\.(md|markdown)$/i, '');
  const segments = directory === '.' ? [] : directory.split('/');
  if (name !== '_index' && name !== 'index') segments.push(frontMatter.slug ?? name);
  else if (frontMatter.slug !== undefined && segments.length > 0 && name === 'index') segments[segments.length - 1] = frontMatter.slug;
  // A page is a directory with an index.html, whatever dots its name has (`v1.2.md` → `/v1.2/`).
  return goToLower(sanitizePath(path.posix.join('/', ...segments, '/')));
}

/** ASCII letters and digits and the kept punctuation. */
const KEPT_AS_IS = /^[A-Za-z0-9./\\_#+~@-]*$/;

/**
 * Hugo's PathSpec.UnicodeSanitize (0.111), applied to a page's whole path: letters, digits,
 * marks and `. / \ _ # + ~ - @` stay, as does `%` before two hex digits; a run of white space
 * becomes one '-' (none at the very start, none next to a '-'); everything else is dropped —
 * `role (old).md` → `role-old`, `C# & F#.md` → `c#-f#`.
 */
export function sanitizePath(urlPath: string): string {
  // Most paths are made of characters that all stay.
  if (KEPT_AS_IS.test(urlPath)) return urlPath;
  let sanitized = '';
  let pendingHyphen = false;
  let wasHyphen = false;
  const characters = [...urlPath];
  characters.forEach((character, at) => {
    const allowed =
      './\\_#+~-@'.includes(character) || isGoLetterOrDigit(character) || isGoMark(character) || (character === '%' && /^[0-9A-Fa-f]{2}$/.test(characters.slice(at + 1, at + 3).join('')));
    if (allowed) {
      wasHyphen = character === '-';
      if (pendingHyphen && !wasHyphen) sanitized += '-';
      pendingHyphen = false;
      sanitized += character;
    } else if (sanitized.length > 0 && !wasHyphen && isGoSpace(character)) {
      pendingHyphen = true;
    }
  });
  return sanitized;
}

/** A front matter `url` as Hugo links it: a leading '/', and a trailing one unless it names a file. */
function withSlashes(url: string): string {
  const withLeading = url.startsWith('/') ? url : `/${url}`;
  return withLeading.endsWith('/') || path.posix.extname(withLeading) !== '' ? withLeading : `${withLeading}/`;
}

/** The key two URLs are compared by: decoded, lower-cased, no trailing slash, no empty segments. */
export function urlKey(url: string): string {
  // Every link into the site asks for a key, and most URLs need none of the steps: each is
  // taken only when the text calls for it.
  let decoded = url;
  if (url.includes('%')) {
    try {
      decoded = decodeURIComponent(url);
    } catch {
      // A stray '%' is kept as written.
    }
  }
  let collapsed = decoded.toLowerCase();
  if (collapsed.includes('//')) collapsed = collapsed.replace(/\/{2,}/g, '/');
  // After collapsing, at most one '/' ends the key.
  if (collapsed.endsWith('/')) collapsed = collapsed.slice(0, -1);
  return collapsed.startsWith('/') ? collapsed : `/${collapsed}`;
}

export type LinkTarget =
  | { readonly kind: 'external' }
  /** A static file, a template or anything else this model does not check. */
  | { readonly kind: 'unchecked' }
  | { readonly kind: 'same-page'; readonly fragment: string }
  /**
   * A URL path. `relative`: written relative to the page (so it means nothing in an include
   * file); `reference`: what the embedded link hook looks up first; `host`: the site host an
   * absolute link named.
   */
  | { readonly kind: 'page'; readonly urlPath: string; readonly fragment?: string; readonly relative: boolean; readonly reference?: PageReference; readonly host?: string }
  /**
   * A Markdown file path: `contentPath` relative to the linking file, `reference` as Hugo looks it
   * up, `urlPath` where a browser goes with it (raw HTML, which no link render hook sees).
   */
  | { readonly kind: 'file'; readonly contentPath: string; readonly fragment?: string; readonly reference: PageReference; readonly urlPath: string };

/**
 * The content paths `.GetPage` tries for a link's path, in order: relative to the folder of the
 * linking file, then from the content root (no leading '/', '' for the home page). Hugo's embedded
 * link hook asks it before leaving a link as written.
 */
export type PageReference = readonly string[];

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** `https:` not followed by `//` (see resolveDestination). */
export const SAME_SCHEME_PATH = /^https:(?!\/\/)/i;
const CHECKED_EXTENSION = /\.(md|markdown)$/i;
/** Printable ASCII without '%' or '\\': nothing in it that URL parsing could turn into a host name. */
const PLAIN_URL = /^[!-$&-[\]-~]*$/;
/**
 * `/img/logo.png` is a static file; `/urls/v1.2/` (with its slash) is a page. So is `x.html`:
 * the built site serves each page as `x/index.html`, and the link hook's `.GetPage` finds `x`.
 */
const STATIC_FILE = /\.(?!html$)[a-z0-9]{1,5}$/i;
/** `x/index.html` is the file Hugo writes page `x/` to (without `uglyURLs`): a browser reaches the page. */
const INDEX_FILE = /(^|\/)index\.html$/i;
/** What JavaScript's `.` does not match: a query is cut only where no line break follows. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
/** Something `path.posix.normalize` changes in a path: an empty, `.` or `..` segment. */
const NOT_NORMALIZED = /^$|\/\/|(?:^|\/)\.\.?(?:\/|$)/;
// Most links of a handbook lead elsewhere or are not checked: they share these answers.
const EXTERNAL: LinkTarget = { kind: 'external' };
const UNCHECKED: LinkTarget = { kind: 'unchecked' };

/**
 * Where a link destination points, seen from a page served at `fromUrl` whose file has the
 * content path `fromContentPath`. Only links into the site are resolved. `getPage`: the rules of
 * the `.GetPage` that the site's link hook asks (see PageReference); without them a relative
 * path is looked up from the linking file's folder, then from the content root.
 */
export function resolveDestination(destination: string, fromUrl: string, fromContentPath: string, siteHosts: readonly string[], getPage?: GetPageRules): LinkTarget {
  const trimmed = destination.trim();
  if (!trimmed || trimmed.includes('{{')) return UNCHECKED;
  const hashAt = trimmed.indexOf('#');
  let pathPart = withoutQuery(hashAt === -1 ? trimmed : trimmed.slice(0, hashAt));
  let host: string | undefined;
  // On a page served over https, a browser takes `https:` without `//` as a path of the same site
  // (WHATWG URL: a special scheme equal to the base's, then no "//", is a relative reference), and
  // the link hook leaves such a URL as written: `https:/handbook.gitlab.com/x` leads to the path
  // /handbook.gitlab.com/x. Handbooks are served over https.
  if (SAME_SCHEME_PATH.test(pathPart)) pathPart = pathPart.slice('https:'.length);

  if (SCHEME.test(pathPart) || pathPart.startsWith('//')) {
    // Most links of a handbook lead elsewhere: when no site host is even written in a plain
    // ASCII URL, URL parsing (the costliest step over a whole handbook) cannot find one.
    const lower = pathPart.toLowerCase();
    if (PLAIN_URL.test(lower) && !siteHosts.some((host) => lower.includes(host))) return EXTERNAL;
    let parsed: URL;
    try {
      parsed = new URL(pathPart.startsWith('//') ? `https:${pathPart}` : pathPart);
    } catch {
      return EXTERNAL;
    }
    host = parsed.hostname.toLowerCase();
    if (!/^https?:$/.test(parsed.protocol) || !siteHosts.includes(host)) return EXTERNAL;
    pathPart = parsed.pathname;
  }
  const fragment = hashAt === -1 ? undefined : decodeFragment(trimmed.slice(hashAt + 1));
  if (!pathPart) return fragment === undefined ? UNCHECKED : { kind: 'same-page', fragment };

  const relative = !pathPart.startsWith('/');
  if (CHECKED_EXTENSION.test(pathPart)) {
    const reference = host === undefined ? pageReference(pathPart, fromContentPath, getPage) : [rootReference(pathPart)];
    return { kind: 'file', contentPath: reference[0], fragment, reference, urlPath: browserPath(pathPart, relative, fromUrl) };
  }
  // A match cannot hold a '/': it lies in the last segment.
  if (STATIC_FILE.test(pathPart)) return UNCHECKED;
  const urlPath = browserPath(INDEX_FILE.test(pathPart) ? pathPart.replace(INDEX_FILE, '$1') : pathPart, relative, fromUrl);
  // An absolute URL is left as written by the link hook: only paths are looked up as pages.
  const reference = host === undefined ? pageReference(pathPart, fromContentPath, getPage) : undefined;
  return { kind: 'page', urlPath, fragment, relative, reference, host };
}

/** The URL path a browser asks for: a relative path against the page's URL. */
function browserPath(pathPart: string, relative: boolean, fromUrl: string): string {
  // path.posix.join normalizes; an absolute path is normalized only when it needs it.
  return relative ? path.posix.join(fromUrl, pathPart) : normalized(pathPart);
}

const EMAIL_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
/** A host name ending in a top-level domain that no file extension of a handbook shares. */
const BARE_DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:com|org|net|io|dev|edu|gov|ai|co)(?:[/?#]|$)/i;

/**
 * An e-mail address or a domain written as a relative link (`(someone@gitlab.com)`, `(pypi.org)`):
 * the built site links to a path below the page, where nothing is. `url`: what was meant.
 */
export function addressWrittenAsPath(destination: string): { readonly kind: 'email' | 'domain'; readonly url: string } | undefined {
  const trimmed = destination.trim();
  if (EMAIL_ADDRESS.test(trimmed)) return { kind: 'email', url: `mailto:${trimmed}` };
  if (BARE_DOMAIN.test(trimmed)) return { kind: 'domain', url: `https://${trimmed}` };
  return undefined;
}

/** The path without its query (`?…` to the end). */
function withoutQuery(pathAndQuery: string): string {
  const queryAt = pathAndQuery.indexOf('?');
  if (queryAt === -1) return pathAndQuery;
  return LINE_TERMINATOR.test(pathAndQuery) ? pathAndQuery.replace(/\?.*$/, '') : pathAndQuery.slice(0, queryAt);
}

function normalized(somePath: string): string {
  return NOT_NORMALIZED.test(somePath) ? path.posix.normalize(somePath) : somePath;
}

function pageReference(pathPart: string, fromContentPath: string, getPage: GetPageRules | undefined): PageReference {
  let reference = pathPart;
  if (pathPart.includes('%')) {
    try {
      reference = decodeURI(pathPart);
    } catch {
      // A stray '%' is kept as written.
    }
  }
  if (reference.startsWith('/')) return [rootReference(reference)];
  // rootReference normalizes: below a relative folder, joining is concatenating.
  const folder = lookupFolder(reference, fromContentPath, getPage);
  const joined = folder === '.' ? reference : folder.startsWith('/') ? path.posix.join(folder, reference) : `${folder}/${reference}`;
  if (getPage === 'hugo-0.123' && reference.startsWith('.')) return [rootReference(joined)];
  return [rootReference(joined), rootReference(reference)];
}

/** The folder `.GetPage` looks a relative path up from: the page's, or a leaf bundle's parent (see GetPageRules). */
function lookupFolder(reference: string, fromContentPath: string, getPage: GetPageRules | undefined): string {
  const folder = path.posix.dirname(fromContentPath);
  if (getPage === undefined || leafBundleFolder(fromContentPath) === undefined) return folder;
  const ownFolder = getPage === 'hugo-0.111' ? reference.startsWith('..') : hasExtension(reference);
  return ownFolder ? folder : path.posix.dirname(folder);
}

/** Hugo's `paths.HasExt`: a '.' after the last '/' (so `..` has one, `x/` has none). */
function hasExtension(reference: string): boolean {
  const lastSegment = reference.slice(reference.lastIndexOf('/') + 1);
  return lastSegment.includes('.');
}

/** A content path without leading or trailing '/'; one that climbs out of the content root stays outside it. */
function rootReference(contentPath: string): string {
  let start = 0;
  while (contentPath.charCodeAt(start) === 0x2f) start++;
  let reference = normalized(start === 0 ? contentPath : contentPath.slice(start));
  // Normalized, it ends in at most one '/'.
  if (reference.endsWith('/')) reference = reference.slice(0, -1);
  return reference === '.' ? '' : reference;
}

/** A fragment as the browser matches it: decoded, without a text directive (`#:~:text=…`). */
function decodeFragment(fragment: string): string {
  let decoded = fragment;
  if (fragment.includes('%')) {
    try {
      decoded = decodeURIComponent(fragment);
    } catch {
      // A stray '%' is kept as written.
    }
  }
  const directive = decoded.indexOf(':~:');
  return directive === -1 ? decoded : decoded.slice(0, directive);
}
