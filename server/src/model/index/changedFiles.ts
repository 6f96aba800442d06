// Which handbook files a file event is about. Editors report a folder that is deleted, moved or
// copied in as one event for the folder, so an event can stand for every file below it.
import { isInside } from '../base/workspace';
import type { HandbookIndex } from './handbookIndex';

export type FileChange = 'created' | 'changed' | 'deleted';

/**
 * The files to read again after `change` to `changed`: none outside the sites' content and
 * include roots; else the known files below it (a folder gone takes its files with it, and a
 * folder may take the place of a page of its name) and the files a fresh listing finds below it
 * now (none through a symbolic link to a folder: a fresh build does not follow one either). A
 * path with nothing below it is the file itself.
 */
export async function filesAffectedBy(index: HandbookIndex, changed: string, change: FileChange): Promise<string[]> {
  const roots = index.siteList.flatMap((site) => [...site.contentRoots, ...site.includeRoots].map((root) => root.directory));
  if (!roots.some((root) => isInside(root, changed) || isInside(changed, root))) return [];
  const known = [...index.allFiles()].map((file) => file.path);
  const assets = index.siteList.flatMap((site) => index.includeCandidates(site).map((candidate) => candidate.path));
  const listed = change === 'deleted' ? [] : (await Promise.all(roots.map((root) => listedBelow(index, root, changed)))).flat();
  const below = new Set([...known, ...assets].filter((file) => isInside(changed, file)).concat(listed));
  return below.size > 0 ? [...below] : [changed];
}

/** What listing `root` finds at or below `changed`. */
async function listedBelow(index: HandbookIndex, root: string, changed: string): Promise<string[]> {
  const { workspace } = index;
  if (isInside(changed, root)) return workspace.listFiles(root, () => true);
  if (!isInside(root, changed)) return [];
  const reach = await workspace.reaches(root, changed);
  if (reach === 'folder') return workspace.listFiles(changed, () => true);
  return reach === 'entry' ? [changed] : [];
}
