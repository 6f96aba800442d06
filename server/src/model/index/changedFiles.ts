// Which handbook files a file event is about. Editors report a folder that is deleted, moved or
// copied in as one event for the folder, so an event can stand for every file below it.
import { isInside } from '../base/workspace';
import type { HandbookIndex } from './handbookIndex';

export type FileChange = 'created' | 'changed' | 'deleted';

/**
 * The files to read again after `change` to `changed`: none outside the sites' content and
 * include roots; for a deletion, the known files below it (a folder gone takes its files with
 * it, and only the index still knows them); else the files now below it on disk. A path with
 * nothing below it is the file itself.
 */
export async function filesAffectedBy(index: HandbookIndex, changed: string, change: FileChange): Promise<string[]> {
  const roots = index.siteList.flatMap((site) => [...site.contentRoots, ...site.includeRoots].map((root) => root.directory));
  if (!roots.some((root) => isInside(root, changed) || isInside(changed, root))) return [];
  if (change === 'deleted') {
    const known = [...index.allFiles()].map((file) => file.path);
    const assets = index.siteList.flatMap((site) => index.includeCandidates(site).map((candidate) => candidate.path));
    const below = [...new Set([...known, ...assets])].filter((file) => isInside(changed, file));
    return below.length > 0 ? below : [changed];
  }
  const listed = await index.workspace.listFiles(changed, () => true);
  return listed.length > 0 ? listed : [changed];
}
