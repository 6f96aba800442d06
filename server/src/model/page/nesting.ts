// How deeply front matter nests, told before a recursive parser sees it. js-yaml and smol-toml
// descend once per level: a page nested a few thousand levels deep overflowed the stack, at a
// depth that depends on the thread (about 2,600 in a parse worker, 8,000 in the server's main
// thread), so the command line and the server gave the same page different verdicts. A limit far
// below any stack, and far above any real front matter, makes the verdict the page's own.

/** The deepest nesting of mappings, lists and tables front matter may have (README, front-matter-invalid). */
export const NESTING_LIMIT = 100;

export type FrontMatterLanguage = 'YAML' | 'TOML';

/**
 * The offset in `block` where its nesting first goes deeper than NESTING_LIMIT, or -1. Counts
 * YAML's indentation levels and `- ` entries, and in both languages the brackets and braces of
 * flow collections outside strings and comments. A quote inside a plain YAML value may hide
 * brackets from it: the parsed data is measured too (see `dataDeeperThanLimit`).
 */
export function tooDeepAt(block: string, language: FrontMatterLanguage): number {
  const yaml = language === 'YAML';
  const blocks: BlockLine[] = [];
  let blockDepth = 0;
  let flowDepth = 0;
  let quote = '';
  let lineStart = true;
  for (let at = 0; at < block.length; at++) {
    if (lineStart && yaml && flowDepth === 0 && quote === '') {
      blockDepth = blockLevels(block, at, blocks);
      if (blockDepth > NESTING_LIMIT) return at;
    }
    const character = block[at];
    lineStart = character === '\n';
    if (quote !== '') {
      // Skip what a string escapes: YAML doubles a single quote; double quotes take a backslash.
      if ((character === '\\' && quote[0] === '"') || (yaml && quote === "'" && block.startsWith("''", at))) at++;
      else if (block.startsWith(quote, at)) [at, quote] = [at + quote.length - 1, ''];
    } else if (character === '#' && (at === 0 || /\s/.test(block[at - 1]))) {
      const newline = block.indexOf('\n', at);
      if (newline < 0) return -1;
      at = newline - 1;
    } else if ((character === '"' || character === "'") && startsValue(block, at)) {
      quote = !yaml && block.startsWith(character.repeat(3), at) ? character.repeat(3) : character;
      at += quote.length - 1;
    } else if (character === '[' || character === '{') {
      if (++flowDepth + blockDepth > NESTING_LIMIT) return at;
    } else if ((character === ']' || character === '}') && flowDepth > 0) {
      flowDepth--;
    }
  }
  return -1;
}

/** A YAML line that opens block collections: its indentation, and how many it opens. */
interface BlockLine {
  readonly indent: number;
  readonly levels: number;
}

/**
 * The block levels of the YAML line at `at`: those of the less indented lines above it, its `- `
 * entries (a sequence each) and its key (a mapping); a line that is only a value (a flow
 * collection, a line of a text block) opens none.
 */
function blockLevels(block: string, at: number, blocks: BlockLine[]): number {
  let column = at;
  while (block[column] === ' ') column++;
  if (block[column] === '\n' || block[column] === '#' || column === block.length) return depthOf(blocks);
  const indent = column - at;
  while (blocks.length > 0 && blocks[blocks.length - 1].indent >= indent) blocks.pop();
  let levels = 0;
  while (block[column] === '-' && (block[column + 1] === ' ' || block[column + 1] === '\n')) {
    levels++;
    column++;
    while (block[column] === ' ') column++;
  }
  const end = block.indexOf('\n', column);
  if (MAPPING_KEY.test(block.slice(column, end < 0 ? block.length : end))) levels++;
  if (levels > 0) blocks.push({ indent, levels });
  return depthOf(blocks);
}

/** A block mapping's `key:` (a flow collection or a quoted value starts otherwise). */
const MAPPING_KEY = /^[^[{"'#][^#]*?:(?: |$)|^["'][^]*?["'] *:(?: |$)/;

function depthOf(blocks: readonly BlockLine[]): number {
  let depth = 0;
  for (const line of blocks) depth += line.levels;
  return depth;
}

/** A quote here opens a string: it comes first in its value, not inside a plain one (`Don't`). */
function startsValue(block: string, at: number): boolean {
  const before = at === 0 ? '\n' : block[at - 1];
  return /[\s[{,:=]/.test(before);
}

/** The parsed front matter nests deeper than NESTING_LIMIT (what `tooDeepAt` may have been misled about). */
export function dataDeeperThanLimit(data: unknown): boolean {
  const seen = new Set<object>();
  // Levels as `tooDeepAt` counts them: the front matter's own mapping is the first.
  const pending: [unknown, number][] = [[data, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    if (depth > NESTING_LIMIT) return true;
    seen.add(value);
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}
