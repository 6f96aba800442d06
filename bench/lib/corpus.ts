// File-system helpers shared by the harness and the peer runners. Node built-ins only, so the root
// typecheck (which includes bench/*.ts) never needs bench/node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Every file under `root` (recursive, sorted, absolute paths), skipping `.git` and `node_modules`. */
export function listFiles(root: string, filter: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p);
      } else if (e.isFile() && filter(e.name)) {
        out.push(p);
      }
    }
  };
  walk(root);
  return out.sort();
}

export const isMarkdown = (name: string): boolean => /\.(md|markdown)$/i.test(name);

/** The Markdown files of a handbook: everything under content/ and assets/ (the include files). */
export function handbookMarkdown(folder: string): string[] {
  const roots = ['content', 'assets'].map((d) => path.join(folder, d)).filter((d) => fs.existsSync(d));
  if (roots.length === 0) return listFiles(folder, isMarkdown);
  return roots.flatMap((r) => listFiles(r, isMarkdown));
}

/** The folder that Hugo serves `/` from: `content/` when present. */
export function contentDir(folder: string): string {
  const c = path.join(folder, 'content');
  return fs.existsSync(c) ? c : folder;
}

/**
 * Reads every file under the given roots so the page cache holds them. The kernel here drops file
 * cache that has been idle for about a minute (see shared/notes/benchmarking.md), so the harness
 * calls this right before every timed run, for every tool alike.
 */
export function warmFiles(roots: string[]): { files: number; bytes: number; ms: number } {
  const t0 = process.hrtime.bigint();
  let files = 0;
  let bytes = 0;
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    const st = fs.statSync(root);
    const list = st.isDirectory() ? listFiles(root) : [root];
    for (const f of list) {
      try {
        bytes += fs.readFileSync(f).length;
        files++;
      } catch {
        // unreadable files are not the tools' business either
      }
    }
  }
  return { files, bytes, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

/** The real corpus (shared/corpus/handbook-ja, or $HANDBOOK_CORPUS) when it is on this machine. */
export function defaultHandbook(): string | null {
  const candidates = [process.env.HANDBOOK_CORPUS, path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'handbook-ja'), '/work/shared/corpus/handbook-ja'];
  const found = candidates.find((p): p is string => !!p && fs.existsSync(path.join(p, 'content')));
  return found ? path.resolve(found) : null;
}
