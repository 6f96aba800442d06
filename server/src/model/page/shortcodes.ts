// Hugo shortcode calls in a page's raw text. Hugo expands shortcodes before Markdown is rendered,
// so well-formed calls count wherever they stand (even in code). Malformed `include` calls (a
// wrong delimiter, an unquoted or missing path, no closing braces) are what authors actually
// type; they are recognised as broken includes rather than ignored, except inside code, where
// they are only text.
import { lineEndAt, type TextRange } from '../base/text';

/** The two shortcode forms: `{{% … %}}` (output rendered as Markdown) and `{{< … >}}`. */
export type ShortcodeForm = '%' | '<';

export type IncludeProblem =
  | { readonly kind: 'opening-delimiter'; readonly found: string; readonly range: TextRange }
  | { readonly kind: 'closing-delimiter'; readonly found: string; readonly range: TextRange }
  | { readonly kind: 'missing-path' }
  | { readonly kind: 'unquoted-path' }
  | { readonly kind: 'unterminated' };

export interface IncludeCall {
  /** From `{{` to `}}`, or to the end of the line when the call is unterminated. */
  readonly range: TextRange;
  /** The form the author meant: the valid opening delimiter, else the one the closing implies. */
  readonly form: ShortcodeForm;
  /** The path argument without its quotes, when there is one. */
  readonly path?: string;
  /** Where `path` stands (inside the quotes). */
  readonly pathRange?: TextRange;
  readonly problems: readonly IncludeProblem[];
}

export interface UnterminatedShortcode {
  readonly name: string;
  readonly range: TextRange;
}

/** One argument of a shortcode call: positional (`"x"`) or named (`path="x"`), its value without quotes. */
export interface ShortcodeArgument {
  readonly name?: string;
  readonly value: string;
  /** Where `value` stands (inside the quotes). */
  readonly range: TextRange;
}

/** A well-formed call of any shortcode but `include` (which has IncludeCall), closing tags left out. */
export interface ShortcodeCall {
  readonly name: string;
  readonly form: ShortcodeForm;
  /** From `{{` to `}}`. */
  readonly range: TextRange;
  readonly arguments: readonly ShortcodeArgument[];
  /** Set when Hugo's shortcode lexer refuses the arguments (and so fails the build), with why. */
  readonly argumentProblem?: string;
}

/** Hugo's `ref` and `relref`, which link to a page by its content path. */
export function isRefCall(call: ShortcodeCall): boolean {
  return call.name === 'ref' || call.name === 'relref';
}

/** A `ref` call's page: its `path=` argument, else its first positional one. */
export function refPathArgument(call: ShortcodeCall): ShortcodeArgument | undefined {
  return call.arguments.find((argument) => argument.name === 'path') ?? call.arguments.find((argument) => argument.name === undefined);
}

/**
 * The path argument of a `ref` call that can lead to a page of this index: none for a call Hugo
 * refuses (see argumentProblem) or one into another language's content (`lang=`).
 */
export function refTargetArgument(call: ShortcodeCall): ShortcodeArgument | undefined {
  if (!isRefCall(call) || call.argumentProblem !== undefined || refsAnotherLanguage(call)) return undefined;
  return refPathArgument(call);
}

/** A `ref` call with `lang=`: it finds a page of another language's content. */
export function refsAnotherLanguage(call: ShortcodeCall): boolean {
  return call.arguments.some((argument) => argument.name === 'lang');
}

export interface ShortcodeScan {
  readonly includes: IncludeCall[];
  readonly unterminated: UnterminatedShortcode[];
  /** The inner text of every `{{% … %}}` call nested inside another call's inner (see separateRenders). */
  readonly separateRenders: TextRange[];
  readonly calls: ShortcodeCall[];
}

/** A well-formed call's tag, as the pairing of opening and closing tags needs it. */
interface ShortcodeTag {
  readonly name: string;
  readonly form: ShortcodeForm;
  readonly closing: boolean;
  readonly range: TextRange;
}

