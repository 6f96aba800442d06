// The command line's memory between runs: every file's facts, keyed by its path, kind, size,
// times and inode, with a content hash to fall back on when only those changed (a fresh
// clone, a branch switched back and forth). One file per handbook, replaced whole (a temporary
// file, then a rename), and tied to the program and the settings that made the facts: a new build
// of the program or other parse settings start afresh. A damaged cache file is set aside with a
// note, never a failure; so is a damaged entry, whose file is read and parsed again: the table of
// contents carries a checksum, and each entry the checksum of its encoded facts (which the codec
// verifies), so neither a flipped byte nor another file's entry is ever taken for a file's facts. The command
// line and the language server (protocol/factsCacheFolder.ts) keep one each; the index sees it only as a FactsStore.
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { decodeFacts, encodeFacts, factsChecksum } from '../model/index/load/factsCodec';
import type { FactsRecord, FactsStore } from '../model/index/load/factsLoader';
import type { FileKind } from '../model/page/facts';
import type { HandbookSettings } from '../model/base/settings';
import type { FileStat } from '../model/base/workspace';

// The file: MAGIC, then every entry's encoded facts, each starting at a multiple of 4 (the codec
// reads its numbers in place), then a JSON table of contents (UTF-8), its CRC-32 and its byte length. The
// table comes last so that saving can encode and write one entry at a time: a cold run never
// holds the encoded facts of the whole handbook at once. Opening it reads only the table (an
// unchanged handbook needs no more); the facts are read at the first lookup, and each entry's
// decoded only when asked for.
const MAGIC = 'HRC3';
/** Bump when the layout of the cache file or of the table of contents changes. */
const SCHEMA = 6; // 3: entries checksummed; 4: line ends (\n, \r\n and a lone \r) stored beside line starts; 5: suppression comments; 6: a link's offsets kept as numbers in the link, not as two ranges
/** The table's checksum and its length, after it. */
const TRAILER_BYTES = 8;
/**
 * A file modified this close to the moment it was read may have changed again within the same
 * modification time; its recorded time proves nothing, so next time its bytes are hashed.
 */
const RACY_MS = 3000;

interface CacheEntry {
  readonly kind: FileKind;
  readonly stat: FileStat;
  readonly hash: string;
  /** Modified within RACY_MS of being cached: compare the content, not the time. */
  readonly racy: boolean;
  /**
   * The facts: encoded by `encodeFacts` (where they lie in the cache file, read when first asked
   * for, or as a parse worker handed them over), or as just parsed in this thread, encoded when
   * the cache is saved.
   */
  readonly facts: StoredFacts | Uint8Array | FactsRecord;
  /** For facts read from the cache file: the checksum their encoding must carry to be this file's. */
  readonly checksum?: number;
}

/** Bytes gathered into chunks before they are written: one write per entry was 10k system calls on the real corpus. */
class ChunkedWriter {
  private static readonly CHUNK_BYTES = 1 << 20;
  private readonly chunk = Buffer.alloc(ChunkedWriter.CHUNK_BYTES);
  private filled = 0;

  constructor(private readonly descriptor: number) {}

  /** `bytes`, then `zeros` zero bytes. */
  write(bytes: Uint8Array, zeros = 0): void {
    if (this.filled + bytes.byteLength + zeros > this.chunk.byteLength) this.flush();
    if (bytes.byteLength + zeros > this.chunk.byteLength) {
      writeAll(this.descriptor, bytes);
      writeAll(this.descriptor, new Uint8Array(zeros));
      return;
    }
    this.chunk.set(bytes, this.filled);
    this.chunk.fill(0, this.filled + bytes.byteLength, this.filled + bytes.byteLength + zeros);
    this.filled += bytes.byteLength + zeros;
  }

  flush(): void {
    writeAll(this.descriptor, this.chunk.subarray(0, this.filled));
    this.filled = 0;
  }
}

function writeAll(descriptor: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.byteLength;) written += fs.writeSync(descriptor, bytes, written, bytes.byteLength - written);
}

/** An entry's encoded facts where they lie in the cache file. */
interface StoredFacts {
  readonly blobs: StoredBlobs;
  readonly offset: number;
  readonly length: number;
}

