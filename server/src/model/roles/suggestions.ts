// "Did you mean …": the nearest existing page, anchor or include file for one that is missing, and
// which of them, if any, is so clearly the one meant that a reader would accept it blind.
// A moved role keeps its last URL segment (or left an alias), a renamed one keeps its words, and a
// mistyped include usually keeps its file name, so those come first; a candidate at another level
// of the ladder (an intern file for a senior page) is never what was meant; edit distance ranks
// the rest, and a candidate too far from what was written is not suggested at all.
import { distance } from 'fastest-levenshtein';
import * as path from 'node:path';
import type { HandbookIndex } from '../index/handbookIndex';
import type { IndexedFile } from '../index/indexedFile';
import { MARKDOWN_FILE } from '../site/publishing';
import { urlKey, type Site } from '../site/site';
import { compareText } from '../base/order';

/**
 * How a suggestion matches what was written, strongest first: the same file name or last URL
 * segment elsewhere (a moved file; for a page, in the same top-level section), a page beside the
 * missing one whose name has all the missing name's words (`distinguished` →
 * `distinguished-engineer`), a page of the same last segment in another section (a job
 * description's `engineering-manager` and a team's page of that name are different pages), an
 * anchor that contains the missing fragment or is contained in it, or only nearness in edits.
 */
export type Match = 'same-name' | 'renamed' | 'same-name-elsewhere' | 'contains' | 'near';

export interface Suggestion<T> {
  readonly value: T;
  readonly match: Match;
  /** Edits (Levenshtein) from what was written to the suggestion. */
  readonly distance: number;
  /** Whether it is as far as a slip of the pen from what was written, numbers unchanged (see slipsIn). */
  readonly slip: boolean;
}

const MATCH_RANK: Record<Match, number> = { 'same-name': 0, renamed: 1, 'same-name-elsewhere': 2, contains: 3, near: 4 };

/**
 * A typing slip: a letter or three left out, doubled or swapped ("competencies" for "competency"),
 * but no more than one edit per 5 characters written: on the real corpus `#sharing-logs` is 3
 * edits from `#searching-logs` and `#sla` 2 from `#slack`, other sections both. A near suggestion
 * this close is clearly the one meant only when the others are at least TYPO_DISTANCE further.
 */
export const TYPO_DISTANCE = 3;
const CHARACTERS_PER_SLIP = 5;

/** The edits a slip in `written` may make. */
function slipsIn(written: string): number {
  return Math.min(TYPO_DISTANCE, Math.max(1, Math.floor(written.length / CHARACTERS_PER_SLIP)));
}

/**
 * The farthest a page or include suggestion may be from what was written: 40 % of its length in
 * edits, and never less than 3. A slip, a renamed folder or a word added or dropped stays inside
 * it (seed 003's path and the file it meant are 11 edits apart in 66 characters); past it, more of
 * the candidate is new than kept, and it is some other file, not this one mistyped.
 */
const MAX_EDIT_SHARE = 0.4;
const MIN_EDITS = 3;
/** Anchors are short and often a word of a longer heading: half their length, at least 2. */
const MAX_ANCHOR_EDIT_SHARE = 0.5;
const MIN_ANCHOR_EDITS = 2;

