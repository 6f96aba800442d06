// bench/results/latest.md: the section the project README takes, put together from the last
// results of each benchmark (compare.md, lsp.md, scaling.md), whichever exist.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESULTS } from './tools';

const PARTS = ['compare.md', 'lsp.md', 'scaling.md'];

export function writeLatest(): void {
  const parts = PARTS.map((f) => path.join(RESULTS, f)).filter((f) => fs.existsSync(f));
  const text = [
    '## Benchmarks',
    '',
    'Measured by `bench/` (method and options: [bench/README.md](bench/README.md)). Reproduce with `npm run bench` (our check against the peers, then the language server) and `npm run bench -- --scale` (generated handbooks up to 50k pages). Times drift 20–30 % on a shared machine: compare within a table, where tools ran side by side.',
    '',
    ...parts.map((f) => fs.readFileSync(f, 'utf8').trimEnd() + '\n'),
  ].join('\n');
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), text);
}
