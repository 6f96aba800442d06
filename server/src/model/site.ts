// One Hugo site (one workspace folder): where its pages and include files live, and Hugo's URL
// rules — `content/a/b.md` and `content/a/b/_index.md` are both served at `/a/b/`; front matter
// `url` and `slug` override; `aliases` also answer. Links match case-insensitively, with or
// without the trailing slash, and absolute links to the site's own hosts are internal.
import * as path from 'node:path';
import type { FrontMatter } from './frontMatter';
import { goToLower, isGoLetterOrDigit, isGoMark, isGoSpace } from './goText';
import { readHugoLayout, type MountedRoot } from './hugoConfig';
import type { HandbookSettings } from './settings';
import type { Workspace } from './workspace';

export interface Site {
  readonly folder: string;
  readonly contentRoots: readonly MountedRoot[];
  readonly includeRoots: readonly MountedRoot[];
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
    problems: layout.problems,
  };
}

/** The content-relative path of a file (with its mount prefix), or undefined when outside. */
export function contentPathOf(roots: readonly MountedRoot[], file: string): string | undefined {
  for (const root of roots) {
    const relative = path.relative(root.directory, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
      return path.posix.join(root.prefix, relative.split(path.sep).join('/'));
    }
  }
  return undefined;
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

/**
 * Hugo's PathSpec.UnicodeSanitize (0.111), applied to a page's whole path: letters, digits,
 * marks and `. / \ _ # + ~ - @` stay, as does `%` before two hex digits; a run of white space
 * becomes one '-' (none at the very start, none next to a '-'); everything else is dropped —
 * `role (old).md` → `role-old`, `C# & F#.md` → `c#-f#`.
 */
export function sanitizePath(urlPath: string): string {
  let sanitized = '';
  let pendingHyphen = false;
  let wasHyphen = false;
  const characters = [...urlPath];
  characters.forEach((character, at) => {
    const allowed =
      './\\_#+~-@'.includes(character) ||
      isGoLetterOrDigit(character) ||
      isGoMark(character) ||
      (character === '%' && /^[0-9A-Fa-f]{2}$/.test(characters.slice(at + 1, at + 3).join('')));
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
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // A stray '%' is kept as written.
  }
  const collapsed = decoded.toLowerCase().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return collapsed.startsWith('/') ? collapsed : `/${collapsed}`;
}

export type LinkTarget =
  | { readonly kind: 'external' }
  /** A static file, a template or anything else this model does not check. */
  | { readonly kind: 'unchecked' }
  | { readonly kind: 'same-page'; readonly fragment: string }
  | { readonly kind: 'page'; readonly urlPath: string; readonly fragment?: string }
  | { readonly kind: 'file'; readonly contentPath: string; readonly fragment?: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const CHECKED_EXTENSION = /\.(md|markdown)$/i;

/**
 * Where a link destination points, seen from a page served at `fromUrl` whose file has the
 * content path `fromContentPath`. Only links into the site are resolved.
 */
export function resolveDestination(destination: string, fromUrl: string, fromContentPath: string, siteHosts: readonly string[]): LinkTarget {
  const trimmed = destination.trim();
  if (!trimmed || trimmed.includes('{{')) return { kind: 'unchecked' };
  const hashAt = trimmed.indexOf('#');
  const beforeHash = hashAt === -1 ? trimmed : trimmed.slice(0, hashAt);
  const fragment = hashAt === -1 ? undefined : decodeFragment(trimmed.slice(hashAt + 1));
  let pathPart = beforeHash.replace(/\?.*$/, '');

  if (SCHEME.test(pathPart) || pathPart.startsWith('//')) {
    let parsed: URL;
    try {
      parsed = new URL(pathPart.startsWith('//') ? `https:${pathPart}` : pathPart);
    } catch {
      return { kind: 'external' };
    }
    if (!/^https?:$/.test(parsed.protocol) || !siteHosts.includes(parsed.hostname.toLowerCase())) return { kind: 'external' };
    pathPart = parsed.pathname;
  }
  if (!pathPart) return fragment === undefined ? { kind: 'unchecked' } : { kind: 'same-page', fragment };

  if (CHECKED_EXTENSION.test(pathPart)) {
    // Hugo's embedded link hook resolves Markdown file paths like page references.
    const contentPath = pathPart.startsWith('/')
      ? pathPart.slice(1)
      : path.posix.join(path.posix.dirname(fromContentPath), pathPart);
    return { kind: 'file', contentPath: path.posix.normalize(contentPath), fragment };
  }
  const lastSegment = pathPart.replace(/\/+$/, '').split('/').pop() ?? '';
  if (/\.[a-z0-9]{1,5}$/i.test(lastSegment)) return { kind: 'unchecked' };
  const absolute = pathPart.startsWith('/') ? pathPart : path.posix.join(fromUrl, pathPart);
  return { kind: 'page', urlPath: path.posix.normalize(absolute), fragment };
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
