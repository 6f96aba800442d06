// A compact binary form of a FactsRecord, for the trip from a parse worker and for the facts
// cache. A handbook has about 16 links and 12 headings per page; v8.serialize writes every property
// name of every one of them and decoding it took longer than reading the files. Here the three big
// lists (links, headings, HTML anchors) go into columns — numbers in one Uint32Array, strings in
// two runs, one byte a character for those that fit (URLs, English text: decoded into one-byte
// strings, half the memory), UTF-16 for the others — and the rest of the facts (front matter, includes, problems: small and varied)
// into JSON. Objects of an unforeseen shape (a field added to LinkFact, say) make the encoder fall
// back to JSON for the whole record, so nothing is ever lost, only speed. The header ends with a
// CRC-32 of every other byte: a damaged cache entry decodes to nothing, never to other facts.
import { crc32 } from 'node:zlib';
import type { FactsRecord } from './factsLoader';
import type { LinkKind } from '../../page/markdown/syntax';
import type { HeadingFact, HtmlAnchorFact, LinkFact, PageFacts, Writable } from '../../page/facts';
import { compactLineBounds, lineEndOf, type TextRange } from '../../base/text';

// "HRF3": records checksummed (HRF2), and line ends stored beside line starts.
const MAGIC = 0x48524633;
const COLUMNS = 1;
const JSON_ONLY = 2;
const HEADER_WORDS = 11;
/** The header's last word: the checksum of the bytes before and after it. */
const CHECKSUM_AT = (HEADER_WORDS - 1) * 4;
/** Set on a string's length when the string is in the one-byte run. */
const NARROW = 0x80000000;
const FITS_ONE_BYTE = /^[\0-\xff]*$/;

const LINK_KINDS: readonly LinkKind[] = ['inline', 'reference', 'html', 'autolink', 'linkify'];
const LINK_KEYS = new Set(['kind', 'text', 'destination', 'start', 'end', 'destinationStart', 'destinationEnd', 'extendsSentence']);
const HEADING_KEYS = new Set(['level', 'source', 'text', 'explicitId', 'autoId', 'range']);
const ANCHOR_KEYS = new Set(['id', 'range']);
const RANGE_KEYS = new Set(['start', 'end']);

// Heading flags.
const HAS_EXPLICIT_ID = 1;
const TEXT_IS_SOURCE = 2;
const HAS_AUTO_ID = 4;

/**
 * Space reused by every encoding of this thread. Saving the cache of the real corpus encodes 4.6k
 * records, and two new arrays each (their memory outside V8's heap, given back to the system
 * late if at all) kept 10 MB more resident for the rest of a check.
 */
const scratch = { numbers: new Uint32Array(0), bytes: new Uint8Array(0) };

/** At least `length` items, zeroed, from the scratch array `current`, or from a larger one that replaces it. */
function zeroed<T extends Uint32Array | Uint8Array>(current: T, length: number, grown: (length: number) => T): T {
  const array = current.length >= length ? current : grown(Math.max(length, current.length * 2));
  array.fill(0, 0, length);
  return array;
}

/**
 * `scratch: true` gives bytes that the next encoding in this thread overwrites, for a caller that
 * copies them at once (the cache file's writer); else they are the caller's.
 */
