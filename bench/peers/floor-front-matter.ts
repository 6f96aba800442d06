// Floor: read every Markdown file and read its front matter with our own reader (the fast path
// for plain YAML, gray-matter for the rest), as `check` does first with each page: decoding
// included, the Markdown body left alone. What a cold check cannot go below; the target
// is a cold check within 2× of it.
//
//   node floor-front-matter.mjs <handbook>
import * as fs from 'node:fs';
import { readFrontMatter } from '../../server/src/model/page/frontMatter';
import { decodeText } from '../../server/src/model/page/parsePage';
import { handbookMarkdown } from '../lib/corpus';
import { fail, parsePeerArgs, report } from '../lib/peer';

const TOOL = 'floor: our front matter every file';
const { folder } = parsePeerArgs('floor-front-matter <handbook-folder>');
const files = handbookMarkdown(folder);
if (files.length === 0) fail(TOOL, `no Markdown files under ${folder}`);
let withFrontMatter = 0;
let problems = 0;
for (const file of files) {
  const text = decodeText(fs.readFileSync(file));
  if (typeof text !== 'string') continue;
  const result = readFrontMatter(text);
  if (result.problem) problems++;
  else if (result.bodyStart > 0) withFrontMatter++;
}
report({ tool: TOOL, problems: null, files: files.length, withFrontMatter, frontMatterProblems: problems });
