// "Did you mean …": the nearest existing page, anchor or include file for one that is missing.
// A moved role keeps its last URL segment (or left an alias), and a mistyped include usually
// keeps its file name, so those come first; edit distance ranks the rest.
import { distance } from 'fastest-levenshtein';
import * as path from 'node:path';
import type { HandbookIndex } from '../index/handbookIndex';
import type { IndexedFile } from '../index/indexedFile';
import { urlKey, type Site } from '../site/site';

export interface Suggestion<T> {
  readonly value: T;
  /** Lower is nearer; 0 for a same-name match. */
  readonly score: number;
}

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Pages whose URL ends in the same segment: a table lookup, cheap enough for every broken link. */
export function pagesWithSameLastSegment(index: HandbookIndex, site: Site, urlPath: string): readonly IndexedFile[] {
  const wanted = lastSegment(urlKey(urlPath));
  if (!wanted) return [];
  return index.pagesWithLastSegment(site, wanted);
}

/** The nearest pages to a missing URL, best first. */
export function nearestPages(index: HandbookIndex, site: Site, urlPath: string, limit = 5): Suggestion<IndexedFile>[] {
  const wanted = urlKey(urlPath);
  const sameName = new Set(pagesWithSameLastSegment(index, site, urlPath));
  const ranked = index
    .pages()
    .filter((page) => page.site === site)
    .map((page) => {
      const key = urlKey(page.url!);
      const score = sameName.has(page) ? distance(wanted, key) / 1000 : distance(wanted, key);
      return { value: page, score };
    })
    .filter((candidate) => sameName.has(candidate.value) || candidate.score <= Math.max(3, wanted.length * 0.4))
    .sort((a, b) => a.score - b.score || a.value.url!.localeCompare(b.value.url!));
  return ranked.slice(0, limit);
}

/** The nearest existing anchors of a page to a missing fragment. */
export function nearestAnchors(index: HandbookIndex, page: IndexedFile, fragment: string, limit = 3): Suggestion<string>[] {
  const wanted = fragment.toLowerCase();
  const ids = [...new Set(index.anchorsOf(page).map((anchor) => anchor.id))];
  return (
    ids
      .map((id) => {
        const edits = distance(wanted, id.toLowerCase());
        return { value: id, edits, score: id.toLowerCase().includes(wanted) || wanted.includes(id.toLowerCase()) ? 0.5 : edits };
      })
      .filter((candidate) => candidate.score <= Math.max(2, wanted.length * 0.5))
      // Among anchors that contain the fragment, the one with least added is nearest ("roles" → "development-roles").
      .sort((a, b) => a.score - b.score || a.edits - b.edits || a.value.localeCompare(b.value))
      .slice(0, limit)
      .map(({ value, score }) => ({ value, score }))
  );
}

/** The nearest existing include paths: the same file name elsewhere first, then edit distance. */
export function nearestIncludes(index: HandbookIndex, site: Site, includePath: string, limit = 3): Suggestion<string>[] {
  const wanted = includePath.replace(/^\/+/, '');
  const wantedName = path.posix.basename(wanted);
  return index
    .includeCandidates(site)
    .map(({ sitePath }) => {
      const name = path.posix.basename(sitePath);
      const score = name === wantedName ? distance(wanted, sitePath) / 1000 : distance(wanted, sitePath);
      return { value: sitePath, score };
    })
    .filter((candidate) => candidate.score < 1 || candidate.score <= Math.max(3, wanted.length * 0.4))
    .sort((a, b) => a.score - b.score || a.value.localeCompare(b.value))
    .slice(0, limit);
}
