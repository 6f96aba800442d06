// The language server's facts cache between sessions: one FactsCache per workspace folder, in the
// folder the client hands the server for its own state (VS Code's storageUri), else an XDG cache
// folder. This folder is the one place outside the workspace the server reads and writes, and
// never one inside a workspace folder: the server writes none of the user's files.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FactsCache } from './factsCache';
import type { FactsRecord, FactsStore } from '../model/index/load/factsLoader';
import type { FileKind } from '../model/page/facts';
import type { Source } from '../model/index/build';
import type { HandbookSettings } from '../model/base/settings';
import { isInside, type FileStat } from '../model/base/workspace';

/** Where the server keeps its facts cache, as the client asked: a folder, or undefined (none, with the reason). */
export type CacheFolderChoice = { readonly folder: string } | { readonly folder: undefined; readonly why: string };

/**
 * `storagePath` when the client gave one, else `$XDG_CACHE_HOME/handbook-roles/server` (by default
 * under `~/.cache`); none when `enabled` is false or the folder lies inside a workspace folder
 * (symbolic links resolved as far as the path exists).
 */
export function chooseCacheFolder(options: { readonly storagePath?: string; readonly enabled: boolean }, workspaceFolders: readonly string[]): CacheFolderChoice {
  if (!options.enabled) return { folder: undefined, why: 'the client turned it off' };
  const folder = path.resolve(options.storagePath ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'handbook-roles', 'server'));
  const real = realExistingPrefix(folder);
  const inside = workspaceFolders.find((workspace) => isInside(realExistingPrefix(path.resolve(workspace)), real) || isInside(path.resolve(workspace), folder));
  if (inside) return { folder: undefined, why: `its folder ${folder} is inside the workspace folder ${inside}, where the server writes nothing` };
  return { folder };
}

/** The real path of `file`'s longest existing prefix, with the rest appended. */
function realExistingPrefix(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realExistingPrefix(parent), path.basename(file));
  }
}

/** What a note about the cache tells a person to do about it, in the editor's terms. */
const SERVER_CACHE_REMEDY = 'Turn the cache off with the setting handbookRoles.cache.enabled (other editors: the initialization option "cache": false).';

/**
 * The facts caches of a build's workspace folders as one FactsStore (each file goes to its
 * folder's), counting what was reused and what was parsed: the log says so after a build.
 */
export class WorkspaceFactsCache implements FactsStore {
  /** Files whose facts came from the cache (unchanged stat, or unchanged bytes). */
  reused = 0;
  /** Files parsed and remembered. */
  parsed = 0;
  private readonly caches: readonly { readonly folder: string; readonly cache: FactsCache }[];

  constructor(
    private readonly directory: string,
    private readonly folders: readonly string[],
    settings: HandbookSettings,
  ) {
    this.caches = folders.map((folder) => ({ folder, cache: FactsCache.open({ folder, settings, directory, remedy: SERVER_CACHE_REMEDY }) }));
  }

  /** Each folder's facts on disk (see FactsCache.generation): what results kept beside them name. */
  get generations(): (string | undefined)[] {
    return this.caches.map(({ cache }) => cache.generation);
  }

  /** Each folder's cache holds exactly its files of `sources`, unchanged (see FactsCache.holdsExactly). */
  holdsExactly(sources: readonly Source[]): boolean {
    const byCache = new Map(this.caches.map(({ cache }) => [cache, [] as Source[]]));
    for (const source of sources) {
      const cache = this.cacheOf(source.path);
      if (!cache) return false;
      byCache.get(cache)!.push(source);
    }
    return [...byCache].every(([cache, files]) => cache.holdsExactly(files));
  }

  /** The file for results named `name` computed over these folders, beside their facts caches (see cache/resultStore.ts). */
  resultsFile(name: string): string {
    return path.join(this.directory, `${name}-${createHash('sha1').update(JSON.stringify(this.folders)).digest('hex').slice(0, 16)}.json`);
  }

  /** What a person may want to know since last asked: a damaged cache set aside, one that could not be written. */
  takeNotes(): string[] {
    return this.caches.flatMap(({ cache }) => cache.notes.splice(0));
  }

  has(file: string): boolean {
    return this.cacheOf(file)?.has(file) ?? false;
  }

  lookup(file: string, kind: FileKind, stat: FileStat): FactsRecord | undefined {
    const record = this.cacheOf(file)?.lookup(file, kind, stat);
    if (record) this.reused++;
    return record;
  }

  knownHash(file: string, kind: FileKind): string | undefined {
    return this.cacheOf(file)?.knownHash(file, kind);
  }

  confirm(file: string, stat: FileStat): FactsRecord {
    this.reused++;
    return this.cacheOf(file)!.confirm(file, stat);
  }

  remember(file: string, kind: FileKind, stat: FileStat, hash: string, record: FactsRecord, blob?: Uint8Array): void {
    this.parsed++;
    this.cacheOf(file)?.remember(file, kind, stat, hash, record, blob);
  }

  /** See FactsCache.releaseStoredFacts: the build is done, and the caches wait to be saved. */
  releaseStoredFacts(): void {
    for (const { cache } of this.caches) cache.releaseStoredFacts();
  }

  /** Writes each folder's cache (a temporary file, then a rename: two windows never leave a torn one). */
  save(): void {
    for (const { cache } of this.caches) cache.save();
  }

  private cacheOf(file: string): FactsCache | undefined {
    return this.caches.find(({ folder }) => isInside(folder, file))?.cache;
  }
}
