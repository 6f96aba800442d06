// Paths as the handbook's people and reports see them: relative to a folder (the site's, the
// checked one, an include root) and '/'-separated on every platform, as in the site's URLs.
import * as path from 'node:path';
import { isInside } from './workspace';

/** `file` relative to `folder`, with '/' separators. */
export function relativePath(folder: string, file: string): string {
  return slashSeparated(path.relative(folder, file));
}

/** A relative path of this platform with '/' separators. */
export function slashSeparated(relative: string): string {
  return relative.split(path.sep).join('/');
}

/**
 * Workspace folders, each once: a folder listed twice, or inside another listed folder, would
 * make a second site of the same files (each page twice, and every link to them ambiguous). The
 * outer folder stands for its inner ones, whose files it holds.
 */
export function distinctFolders(folders: readonly string[]): string[] {
  const resolved = [...new Set(folders.map((folder) => path.resolve(folder)))];
  return resolved.filter((folder) => !resolved.some((other) => other !== folder && isInside(other, folder)));
}
