// Which files a build reads first. A language server answers an open document before its first
// build is done, from what is read so far (see HandbookIndex.reading); so the open documents
// come first, then what answering them needs: the files they include and the pages their links
// lead to, then, as each of those is read, the pages its extends sentences lead to and the files
// it includes, so that a hover's chain of inherited levels is there long before the rest of the
// handbook. Where a link leads is guessed from the files alone, before any URL table exists: the
// places Hugo serves a URL from when no front matter says otherwise (`a/b.md`, `a/b/_index.md`,
// `a/b/index.md`). A page moved by its front matter's `url` is read in its turn, like any other.
import * as path from 'node:path';
import type { PageFacts } from '../page/facts';
import { contentPathOf, pageUrl, resolveDestination, urlKey, type Site } from '../site/site';
import type { MountedRoot } from '../site/hugoConfig';
import { hookRules } from './pageFinder';

/** The file a neighbour search starts from: its facts, and where it is filed. */
export interface ReadFile {
  readonly path: string;
  readonly site: Site;
  readonly kind: 'page' | 'include';
  readonly facts: PageFacts;
}

/**
 * The files answering `file` needs, by path (some may not exist). `all`: every link's target
 * (an open document: any of its links may be hovered); otherwise only its extends sentences'
 * (a level of a chain: its own links matter only to its own answers).
 */
export function neighboursOf(file: ReadFile, siteHosts: readonly string[], all: boolean): string[] {
  const { site, facts } = file;
  const paths: string[] = [];
  for (const call of facts.includes) {
    if (call.path !== undefined) paths.push(...underRoots(site.includeRoots, call.path.replace(/\\/g, '/')));
  }
  const sitePath = contentPathOf(file.kind === 'page' ? site.contentRoots : site.includeRoots, file.path);
  if (sitePath === undefined) return paths;
  const fromUrl = file.kind === 'page' ? pageUrl(sitePath, facts.frontMatter) : '/';
  for (const link of facts.links) {
    if (!all && !link.extendsSentence) continue;
    const target = resolveDestination(link.destination, fromUrl, file.kind === 'page' ? sitePath : '', siteHosts, hookRules(site));
    if (target.kind === 'file') {
      for (const reference of target.reference) paths.push(...underRoots(site.contentRoots, reference));
    } else if (target.kind === 'page') {
      const key = urlKey(target.urlPath).slice(1);
      for (const name of key === '' ? ['_index.md'] : [`${key}.md`, `${key}/_index.md`, `${key}/index.md`]) paths.push(...underRoots(site.contentRoots, name));
    }
  }
  return paths;
}

/** The files a root-relative path names under each root that takes it (a mounted root only paths below its prefix). */
function underRoots(roots: readonly MountedRoot[], rootPath: string): string[] {
  const normalized = path.posix.normalize(rootPath.replace(/^\/+/, ''));
  if (normalized.startsWith('../') || normalized === '..') return [];
  return roots.flatMap((root) => {
    if (!root.prefix) return [path.join(root.directory, normalized)];
    return normalized.startsWith(`${root.prefix}/`) ? [path.join(root.directory, normalized.slice(root.prefix.length + 1))] : [];
  });
}