const INCLUDE = 'include';
const CLOSING_FOR: Record<ShortcodeForm, string> = { '%': '%', '<': '>' };
// `{{`, then an optional one-character delimiter, then an optional `/` (closing tag) and a name
// (`product/categories`: a shortcode in a subfolder of layouts/shortcodes).
const CALL_START = /\{\{([ \t]*)([^\s\w{}"'`/]?)([ \t]*)(\/\*)?[ \t]*(\/?)([\w-]+(?:\/[\w-]+)*)?/g;

export function scanShortcodes(text: string, codeRanges: readonly TextRange[]): ShortcodeScan {
  const includes: IncludeCall[] = [];
  const unterminated: UnterminatedShortcode[] = [];
  const tags: ShortcodeTag[] = [];
  const calls: ShortcodeCall[] = [];
  const inCode = (offset: number) => codeRanges.some((range) => range.start <= offset && offset < range.end);

  CALL_START.lastIndex = 0;
  for (let match = CALL_START.exec(text); match; match = CALL_START.exec(text)) {
    const [, leadingSpace, delimiter, , comment, closingSlash, name] = match;
    const start = match.index;
    if (comment) {
      // `{{</* include "x" */>}}` is Hugo's way of writing a shortcode as text.
      const end = text.indexOf('*/', start);
      CALL_START.lastIndex = end === -1 ? text.length : end + 2;
      continue;
    }
    if (!name) continue;
    const validForm = delimiter === '%' || delimiter === '<' ? delimiter : undefined;
    const isInclude = name === INCLUDE && !closingSlash;
    if (!validForm && !(isInclude && !inCode(start))) continue;

    const nameEnd = start + match[0].length;
    const close = findClosingBraces(text, nameEnd);
    if (validForm && close !== undefined) tags.push({ name, form: validForm, closing: closingSlash === '/', range: { start, end: close } });
    if (!isInclude) {
      if (close === undefined) unterminated.push({ name, range: { start, end: lineEndAt(text, start) } });
      else if (!closingSlash && validForm) calls.push({ name, form: validForm, range: { start, end: close }, ...readArguments(text, nameEnd, close - 2) });
      CALL_START.lastIndex = close ?? nameEnd;
      continue;
    }
    const delimiterRange = { start: start + 2 + leadingSpace.length, end: start + 2 + leadingSpace.length + delimiter.length };
    includes.push(readInclude(text, start, { found: delimiter, range: delimiterRange }, validForm, nameEnd, close));
    CALL_START.lastIndex = close ?? nameEnd;
  }
  return { includes, unterminated, separateRenders: separateRenders(tags), calls };
}

/**
 * Hugo renders the inner text of a `{{% … %}}` call nested in another call's inner as Markdown
 * on its own (hugolib/shortcode.go, `renderShortcode`: `sc.doMarkup && level > 0`), so its
 * headings are numbered apart from the page's. A call is paired when a closing tag of its name
 * follows; one without is self-closing and has no inner.
 */
function separateRenders(tags: readonly ShortcodeTag[]): TextRange[] {
  if (!tags.some((tag) => tag.closing)) return [];
  const open: ShortcodeTag[] = [];
  const pairs: { form: ShortcodeForm; outer: TextRange; inner: TextRange }[] = [];
  for (const tag of tags) {
    if (!tag.closing) {
      open.push(tag);
      continue;
    }
    let opener = open.length - 1;
    while (opener >= 0 && open[opener].name !== tag.name) opener--;
    if (opener === -1) continue;
    const { form, range } = open[opener];
    // The tags opened after it and never closed are self-closing.
    open.length = opener;
    pairs.push({ form, outer: { start: range.start, end: tag.range.end }, inner: { start: range.end, end: tag.range.start } });
  }
  const nested = pairs.filter(({ form, outer }) => form === '%' && pairs.some((other) => other.outer.start < outer.start && outer.end <= other.inner.end));
  return nested.map(({ inner }) => inner).sort((a, b) => a.start - b.start);
}

// An argument as Hugo's shortcode lexer reads one: `name=` optionally, then a "quoted", `raw` or
// bare value; a quote never closed is the last alternative. A closing delimiter (`%`, `>`) before
// `}}` is not an argument.
const ARGUMENT = /([\w-]+)=|"((?:[^"\\\n]|\\.)*)"|`([^`]*)`|([^\s"`=]+)|(["`])/g;

