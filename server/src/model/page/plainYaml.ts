// The YAML front matter handbooks write, read without js-yaml: a mapping of plain keys to quoted
// or plain one-line values, flow lists (`[a, "b"]`), block lists (`- a` lines) and folded or
// literal text blocks (`>-`). 98% of the real corpus' front matter is only that, and gray-matter
// (js-yaml) took a fifth of the time of parsing a page. Anything else — a nested mapping, an
// escape sequence, a tab, a value whose type YAML could read as other than a string, anything
// js-yaml might refuse — is left to gray-matter, which stays the reference: a unit test and
// bench/verify-front-matter.ts hold the two to the same front matter, page by page.

/** What readFrontMatter's pickFields reads, given as js-yaml would give it; undefined: ask gray-matter. */
export type PlainYamlData = Record<string, unknown>;

/** Keys whose values pickFields reads; `build` and `_build` hold mappings, which go to gray-matter. */
const READ_KEYS = new Set(['title', 'url', 'slug', 'aliases', 'draft', 'headless']);
const LEFT_TO_JS_YAML_KEYS = new Set(['build', '_build', '__proto__']);
/** Keys YAML reads as null or a boolean: two of them may be the same key to js-yaml. */
const NOT_STRING_WORD = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const TRUE_WORD = /^(?:true|True|TRUE)$/;
/**
 * A plain value starting with one of these may be a number, a date, `~` (null), `<<` (merge) or
 * `.inf`; one starting otherwise, and not a word above, is a string to js-yaml.
 */
