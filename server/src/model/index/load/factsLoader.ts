// One file in, what the index keeps of it out: its facts and where its lines start (never its
// text). The same function runs in the parse workers and in the main thread, so a handbook gives
// the same index whichever did the work.
import { createHash } from 'node:crypto';
import type { FileKind } from '../../page/facts';
import { decodeText, parsePage } from '../../page/parsePage';
import type { ExtendsPattern } from '../../base/extendsSearch';
import { emptyFacts, type FileProblem, type PageFacts } from '../../page/facts';
import { lineBoundsOf } from '../../base/text';
import type { LineBounds } from '../../base/text';
import type { FileStat, Workspace } from '../../base/workspace';

/** What the index keeps of a file: small, and free of the file's text. */
export interface FactsRecord extends LineBounds {
  readonly facts: PageFacts;
  /** The text's length in UTF-16 code units. */
  readonly length: number;
}

/**
 * Facts remembered from an earlier run (the command line's on-disk cache), keyed by file path.
 * The index asks it before reading a file and tells it what it parsed.
 */
export interface FactsStore {
  /** Whether anything is recorded for the file: a file it has never seen need not be stat'ed for `lookup`. */
  has(file: string): boolean;
  /** The recorded facts of a file whose kind and stat (size, times, inode) are unchanged. */
  lookup(file: string, kind: FileKind, stat: FileStat): FactsRecord | undefined;
  /** The content hash recorded for a file whose stat changed: equal bytes need no parse. */
  knownHash(file: string, kind: FileKind): string | undefined;
  /** The file's bytes hash to what `knownHash` gave: its recorded facts hold, under the new stat. */
  confirm(file: string, stat: FileStat): FactsRecord;
  /** Facts just parsed; `blob` is their encoded form when a parse worker already made it. */
  remember(file: string, kind: FileKind, stat: FileStat, hash: string, record: FactsRecord, blob?: Uint8Array): void;
}

export interface LoadRequest {
  readonly path: string;
  readonly kind: FileKind;
  /** The content hash an earlier run recorded for this file: the same bytes are not parsed again. */
  readonly knownHash?: string;
}

export type Loaded =
  /** `stat` and `hash` are absent when the file could not be read: there is nothing to remember. */
  | { readonly outcome: 'parsed'; readonly record: FactsRecord; readonly stat?: FileStat; readonly hash?: string }
  /** The bytes hash to the request's `knownHash`: the earlier facts still hold. */
  | { readonly outcome: 'unchanged'; readonly stat: FileStat; readonly hash: string }
  /** The file was listed but is gone (deleted or renamed while the handbook was read). */
  | { readonly outcome: 'missing' };

export interface LoadSettings {
  readonly extendsPatterns: readonly ExtendsPattern[];
  readonly maxFileSize: number;
  /** Hash the bytes (for the facts cache); the language server, which keeps no cache, skips it. */
  readonly hash: boolean;
}

export async function loadFile(workspace: Workspace, request: LoadRequest, settings: LoadSettings): Promise<Loaded> {
  const read = await workspace.read(request.path, settings.maxFileSize);
  switch (read.kind) {
    case 'missing':
      return { outcome: 'missing' };
    case 'unreadable':
      return { outcome: 'parsed', record: problemRecord({ kind: 'unreadable', reason: read.reason }) };
    case 'too-large':
      return { outcome: 'parsed', stat: read.stat, record: problemRecord({ kind: 'too-large', size: read.stat.size, limit: settings.maxFileSize }) };
  }
  const hash = settings.hash ? contentHash(read.bytes) : undefined;
  if (hash !== undefined && hash === request.knownHash) return { outcome: 'unchanged', stat: read.stat, hash };
  const text = decodeText(read.bytes, settings.maxFileSize);
  if (typeof text !== 'string') return { outcome: 'parsed', record: problemRecord(text), stat: read.stat, hash };
  try {
    return { outcome: 'parsed', record: parseText(text, request.kind, settings.extendsPatterns), stat: read.stat, hash };
  } catch (error) {
    // A parser bug must cost one file, not the whole index (and is not cached: no stat).
    return { outcome: 'parsed', record: problemRecord({ kind: 'unreadable', reason: `the parser failed on it: ${(error as Error).message}; please report this` }) };
  }
}

/** An editor's text gets the checks a file's bytes get: a huge or binary text is reported, not parsed. */
export function openTextRecord(text: string, kind: FileKind, extendsPatterns: readonly ExtendsPattern[], maxFileSize: number): FactsRecord {
  const checked = decodeText(Buffer.from(text), maxFileSize);
  return typeof checked === 'string' ? parseText(text, kind, extendsPatterns) : problemRecord(checked);
}

export function parseText(text: string, kind: FileKind, extendsPatterns: readonly ExtendsPattern[]): FactsRecord {
  // Include files are pulled in as raw text: a leading `---` there is a rule, not front matter.
  const facts = parsePage(text, { extendsPatterns, frontMatter: kind === 'page' });
  return { facts, ...lineBoundsOf(text), length: text.length };
}

function problemRecord(problem: FileProblem): FactsRecord {
  return { facts: emptyFacts(problem), ...lineBoundsOf(''), length: 0 };
}

function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}
