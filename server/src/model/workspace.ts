// The only door between the handbook model and the file system. Everything the model reads goes
// through a Workspace, which refuses paths outside its folders: the server must never read
// outside the workspace, whatever a link or an include path says.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface Workspace {
  /** Absolute paths of the workspace folders. */
  readonly folders: readonly string[];
  /** The file's bytes, or undefined when it is missing, unreadable or outside the folders. */
  readFile(absolutePath: string): Promise<Uint8Array | undefined>;
  stat(absolutePath: string): Promise<FileStat | undefined>;
  /**
   * Every regular file below `directory` whose name passes `accept`, recursively. Symbolic links
   * to folders are not followed (they are how loops happen); unreadable folders are skipped.
   */
  listFiles(directory: string, accept: (name: string) => boolean): Promise<string[]>;
}

/** True when `candidate` is `folder` itself or lies below it (both absolute, normalised). */
export function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function isInsideAny(folders: readonly string[], candidate: string): boolean {
  return folders.some((folder) => isInside(folder, candidate));
}

export class NodeWorkspace implements Workspace {
  readonly folders: readonly string[];

  constructor(folders: readonly string[]) {
    this.folders = folders.map((folder) => path.resolve(folder));
  }

  async readFile(absolutePath: string): Promise<Uint8Array | undefined> {
    const real = await this.realPathInside(absolutePath);
    if (!real) return undefined;
    try {
      return await fs.readFile(real);
    } catch {
      return undefined;
    }
  }

  async stat(absolutePath: string): Promise<FileStat | undefined> {
    const real = await this.realPathInside(absolutePath);
    if (!real) return undefined;
    try {
      const stats = await fs.stat(real);
      return stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  async listFiles(directory: string, accept: (name: string) => boolean): Promise<string[]> {
    const root = path.resolve(directory);
    if (!isInsideAny(this.folders, root)) return [];
    const found: string[] = [];
    const pending = [root];
    while (pending.length > 0) {
      const current = pending.pop()!;
      let entries;
      try {
        entries = await fs.readdir(current, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.') && entry.name !== 'node_modules') pending.push(full);
        } else if ((entry.isFile() || entry.isSymbolicLink()) && accept(entry.name)) {
          found.push(full);
        }
      }
    }
    return found.sort();
  }

  /** Resolves symbolic links so that a link pointing out of the workspace is refused too. */
  private async realPathInside(absolutePath: string): Promise<string | undefined> {
    const resolved = path.resolve(absolutePath);
    if (!isInsideAny(this.folders, resolved)) return undefined;
    try {
      const real = await fs.realpath(resolved);
      const realFolders = await Promise.all(this.folders.map((folder) => fs.realpath(folder).catch(() => folder)));
      return isInsideAny(realFolders, real) ? real : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The in-memory twin, for tests: a map from absolute path to text. */
export class MemoryWorkspace implements Workspace {
  readonly folders: readonly string[];
  private readonly files = new Map<string, { bytes: Uint8Array; mtimeMs: number }>();
  private clock = 1;

  constructor(folders: readonly string[], files: Record<string, string> = {}) {
    this.folders = folders.map((folder) => path.resolve(folder));
    for (const [file, text] of Object.entries(files)) this.write(file, text);
  }

  write(absolutePath: string, text: string | Uint8Array): void {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    this.files.set(path.resolve(absolutePath), { bytes, mtimeMs: this.clock++ });
  }

  delete(absolutePath: string): void {
    this.files.delete(path.resolve(absolutePath));
  }

  async readFile(absolutePath: string): Promise<Uint8Array | undefined> {
    const resolved = path.resolve(absolutePath);
    return isInsideAny(this.folders, resolved) ? this.files.get(resolved)?.bytes : undefined;
  }

  async stat(absolutePath: string): Promise<FileStat | undefined> {
    const resolved = path.resolve(absolutePath);
    const file = isInsideAny(this.folders, resolved) ? this.files.get(resolved) : undefined;
    return file && { size: file.bytes.byteLength, mtimeMs: file.mtimeMs };
  }

  async listFiles(directory: string, accept: (name: string) => boolean): Promise<string[]> {
    const root = path.resolve(directory);
    return [...this.files.keys()]
      .filter((file) => isInside(root, file) && file !== root && accept(path.basename(file)))
      .sort();
  }
}