export function encodeFacts({ facts, lineStarts, lineEnds, length }: FactsRecord, { scratch: reuse = false } = {}): Uint8Array {
  const columns = fitsColumns(facts);
  const { links, headings, htmlAnchors } = facts;
  // Every number has its place known in advance: the column words, then one length per string.
  const columnWords = columns ? links.length * 8 + headings.length * 4 + htmlAnchors.length * 2 : 0;
  const numbers = (scratch.numbers = zeroed(scratch.numbers, columns ? columnWords + links.length * 2 + headings.length * 4 + htmlAnchors.length : 0, (size) => new Uint32Array(size)));
  const strings: string[] = [];
  let at = 0;
  if (columns) {
    for (const link of links) {
      numbers[at++] = LINK_KINDS.indexOf(link.kind);
      numbers[at++] = link.start;
      numbers[at++] = link.end;
      numbers[at++] = link.destinationStart;
      numbers[at++] = link.destinationEnd;
      if (link.extendsSentence) {
        numbers[at++] = 1;
        numbers[at++] = link.extendsSentence.start;
        numbers[at++] = link.extendsSentence.end;
      } else {
        at += 3;
      }
      strings.push(link.text, link.destination);
    }
    for (const heading of headings) {
      const textIsSource = heading.text === heading.source;
      numbers[at++] = heading.level;
      numbers[at++] = heading.range.start;
      numbers[at++] = heading.range.end;
      numbers[at++] = (heading.explicitId !== undefined ? HAS_EXPLICIT_ID : 0) | (textIsSource ? TEXT_IS_SOURCE : 0) | (heading.autoId !== undefined ? HAS_AUTO_ID : 0);
      strings.push(heading.source);
      if (!textIsSource) strings.push(heading.text);
      if (heading.explicitId !== undefined) strings.push(heading.explicitId);
      if (heading.autoId !== undefined) strings.push(heading.autoId);
    }
    for (const anchor of htmlAnchors) {
      numbers[at++] = anchor.range.start;
      numbers[at++] = anchor.range.end;
      strings.push(anchor.id);
    }
  }
  // The column lists stay in the JSON as placeholders, so that decoding gives the facts their keys
  // in the parser's order (and so the same object shape).
  const rest = JSON.stringify(columns ? { ...facts, links: 0, headings: 0, htmlAnchors: 0 } : facts);
  const narrow: string[] = [];
  const wide: string[] = [rest];
  for (const string of strings) {
    const fits = FITS_ONE_BYTE.test(string);
    (fits ? narrow : wide).push(string);
    numbers[at++] = fits ? string.length + NARROW : string.length;
  }
  const numberCount = at;
  const narrowText = narrow.join('');
  const wideText = wide.join('');

  const words = HEADER_WORDS + numberCount + lineStarts.length * 2;
  const byteLength = words * 4 + narrowText.length + wideText.length * 2;
  const bytes = reuse ? (scratch.bytes = zeroed(scratch.bytes, byteLength, (size) => new Uint8Array(size))).subarray(0, byteLength) : new Uint8Array(byteLength);
  const header = new Uint32Array(bytes.buffer, 0, words);
  header.set([MAGIC, columns ? COLUMNS : JSON_ONLY, length, lineStarts.length, numberCount, rest.length, narrowText.length, links.length, headings.length, htmlAnchors.length]);
  header.set(numbers.subarray(0, numberCount), HEADER_WORDS);
  header.set(lineStarts, HEADER_WORDS + numberCount);
  const endsAt = HEADER_WORDS + numberCount + lineStarts.length;
  if (lineEnds) header.set(lineEnds, endsAt);
  else for (let line = 0; line < lineStarts.length; line++) header[endsAt + line] = lineEndOf(lineStarts, undefined, line, length);
  const text = Buffer.from(bytes.buffer, words * 4);
  text.write(narrowText, 0, 'latin1');
  text.write(wideText, narrowText.length, 'utf16le');
  header[HEADER_WORDS - 1] = checksumOf(bytes);
  return bytes;
}

/** The checksum an encoded record carries (what a cache entry records to tie the record to its file); undefined when it is too short to carry one. */
export function factsChecksum(encoded: Uint8Array): number | undefined {
  return encoded.byteLength < HEADER_WORDS * 4 ? undefined : Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength).readUInt32LE(CHECKSUM_AT);
}

function checksumOf(bytes: Uint8Array): number {
  return crc32(bytes.subarray(CHECKSUM_AT + 4), crc32(bytes.subarray(0, CHECKSUM_AT)));
}

/**
 * The record back, or undefined when the bytes are not a record `encodeFacts` made (a damaged
 * cache): never an exception, and never other facts, since the checksum must match first.
 */
export function decodeFacts(encoded: Uint8Array): FactsRecord | undefined {
  // Column words are read in place, which needs 4-byte alignment: copy the rare unaligned input.
  const bytes = encoded.byteOffset % 4 === 0 ? encoded : encoded.slice();
  if (bytes.byteLength < HEADER_WORDS * 4 || factsChecksum(bytes) !== checksumOf(bytes)) return undefined;
  try {
    return decodeChecked(bytes);
  } catch {
    // A record whose checksum matches by chance but whose counts point past its end.
    return undefined;
  }
}

