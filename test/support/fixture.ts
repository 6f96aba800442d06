// Fixtures for the feature tests: a whole small handbook written inline in one string, after
// rust-analyzer's fixture format. The features then run in-process on the real HandbookIndex over
// a MemoryWorkspace, so a test reads as "these pages, this cursor, this answer".
//
// Format
//   //- /content/job-families/eng/senior.md     a file starts; the path is relative to the site
//                                               folder (Hugo's default layout: content/, assets/,
//                                               an optional hugo.toml). Everything up to the next
//                                               header is its text, which ends with one newline.
//   $0                                          the cursor (at most one in the whole fixture).
//   $[ … $]                                     a marked range, for expectations: diagnostics,
//                                               hover and edit ranges. Ranges are numbered in the
//                                               order they open (`ranges[0]` is the first `$[`)
//                                               and may nest or lie in different files.
// The markers are removed from the text; offsets and positions refer to the text without them.
// `$` followed by `0`, `[` or `]` is neither Markdown nor shortcode syntax (Go template variables
// live in layouts, not in content pages; the seeds' typo `{{$ include` is followed by a space), so
// there is no escape. Each file is dedented by the indentation of its own header line, so a fixture can sit
// indented in a test and a shared fixture constant can be interpolated at another indentation;
// blank lines at the end of each file are dropped.
//
// Example
//   const f = await loadFixture(`
//     //- /content/job-families/eng/senior.md
//     ---
//     title: "Senior Engineer"
//     ---
//     - Extends that of the [Staff](/job-families/eng/$[stuff/#requirements$]) requirements$0
//   `);
//   f.at       → { path: 'content/job-families/eng/senior.md', offset: …, position: { line: 3, character: … } }
//   f.ranges[0].text → 'stuff/#requirements'     (f.at throws when there is no $0; f.cursor is optional)
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Position, Range } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { IndexedFile } from '../../server/src/model/index/indexedFile';
import { memoryHandbook, SITE, type MemoryHandbook } from './memoryHandbook';

const FILE_HEADER = /^([ \t]*)\/\/- (\S+)\s*$/;
const MARKER = /\$0|\$\[|\$\]/g;

export interface FixtureCursor {
  /** The file the cursor is in, relative to the site folder (`content/a.md`). */
  readonly path: string;
  readonly offset: number;
  readonly position: Position;
}

export interface MarkedRange {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly range: Range;
  /** The text between the markers. */
  readonly text: string;
}

export interface ParsedFixture {
  /** Each file's text without markers, by path relative to the site folder, in fixture order. */
  readonly files: Readonly<Record<string, string>>;
  readonly cursor?: FixtureCursor;
  readonly ranges: readonly MarkedRange[];
}

/** Parses a fixture string (see the header of this file); throws on a malformed fixture. */
export function parseFixture(source: string): ParsedFixture {
  const lines = source.split('\n');
  const files: Record<string, string> = {};
  const ranges: MarkedRange[] = [];
  let cursor: FixtureCursor | undefined;

  const sections: { path: string; indent: number; lines: string[] }[] = [];
  for (const line of lines) {
    const header = FILE_HEADER.exec(line);
    if (header) {
      if (!header[2].startsWith('/')) throw new Error(`fixture file path must start with "/": ${line}`);
      sections.push({ path: header[2].slice(1), indent: header[1].length, lines: [] });
    } else if (sections.length > 0) {
      const section = sections[sections.length - 1];
      section.lines.push(line.slice(Math.min(section.indent, leadingWhitespace(line))));
    } else if (line.trim() !== '') {
      throw new Error(`fixture text before the first "//- /path" header: ${JSON.stringify(line)}`);
    }
  }
  if (sections.length === 0) throw new Error('a fixture needs at least one "//- /path" header');

  for (const section of sections) {
    if (section.path in files) throw new Error(`fixture file ${section.path} is written twice`);
    while (section.lines.length > 0 && section.lines[section.lines.length - 1].trim() === '') section.lines.pop();
    const marked = `${section.lines.join('\n')}\n`;

    let text = '';
    let from = 0;
    const open: number[] = [];
    const spans: { start: number; end: number; order: number }[] = [];
    let opened = 0;
    for (const match of marked.matchAll(MARKER)) {
      text += marked.slice(from, match.index);
      from = match.index + match[0].length;
      if (match[0] === '$0') {
        if (cursor) throw new Error(`a fixture has one cursor $0; a second is in ${section.path}`);
        cursor = { path: section.path, offset: text.length, position: positionIn(text, text.length) };
      } else if (match[0] === '$[') {
        open.push(text.length, ranges.length + opened++);
      } else {
        if (open.length === 0) throw new Error(`"$]" without "$[" in ${section.path}`);
        const order = open.pop()!;
        const start = open.pop()!;
        spans.push({ start, end: text.length, order });
      }
    }
    if (open.length > 0) throw new Error(`"$[" without "$]" in ${section.path}`);
    text += marked.slice(from);
    files[section.path] = text;
    for (const span of spans.sort((a, b) => a.order - b.order)) {
      ranges.push({
        path: section.path,
        start: span.start,
        end: span.end,
        range: { start: positionIn(text, span.start), end: positionIn(text, span.end) },
        text: text.slice(span.start, span.end),
      });
    }
  }
  return { files, cursor, ranges };
}

/** The LSP position of an offset: lines end at "\n", "\r\n" or "\r", characters are UTF-16 code units like JS strings. */
export function positionIn(text: string, offset: number): Position {
  const lines = text.slice(0, offset).split(LINE_ENDING);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

const LINE_ENDING = /\r\n|\r|\n/;

function leadingWhitespace(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}

export interface Fixture extends ParsedFixture {
  readonly handbook: MemoryHandbook;
  readonly index: HandbookIndex;
  /** The cursor; throws if the fixture has none. */
  readonly at: FixtureCursor;
  /** The indexed file at a fixture path (`content/a.md`); the cursor's file without one. */
  file(relativePath?: string): IndexedFile;
  /** The file URI the features use for a fixture path; the cursor's file without one. */
  uri(relativePath?: string): string;
  /** A fixture path for a URI the features answered with. */
  pathOf(uri: string): string;
  /** The text of line `line` (0-based) of a fixture file, the cursor's file without one. */
  lineText(line: number, relativePath?: string): string;
}

/** Parses a fixture and indexes its files with the real HandbookIndex, in memory. */
export async function loadFixture(source: string, settings: Record<string, unknown> = {}): Promise<Fixture> {
  const parsed = parseFixture(source);
  const handbook = await memoryHandbook({ ...parsed.files }, settings);
  const cursorPath = (relativePath: string | undefined) => {
    if (relativePath !== undefined) return relativePath;
    if (!parsed.cursor) throw new Error('the fixture has no $0 cursor, so name the file');
    return parsed.cursor.path;
  };
  return {
    ...parsed,
    handbook,
    index: handbook.index,
    get at() {
      if (!parsed.cursor) throw new Error('the fixture has no $0 cursor');
      return parsed.cursor;
    },
    file: (relativePath) => handbook.file(cursorPath(relativePath)),
    uri: (relativePath) => URI.file(path.join(SITE, cursorPath(relativePath))).toString(),
    pathOf: (uri) => path.relative(SITE, URI.parse(uri).fsPath).split(path.sep).join('/'),
    lineText(line, relativePath) {
      const text = parsed.files[cursorPath(relativePath)];
      if (text === undefined) throw new Error(`no fixture file ${relativePath}`);
      return text.split(LINE_ENDING)[line] ?? '';
    },
  };
}
