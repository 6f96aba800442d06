// How long a quick-fix request takes now that every fix is tried before it is offered (the page
// checked again in memory, features/fixes.ts): the code actions of each diagnostic, one at a
// time, in the first files with problems of a handbook, as the editor asks for them.
//
//   node --import tsx bench/quick-fixes.ts [folder] [--files N]
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { provideCodeActions } from '../server/src/features/codeActions';
import { computeDiagnostics } from '../server/src/features/diagnostics/diagnostics';
import { HandbookIndex } from '../server/src/model/index/handbookIndex';
import { DEFAULT_SETTINGS } from '../server/src/model/base/settings';
import { NodeWorkspace } from '../server/src/model/base/workspace';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { files: { type: 'string', default: '300' } } });
  const folder = path.resolve(positionals[0] ?? '../shared/corpus/handbook-ja');
  const index = new HandbookIndex(new NodeWorkspace([folder]), DEFAULT_SETTINGS);
  await index.build();
  const times: number[] = [];
  let files = 0;
  for (const file of index.allFiles()) {
    const diagnostics = computeDiagnostics(index, file);
    if (diagnostics.length === 0) continue;
    if (files === Number(values.files)) break;
    files++;
    const text = (await index.textOf(file.path)) ?? '';
    for (const diagnostic of diagnostics) {
      const start = process.hrtime.bigint();
      provideCodeActions(index, file, [diagnostic], { uri: 'file:///bench', text, canCreateFiles: true });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(times.length * share))].toFixed(1);
  console.log(`${times.length} requests in ${files} files: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
}

void main();
