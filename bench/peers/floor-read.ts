// Floor: read every Markdown file of the handbook (UTF-8 decode included). No checking at all:
// the least any checker that looks at every page must pay.
//
//   node floor-read.mjs <handbook>
import * as fs from 'node:fs';
import { handbookMarkdown } from '../lib/corpus';
import { fail, parsePeerArgs, report } from '../lib/peer';

const TOOL = 'floor: read every file';
const { folder } = parsePeerArgs('floor-read <handbook-folder>');
const files = handbookMarkdown(folder);
if (files.length === 0) fail(TOOL, `no Markdown files under ${folder}`);
let chars = 0;
for (const f of files) chars += fs.readFileSync(f, 'utf8').length;
report({ tool: TOOL, problems: null, files: files.length, chars });
