// An alias added to a page's front matter, the redirect a moved page leaves behind (Hugo writes a
// page at each alias that sends the reader on). Only the list of aliases changes: every other
// byte of the front matter stays as it was, in YAML (`aliases:` block or `[…]` flow list) and in
// TOML (`aliases = […]`). A missing key is added in the form the handbook writes it. Whatever the
// edit, the result is read back with the front matter reader and must give the same fields with
// one more alias; front matter this cannot be done to is left alone, and the reason said.
import { readFrontMatter, type FrontMatter } from '../page/frontMatter';
import type { OffsetEdit } from './offsetEdits';

export type AliasEdit = { readonly kind: 'edit'; readonly edit: OffsetEdit } | { readonly kind: 'not-added'; readonly reason: string };

const YAML_KEY = /^aliases[ \t]*:[ \t]*(.*)$/;
const TOML_KEY = /^aliases[ \t]*=[ \t]*(.*)$/;
const YAML_ITEM = /^([ \t]*)-[ \t]+(.*)$/;
/** What YAML and TOML read as this plain string without quotes, in a flow list or a block item. */
const PLAIN_SAFE = /^\/[A-Za-z0-9/._~%+@-]*$/;

/** The edit that adds `alias` to the aliases of the page whose whole text is `text`. */
export function addAlias(text: string, alias: string): AliasEdit {
  const block = frontMatterBlock(text);
  if (!block) return { kind: 'not-added', reason: 'the page has no YAML or TOML front matter' };
  const before = readFrontMatter(text);
  if (before.problem) return { kind: 'not-added', reason: 'its front matter does not parse' };
  const edit = block.language === 'YAML' ? yamlEdit(text, block, alias) : tomlEdit(text, block, alias);
  if (typeof edit === 'string') return { kind: 'not-added', reason: edit };
  const after = readFrontMatter(text.slice(0, edit.start) + edit.newText + text.slice(edit.end));
  if (after.problem || !sameFieldsPlusAlias(before.frontMatter, after.frontMatter, alias)) return { kind: 'not-added', reason: 'its aliases are written in a form this edit does not change safely' };
  return { kind: 'edit', edit };
}

interface Block {
  readonly language: 'YAML' | 'TOML';
  /** The lines between the fences, each with its start offset and its text without the line ending. */
  readonly lines: readonly { readonly start: number; readonly text: string }[];
  /** Where the closing fence's line starts. */
  readonly closingStart: number;
  readonly lineEnding: string;
}

function frontMatterBlock(text: string): Block | undefined {
  const opening = /^(---|\+\+\+)[ \t]*(\r?\n)/.exec(text);
  if (!opening) return undefined;
  const fence = opening[1];
  const lines: { start: number; text: string }[] = [];
  for (let start = opening[0].length; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.trimEnd() === fence || (fence === '---' && line.trimEnd() === '...')) return { language: fence === '---' ? 'YAML' : 'TOML', lines, closingStart: start, lineEnding: opening[2] };
    lines.push({ start, text: line });
    start = end + 1;
  }
  return undefined;
}

function yamlEdit(text: string, block: Block, alias: string): OffsetEdit | string {
  const keyAt = block.lines.findIndex((line) => YAML_KEY.test(line.text));
  if (keyAt === -1) return insertLines(block, [`aliases:`, `  - ${quotedLike('', alias)}`]);
  const key = block.lines[keyAt];
  const value = withoutComment(YAML_KEY.exec(key.text)![1]);
  if (value.startsWith('[')) return intoBracketList(text, key.start + key.text.indexOf('['), alias);
  if (value !== '') return 'its aliases are not a list';
  // A block list: its items are the lines after the key that start with "-" (indented or not).
  let last = keyAt;
  for (let at = keyAt + 1; at < block.lines.length; at++) {
    const line = block.lines[at].text;
    if (YAML_ITEM.test(line)) last = at;
    else if (line.trim() !== '' && !line.trimStart().startsWith('#')) break;
  }
  if (last === keyAt) return insertAfter(block, keyAt, `  - ${quotedLike('', alias)}`);
  const item = YAML_ITEM.exec(block.lines[last].text)!;
  return insertAfter(block, last, `${item[1]}- ${quotedLike(item[2], alias)}`);
}