/** The levels of a career ladder as handbooks write them in file names and URLs. */
const LEVEL_WORDS: ReadonlySet<string> = new Set(['intern', 'junior', 'associate', 'intermediate', 'senior', 'staff', 'principal', 'distinguished', 'fellow', 'manager', 'director']);

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function wordsOf(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** The ladder level a name's words say, '' for none: `development-senior-leadership` → `senior`. */
function levelOf(words: readonly string[]): string {
  return [...new Set(words.filter((word) => LEVEL_WORDS.has(word)))].sort().join('+');
}

/** Whether a candidate of level `candidate` can be what was meant at level `wanted` (either '' when unknown). */
function sameLevel(wanted: string, candidate: string): boolean {
  return wanted === '' || candidate === '' || wanted === candidate;
}

function allowedEdits(written: string, share = MAX_EDIT_SHARE, least = MIN_EDITS): number {
  return Math.max(least, written.length * share);
}

/**
 * Whether `suggestion` is a slip away from `written`: few edits, no number changed
 * (`#fy22-calendar` is not `#fy25-calendar`) and no word added or dropped (`#internal-request-slo`
 * is not `#internal-requests`).
 */
function isSlip(written: string, suggestion: string, edits: number): boolean {
  return edits <= slipsIn(written) && numbersIn(written) === numbersIn(suggestion) && wordsOf(written).length === wordsOf(suggestion).length;
}

function numbersIn(text: string): string {
  return (text.match(/\d+/g) ?? []).join(' ');
}

/**
 * Whether a page at `key` can be the missing `wanted` moved: in the same top-level section, and
 * still below a folder of the name the missing page was in. `/job-families/engineering/frontend/`
 * → `/job-families/engineering/development/frontend/` can; on the real corpus
 * `/handbook/security/identity/roadmap` → `/handbook/engineering/architecture/roadmap/` (another
 * roadmap), `…/okta/user/faq` → `…/access-requests/faq/`, `…/dev/senior/fullstack/` →
 * `…/dev/fullstack/` (another level) and a job description → a team page of its name cannot.
 */
function keepsFolders(wanted: string, key: string): boolean {
  const foldersOf = (urlKeyOf: string) => urlKeyOf.split('/').slice(1, -1);
  const wantedFolders = foldersOf(wanted);
  const folders = foldersOf(key);
  return wantedFolders.length > 0 && wantedFolders[0] === folders[0] && folders.includes(wantedFolders[wantedFolders.length - 1]);
}

/** Pages whose URL ends in the same segment: a table lookup, cheap enough for every broken link. */
export function pagesWithSameLastSegment(index: HandbookIndex, site: Site, urlPath: string): readonly IndexedFile[] {
  const wanted = lastSegment(urlKey(urlPath));
  if (!wanted) return [];
  return index.pagesWithLastSegment(site, wanted);
}

/**
 * The nearest pages to a missing URL linked from `from`, best first. `from` itself is never one:
 * a page that links to where it is would link to itself (an extends of itself).
 */
export function nearestPages(index: HandbookIndex, from: IndexedFile, urlPath: string, limit = 5): Suggestion<IndexedFile>[] {
  const wanted = urlKey(urlPath);
  const wantedSegment = lastSegment(wanted);
  const wantedFolder = wanted.slice(0, wanted.length - wantedSegment.length);
  const wantedWords = wordsOf(wantedSegment);
  const wantedLevel = levelOf(wantedWords);
  const sameName = new Set(pagesWithSameLastSegment(index, from.site, urlPath));
  const farthest = allowedEdits(wanted);
  const ranked: Suggestion<IndexedFile>[] = [];
  for (const page of index.pages()) {
    if (page.site !== from.site || page === from) continue;
    const key = urlKey(page.url!);
    const segment = lastSegment(key);
    const words = wordsOf(segment);
    if (!sameLevel(wantedLevel, levelOf(words))) continue;
    const renamed = wantedWords.length > 0 && key.slice(0, key.length - segment.length) === wantedFolder && wantedWords.every((word) => words.includes(word));
    const match: Match = sameName.has(page) ? (keepsFolders(wanted, key) ? 'same-name' : 'same-name-elsewhere') : renamed ? 'renamed' : 'near';
    // Edits are at least the difference in length: most pages are ruled out before they are counted.
    if (match === 'near' && Math.abs(key.length - wanted.length) > farthest) continue;
    const edits = distance(wanted, key);
    if (match === 'near' && edits > farthest) continue;
    ranked.push({ value: page, match, distance: edits, slip: isSlip(wanted, key, edits) });
  }
  ranked.sort((a, b) => MATCH_RANK[a.match] - MATCH_RANK[b.match] || a.distance - b.distance || compareText(a.value.url!, b.value.url!));
  return ranked.slice(0, limit);
}

/** The nearest existing anchors of a page to a missing fragment. */
export function nearestAnchors(index: HandbookIndex, page: IndexedFile, fragment: string, limit = 3): Suggestion<string>[] {
  const wanted = fragment.toLowerCase();
  const farthest = allowedEdits(wanted, MAX_ANCHOR_EDIT_SHARE, MIN_ANCHOR_EDITS);
  const ids = [...new Set(index.anchorsOf(page).map((anchor) => anchor.id))];
  return (
    ids
      .map((id): Suggestion<string> => {
        const lower = id.toLowerCase();
        const edits = distance(wanted, lower);
        return { value: id, match: lower.includes(wanted) || wanted.includes(lower) ? 'contains' : 'near', distance: edits, slip: isSlip(wanted, lower, edits) };
      })
      .filter((candidate) => candidate.match === 'contains' || candidate.distance <= farthest)
      // Among anchors that contain the fragment, the one with least added is nearest ("roles" → "development-roles").
      .sort((a, b) => MATCH_RANK[a.match] - MATCH_RANK[b.match] || a.distance - b.distance || compareText(a.value, b.value))
      .slice(0, limit)
  );
}

/**
 * The nearest existing include paths for a missing one called from `page`: the same file name
 * elsewhere first, then a typing slip; then the files of the level the path names (or, when it
 * names none, the page's level: senior for `…/senior.md`) sharing most of its other words; edit
 * distance breaks ties. Files of another level are never suggested.
 */
export function nearestIncludes(index: HandbookIndex, page: IndexedFile, includePath: string, limit = 3): Suggestion<string>[] {
  const wanted = includePath.replace(/^\/+/, '');
  const wantedName = path.posix.basename(wanted);
  const wantedWords = wordsOf(wantedName.replace(MARKDOWN_FILE, ''));
  const level = levelOf(wantedWords) || levelOfPage(index, page);
  const distinctive = wantedWords.filter((word) => !LEVEL_WORDS.has(word));
  const farthest = allowedEdits(wanted);
  return index
    .includeCandidates(page.site)
    .flatMap(({ sitePath }) => {
      const name = path.posix.basename(sitePath);
      const words = wordsOf(name.replace(MARKDOWN_FILE, ''));
      const candidateLevel = levelOf(words);
      if (!sameLevel(level, candidateLevel)) return [];
      const edits = distance(wanted, sitePath);
      const match: Match = name === wantedName ? 'same-name' : 'near';
      if (match === 'near' && edits > farthest) return [];
      const ranking = {
        tier: match === 'same-name' ? 0 : isSlip(wanted, sitePath, edits) ? 1 : 2,
        sharesLevel: level !== '' && candidateLevel === level ? 0 : 1,
        unshared: distinctive.filter((word) => !words.includes(word)).length,
      };
      return [{ suggestion: { value: sitePath, match, distance: edits, slip: isSlip(wanted, sitePath, edits) }, ranking }];
    })
    .sort(
      (a, b) =>
        a.ranking.tier - b.ranking.tier ||
        a.ranking.sharesLevel - b.ranking.sharesLevel ||
        a.ranking.unshared - b.ranking.unshared ||
        a.suggestion.distance - b.suggestion.distance ||
        compareText(a.suggestion.value, b.suggestion.value),
    )
    .slice(0, limit)
    .map(({ suggestion }) => suggestion);
}

/** A page's ladder level, from its file (or bundle folder) name, else from its title. */
function levelOfPage(index: HandbookIndex, page: IndexedFile): string {
  const name = path.posix.basename(page.sitePath).replace(MARKDOWN_FILE, '');
  const named = name === '_index' || name === 'index' ? path.posix.basename(path.posix.dirname(page.sitePath)) : name;
  return levelOf(wordsOf(named)) || levelOf(wordsOf(index.titleOf(page)));
}

/**
 * The suggestion a reader would accept without looking, if there is one: the only one of its
 * kind among the strongest matches (one file of the same name, one page renamed beside the
 * missing one), or a slip of the pen (see isSlip) with every other suggestion at least
 * TYPO_DISTANCE edits further. An anchor that only contains the fragment, or is contained in it, is never clearly
 * meant on that ground: on the real corpus `#add-name-pronunciation-in-google` contains `#google`
 * and `#maintainer` is in `#how-to-become-a-project-maintainer`, both other sections. The
 * suggestions are best first, as the functions above give them, and should already be the ones
 * that work (see features/fixes.ts).
 */
export function clearlyMeant<T>(suggestions: readonly Suggestion<T>[]): Suggestion<T> | undefined {
  const [best, next] = suggestions;
  if (!best) return undefined;
  const others = suggestions.slice(1);
  switch (best.match) {
    case 'same-name':
    case 'renamed':
      return next?.match === best.match ? undefined : best;
    case 'same-name-elsewhere':
      return undefined;
    case 'contains':
    case 'near':
      return best.slip && others.every((other) => other.distance >= best.distance + TYPO_DISTANCE) ? best : undefined;
  }
}
