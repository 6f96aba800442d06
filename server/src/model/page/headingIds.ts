// Heading IDs as Hugo's default Markdown renderer makes them (Goldmark, with Hugo's
// autoHeadingIDType "github"), from the heading's source as written — not from its rendered
// text: Goldmark hands the ID generator the raw last line of the heading, so a link's URL, inline
// HTML tags and entity names are part of the ID (`## Read the [values](/v/) first` →
// `read-the-valuesv-first`). Generation: trim, keep letters, decimal digits and '_' lower-cased
// rune by rune, turn ' ' and '-' into '-', drop the rest; an empty result becomes "heading"; a
// repeated ID gets "-1", "-2", … . An attribute block (`{#id}`, `{id="id"}`) at the end of the
// last line sets the ID as written and reserves it.
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { emojify, mayHaveEmojiCode } from './emoji';
import { goToLower, goTrimSpace } from '../base/goText';
import type { HeadingFact } from './facts';
import type { TextRange } from '../base/text';

const NOT_KEPT = /[^\p{L}\p{Nd}_ -]/gu;

/** Hugo's "github" sanitizer: the ID made of a heading's raw text, before "heading" and suffixes. */
export function slugifyHeading(raw: string): string {
  // Go's unicode.IsLetter and IsDigit are the L categories and Nd: one native pass drops the rest.
  return goToLower(goTrimSpace(raw).replace(NOT_KEPT, '')).replace(/ /g, '-');
}

/** Hands out the IDs of one rendered page in document order, the way Hugo deduplicates them. */
export class HeadingIdFactory {
  private readonly taken = new Set<string>();
  /**
   * Per base, the suffix to try first: every lower one was taken when it was tried, and IDs are
   * never given back, so a page of n repeats costs n look-ups, not n²/2.
   */
  private readonly nextSuffix = new Map<string, number>();

  /** `emoji`: the site's `enableEmoji`, which replaces `:emoji_codes:` before IDs are made. */
  constructor(private readonly options: { readonly emoji?: boolean } = {}) {}

  /**
   * The ID of a parsed heading: as `idOf(heading.source)`, without parsing the source again where
   * its facts already tell (an index makes the IDs of every linked page, 31k on the real corpus).
   */
  idOfHeading({ source, explicitId, autoId }: HeadingFact): string {
    // Emoji codes are replaced before the attributes are read.
    if (this.options.emoji && mayHaveEmojiCode(source)) return this.idOf(source);
    // describeHeading read them from the same source, as idOf does.
    if (explicitId !== undefined) return this.reserve(explicitId);
    return autoId !== undefined ? this.number(autoId) : this.idOf(source);
  }

  /** The ID of a heading written as `source` (see HeadingFact.source). */
  idOf(source: string): string {
    const { lines, explicitId } = parseHeadingSource(this.options.emoji ? emojify(source) : source);
    return explicitId !== undefined ? this.reserve(explicitId) : this.generate(lines[lines.length - 1]);
  }

  /** An explicit ID: used as written, and later generated IDs avoid it. */
  reserve(id: string): string {
    this.taken.add(id);
    return id;
  }

  /** A generated ID from the heading's raw last line. */
  generate(raw: string): string {
    return this.number(autoIdOf(raw));
  }

  /** `base` itself, or with the first "-1", "-2", … not taken yet. */
  private number(base: string): string {
    let id = base;
    let suffix = this.nextSuffix.get(base) ?? 1;
    while (this.taken.has(id)) id = `${base}-${suffix++}`;
    this.nextSuffix.set(base, suffix);
    this.taken.add(id);
    return id;
  }
}

/** The ID generated from a heading's raw last line, before a repeat is numbered. */
function autoIdOf(raw: string): string {
  return slugifyHeading(raw) || 'heading';
}

/**
 * What a heading's source says to people and to links: its plain text (Markdown syntax taken
 * out, for titles and completion details) and its explicit ID, else the ID made of it. One
 * function, so every parser of a page derives the same facts from the same source.
 */
export function describeHeading(source: string): { text: string; explicitId?: string; autoId?: string } {
  const { lines, explicitId } = parseHeadingSource(source);
  const text = plainText(lines.join(' '));
  // Both keys are always there: every heading has the same shape. Most headings' text reads as
  // their source does, and the index keeps every heading: one string for both, not two equal ones.
  return { text: text === source ? source : text, explicitId, autoId: explicitId === undefined ? autoIdOf(lines[lines.length - 1]) : undefined };
}