/**
 * The encoded facts of a cache file, read at the first entry asked for: an unchanged handbook's
 * run reads only the table of contents (the facts are most of the file: 23 MB on the real corpus).
 * If the file is no longer the one whose table was read, every entry is empty, and so damaged.
 */
class StoredBlobs {
  private bytes: Uint8Array | undefined;

  constructor(
    private readonly file: string,
    private readonly identity: FileStat,
    private readonly start: number,
    private readonly end: number,
  ) {}

  blob(offset: number, length: number): Uint8Array {
    this.bytes ??= this.read();
    return this.bytes.subarray(offset, offset + length);
  }

  /** Lets go of the bytes read; a blob asked for later reads them again (from the same file, or none). */
  release(): void {
    // Handed to a copy nothing holds, the memory goes at the next young collection; left to the
    // garbage collector, it would wait for a full one, which an idle server may not have for long.
    const buffer = this.bytes?.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) structuredClone(buffer, { transfer: [buffer] });
    this.bytes = undefined;
  }

  private read(): Uint8Array {
    try {
      const descriptor = fs.openSync(this.file, 'r');
      try {
        if (!sameStat(statOfDescriptor(descriptor), this.identity)) return new Uint8Array(0);
        return readRange(descriptor, this.start, this.end - this.start);
      } finally {
        fs.closeSync(descriptor);
      }
    } catch {
      return new Uint8Array(0);
    }
  }
}

/** The table of contents: `[path relative to the folder, kind, size, mtimeMs, ctimeMs, ino, hash, racy, blob offset, blob length, blob checksum]`. */
type TableRow = [string, FileKind, number, number, number, number, string, boolean, number, number, number];

interface Table {
  readonly schema: number;
  readonly key: string;
  /** Made afresh each time the file is written: what was derived from these facts can name them. */
  readonly generation: string;
  readonly rows: TableRow[];
}

export interface FactsCacheOptions {
  /** The handbook folder the command line checks. */
  readonly folder: string;
  readonly settings: HandbookSettings;
  /** Where cache files go; default: see `defaultCacheDirectory`. */
  readonly directory?: string;
  /** What identifies the running program; default: a hash of the running script's bytes. */
  readonly program?: string;
  /** How the person reading a note can put the cache elsewhere or turn it off, in the caller's terms (a flag, a setting). */
  readonly remedy?: string;
}

/**
 * `<folder>/node_modules/.cache/handbook-roles` when the handbook has a node_modules folder (where
 * JavaScript tools keep caches, ignored by git and kept by CI caches of node_modules), else
 * `$XDG_CACHE_HOME/handbook-roles` (by default `~/.cache/handbook-roles`).
 */
export function defaultCacheDirectory(folder: string): string {
  const nodeModules = path.join(folder, 'node_modules');
  if (fs.existsSync(nodeModules)) return path.join(nodeModules, '.cache', 'handbook-roles');
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'handbook-roles');
}

export class FactsCache implements FactsStore {
  /** Things a person may want to know (a damaged cache set aside, a cache that could not be written). */
  readonly notes: string[] = [];
  private readonly next = new Map<string, CacheEntry>();
  private readonly decoded = new Map<string, FactsRecord>();
  /** Entries whose facts did not decode: their files are parsed again. */
  private readonly damaged = new Set<string>();
  private dirty = false;
  /** When this run opened the cache, before it read any file (see RACY_MS). */
  private readonly openedAt = Date.now();

  private constructor(
    /** The cache file. */
    readonly file: string,
    private readonly folder: string,
    private readonly key: string,
    private readonly previous: ReadonlyMap<string, CacheEntry>,
    private currentGeneration: string | undefined,
    private readonly remedy: string | undefined,
  ) {}

  static open(options: FactsCacheOptions): FactsCache {
    const folder = path.resolve(options.folder);
    const directory = path.resolve(options.directory ?? defaultCacheDirectory(folder));
    const file = path.join(directory, `facts-${digest(folder).slice(0, 16)}.bin`);
    const { settings } = options;
    // Node's version too: heading IDs follow its Unicode tables.
    const key = digest(JSON.stringify([SCHEMA, options.program ?? programFingerprint(), process.version, settings.extendsPatterns, settings.maxFileSize]));
    const notes: string[] = [];
    const read = readCacheFile(file, folder, key, notes);
    const cache = new FactsCache(file, folder, key, read?.entries ?? new Map(), read?.generation, options.remedy);
    cache.notes.push(...notes);
    return cache;
  }

