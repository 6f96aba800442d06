// The Workspace's in-memory twin, for tests: a map from absolute path to text, refusing paths
// outside its folders exactly as NodeWorkspace does. Production code reads only the disk.
import * as path from 'node:path';
import { isInside, isInsideAny, type FileRead, type FileStat, type Reach, type Workspace } from '../../server/src/model/base/workspace';

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

  /** Nothing to remember between a listing and its reads: the pass sees the same map. */
  forOnePass(): Workspace {
    return this;
  }

  async readFile(absolutePath: string): Promise<Uint8Array | undefined> {
    const resolved = path.resolve(absolutePath);
    return isInsideAny(this.folders, resolved) ? this.files.get(resolved)?.bytes : undefined;
  }

  async read(absolutePath: string, maxBytes: number): Promise<FileRead> {
    const resolved = path.resolve(absolutePath);
    if (!isInsideAny(this.folders, resolved)) return { kind: 'unreadable', reason: 'it is outside the workspace folders' };
    const file = this.files.get(resolved);
    if (!file) return { kind: 'missing' };
    const stat = memoryStat(file);
    return file.bytes.byteLength > maxBytes ? { kind: 'too-large', stat } : { kind: 'read', stat, bytes: file.bytes };
  }

  async stat(absolutePath: string): Promise<FileStat | undefined> {
    const resolved = path.resolve(absolutePath);
    const file = isInsideAny(this.folders, resolved) ? this.files.get(resolved) : undefined;
    return file && memoryStat(file);
  }

  async listFiles(directory: string, accept: (name: string) => boolean): Promise<string[]> {
    const root = path.resolve(directory);
    return [...this.files.keys()].filter((file) => isInside(root, file) && file !== root && accept(path.basename(file))).sort();
  }

  async reaches(root: string, target: string): Promise<Reach> {
    const resolved = path.resolve(target);
    if (!isInside(path.resolve(root), resolved)) return undefined;
    if (this.files.has(resolved)) return 'entry';
    return [...this.files.keys()].some((file) => isInside(resolved, file)) ? 'folder' : undefined;
  }

  /** Memory has no links: every path leads where it says. */
  leadsInside(absolutePath: string): boolean {
    return isInsideAny(this.folders, path.resolve(absolutePath));
  }
}

/** A file in memory changes only by being written again, which gives it a new time. */
function memoryStat(file: { readonly bytes: Uint8Array; readonly mtimeMs: number }): FileStat {
  return { size: file.bytes.byteLength, mtimeMs: file.mtimeMs, ctimeMs: file.mtimeMs, ino: 0 };
}