/**
 * A heading's content lines as Goldmark keeps them (the attribute block cut off the last one)
 * and the ID its attributes set. Setext headings may span lines; only the last one carries
 * attributes and makes the ID.
 */
function parseHeadingSource(source: string): { lines: string[]; explicitId?: string } {
  // Without a '{' there are no attributes, and most headings are one line.
  if (!source.includes('{') && !source.includes('\n')) return { lines: [source] };
  // Continuation lines of a heading inside a block quote still carry its `>` markers.
  const lines = source.split('\n').map((line, at) => (at === 0 ? line : line.replace(/^(?:[ \t]*>)+/, '')));
  const last = splitLastLine(lines[lines.length - 1], lines.length === 1);
  lines[lines.length - 1] = last.content;
  // A non-string ID (`{id=1}`) makes Hugo 0.111 fail the build; the model generates one instead.
  return { lines, explicitId: typeof last.id === 'string' ? last.id : undefined };
}

/**
 * Where a one-line heading's source writes what: its content (before any attribute block) and,
 * with an explicit ID, the ID itself — offsets into `source`, for an edit that renames the one or
 * the other. Undefined for a heading of several lines (setext), whose lines an edit of one name
 * cannot stand for.
 */
export function headingSourceParts(source: string): { content: TextRange; id?: TextRange } | undefined {
  if (source.includes('\n')) return undefined;
  const { content, id, idRange } = splitLastLine(source, true);
  return { content: { start: 0, end: content.trimEnd().length }, id: typeof id === 'string' ? idRange : undefined };
}

/** A heading's last line without its attribute block, the ID the block sets and where that ID is written. `onlyLine`: the heading has no other. */
function splitLastLine(line: string, onlyLine: boolean): { content: string; id?: unknown; idRange?: TextRange } {
  let content = line;
  if (onlyLine) {
    // `## Title ## {#id}`: attributes after an ATX closing sequence (Goldmark's special case).
    const closed = attributesAfterClosingSequence(line);
    if (closed) {
      content = closed.content;
      const id = closed.attributes.get('id');
      if (id !== undefined) return { content, id, idRange: closed.idRange };
    }
  }
  const trailing = trailingAttributes(content);
  if (!trailing) return { content };
  return { content: content.slice(0, trailing.start), id: trailing.attributes.get('id'), idRange: trailing.idRange };
}

type Attributes = Map<string, unknown>;

/** Goldmark's ATX special case: the last ` #…#` run of the line followed by an attribute block and nothing else. */
function attributesAfterClosingSequence(line: string): { content: string; attributes: Attributes; idRange?: TextRange } | undefined {
  const padded = ` ${line}`;
  let open = -1;
  let close = -1;
  for (let at = 0; at < padded.length;) {
    if (isEscapedPunctuation(padded, at)) at += 2;
    else if (isSpace(padded[at]) && padded[at + 1] === '#') {
      open = at + 1;
      close = open;
      while (padded[close] === '#') close++;
      at = close;
    } else at++;
  }
  if (close === -1) return undefined;
  const parsed = parseAttributes(padded, close);
  if (!parsed || !isBlank(padded.slice(parsed.end))) return undefined;
  const idRange = parsed.idRange && { start: parsed.idRange.start - 1, end: parsed.idRange.end - 1 };
  return { content: padded.slice(1, open), attributes: parsed.attributes, idRange };
}

/**
 * Goldmark's parseLastLineAttributes: the attribute block starting at the line's last `{` (one
 * right after a backslash does not count), if it parses and only spaces follow it.
 */
function trailingAttributes(line: string): { start: number; attributes: Attributes; idRange?: TextRange } | undefined {
  let found: { start: number; attributes: Attributes; end: number; idRange?: TextRange } | undefined;
  for (let at = 0; at < line.length; at++) {
    if (line[at] === '\\') {
      if (line[at + 1] === '{') at++;
      continue;
    }
    if (line[at] !== '{') continue;
    const parsed = parseAttributes(line, at);
    found = parsed && { start: at, ...parsed };
  }
  return found && isBlank(line.slice(found.end)) ? found : undefined;
}

/**
 * The ID an attribute block standing alone on a line sets (Hugo's block attributes,
 * `markup.goldmark.parser.attribute.block`), with where it is written in the line, or undefined
 * when the line is no attribute block or sets no ID.
 */
export function blockAttributeId(line: string): { id: string; range: TextRange } | undefined {
  const parsed = parseAttributes(line, 0);
  if (!parsed || !isBlank(line.slice(parsed.end))) return undefined;
  const id = parsed.attributes.get('id');
  return typeof id === 'string' && id !== '' && parsed.idRange ? { id, range: parsed.idRange } : undefined;
}

