// Holds the front matter fast path (server/src/model/plainYaml.ts) to gray-matter over whole
// handbooks: every Markdown file is read both ways by readFrontMatter — with the fast path, and
// with gray-matter alone (the reference) — and the results (fields, body start, problem) must be
// deeply equal. Prints each file that differs, then how many blocks the fast path read itself.
//
//   npx tsx bench/verify-front-matter.ts [folder ...]   (default: ../shared/corpus/handbook-ja
//                                                        when present, and the repository's handbooks)
//
// Exit code 1 when any file differs, so it can guard a change to the fast path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readFrontMatter } from '../server/src/model/page/frontMatter';
import { decodeText } from '../server/src/model/page/parsePage';
import { readPlainYaml } from '../server/src/model/page/plainYaml';
import { parseBenchArgs } from './lib/args';
import { isMarkdown, listFiles } from './lib/corpus';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'handbook-ja');
const REPOSITORY_HANDBOOKS = ['examples', 'test'].map((folder) => path.join(ROOT, folder));

function main(): void {
  const { positionals } = parseBenchArgs(import.meta.url, {});
  const folders = positionals.length > 0 ? positionals.map((folder) => path.resolve(folder)) : [...(fs.existsSync(DEFAULT_CORPUS) ? [DEFAULT_CORPUS] : []), ...REPOSITORY_HANDBOOKS];
  let files = 0;
  let withYaml = 0;
  let fast = 0;
  let mismatches = 0;
  for (const folder of folders) {
    for (const file of listFiles(folder, isMarkdown)) {
      const text = decodeText(fs.readFileSync(file));
      if (typeof text !== 'string') continue;
      files++;
      let readFast = false;
      const withFastPath = readFrontMatter(text, (block) => {
        withYaml++;
        const data = readPlainYaml(block);
        readFast = data !== undefined;
        return data;
      });
      if (readFast) fast++;
      const reference = readFrontMatter(text, () => undefined);
      if (isDeepStrictEqual(withFastPath, reference)) continue;
      mismatches++;
      console.log(`${file}: differs from gray-matter\n  fast path   ${JSON.stringify(withFastPath)}\n  gray-matter ${JSON.stringify(reference)}`);
    }
  }
  console.log(`${files} files, ${withYaml} with a YAML block, ${fast} read by the fast path, ${mismatches} differ from gray-matter.`);
  process.exitCode = mismatches > 0 ? 1 : 0;
}

main();
