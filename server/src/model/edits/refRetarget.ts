// A `ref`/`relref` path pointed at a page's new content path in the style it was written in:
// a bare name stays a bare name, a path relative to the page's folder is made relative again
// from where the page will be, a path from the content root stays one (with its leading `/` or
// without), the `.md` kept or left out, a section or bundle still named by its folder, a
// trailing `/` kept. Each form is only a proposal: the move plan keeps the first that Hugo's ref
// lookup, asked about the handbook as it will be, reads as the page (see moves.ts), and the
// full path from the content root comes last, which nothing can take from it.
import * as path from 'node:path';
import { MARKDOWN_FILE } from '../site/publishing';

/**
 * The paths (before any `#`) that could name the page at `to` (a content path) from a page at
 * `fromAfter`, best first: `written`'s style, then from the content root. `was`: the content path
 * of the page `written` found from the page at `fromBefore`, which tells a folder written for a
 * section or bundle, and whether a path was found relative to the page's folder.
 */
export function refPathProposals(written: string, was: string, fromBefore: string, to: string, fromAfter: string): string[] {
  const trailingSlash = written.endsWith('/');
  const bare = written.replace(/\/+$/, '');
  const withExtension = MARKDOWN_FILE.test(bare);
  const lastWritten = path.posix.basename(bare).replace(MARKDOWN_FILE, '').toLowerCase();
  const byFolder = isIndexFile(was) && !withExtension && lastWritten !== 'index' && lastWritten !== '_index';
  const folderOf = (contentPath: string) => path.posix.dirname(contentPath).replace(/^\.$/, '');
  // The page as the ref names it: by its folder, with its extension, or without.
  const named = byFolder && isIndexFile(to) ? folderOf(to) : withExtension ? to : to.replace(MARKDOWN_FILE, '');
  const fromRoot = [`/${named}`, `/${to}`];
  const slashed = (proposal: string) => (trailingSlash && proposal !== '' && !proposal.endsWith('/') ? `${proposal}/` : proposal);

  let relative = path.posix.relative(`/${folderOf(fromAfter)}`, `/${named}`) || '.';
  if (written.startsWith('./') && !relative.startsWith('.')) relative = `./${relative}`;
  // Written without a leading `/`, a path is looked up relative to the page's folder first.
  const foundRelative = written.startsWith('.') || (!written.startsWith('/') && samePage(was, path.posix.join(folderOf(fromBefore), bare)));
  const slashes = bare.replace(/^\//, '').split('/').length - 1;
  if (!written.startsWith('.') && slashes === 0) {
    // A bare name: a leaf bundle's is its folder's, a regular page's its file name.
    const leaf = path.posix.basename(to).replace(MARKDOWN_FILE, '') === 'index';
    const name = leaf ? path.posix.basename(folderOf(to)) : path.posix.basename(named);
    return [...new Set([`${written.startsWith('/') ? '/' : ''}${name}`, ...(foundRelative ? [slashed(relative)] : []), ...fromRoot])];
  }
  if (written.startsWith('/')) return [...new Set([slashed(`/${named}`), ...fromRoot])];
  const proposals = foundRelative ? [slashed(relative), named] : [named, slashed(relative)];
  return [...new Set([...proposals, ...fromRoot])];
}

function isIndexFile(contentPath: string): boolean {
  return /^_?index$/i.test(path.posix.basename(contentPath).replace(MARKDOWN_FILE, ''));
}

/** `contentPath` (from the content root) names the page at content path `was`, as a file or (a bundle or section) by its folder. */
function samePage(was: string, contentPath: string): boolean {
  const lower = contentPath.toLowerCase().replace(MARKDOWN_FILE, '');
  const page = was.toLowerCase().replace(MARKDOWN_FILE, '');
  return lower === page || (isIndexFile(was) && lower === path.posix.dirname(page));
}
