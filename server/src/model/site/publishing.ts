// Hugo's publishing rules: which content files it builds no page from, and why (drafts, headless
// bundles, `build.render`, the Markdown resources of a leaf bundle), and the paths `.GetPage`
// finds a page by. Pure functions of content paths and front matter; the index applies them to
// its files.
import * as path from 'node:path';
import type { FrontMatter } from '../page/frontMatter';

/** A Markdown file's name: the files Hugo builds pages from, and the include files the index parses. */
export const MARKDOWN_FILE = /\.(md|markdown)$/i;

const LEAF_BUNDLE_INDEX = /^index\.(md|markdown)$/i;

/**
 * Why Hugo builds no page from a content file: a draft, a headless bundle, `build.render` never
 * or link, or a Markdown file inside a leaf bundle (a page resource, not a page).
 */
export type Unpublished = 'draft' | 'headless' | 'not-rendered' | 'bundle-resource';

/** The folder (below the content root) a content file makes a leaf bundle of, or undefined when it makes none. */
export function leafBundleFolder(contentPath: string): string | undefined {
  const directory = path.posix.dirname(contentPath);
  // An index.md right in the content root is no leaf bundle: the whole site would be its resources.
  return LEAF_BUNDLE_INDEX.test(path.posix.basename(contentPath)) && directory !== '.' ? directory : undefined;
}

/**
 * Why Hugo builds no page from the content file at `contentPath`, or undefined when it does.
 * `leafBundleFolders`: the folders of the same site that are leaf bundles (see leafBundleFolder).
 */
export function unpublishedReason(contentPath: string, frontMatter: FrontMatter, leafBundleFolders: ReadonlySet<string>): Unpublished | undefined {
  const directory = path.posix.dirname(contentPath);
  const isBundleIndex = LEAF_BUNDLE_INDEX.test(path.posix.basename(contentPath));
  // Every file below a leaf bundle's directory is one of its resources, except its own index.
  for (let ancestor = directory; ancestor !== '.'; ancestor = path.posix.dirname(ancestor)) {
    if (leafBundleFolders.has(ancestor) && !(isBundleIndex && ancestor === directory)) return 'bundle-resource';
  }
  if (frontMatter.draft) return 'draft';
  if (frontMatter.headless && isBundleIndex) return 'headless';
  if (frontMatter.render === 'never' || frontMatter.render === 'link') return 'not-rendered';
  return undefined;
}

/**
 * The paths `.GetPage` finds a page by, without extension: `a/b.md` → `a/b`; a section
 * `a/b/_index.md` → `a/b`; a leaf bundle `a/b/index.md` → `a/b` and `a/b/index` (Hugo 0.111
 * finds `leaf/index` but neither `sub/_index` nor a branch's `index`); `_index.md` → ''.
 */
export function pagePaths(contentPath: string): string[] {
  const withoutExtension = contentPath.toLowerCase().replace(MARKDOWN_FILE, '');
  const name = path.posix.basename(withoutExtension);
  if (name !== 'index' && name !== '_index') return [withoutExtension];
  const directory = path.posix.dirname(withoutExtension);
  const folder = directory === '.' ? '' : directory;
  return name === 'index' ? [folder, withoutExtension] : [folder];
}

/**
 * The names `ref` and `relref` also find a regular page by, wherever it lies ("potentially
 * ambiguous", Hugo's page finder says): its file name with and without extension, and a leaf
 * bundle by its folder's name and path. Sections have none.
 */
export function refNames(contentPath: string): string[] {
  const lower = contentPath.toLowerCase();
  const fileName = path.posix.basename(lower);
  const baseName = fileName.replace(MARKDOWN_FILE, '');
  if (baseName === '_index') return [];
  if (baseName !== 'index') return [fileName, baseName];
  const folder = path.posix.dirname(lower);
  return [fileName, folder, path.posix.basename(folder)];
}