// Goldmark's attribute syntax: `{#id .class key="value" key=1 key=true key=[…]}`, separated by
// spaces or commas. Its `util.IsSpace` and `util.IsPunct` are ASCII-only.
const isSpace = (character: string | undefined) => character !== undefined && ' \t\n\v\f\r'.includes(character);
const isPunctuation = (character: string | undefined) => character !== undefined && /^[!-/:-@[-`{-~]$/.test(character);
const isEscapedPunctuation = (text: string, at: number) => text[at] === '\\' && isPunctuation(text[at + 1]);
const isBlank = (text: string) => /^[ \t\n\v\f\r]*$/.test(text);

function skipSpaces(text: string, at: number): number {
  while (isSpace(text[at])) at++;
  return at;
}

/** `idRange`: where the value of the block's last `id` is written (inside the quotes of `id="…"`). */
function parseAttributes(text: string, from: number): { attributes: Attributes; end: number; idRange?: TextRange } | undefined {
  let at = skipSpaces(text, from);
  if (text[at] !== '{') return undefined;
  at++;
  const attributes: Attributes = new Map();
  let idRange: TextRange | undefined;
  for (;;) {
    if (text[at] === '}') return { attributes, end: at + 1, idRange };
    const attribute = parseAttribute(text, at);
    if (!attribute) return undefined;
    attributes.set(attribute.name, attribute.value);
    if (attribute.name === 'id') idRange = attribute.written;
    at = skipSpaces(text, attribute.end);
    if (text[at] === ',') at = skipSpaces(text, at + 1);
  }
}

type Parsed<T> = { value: T; end: number } | undefined;

function parseAttribute(text: string, from: number): { name: string; value: unknown; end: number; written: TextRange } | undefined {
  let at = skipSpaces(text, from);
  const sigil = text[at];
  if (sigil === '#' || sigil === '.') {
    // `#id` and `.class` run to a space or to ASCII punctuation other than `_-:.`.
    let end = at + 1;
    while (end < text.length && !isSpace(text[end]) && (!isPunctuation(text[end]) || '_-:.'.includes(text[end]))) end++;
    return { name: sigil === '#' ? 'id' : 'class', value: text.slice(at + 1, end), end, written: { start: at + 1, end } };
  }
  const name = /^[A-Za-z_:][\w:.-]*/.exec(text.slice(at))?.[0];
  if (!name) return undefined;
  at = skipSpaces(text, at + name.length);
  if (text[at] !== '=') return undefined;
  const valueStart = skipSpaces(text, at + 1);
  const value = parseValue(text, valueStart);
  if (!value || (name === 'class' && typeof value.value !== 'string')) return undefined;
  const quoted = text[valueStart] === '"';
  return { name, ...value, written: quoted ? { start: valueStart + 1, end: value.end - 1 } : { start: valueStart, end: value.end } };
}