  /**
   * The facts on disk, as read or as last saved: they change whenever the file is written, and
   * are undefined when there is none (or it could not be written).
   */
  get generation(): string | undefined {
    return this.currentGeneration;
  }

  /** Nothing was read from the cache file (none yet, another program's, set aside): no file can be unchanged. */
  get isEmpty(): boolean {
    return this.previous.size === 0;
  }

  has(file: string): boolean {
    return this.previous.has(file);
  }

  /**
   * The cache holds exactly these files, each with the kind, size, times and inode it has
   * now (none of them modified too close to being cached to trust its time): nothing was added,
   * removed or changed since it was written.
   */
  holdsExactly(files: readonly { readonly path: string; readonly kind: FileKind; readonly stat?: FileStat }[]): boolean {
    if (files.length !== this.previous.size) return false;
    return files.every(({ path: file, kind, stat }) => {
      const entry = this.previous.get(file);
      return entry !== undefined && stat !== undefined && !entry.racy && entry.kind === kind && sameStat(entry.stat, stat);
    });
  }

  /** The recorded facts of a file whose kind, size, times and inode are unchanged. */
  lookup(file: string, kind: FileKind, stat: FileStat): FactsRecord | undefined {
    const entry = this.previous.get(file);
    if (!entry || entry.racy || entry.kind !== kind || !sameStat(entry.stat, stat)) return undefined;
    const record = this.decode(file, entry);
    if (record) this.next.set(file, entry);
    return record;
  }

  /** The content hash recorded for a file whose time changed: equal bytes need no parse. */
  knownHash(file: string, kind: FileKind): string | undefined {
    const entry = this.previous.get(file);
    return entry && entry.kind === kind && this.decode(file, entry) ? entry.hash : undefined;
  }

  /** The file's bytes hash to what `knownHash` gave (which decoded the facts): they hold, under the new stat. */
  confirm(file: string, stat: FileStat): FactsRecord {
    this.keep(file, { ...this.previous.get(file)!, stat, racy: false });
    return this.decoded.get(file)!;
  }

  /** Facts just parsed; `blob` is their encoded form when a parse worker already made it (else they are encoded on saving). */
  remember(file: string, kind: FileKind, stat: FileStat, hash: string, record: FactsRecord, blob?: Uint8Array): void {
    this.keep(file, { kind, stat, hash, racy: false, facts: blob ?? record });
  }

  /**
   * Lets go of the cache file's encoded facts (23 MB on the real corpus), for a caller that keeps
   * the cache after its build only to save it later: the facts looked up are already decoded, and
   * are encoded again should the cache be saved with changes.
   */
  releaseStoredFacts(): void {
    for (const [file, entry] of this.next) {
      const record = isStored(entry.facts) ? this.decoded.get(file) : undefined;
      if (record) this.next.set(file, { ...entry, facts: record });
    }
    for (const { facts } of this.previous.values()) if (isStored(facts)) facts.blobs.release();
  }

