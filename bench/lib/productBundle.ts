// The product's page parser as it ships: one esbuild bundle, as in dist/. Timing the sources
// through tsx measures tsx instead: it compiles each file to CommonJS on its own, so every name a
// file imports from another (the scanner's character codes and tests, called per character)
// becomes a property read through a getter, which a bundle turns back into a plain variable.
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as FrontMatter from '../../server/src/model/page/frontMatter';
import type * as Scanner from '../../server/src/model/page/markdown/scanner';
import type * as ParsePage from '../../server/src/model/page/parsePage';

export type PageParser = typeof ParsePage & Pick<typeof FrontMatter, 'readFrontMatter'> & Pick<typeof Scanner, 'scanMarkdown'>;

const SOURCES = path.resolve(import.meta.dirname, '..', '..', 'server', 'src', 'model', 'page');

/** Bundles parsePage, readFrontMatter and scanMarkdown into one module and loads it. */
export function bundledPageParser(): PageParser {
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'handbook-roles-bench-')), 'pageParser.cjs');
  buildSync({
    stdin: {
      contents: ["export * from './parsePage';", "export { readFrontMatter } from './frontMatter';", "export { scanMarkdown } from './markdown/scanner';"].join('\n'),
      resolveDir: SOURCES,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile) as PageParser;
}
