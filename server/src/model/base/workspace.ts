// The only door between the handbook model and the file system. Everything the model reads goes
// through a Workspace, which refuses paths outside its folders: the server must never read
// outside the workspace, whatever a link or an include path says.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  /**
   * The inode's change time and number: what a cache compares besides size and modification
   * time, since a modification time can be set back (`touch -r`, archives) and a symbolic link
   * retargeted to a file of the same size and time, but neither leaves these as they were.
   */
  readonly ctimeMs: number;
  readonly ino: number;
}

/** What reading one file gave. */
export type FileRead =
  | { readonly kind: 'read'; readonly stat: FileStat; readonly bytes: Uint8Array }
  /** Bigger than the limit asked for: stat'ed, not read. */
  | { readonly kind: 'too-large'; readonly stat: FileStat }
  | { readonly kind: 'missing' }
  /** It exists but cannot be read; `reason` says why, for people ("permission denied"). */
  | { readonly kind: 'unreadable'; readonly reason: string };

export interface Workspace {
  /** Absolute paths of the workspace folders. */
  readonly folders: readonly string[];
  /** The file's bytes, or undefined when it is missing, unreadable or outside the folders. */
  readFile(absolutePath: string): Promise<Uint8Array | undefined>;
  /**
   * The file's bytes with the size and modification time it had when it was opened, so that a
   * cache keyed by them never pairs newer bytes with an older stat. A file over `maxBytes` is
   * not read at all.
   */
  read(absolutePath: string, maxBytes: number): Promise<FileRead>;
  stat(absolutePath: string): Promise<FileStat | undefined>;
  /**
   * Every entry that is not a folder (files, symbolic links, and named pipes and the like, which
   * a read then reports) below `directory` whose name passes `accept`, recursively, sorted.
   * Symbolic links to folders are not followed (they are how loops happen, and how a listing
   * leaves the workspace); hidden folders, `node_modules` and unreadable folders are skipped.
   */
  listFiles(directory: string, accept: (name: string) => boolean): Promise<string[]>;
  /**
   * What `listFiles(root)` meets at `target` (at or below `root`): a folder it descends into, an
   * entry it lists (whatever its name), or nothing (missing, below a skipped folder or a link).
   * A file event asks it, so that a file read again is indexed exactly as a fresh listing would.
   */
  reaches(root: string, target: string): Promise<Reach>;
  /**
   * Whether a file's real path lies inside the folders (a probe of its links, nothing opened):
   * a listed symbolic link may lead out of the workspace, and nothing may offer to open it.
   */
  leadsInside(absolutePath: string): boolean;
  /**
   * A workspace for one pass over the files, made by a build to list and read them once: it may
   * trust what its own listing saw (see NodeWorkspaceOptions.singlePass). Reads after the pass go
   * through the long-lived workspace.
   */
  forOnePass(): Workspace;
}

export type Reach = 'folder' | 'entry' | undefined;

