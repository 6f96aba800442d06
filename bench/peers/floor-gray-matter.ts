// Floor: read every Markdown file and parse its front matter with gray-matter (what Hugo-aware
// tools, ours included, do first with each page).
//
//   node floor-gray-matter.mjs <handbook>
import * as fs from 'node:fs';
import matter from 'gray-matter';
import { handbookMarkdown } from '../lib/corpus';
import { fail, parsePeerArgs, report } from '../lib/peer';

const TOOL = 'floor: gray-matter';
const { folder } = parsePeerArgs('floor-gray-matter <handbook-folder>');
const files = handbookMarkdown(folder);
if (files.length === 0) fail(TOOL, `no Markdown files under ${folder}`);
let withFrontMatter = 0;
let errors = 0;
for (const f of files) {
  try {
    // An options object keeps gray-matter from caching every file's text in its module cache.
    const fm = matter(fs.readFileSync(f, 'utf8'), {});
    if (fm.matter && fm.matter.trim() !== '') withFrontMatter++;
  } catch {
    errors++;
  }
}
report({ tool: TOOL, problems: null, files: files.length, withFrontMatter, frontMatterErrors: errors });
