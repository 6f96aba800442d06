// Floor: read every Markdown file and parse it to mdast with remark-parse (micromark), the parser
// under remark-cli and remark-validate-links. Trees are dropped after each file, as a checker
// that keeps only facts would.
//
//   node floor-remark-parse.mjs <handbook>
import * as fs from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { handbookMarkdown } from '../lib/corpus';
import { fail, parsePeerArgs, report } from '../lib/peer';

const TOOL = 'floor: remark-parse mdast';
const { folder } = parsePeerArgs('floor-remark-parse <handbook-folder>');
const files = handbookMarkdown(folder);
if (files.length === 0) fail(TOOL, `no Markdown files under ${folder}`);
const processor = unified().use(remarkParse);
let topLevelNodes = 0;
for (const f of files) topLevelNodes += processor.parse(fs.readFileSync(f, 'utf8')).children.length;
report({ tool: TOOL, problems: null, files: files.length, topLevelNodes });