  /**
   * Writes what this run looked up or remembered, when it differs from what was read; files that
   * are gone are dropped. Failing to write is a note, not an error: the next run starts cold.
   */
  save(): void {
    if (!this.dirty && this.next.size === this.previous.size) return;
    const rows: TableRow[] = [];
    const temporary = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const generation = randomUUID();
    // Whatever happens, the facts on disk are no longer what this run has.
    this.currentGeneration = undefined;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const descriptor = fs.openSync(temporary, 'w');
      try {
        const out = new ChunkedWriter(descriptor);
        out.write(Buffer.from(MAGIC, 'latin1'));
        const prefix = this.folder.endsWith(path.sep) ? this.folder : this.folder + path.sep;
        let offset = 0;
        for (const [file, entry] of this.next) {
          const blob = encodedFacts(entry.facts);
          const { size, mtimeMs, ctimeMs, ino } = entry.stat;
          // Measured from when this run began, before it read anything: a file read late in a
          // long run is judged by the moment it may have been read, not by when the cache is saved.
          const racy = entry.racy || mtimeMs > this.openedAt - RACY_MS;
          // Every file is inside the folder (the index reads nothing else): its path relative to it is its tail.
          const relative = file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(this.folder, file);
          rows.push([relative, entry.kind, size, mtimeMs, ctimeMs, ino, entry.hash, racy, offset, blob.byteLength, factsChecksum(blob)!]);
          out.write(blob, padded(blob.byteLength) - blob.byteLength);
          offset += padded(blob.byteLength);
        }
        out.flush();
        const table = Buffer.from(JSON.stringify({ schema: SCHEMA, key: this.key, generation, rows } satisfies Table));
        const trailer = Buffer.alloc(TRAILER_BYTES);
        trailer.writeUInt32LE(crc32(table), 0);
        trailer.writeUInt32LE(table.byteLength, 4);
        fs.writeSync(descriptor, table);
        fs.writeSync(descriptor, trailer);
      } finally {
        fs.closeSync(descriptor);
      }
      fs.renameSync(temporary, this.file);
      this.currentGeneration = generation;
    } catch (error) {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // There was no folder to write it in.
      }
      this.notes.push(`Could not write the facts cache ${this.file} (${(error as Error).message}); the next run reads every file again.${this.remedy ? ` ${this.remedy}` : ''}`);
    }
  }

  private keep(file: string, entry: CacheEntry): void {
    this.next.set(file, entry);
    this.dirty = true;
  }

  private decode(file: string, entry: CacheEntry): FactsRecord | undefined {
    let record = this.decoded.get(file);
    if (record || this.damaged.has(file)) return record;
    record = isStored(entry.facts)
      ? decodeStored(entry.facts.blobs.blob(entry.facts.offset, entry.facts.length), entry.checksum)
      : entry.facts instanceof Uint8Array
        ? decodeStored(entry.facts, entry.checksum)
        : entry.facts;
    if (record) {
      this.decoded.set(file, record);
    } else {
      if (this.damaged.size === 0) this.notes.push(`The facts cache ${this.file} has damaged entries; their files were read again, and the cache is written anew.`);
      this.damaged.add(file);
      this.dirty = true;
    }
    return record;
  }
}

function isStored(facts: CacheEntry['facts']): facts is StoredFacts {
  return 'blobs' in facts;
}

/** The encoded facts, good until the next call (they may lie in the encoder's scratch space): written at once. */
function encodedFacts(facts: CacheEntry['facts']): Uint8Array {
  if (isStored(facts)) return facts.blobs.blob(facts.offset, facts.length);
  return facts instanceof Uint8Array ? facts : encodeFacts(facts, { scratch: true });
}

/** Facts read from the cache file, when they are intact and the ones recorded for this entry (not another file's moved here). */
function decodeStored(blob: Uint8Array, checksum: number | undefined): FactsRecord | undefined {
  return checksum !== undefined && factsChecksum(blob) === checksum ? decodeFacts(blob) : undefined;
}

/** The entries of a cache file made with `key`; undefined (with a note when damaged) otherwise. Only its table is read here. */
function readCacheFile(file: string, folder: string, key: string, notes: string[]): { entries: Map<string, CacheEntry>; generation: string } | undefined {
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, 'r');
  } catch (error) {
    // No cache yet (ENOTDIR: nor a folder for it, which saving will report).
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') notes.push(`Could not read the facts cache ${file} (${(error as Error).message}); reading every file instead.`);
    return undefined;
  }
  try {
    return readTable(descriptor, file, folder, key, notes);
  } catch (error) {
    notes.push(`Could not read the facts cache ${file} (${(error as Error).message}); reading every file instead.`);
    return undefined;
  } finally {
    fs.closeSync(descriptor);
  }
}