function readArguments(text: string, from: number, to: number): { arguments: ShortcodeArgument[]; argumentProblem?: string } {
  const found: ShortcodeArgument[] = [];
  let argumentProblem: string | undefined;
  const inside = text.slice(from, to).replace(/[%>][ \t]*$/, '');
  let name: string | undefined;
  ARGUMENT.lastIndex = 0;
  for (let match = ARGUMENT.exec(inside); match; match = ARGUMENT.exec(inside)) {
    if (match[1] !== undefined) {
      name = match[1];
      continue;
    }
    if (match[5] !== undefined) {
      argumentProblem = `a ${match[5]} quote is never closed`;
      break;
    }
    const value = match[2] ?? match[3] ?? match[4];
    // The lexer ends a bare value at '/' (it reads `/b` as a closing tag).
    if (match[4] !== undefined && value.includes('/')) argumentProblem ??= `the value ${value} must be quoted, as it holds a /`;
    const valueStart = from + match.index + (match[4] === undefined ? 1 : 0);
    found.push({ ...(name === undefined ? {} : { name }), value, range: { start: valueStart, end: valueStart + value.length } });
    name = undefined;
  }
  const named = found.filter((argument) => argument.name !== undefined).length;
  if (named > 0 && named < found.length) argumentProblem ??= 'it mixes named and positional arguments';
  return argumentProblem === undefined ? { arguments: found } : { arguments: found, argumentProblem };
}

function readInclude(text: string, start: number, opening: { found: string; range: TextRange }, validForm: ShortcodeForm | undefined, argumentsStart: number, close: number | undefined): IncludeCall {
  const problems: IncludeProblem[] = [];
  let argumentsEnd: number;
  let closingDelimiter: string | undefined;
  let closingRange: TextRange | undefined;
  if (close === undefined) {
    argumentsEnd = lineEndAt(text, start);
    problems.push({ kind: 'unterminated' });
  } else {
    let delimiterAt = close - 2;
    while (delimiterAt > argumentsStart && /[ \t]/.test(text[delimiterAt - 1])) delimiterAt--;
    const candidate = text[delimiterAt - 1];
    if (delimiterAt > argumentsStart && candidate && /[^\s\w"'`]/.test(candidate)) {
      closingDelimiter = candidate;
      closingRange = { start: delimiterAt - 1, end: delimiterAt };
      argumentsEnd = delimiterAt - 1;
    } else {
      closingRange = { start: close - 2, end: close - 2 };
      argumentsEnd = delimiterAt;
    }
  }

  const form: ShortcodeForm = validForm ?? (closingDelimiter === '>' ? '<' : '%');
  if (!validForm) problems.push({ kind: 'opening-delimiter', ...opening });
  if (closingRange && closingDelimiter !== CLOSING_FOR[form]) {
    problems.push({ kind: 'closing-delimiter', found: closingDelimiter ?? '', range: closingRange });
  }

  const argument = readPathArgument(text, argumentsStart, argumentsEnd);
  if (!argument) problems.push({ kind: 'missing-path' });
  else if (!argument.quoted) problems.push({ kind: 'unquoted-path' });

  const end = close ?? argumentsEnd;
  return { range: { start, end }, form, path: argument?.path, pathRange: argument?.range, problems };
}

function readPathArgument(text: string, from: number, to: number): { path: string; range: TextRange; quoted: boolean } | undefined {
  let at = from;
  while (at < to && /\s/.test(text[at])) at++;
  if (at >= to) return undefined;
  const quote = text[at];
  if (quote === '"' || quote === '`') {
    const closing = text.indexOf(quote, at + 1);
    const end = closing === -1 || closing > to ? to : closing;
    return { path: text.slice(at + 1, end), range: { start: at + 1, end }, quoted: closing !== -1 && closing <= to };
  }
  const quoted = quote === "'" ? 1 : 0;
  let end = at + quoted;
  while (end < to && !/[\s'"]/.test(text[end])) end++;
  return { path: text.slice(at + quoted, end), range: { start: at + quoted, end }, quoted: false };
}

/** Offset just past the `}}` that closes a call, if it comes before a blank line or another `{{`. */
function findClosingBraces(text: string, from: number): number | undefined {
  for (let at = from; at < text.length; at++) {
    const character = text[at];
    if (character === '}' && text[at + 1] === '}') return at + 2;
    if (character === '{' && text[at + 1] === '{') return undefined;
    if (character === '\n' && isBlankLineAt(text, at + 1)) return undefined;
  }
  return undefined;
}

function isBlankLineAt(text: string, from: number): boolean {
  let at = from;
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\r')) at++;
  return at >= text.length || text[at] === '\n';
}