/** `decodeFacts` once the checksum holds. */
function decodeChecked(bytes: Uint8Array): FactsRecord | undefined {
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
  const [magic, layout, length, lineCount, numberCount, restLength, narrowLength, linkCount, headingCount, anchorCount] = header;
  const words = HEADER_WORDS + numberCount + lineCount * 2;
  const wideBytes = bytes.byteLength - words * 4 - narrowLength;
  if (magic !== MAGIC || (layout !== COLUMNS && layout !== JSON_ONLY) || wideBytes < 0 || wideBytes % 2 !== 0 || restLength > wideBytes / 2) return undefined;
  const numbers = new Uint32Array(bytes.buffer, bytes.byteOffset + HEADER_WORDS * 4, numberCount);
  const lineStarts = new Uint32Array(bytes.buffer, bytes.byteOffset + (HEADER_WORDS + numberCount) * 4, lineCount).slice();
  const bounds = compactLineBounds(lineStarts, new Uint32Array(bytes.buffer, bytes.byteOffset + (HEADER_WORDS + numberCount + lineCount) * 4, lineCount), length);
  // A table of line ends the starts do not imply is copied out of the record's bytes, which go.
  const lineEnds = bounds.lineEnds?.slice();
  const narrow = Buffer.from(bytes.buffer, bytes.byteOffset + words * 4, narrowLength);
  const wide = Buffer.from(bytes.buffer, bytes.byteOffset + words * 4 + narrowLength, wideBytes);
  let rest: PageFacts;
  try {
    rest = JSON.parse(wide.toString('utf16le', 0, restLength * 2)) as PageFacts;
  } catch {
    return undefined;
  }
  if (layout === JSON_ONLY) return { facts: rest, lineStarts, lineEnds, length };

  let at = 0;
  let stringLengthAt = linkCount * 8 + headingCount * 4 + anchorCount * 2;
  let wideAt = restLength * 2;
  let narrowAt = 0;
  // Each string is made from its own bytes: a slice of a string of the whole run would keep the
  // run alive for as long as the index keeps the facts (12 MB on the real corpus, where link
  // destinations are shared and their copies in the runs were kept besides).
  const nextString = () => {
    const written = numbers[stringLengthAt++];
    if (written >= NARROW) {
      const start = narrowAt;
      narrowAt += written - NARROW;
      return narrow.toString('latin1', start, narrowAt);
    }
    const start = wideAt;
    wideAt += written * 2;
    return wide.toString('utf16le', start, wideAt);
  };
  const range = (): TextRange => ({ start: numbers[at++], end: numbers[at++] });
  const links: LinkFact[] = [];
  for (let i = 0; i < linkCount; i++) {
    const kind = LINK_KINDS[numbers[at++]];
    const start = numbers[at++];
    const end = numbers[at++];
    const destinationStart = numbers[at++];
    const destinationEnd = numbers[at++];
    const extendsSentence = numbers[at++] === 1 ? range() : ((at += 2), undefined);
    const linkText = nextString();
    const destination = nextString();
    links.push(
      extendsSentence
        ? { kind, text: linkText, destination, start, end, destinationStart, destinationEnd, extendsSentence }
        : { kind, text: linkText, destination, start, end, destinationStart, destinationEnd },
    );
  }
  const headings: HeadingFact[] = [];
  for (let i = 0; i < headingCount; i++) {
    const level = numbers[at++];
    const headingRange = range();
    const flags = numbers[at++];
    const source = nextString();
    const headingText = flags & TEXT_IS_SOURCE ? source : nextString();
    const explicitId = flags & HAS_EXPLICIT_ID ? nextString() : undefined;
    const autoId = flags & HAS_AUTO_ID ? nextString() : undefined;
    headings.push({ level, source, text: headingText, explicitId, autoId, range: headingRange });
  }
  const htmlAnchors: HtmlAnchorFact[] = [];
  for (let i = 0; i < anchorCount; i++) {
    const anchorRange = range();
    htmlAnchors.push({ id: nextString(), range: anchorRange });
  }
  if (wideAt !== wideBytes || narrowAt !== narrowLength) return undefined;
  const facts = rest as Writable<PageFacts>;
  facts.headings = headings;
  facts.htmlAnchors = htmlAnchors;
  facts.links = links;
  return { facts, lineStarts, lineEnds, length };
}

/** Whether every link, heading and anchor has only the fields the columns hold. */
function fitsColumns(facts: PageFacts): boolean {
  const only = (object: object, keys: ReadonlySet<string>) => {
    for (const key in object) if (!keys.has(key)) return false;
    return true;
  };
  const rangeOk = (value: TextRange | undefined) => value === undefined || only(value, RANGE_KEYS);
  return (
    facts.links.every((link) => only(link, LINK_KEYS) && LINK_KINDS.includes(link.kind) && rangeOk(link.extendsSentence)) &&
    facts.headings.every((heading) => only(heading, HEADING_KEYS) && rangeOk(heading.range)) &&
    facts.htmlAnchors.every((anchor) => only(anchor, ANCHOR_KEYS) && rangeOk(anchor.range))
  );
}