function tomlEdit(text: string, block: Block, alias: string): OffsetEdit | string {
  // Keys after the first table header belong to that table: only those before it are the page's.
  const tableAt = block.lines.findIndex((line) => /^[ \t]*\[/.test(line.text));
  const topLevel = tableAt === -1 ? block.lines : block.lines.slice(0, tableAt);
  const key = topLevel.find((line) => TOML_KEY.test(line.text));
  if (!key) {
    const line = `aliases = [${quotedLike('"', alias, 'always')}]`;
    return tableAt === -1 ? insertLines(block, [line]) : insertBefore(block, tableAt, line);
  }
  if (!withoutComment(TOML_KEY.exec(key.text)![1]).startsWith('[')) return 'its aliases are not a list';
  return intoBracketList(text, key.start + key.text.indexOf('['), alias);
}

/** `alias` added before the `]` that closes the list opened at `open`, after a ", " unless the list is empty or ends in a comma. */
function intoBracketList(text: string, open: number, alias: string): OffsetEdit | string {
  const close = closingBracket(text, open);
  if (close === undefined) return 'its list of aliases is not closed';
  const inside = text.slice(open + 1, close);
  const firstItem = /^\s*(["']?)/.exec(inside)![1];
  const trimmed = inside.trimEnd();
  const newItem = quotedLike(firstItem, alias);
  const separator = trimmed.trim() === '' || trimmed.endsWith(',') ? '' : ', ';
  // Inserted right after the last item (or the comma that ends it), so a multi-line list keeps its closing line.
  const at = open + 1 + trimmed.length;
  return { start: at, end: at, newText: `${separator}${trimmed.endsWith(',') ? ' ' : ''}${newItem}` };
}

/** The `]` closing the `[` at `open`, skipping quoted strings and comments; undefined past the front matter. */
function closingBracket(text: string, open: number): number | undefined {
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    const character = text[at];
    if (character === '"' || character === "'") {
      const end = text.indexOf(character, at + 1);
      if (end === -1) return undefined;
      at = end;
    } else if (character === '#') {
      const newline = text.indexOf('\n', at);
      if (newline === -1) return undefined;
      at = newline;
    } else if (character === '[') depth++;
    else if (character === ']' && --depth === 0) return at;
    else if (text.startsWith('\n---', at) || text.startsWith('\n+++', at)) return undefined;
  }
  return undefined;
}

/** The alias quoted as `example` is (a first character `"` or `'`), or plain where that reads the same. */
function quotedLike(example: string, alias: string, plain: 'allowed' | 'always' = 'allowed'): string {
  const quote = example.startsWith("'") ? "'" : example.startsWith('"') ? '"' : '';
  if (quote === "'" && !alias.includes("'")) return `'${alias}'`;
  if (quote === '' && plain === 'allowed' && PLAIN_SAFE.test(alias)) return alias;
  return JSON.stringify(alias);
}

function withoutComment(value: string): string {
  return value.replace(/(^|[ \t])#.*$/, '').trim();
}

function insertLines(block: Block, lines: readonly string[]): OffsetEdit {
  return { start: block.closingStart, end: block.closingStart, newText: lines.map((line) => line + block.lineEnding).join('') };
}

function insertAfter(block: Block, lineAt: number, line: string): OffsetEdit {
  const next = block.lines[lineAt + 1]?.start ?? block.closingStart;
  return { start: next, end: next, newText: line + block.lineEnding };
}

function insertBefore(block: Block, lineAt: number, line: string): OffsetEdit {
  const start = block.lines[lineAt].start;
  return { start, end: start, newText: line + block.lineEnding };
}

function sameFieldsPlusAlias(before: FrontMatter, after: FrontMatter, alias: string): boolean {
  return JSON.stringify({ ...before, aliases: [...before.aliases, alias] }) === JSON.stringify(after);
}