function parseValue(text: string, at: number): Parsed<unknown> {
  const character = text[at];
  if (character === '"') return parseString(text, at + 1);
  if (character === '[') return parseArray(text, at + 1);
  const number = /^[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?/.exec(text.slice(at));
  if (number) return { value: Number(number[0]), end: at + number[0].length };
  const word = /^[A-Za-z_:][\w:.-]*/.exec(text.slice(at))?.[0];
  const constants: Record<string, unknown> = { true: true, false: false, null: null };
  // Objects (`{…}`) are left out: nobody writes them in a heading.
  return word !== undefined && word in constants ? { value: constants[word], end: at + word.length } : undefined;
}

/** A double-quoted string with JSON-like escapes; single quotes are not quotes to Goldmark. */
function parseString(text: string, from: number): Parsed<string> {
  const escapes: Record<string, string> = { '"': '"', '/': '/', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  let value = '';
  for (let at = from; at < text.length; at++) {
    const character = text[at];
    if (character === '"') return { value, end: at + 1 };
    if (character === '\\' && at + 1 < text.length) {
      const escaped = escapes[text[at + 1]];
      value += escaped ?? '\\';
      if (escaped !== undefined) at++;
      continue;
    }
    value += character;
  }
  return undefined;
}

function parseArray(text: string, from: number): Parsed<unknown[]> {
  const values: unknown[] = [];
  let at = skipSpaces(text, from);
  for (;;) {
    if (text[at] === ']') return { value: values, end: at + 1 };
    const item = parseValue(text, at);
    if (!item) return undefined;
    values.push(item.value);
    at = skipSpaces(text, item.end);
    if (text[at] === ',') at = skipSpaces(text, at + 1);
  }
}

// Inline Markdown → plain text, for people: link and image text stays, destinations go; code spans
// keep their content; HTML tags go; entities and escapes are decoded; emphasis markers go.
const AUTOLINK = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>/;
const HTML = /^(?:<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->)/;
const ENTITY = /^&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

function plainText(source: string): string {
  if (!/[\\`<&[!*_~]/.test(source)) return source.replace(/\s+/g, ' ').trim();
  const delimiters = (source.match(/[*_~]/g) ?? []).length;
  let text = '';
  for (let at = 0; at < source.length;) {
    const character = source[at];
    const rest = source.slice(at);
    if (isEscapedPunctuation(source, at)) {
      text += source[at + 1];
      at += 2;
    } else if (character === '`') {
      const fence = /^`+/.exec(rest)![0];
      const close = findCodeClose(source, at + fence.length, fence.length);
      if (close === -1) {
        text += fence;
        at += fence.length;
      } else {
        text += source.slice(at + fence.length, close).replace(/^ (.*) $/s, '$1');
        at = close + fence.length;
      }
    } else if (character === '<' && (AUTOLINK.test(rest) || HTML.test(rest))) {
      const autolink = AUTOLINK.exec(rest);
      if (autolink) text += autolink[1];
      at += (autolink ?? HTML.exec(rest)!)[0].length;
    } else if (character === '&' && ENTITY.test(rest)) {
      const entity = ENTITY.exec(rest)!;
      text += decodeEntity(entity[1]) ?? entity[0];
      at += entity[0].length;
    } else if (character === '[' || (character === '!' && source[at + 1] === '[')) {
      const open = character === '!' ? at + 1 : at;
      const link = readLink(source, open);
      if (link) {
        text += plainText(source.slice(open + 1, link.textEnd));
        at = link.end;
      } else {
        text += source.slice(at, open + 1);
        at = open + 1;
      }
    } else if ('*_~'.includes(character) && delimiters > 1) {
      const run = new RegExp(`^\\${character}+`).exec(rest)![0];
      const before = source[at - 1];
      const after = source[at + run.length];
      const flanking = (before !== undefined && !/\s/.test(before)) || (after !== undefined && !/\s/.test(after));
      const intraword = character === '_' && /[\p{L}\p{N}]/u.test(before ?? '') && /[\p{L}\p{N}]/u.test(after ?? '');
      if (!flanking || intraword) text += run;
      at += run.length;
    } else {
      text += character;
      at++;
    }
  }
  return text.replace(/\s+/g, ' ').trim();
}

function findCodeClose(source: string, from: number, length: number): number {
  const fence = new RegExp(`(?<!\`)\`{${length}}(?!\`)`, 'g');
  fence.lastIndex = from;
  return fence.exec(source)?.index ?? -1;
}

/** `[text](destination)`, `[text][label]`, `[text][]` or `[label]`: where the text ends and the link ends. */
function readLink(source: string, open: number): { textEnd: number; end: number } | undefined {
  let depth = 0;
  let textEnd = -1;
  for (let at = open; at < source.length; at++) {
    if (isEscapedPunctuation(source, at)) at++;
    else if (source[at] === '[') depth++;
    else if (source[at] === ']' && --depth === 0) {
      textEnd = at;
      break;
    }
  }
  if (textEnd === -1) return undefined;
  const after = source[textEnd + 1];
  if (after === '(') {
    const close = matchingParenthesis(source, textEnd + 1);
    return close === -1 ? undefined : { textEnd, end: close + 1 };
  }
  if (after === '[') {
    const close = source.indexOf(']', textEnd + 2);
    return close === -1 ? undefined : { textEnd, end: close + 1 };
  }
  return { textEnd, end: textEnd + 1 };
}

function matchingParenthesis(source: string, open: number): number {
  let depth = 0;
  for (let at = open; at < source.length; at++) {
    if (isEscapedPunctuation(source, at)) at++;
    else if (source[at] === '(') depth++;
    else if (source[at] === ')' && --depth === 0) return at;
  }
  return -1;
}

function decodeEntity(name: string): string | undefined {
  if (name[0] !== '#') return decodeNamedCharacterReference(name) || undefined;
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  // As CommonMark: NUL, surrogates and values beyond Unicode become U+FFFD.
  return String.fromCodePoint(code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? 0xfffd : code);
}
