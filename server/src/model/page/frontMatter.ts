// Front matter through gray-matter (YAML `---`, TOML `+++`, JSON). Only the fields the site's
// URL rules and role titles need are kept; a block that does not parse becomes a problem with
// a line, never an exception. Front matter nested deeper than NESTING_LIMIT is not parsed at all
// (see nesting.ts): its verdict must not depend on the stack of the thread that reads it.
import matter from 'gray-matter';
import { parse as parseToml } from 'smol-toml';
import { dataDeeperThanLimit, NESTING_LIMIT, tooDeepAt, type FrontMatterLanguage } from './nesting';
import { readPlainYaml, type PlainYamlData } from './plainYaml';
import { detach } from '../base/strings';
import { lineEndAt, type TextRange } from '../base/text';

export interface FrontMatter {
  readonly title?: string;
  readonly url?: string;
  readonly slug?: string;
  readonly aliases: readonly string[];
  readonly draft?: boolean;
  /** `headless: true`: a leaf bundle Hugo keeps for its resources and does not render. */
  readonly headless?: boolean;
  /** `build.render` (or `_build.render`): `never` and `link` pages are not written out. */
  readonly render?: 'always' | 'link' | 'never';
}

export interface FrontMatterResult {
  readonly frontMatter: FrontMatter;
  /** Offset where the Markdown body starts (just after the closing fence). */
  readonly bodyStart: number;
  readonly problem?: { readonly message: string; readonly range: TextRange };
}

const FENCES: Record<string, FrontMatterLanguage> = { '---': 'YAML', '+++': 'TOML' };
/** What a parser says when it runs out of stack (RangeError) or of smol-toml's own depth budget. */
const NESTING_ERROR = /Maximum call stack size exceeded|excessively nested/;
const CLOSING_FENCES: Record<string, RegExp> = { '---': /^(?:---|\.\.\.)[ \t]*\r?$/gm, '+++': /^\+\+\+[ \t]*\r?$/gm };
// Passing options also turns off gray-matter's cache, which would keep every page text alive.
// Built once: gray-matter copies its options on every call anyway.
const ENGINES = { toml: (input: string) => parseToml(input) as object };
const MATTER_OPTIONS: Record<string, object> = {
  '---': { engines: ENGINES, language: 'yaml', delimiters: '---' },
  '+++': { engines: ENGINES, language: 'toml', delimiters: '+++' },
};

/**
 * `readYaml`: the reader tried before gray-matter on a YAML block (see plainYaml.ts); the tests
 * and bench/verify-front-matter.ts pass one that reads nothing, to compare with gray-matter alone.
 */
export function readFrontMatter(text: string, readYaml: (block: string) => PlainYamlData | undefined = readPlainYaml): FrontMatterResult {
  const empty: FrontMatter = { aliases: [] };
  // Most of the cost is gray-matter's: a page that does not open with a fence never reaches it.
  const first = text.charCodeAt(0);
  if (first !== 45 && first !== 43) return { frontMatter: empty, bodyStart: 0 };
  const opening = /^(---|\+\+\+)[ \t]*\r?\n/.exec(text);
  if (!opening) return { frontMatter: empty, bodyStart: 0 };

  const fence = opening[1];
  const closing = CLOSING_FENCES[fence];
  closing.lastIndex = opening[0].length;
  const close = closing.exec(text);
  if (!close) {
    return {
      frontMatter: empty,
      bodyStart: 0,
      problem: {
        message: `The ${FENCES[fence]} front matter opened on line 1 is never closed: add a line "${fence}" after its last field.`,
        range: { start: 0, end: fence.length },
      },
    };
  }
  const afterClose = close.index + close[0].length;
  const bodyStart = text[afterClose] === '\n' ? afterClose + 1 : afterClose;
  // gray-matter hands js-yaml the lines between the fences (and what follows `---` on the first
  // line, here nothing); a block ended by `...` is read on to that line, which is js-yaml's to read.
  const plain = opening[0] === '---\n' && close[0].startsWith('---') ? readYaml(text.slice(opening[0].length, Math.max(opening[0].length, close.index - 1))) : undefined;
  if (plain) return { frontMatter: pickFields(plain), bodyStart };
  const language = FENCES[fence];
  const blockStart = opening[0].length;
  const tooDeep = tooDeepAt(text.slice(blockStart, close.index), language);
  if (tooDeep >= 0) return { frontMatter: empty, bodyStart, problem: tooDeepProblem(text, blockStart + tooDeep, language) };
  try {
    const data = matter(text.slice(0, bodyStart), MATTER_OPTIONS[fence]).data;
    if (dataDeeperThanLimit(data)) return { frontMatter: empty, bodyStart, problem: tooDeepProblem(text, blockStart, language) };
    return { frontMatter: pickFields(data), bodyStart };
  } catch (error) {
    if (NESTING_ERROR.test(String((error as Error | undefined)?.message))) return { frontMatter: empty, bodyStart, problem: tooDeepProblem(text, blockStart, language) };
    const blockLines = text.slice(blockStart, close.index).split('\n').length - 1;
    return { frontMatter: empty, bodyStart, problem: describeError(error, text, blockStart, blockLines, language) };
  }
}

/** The problem of front matter nested deeper than NESTING_LIMIT, on the line of `offset`. */
function tooDeepProblem(text: string, offset: number, language: FrontMatterLanguage): { message: string; range: TextRange } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  return {
    message: `The ${language} front matter is nested deeper than ${NESTING_LIMIT} levels, so it is not read and this page's title, url and aliases are unknown. Flatten it.`,
    range: { start, end: newline === -1 ? text.length : newline },
  };
}

function pickFields(data: Record<string, unknown>): FrontMatter {
  const text = (value: unknown) => (typeof value === 'string' ? detach(value) : undefined);
  const aliases = Array.isArray(data.aliases) ? data.aliases.filter((alias): alias is string => typeof alias === 'string').map(detach) : [];
  return {
    title: text(data.title),
    url: text(data.url),
    slug: text(data.slug),
    aliases,
    draft: data.draft === true,
    headless: data.headless === true,
    render: renderOption(data.build ?? data._build),
  };
}

/** Hugo's build option `render`: "always", "link" or "never"; the old booleans mean always/never. */
function renderOption(build: unknown): FrontMatter['render'] {
  const render = typeof build === 'object' && build !== null ? (build as Record<string, unknown>).render : undefined;
  if (render === true || render === false) return render ? 'always' : 'never';
  return render === 'always' || render === 'link' || render === 'never' ? render : undefined;
}

function describeError(error: unknown, text: string, blockStart: number, blockLines: number, language: string): { message: string; range: TextRange } {
  const details = error as { mark?: { line?: number }; line?: number; reason?: string; message?: string };
  // gray-matter hands the parser the block with a leading line break; js-yaml counts lines from
  // 0, smol-toml from 1. An error at the end of the stream points at the block's last line.
  const reported = details.mark?.line !== undefined ? details.mark.line - 1 : details.line !== undefined ? details.line - 2 : 0;
  const lineInBlock = Math.max(0, Math.min(reported, blockLines - 1));
  let start = blockStart;
  for (let line = 0; line < lineInBlock; line++) {
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  const end = lineEndAt(text, start);
  const reason = (details.reason ?? details.message ?? String(error)).split('\n')[0];
  return {
    message: `The ${language} front matter does not parse (${reason}), so this page's title, url and aliases are unknown. Fix the ${language} on this line.`,
    range: { start, end },
  };
}