function readTable(descriptor: number, file: string, folder: string, key: string, notes: string[]): { entries: Map<string, CacheEntry>; generation: string } | undefined {
  const damaged = (why: string) => {
    notes.push(`The facts cache ${file} is damaged (${why}) and was set aside; it is written again after this run.`);
    return undefined;
  };
  const identity = statOfDescriptor(descriptor);
  const size = identity.size;
  // Not even our first bytes: an older program's layout (or someone else's file): replaced quietly.
  if (Buffer.from(readRange(descriptor, 0, Math.min(size, MAGIC.length))).toString('latin1') !== MAGIC) return undefined;
  if (size < MAGIC.length + TRAILER_BYTES) return damaged('it is cut short');
  const trailer = Buffer.from(readRange(descriptor, size - TRAILER_BYTES, TRAILER_BYTES));
  const tableLength = trailer.readUInt32LE(4);
  const blobsStart = MAGIC.length;
  const tableStart = size - TRAILER_BYTES - tableLength;
  if (tableStart < blobsStart) return damaged('it is cut short');
  const tableBytes = Buffer.from(readRange(descriptor, tableStart, tableLength));
  if (tableBytes.byteLength !== tableLength) return damaged('it is cut short');
  if (crc32(tableBytes) !== trailer.readUInt32LE(0)) return damaged('its table of entries does not match its checksum');
  let table: Partial<Table>;
  try {
    table = JSON.parse(tableBytes.toString('utf8')) as Partial<Table>;
  } catch (error) {
    return damaged((error as Error).message);
  }
  // Another schema, program build or settings: the facts may differ, so start afresh (quietly:
  // this is what a cache is for).
  if (table.schema !== SCHEMA || table.key !== key) return undefined;
  if (!Array.isArray(table.rows) || typeof table.generation !== 'string') return damaged('it has no table of entries');
  const blobs = new StoredBlobs(file, identity, blobsStart, tableStart);
  // The rows' paths are relative to the folder, as saving wrote them: joined by hand, 4.6k of them cost no normalizing.
  // (A row mangled into `a/../b.md` is then a key no listed file has, so it is never looked up.)
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
  const entries = new Map<string, CacheEntry>();
  for (const row of table.rows) {
    if (!isRow(row) || blobsStart + row[8] + row[9] > tableStart) return damaged('an entry points past its end');
    const [relative, kind, size, mtimeMs, ctimeMs, ino, hash, racy, offset, length, checksum] = row;
    entries.set(prefix + relative, { kind, stat: { size, mtimeMs, ctimeMs, ino }, hash, racy, facts: { blobs, offset, length }, checksum });
  }
  return { entries, generation: table.generation };
}

/** Up to `length` bytes of the open file from `position` (fewer where it ends). */
function readRange(descriptor: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const count = fs.readSync(descriptor, bytes, filled, length - filled, position + filled);
    if (count === 0) break;
    filled += count;
  }
  return filled === length ? bytes : bytes.subarray(0, filled);
}

function statOfDescriptor(descriptor: number): FileStat {
  const { size, mtimeMs, ctimeMs, ino } = fs.fstatSync(descriptor);
  return { size, mtimeMs, ctimeMs, ino };
}

function isRow(row: unknown): row is TableRow {
  if (!Array.isArray(row) || row.length !== 11) return false;
  const [relative, kind, size, mtimeMs, ctimeMs, ino, hash, racy, offset, length, checksum] = row as unknown[];
  return (
    typeof relative === 'string' &&
    (kind === 'page' || kind === 'include') &&
    typeof size === 'number' &&
    typeof mtimeMs === 'number' &&
    typeof ctimeMs === 'number' &&
    typeof ino === 'number' &&
    typeof hash === 'string' &&
    typeof racy === 'boolean' &&
    Number.isInteger(offset) &&
    Number.isInteger(length) &&
    Number.isInteger(checksum) &&
    (offset as number) % 4 === 0 &&
    (offset as number) >= 0 &&
    (length as number) >= 0
  );
}

function sameStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

function padded(length: number): number {
  return (length + 3) & ~3;
}

/** A hash of the running script: any new build of the program invalidates every cache. */
function programFingerprint(): string {
  const script = require.main?.filename ?? __filename;
  try {
    return digest(fs.readFileSync(script));
  } catch {
    return `unknown ${script}`;
  }
}

function digest(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}
