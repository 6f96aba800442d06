// Floor: read every Markdown file and tokenize it with markdown-it, configured as VS Code configures
// it (the parse that vscode-markdown-languageservice gets its tokens from).
//
//   node floor-markdown-it.mjs <handbook>
import * as fs from 'node:fs';
import { handbookMarkdown } from '../lib/corpus';
import { fail, parsePeerArgs, report } from '../lib/peer';
import { createVsCodeMarkdownIt } from './vscodeMarkdownIt';

const TOOL = 'floor: markdown-it tokens';
const { folder } = parsePeerArgs('floor-markdown-it <handbook-folder>');
const files = handbookMarkdown(folder);
if (files.length === 0) fail(TOOL, `no Markdown files under ${folder}`);
const md = createVsCodeMarkdownIt();
let tokens = 0;
for (const f of files) tokens += md.parse(fs.readFileSync(f, 'utf8'), {}).length;
report({ tool: TOOL, problems: null, files: files.length, tokens });
