// Floor of this design: read every Markdown file and parse it with our own parsePage (front
// matter, the Markdown scanner, extends sentences, include calls), as a cold check does with each
// page, and keep nothing. No index, no link resolution, no diagnostics, no facts cache, no report:
// what any cold check built on this parser cannot go below, in one fresh process (the JIT
// warming up included, as a check pays it).
//
//   node floor-parse.mjs <handbook>
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { compileExtendsPatterns, decodeText, parsePage } from '../../server/src/model/page/parsePage';
import { handbookMarkdown } from '../lib/corpus';
import { fail, parsePeerArgs, report } from '../lib/peer';

const TOOL = 'floor: our parser every file';
const { folder } = parsePeerArgs('floor-parse <handbook-folder>');
const files = handbookMarkdown(folder);
if (files.length === 0) fail(TOOL, `no Markdown files under ${folder}`);
const extendsPatterns = compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns);
const includeRoot = path.join(folder, 'assets') + path.sep;
let links = 0;
for (const file of files) {
  const text = decodeText(fs.readFileSync(file));
  if (typeof text !== 'string') continue;
  // Pages have front matter; include files under assets/ are read as plain Markdown, as check reads them.
  links += parsePage(text, { extendsPatterns, frontMatter: !file.startsWith(includeRoot) }).links.length;
}
report({ tool: TOOL, problems: null, files: files.length, links });
