// Paths as the handbook's people and reports see them: relative to a folder (the site's, the
// checked one, an include root) and '/'-separated on every platform, as in the site's URLs.
import * as path from 'node:path';

/** `file` relative to `folder`, with '/' separators. */
export function relativePath(folder: string, file: string): string {
  return slashSeparated(path.relative(folder, file));
}

/** A relative path of this platform with '/' separators. */
export function slashSeparated(relative: string): string {
  return relative.split(path.sep).join('/');
}