const MAYBE_NOT_STRING = /^[-+.~0-9<]/;
/** js-yaml refuses a stream holding these (its PATTERN_NON_PRINTABLE). */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
/** Characters that cannot start a plain value, or make it something else (js-yaml's readPlainScalar). */
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]/;
const SEQUENCE_ITEM = /^( *)- +(.*)$/;
const BLOCK_SCALAR_HEADER = /^[|>][-+]?$/;
/** After a quoted value or a flow list: nothing, or spaces and a comment. */
const LINE_END = /^(?: +(?:#.*)?)?$/;

interface Scalar {
  readonly value: string | boolean | null;
  /** js-yaml would give a string. */
  readonly isString: boolean;
}

/** The fields pickFields reads from a YAML front matter block (the lines between the fences), or undefined. */
export function readPlainYaml(block: string): PlainYamlData | undefined {
  if (block.includes('\t') || block.includes('\r') || NON_PRINTABLE.test(block)) return undefined;
  const lines = block.split('\n');
  const data: PlainYamlData = {};
  const keys = new Set<string>();
  let at = 0;
  while (at < lines.length) {
    const line = lines[at];
    if (isBlankOrComment(line)) {
      at++;
      continue;
    }
    const keyLine = KEY_LINE.exec(line);
    if (!keyLine) return undefined;
    const key = keyLine[1];
    if (keys.has(key) || NOT_STRING_WORD.test(key) || LEFT_TO_JS_YAML_KEYS.has(key)) return undefined;
    keys.add(key);
    const read = READ_KEYS.has(key);
    const written = trimSpaces(keyLine[2] ?? '');
    at++;
    let value: unknown;
    if (written === '') {
      const list = readBlockList(lines, at);
      if (!list) return undefined;
      at = list.next;
      value = list.items === undefined ? null : valuesOf(list.items, read);
    } else if (written[0] === '|' || written[0] === '>') {
      // Folded text: only pages' descriptions use it here; a read field is left to js-yaml.
      if (read || !BLOCK_SCALAR_HEADER.test(written)) return undefined;
      const next = skipTextBlock(lines, at);
      if (next === undefined) return undefined;
      at = next;
      continue;
    } else if (written[0] === '[') {
      const items = readFlowList(written);
      if (!items) return undefined;
      value = valuesOf(items, read);
    } else {
      const scalar = readScalar(written);
      if (!scalar) return undefined;
      value = valueOf(scalar, read);
    }
    if (value === undefined) return undefined;
    if (read) data[key] = key === 'draft' || key === 'headless' ? value === true : value;
  }
  // Comments only: gray-matter's own case.
  return keys.size > 0 ? data : undefined;
}

/** The value js-yaml gives, where it matters (a read field); undefined when that needs js-yaml. */
function valueOf(scalar: Scalar, read: boolean): unknown {
  if (!read || scalar.isString) return scalar.value;
  // true, false and null are all this reads as other than strings: a number or a date is js-yaml's.
  if (scalar.value === null || typeof scalar.value === 'boolean') return scalar.value;
  return undefined;
}

function valuesOf(items: readonly Scalar[], read: boolean): unknown[] | undefined {
  const values: unknown[] = [];
  for (const item of items) {
    const value = valueOf(item, read);
    if (value === undefined && read) return undefined;
    values.push(value);
  }
  return values;
}

/** One value written after `key: ` or `- `. */
function readScalar(written: string): Scalar | undefined {
  if (written[0] === '"') {
    const close = written.indexOf('"', 1);
    const content = close === -1 ? '' : written.slice(1, close);
    // Escapes (and a quote inside) are js-yaml's.
    if (close === -1 || content.includes('\\') || !LINE_END.test(written.slice(close + 1))) return undefined;
    return { value: content, isString: true };
  }
  if (written[0] === "'") {
    let close = 1;
    for (; close < written.length; close++) {
      if (written[close] !== "'") continue;
      if (written[close + 1] !== "'") break;
      close++;
    }
    if (close >= written.length || !LINE_END.test(written.slice(close + 1))) return undefined;
    return { value: written.slice(1, close).replace(/''/g, "'"), isString: true };
  }
  // A plain value: ': ' would make it a mapping, ' #' starts a comment.
  if (!PLAIN_START.test(written) || written.includes(': ') || written.includes(' #') || written.endsWith(':')) return undefined;
  if (TRUE_WORD.test(written)) return { value: true, isString: false };
  if (NOT_STRING_WORD.test(written)) return { value: /^n/i.test(written) ? null : false, isString: false };
  return { value: written, isString: !MAYBE_NOT_STRING.test(written) };
}

/** `[a, "b", 'c']` on one line; undefined for anything else (nesting, mappings, escapes). */
function readFlowList(written: string): Scalar[] | undefined {
  const items: Scalar[] = [];
  let at = 1;
  for (;;) {
    while (written[at] === ' ') at++;
    if (written[at] === ']' && items.length === 0) break;
    const quote = written[at];
    let end: number;
    if (quote === '"' || quote === "'") {
      end = written.indexOf(quote, at + 1);
      // A doubled quote or an escape: js-yaml's.
      if (end === -1 || written[end + 1] === quote || written.slice(at, end).includes('\\')) return undefined;
      items.push({ value: written.slice(at + 1, end), isString: true });
      end++;
    } else {
      end = at;
      while (end < written.length && !',[]{}#:'.includes(written[end])) end++;
      const plain = trimSpaces(written.slice(at, end));
      if (plain === '' || !PLAIN_START.test(plain) || plain.includes(':')) return undefined;
      const scalar = readScalar(plain);
      if (!scalar) return undefined;
      items.push(scalar);
    }
    at = end;
    while (written[at] === ' ') at++;
    if (written[at] === ']') break;
    if (written[at] !== ',') return undefined;
    at++;
  }
  return LINE_END.test(written.slice(at + 1)) ? items : undefined;
}

/**
 * The `- value` lines after a `key:` line, all at one indentation; `items` is undefined when none
 * follow (the value is null). Undefined when the lines hold anything else.
 */
function readBlockList(lines: readonly string[], from: number): { items?: Scalar[]; next: number } | undefined {
  let at = from;
  while (at < lines.length && isBlankOrComment(lines[at])) at++;
  const first = at < lines.length ? SEQUENCE_ITEM.exec(lines[at]) : null;
  if (!first) {
    // Nothing, or the next key: null. An indented line would be a nested mapping.
    return at >= lines.length || lines[at][0] !== ' ' ? { next: from } : undefined;
  }
  const indent = first[1].length;
  const items: Scalar[] = [];
  let next = at;
  while (at < lines.length) {
    if (isBlankOrComment(lines[at])) {
      at++;
      continue;
    }
    const item = SEQUENCE_ITEM.exec(lines[at]);
    if (!item || item[1].length !== indent) break;
    const scalar = readScalar(trimSpaces(item[2]));
    if (!scalar) return undefined;
    items.push(scalar);
    next = ++at;
  }
  return { items, next };
}

/** Past the lines of a `|` or `>` text block: empty lines and lines indented at least as its first. */
function skipTextBlock(lines: readonly string[], from: number): number | undefined {
  let indent = 0;
  let at = from;
  for (; at < lines.length; at++) {
    const line = lines[at];
    if (line === '') continue;
    if (line[0] !== ' ') break;
    const lineIndent = line.length - line.trimStart().length;
    // A line of spaces only, or one indented less than the first: js-yaml's rules decide.
    if (lineIndent === line.length || (indent > 0 && lineIndent < indent)) return undefined;
    if (indent === 0) indent = lineIndent;
  }
  return at;
}

function isBlankOrComment(line: string): boolean {
  const content = line.trimStart();
  return content === '' || content[0] === '#';
}

function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ' ') end--;
  return end === text.length ? text : text.slice(0, end);
}
