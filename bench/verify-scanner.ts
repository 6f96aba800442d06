// Holds the product's Markdown scanner to remark over a whole handbook: every Markdown file under
// content/ and assets/ is read both ways (server/src/model/page/markdown/scanner.ts through
// parsePage, and remark through test/support/remarkFacts.ts) and the page facts must be deeply
// equal, bare URLs aside (remark reads CommonMark, which has no Linkify: see withoutBareUrls).
// Prints each page that differs with the first differing fields, then a count.
//
//   npx tsx bench/verify-scanner.ts [folder]      (default: ../shared/corpus/handbook-ja when present)
//
// Exit code 1 when any page differs, so it can guard a change to the scanner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compileExtendsPatterns, decodeText, parsePage, type ParseOptions } from '../server/src/model/page/parsePage';
import { DEFAULT_SETTINGS } from '../server/src/model/base/settings';
import { remarkFacts, withoutBareUrls } from '../test/support/remarkFacts';
import { oneFolder, parseBenchArgs } from './lib/args';
import { handbookMarkdown } from './lib/corpus';

const DEFAULT_CORPUS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'handbook-ja');

function main(): void {
  const folder = oneFolder(parseBenchArgs(import.meta.url, {}).positionals) ?? path.resolve(fs.existsSync(DEFAULT_CORPUS) ? DEFAULT_CORPUS : 'examples/handbook');
  const files = handbookMarkdown(folder);
  const extendsPatterns = compileExtendsPatterns(DEFAULT_SETTINGS.extendsPatterns);
  let mismatches = 0;
  let skipped = 0;
  for (const file of files) {
    const text = decodeText(fs.readFileSync(file));
    if (typeof text !== 'string') {
      skipped++;
      continue;
    }
    // Include files (under assets/) are read without front matter, as the index reads them.
    const options: ParseOptions = { extendsPatterns, frontMatter: !path.relative(folder, file).startsWith('assets') };
    // Bare URLs are goldmark's, not CommonMark's: test/hugo/ holds them to Hugo (see withoutBareUrls).
    const scanned = withoutBareUrls(parsePage(text, options));
    const reference = remarkFacts(text, options);
    if (isDeepStrictEqual(scanned, reference)) continue;
    mismatches++;
    console.log(`${path.relative(folder, file)}: differs from remark`);
    for (const field of Object.keys(reference) as (keyof typeof reference)[]) {
      if (isDeepStrictEqual(scanned[field], reference[field])) continue;
      console.log(`  ${field}:\n    scanner ${describe(scanned[field])}\n    remark  ${describe(reference[field])}`);
    }
  }
  console.log(`${files.length} files, ${mismatches} differ from remark${skipped ? `, ${skipped} not text (skipped)` : ''}`);
  process.exitCode = mismatches === 0 ? 0 : 1;
}

/** The first differing element of a list, or the value, shortened for a terminal. */
function describe(value: unknown): string {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > 600 ? `${json.slice(0, 600)}…` : json;
}

main();