/** True when `candidate` is `folder` itself or lies below it (both absolute, normalised). */
export function isInside(folder: string, candidate: string): boolean {
  // Windows paths compare case-insensitively and in several spellings: path.relative knows how.
  // Elsewhere a prefix test says the same, and the index asks it for every file it reads.
  if (process.platform === 'win32') {
    const relative = path.relative(folder, candidate);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  }
  return candidate === folder || candidate.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

export function isInsideAny(folders: readonly string[], candidate: string): boolean {
  return folders.some((folder) => isInside(folder, candidate));
}

/** `/` and no `.`, `..` or empty segments, no trailing `/`: what `path.resolve` gives, given it. */
const NOT_RESOLVED = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

/**
 * Whether `path.resolve(candidate)` is `candidate` itself. The index resolves every path it
 * reads, and those it lists are resolved already: normalizing them again costs more than the
 * read. Elsewhere than on POSIX paths path.resolve decides.
 */
export function isResolved(candidate: string): boolean {
  return path.sep === '/' && candidate.startsWith('/') && !NOT_RESOLVED.test(candidate);
}

/** `path.join(folder, name)` for a resolved folder and a file name (no separator in it). */
export function childPath(folder: string, name: string): string {
  if (path.sep !== '/') return path.join(folder, name);
  return folder.endsWith('/') ? folder + name : `${folder}/${name}`;
}

export interface NodeWorkspaceOptions {
  /**
   * The workspace serves one pass over the files (the command line, a parse worker): it may
   * remember each folder's real path instead of resolving every file's, which halves the cost of
   * reading a file. Only a folder turned into a symbolic link during the pass could slip past,
   * so a long-lived workspace (the language server's) leaves this off, and gives each of its
   * builds one of these instead (`forOnePass`).
   */
  readonly singlePass?: boolean;
}

// Reads use the synchronous calls on purpose: opening, stat'ing and reading a local file take a
// few microseconds each, while every promise-based call is a round trip through the thread pool
// (3 to 7 times slower over a handbook). Callers that read many files yield between batches.
export class NodeWorkspace implements Workspace {
  readonly folders: readonly string[];
  private realFolders: readonly string[] | undefined;
  private readonly realDirectories: Map<string, string | undefined> | undefined;
  /**
   * Single pass: the paths `listFiles` saw as regular files. Reading one needs no `lstat` first:
   * the listing has just said what it is, and the open (no link followed, no wait for a writer)
   * and its `fstat` refuse whatever has taken its place since, as they do after an `lstat`.
   * 4.6k `lstat` calls were 2-3 % of a cold check of the real corpus.
   */
  private readonly listedFiles: Set<string> | undefined;

  constructor(folders: readonly string[], options: NodeWorkspaceOptions = {}) {
    this.folders = folders.map((folder) => path.resolve(folder));
    // Without O_NOFOLLOW (Windows) a file's last step cannot be checked cheaply: resolve it whole.
    this.realDirectories = options.singlePass && NO_FOLLOW !== undefined ? new Map() : undefined;
    this.listedFiles = this.realDirectories && new Set();
  }

  forOnePass(): Workspace {
    // Without O_NOFOLLOW a single pass saves nothing (see the constructor).
    return this.realDirectories !== undefined || NO_FOLLOW === undefined ? this : new NodeWorkspace(this.folders, { singlePass: true });
  }

  async readFile(absolutePath: string): Promise<Uint8Array | undefined> {
    const result = await this.read(absolutePath, Number.POSITIVE_INFINITY);
    return result.kind === 'read' ? result.bytes : undefined;
  }

  async read(absolutePath: string, maxBytes: number): Promise<FileRead> {
    const viaRememberedFolder = this.realDirectories !== undefined;
    const real = this.realPathInside(absolutePath, viaRememberedFolder);
    if (typeof real !== 'string') return real;
    let descriptor: number;
    try {
      // Opening a named pipe waits for a writer, forever: only a regular file is opened, and
      // without blocking, in case a pipe takes the file's place between the stat and the open.
      if (!this.listedFiles?.has(absolutePath)) {
        const stats = viaRememberedFolder ? fs.lstatSync(real) : fs.statSync(real);
        if (stats.isSymbolicLink()) return this.readResolved(absolutePath, maxBytes);
        if (!stats.isFile()) return { kind: 'unreadable', reason: notAFile(stats) };
      }
      descriptor = fs.openSync(real, fs.constants.O_RDONLY | NON_BLOCKING | (viaRememberedFolder ? NO_FOLLOW! : 0));
    } catch (error) {
      // The last step became a symbolic link after all (O_NOFOLLOW refuses it): resolve it fully.
      if (viaRememberedFolder && errorCode(error) === 'ELOOP') return this.readResolved(absolutePath, maxBytes);
      return failedRead(error);
    }
    try {
      const stats = fs.fstatSync(descriptor);
      if (!stats.isFile()) return { kind: 'unreadable', reason: notAFile(stats) };
      const stat = statOf(stats);
      if (stats.size > maxBytes) return { kind: 'too-large', stat };
      const bytes = Buffer.allocUnsafe(stats.size);
      let filled = 0;
      while (filled < bytes.length) {
        const count = fs.readSync(descriptor, bytes, filled, bytes.length - filled, filled);
        if (count === 0) break;
        filled += count;
      }
      return { kind: 'read', stat, bytes: filled === bytes.length ? bytes : bytes.subarray(0, filled) };
    } catch (error) {
      return failedRead(error);
    } finally {
      fs.closeSync(descriptor);
    }
  }

  async stat(absolutePath: string): Promise<FileStat | undefined> {
    const viaRememberedFolder = this.realDirectories !== undefined;
    const real = this.realPathInside(absolutePath, viaRememberedFolder);
    if (typeof real !== 'string') return undefined;
    try {
      const stats = viaRememberedFolder ? fs.lstatSync(real) : fs.statSync(real);
      if (stats.isSymbolicLink()) return new NodeWorkspace(this.folders).stat(absolutePath);
      return stats.isFile() ? statOf(stats) : undefined;
    } catch {
      return undefined;
    }
  }

  async listFiles(directory: string, accept: (name: string) => boolean): Promise<string[]> {
    const root = path.resolve(directory);
    if (!isInsideAny(this.folders, root) || !this.leadsInside(root)) return [];
    const found: string[] = [];
    const pending = [root];
    while (pending.length > 0) {
      const current = pending.pop()!;
      let entries;
      try {
        entries = fs.readdirSync(current, { withFileTypes: true });
      } catch {
        continue;
      }
      // A listed folder is a real folder (links are not followed), so its real path is its
      // parent's real path and its name: remembered here, it costs no system call later.
      const realCurrent = this.realDirectories && this.realDirectoryOrUndefined(current);
      for (const entry of entries) {
        const full = childPath(current, entry.name);
        if (entry.isDirectory()) {
          if (isListedFolder(entry.name)) {
            pending.push(full);
            if (realCurrent !== undefined) this.realDirectories!.set(full, childPath(realCurrent, entry.name));
          }
        } else if (accept(entry.name)) {
          found.push(full);
          if (entry.isFile()) this.listedFiles?.add(full);
        }
      }
    }
    return found.sort();
  }

  async reaches(root: string, target: string): Promise<Reach> {
    const resolvedRoot = path.resolve(root);
    const resolvedTarget = path.resolve(target);
    if (!isInside(resolvedRoot, resolvedTarget) || !isInsideAny(this.folders, resolvedRoot)) return undefined;
    if (resolvedTarget === resolvedRoot) return this.leadsInside(resolvedRoot) && isDirectory(resolvedRoot) ? 'folder' : undefined;
    const steps = path.relative(resolvedRoot, resolvedTarget).split(path.sep);
    let current = resolvedRoot;
    for (const [position, name] of steps.entries()) {
      current = childPath(current, name);
      let stats: fs.Stats;
      try {
        stats = fs.lstatSync(current);
      } catch {
        return undefined;
      }
      const last = position === steps.length - 1;
      if (!stats.isDirectory()) return last ? 'entry' : undefined;
      if (!isListedFolder(name)) return undefined;
    }
    return 'folder';
  }

  leadsInside(absolutePath: string): boolean {
    try {
      return isInsideAny(this.realFolderList(), fs.realpathSync.native(absolutePath));
    } catch {
      return false;
    }
  }

  private readResolved(absolutePath: string, maxBytes: number): Promise<FileRead> {
    return new NodeWorkspace(this.folders).read(absolutePath, maxBytes);
  }

  /**
   * The real path of a file inside the folders, resolving symbolic links so that a link pointing
   * out of the workspace is refused too; otherwise why it cannot be read. `viaRememberedFolder`
   * resolves only the file's folder: the caller must then open the file without following a link.
   */
  private realPathInside(absolutePath: string, viaRememberedFolder: boolean): string | Exclude<FileRead, { kind: 'read' | 'too-large' }> {
    const resolved = isResolved(absolutePath) ? absolutePath : path.resolve(absolutePath);
    if (!isInsideAny(this.folders, resolved)) return { kind: 'unreadable', reason: 'it is outside the workspace folders' };
    let real: string;
    try {
      real = viaRememberedFolder ? childPath(this.realDirectory(path.dirname(resolved)), path.basename(resolved)) : fs.realpathSync.native(resolved);
    } catch (error) {
      // The listing shows a dangling link like any file: it is there, only unreadable, not gone.
      if (errorCode(error) === 'ENOENT' && isSymbolicLink(resolved)) return { kind: 'unreadable', reason: 'it is a symbolic link to a file that does not exist' };
      return failedRead(error) as Exclude<FileRead, { kind: 'read' | 'too-large' }>;
    }
    return isInsideAny(this.realFolderList(), real) ? real : { kind: 'unreadable', reason: 'it is a symbolic link to a file outside the workspace folders' };
  }

  private realFolderList(): readonly string[] {
    this.realFolders ??= this.folders.map((folder) => realPathOr(folder, folder));
    return this.realFolders;
  }

  private realDirectoryOrUndefined(directory: string): string | undefined {
    try {
      return this.realDirectory(directory);
    } catch {
      return undefined;
    }
  }

  private realDirectory(directory: string): string {
    let real = this.realDirectories!.get(directory);
    if (real === undefined) {
      real = fs.realpathSync.native(directory);
      this.realDirectories!.set(directory, real);
    }
    return real;
  }
}

const NO_FOLLOW: number | undefined = fs.constants.O_NOFOLLOW;
// Windows has no O_NONBLOCK, and no named pipes among its files either.
const NON_BLOCKING: number = fs.constants.O_NONBLOCK ?? 0;

/** Hidden folders and installed packages are no part of a handbook's sources. */
export function isListedFolder(name: string): boolean {
  return !name.startsWith('.') && name !== 'node_modules';
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Why something that is not a regular file cannot be read, for people. */
function notAFile(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'it is a folder';
  if (stats.isFIFO()) return 'it is a named pipe, not a file';
  if (stats.isSocket()) return 'it is a socket, not a file';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'it is a device, not a file';
  return 'it is not a regular file';
}

function realPathOr(file: string, fallback: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return fallback;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function failedRead(error: unknown): FileRead {
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { kind: 'missing' };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'unreadable', reason: 'permission denied' };
    case 'ELOOP':
      return { kind: 'unreadable', reason: 'it is a loop of symbolic links' };
    case 'EISDIR':
      return { kind: 'unreadable', reason: 'it is a folder' };
    default:
      return { kind: 'unreadable', reason: (error as Error).message };
  }
}

function statOf(stats: fs.Stats): FileStat {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}
