// Hugo's page finders as pure functions of the derived tables (derivedTables.ts): `.GetPage`'s
// lookup of a page reference, which the embedded link hook's links and `ref`/`relref` calls share,
// and the `ref` lookup built on it. The index answers with its own tables; a move plan
// (../edits/moves.ts) asks the same functions about tables of the handbook as it will be, so both
// read a ref by one rule. Links and refs make their candidate paths differently on purpose (the
// hook's depend on the site's Hugo version, drop `.html` and decode percent escapes; a ref looks
// relative to the page's folder first and last of all by bare name), so each keeps its own.
import * as path from 'node:path';
import { AMBIGUOUS, type DerivedTables } from './derivedTables';
import type { IndexedFile } from './indexedFile';
import { MARKDOWN_FILE, pagePaths, refNames } from '../site/publishing';
import type { GetPageRules, PageReference, Site } from '../site/site';

/** The `.GetPage` rules a site's links are looked up by: none unless its embedded link hook does it. */
export function hookRules(site: Site): GetPageRules | undefined {
  return site.embeddedLinkHook ? site.getPage : undefined;
}

/**
 * The page `.GetPage` finds for a reference (see PageReference): by content file path, or by
 * page path — the file path without its extension, a bundle or section by its folder (so
 * `leaf/`, `leaf/index.md` and `sub/_index.md` work, and a branch's `index.md` does not).
 */
export function pageByReference(tables: DerivedTables, site: Site, reference: PageReference): IndexedFile | undefined {
  const byPagePath = tables.byPagePath.get(site);
  for (const candidate of reference) {
    const lower = candidate.toLowerCase();
    const pagePath = pagePathOf(lower);
    const page = tables.byContentPath.get(site)?.get(lower) ?? byPagePath?.get(pagePath);
    if (page) return page;
    // `x/index.md` and `x/_index.md` name the page `x` (see GetPageRules).
    const bundleName = hookRules(site) && BUNDLE_NAME.exec(pagePath);
    if (!bundleName) continue;
    const owner = byPagePath?.get(pagePath.slice(0, bundleName.index));
    if (owner && (site.getPage === 'hugo-0.123' || !isSection(owner))) return owner;
  }
  return undefined;
}

/** What a ref's path (its argument before `#`, not empty) finds, before anchors are looked at. */
export type RefLookup = { readonly kind: 'page'; readonly page: IndexedFile } | { readonly kind: 'missing' | 'ambiguous' | 'unchecked' };

/**
 * The page `{{< ref "…" >}}` written in the page at `fromSitePath` finds, as Hugo 0.111's page
 * finder looks (each rule checked against it in test/hugo/): see refSteps.
 */
export function findRefPage(tables: DerivedTables, site: Site, fromSitePath: string, written: string): RefLookup {
  for (const step of refSteps(fromSitePath, written)) {
    if (step.kind === 'unchecked') return step;
    if (step.kind === 'path') {
      const page = pageByReference(tables, site, [step.contentPath]);
      if (page) return { kind: 'page', page };
      continue;
    }
    const named = tables.byRefName.get(site)?.get(step.name);
    if (named === AMBIGUOUS) return { kind: 'ambiguous' };
    return named ? { kind: 'page', page: named } : { kind: 'missing' };
  }
  return { kind: 'missing' };
}

/**
 * The names (see pageNames) of every page a ref's path could find, whichever pages there are:
 * a page of another name can neither be found by the ref nor take it from the page it finds, nor
 * make its bare name ambiguous. What a ref depends on (see references.ts, dependentsOf).
 */
export function refLookupNames(fromSitePath: string, written: string): string[] {
  return refSteps(fromSitePath, written).flatMap((step) => (step.kind === 'path' ? namesOfPagePath(pagePathOf(step.contentPath.toLowerCase())) : step.kind === 'name' ? [step.name] : []));
}

/** The names a page with this content path can be found by, in any step of a ref's lookup (see refLookupNames). */
export function pageNames(contentPath: string): string[] {
  return [...new Set([...pagePaths(contentPath), ...refNames(contentPath)].map((found) => path.posix.basename(found)))];
}

/**
 * The steps of a ref's lookup, in order, until one finds a page: a content path looked up as
 * `.GetPage` does, the bare name any one regular page or leaf bundle has (the last step), or
 * `unchecked` for the home page of a site without a content `_index.md`, which Hugo makes anyway.
 * Relative to the page's folder first, then from the content root (an absolute path with a
 * trailing `/` finds nothing), with or without the extension, a section or bundle by its folder;
 * then, for a bare name (or `/name`), the page of that file name or leaf bundle of that folder
 * name, if only one has it. Case does not matter.
 */
function refSteps(fromSitePath: string, written: string): RefStep[] {
  const steps: RefStep[] = [];
  if (!written.startsWith('/')) {
    const relative = path.posix.join(path.posix.dirname(fromSitePath), written).replace(/\/$/, '');
    if (!relative.startsWith('..')) steps.push({ kind: 'path', contentPath: relative === '.' ? '' : relative });
    if (written.startsWith('.')) return steps;
  }
  if (written === '/') return [{ kind: 'path', contentPath: '' }, { kind: 'unchecked' }];
  if (!written.endsWith('/')) steps.push({ kind: 'path', contentPath: path.posix.normalize(written).replace(/^\/+/, '') });
  const slashes = written.split('/').length - 1;
  if (slashes > 1 || (slashes === 1 && !written.startsWith('/'))) return steps;
  steps.push({ kind: 'name', name: path.posix.basename(written).toLowerCase() });
  return steps;
}

type RefStep = { readonly kind: 'path'; readonly contentPath: string } | { readonly kind: 'name'; readonly name: string } | { readonly kind: 'unchecked' };

/** A lower-cased content path's page path: without `.md`, and without `.html`, which Hugo's getSectionOrPage drops too. */
function pagePathOf(lower: string): string {
  return lower.replace(MARKDOWN_FILE, '').replace(HTML_FILE, '');
}

/** The names a page path can find a page by: its last segment, and its folder's for a bundle's `index`/`_index` (see pageByReference). */
function namesOfPagePath(pagePath: string): string[] {
  const name = path.posix.basename(pagePath);
  if (!BUNDLE_NAME.test(`/${name}`)) return [name];
  const folder = path.posix.dirname(pagePath);
  return [name, folder === '.' ? '' : path.posix.basename(folder)];
}

/** A bundle's file name at the end of a page path: `x/index`, `x/_index`. */
const BUNDLE_NAME = /\/_?index$/;

const HTML_FILE = /\.html$/;

function isSection(file: IndexedFile): boolean {
  return path.posix.basename(file.sitePath).toLowerCase().startsWith('_index.');
}
