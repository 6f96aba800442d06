// The unified diffs dry runs print: `git apply` must take them as they are and make the files the
// command would have written.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { unifiedDiff } from '../../server/src/cli/diffOutput';
import { scratchFolder, writeFiles } from './support';

describe('unified diffs of dry runs', () => {
  it('are what git apply turns the old files into the new ones with, created and deleted files included', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, { 'content/a.md': 'one\ntwo\nthree\n', 'content/gone.md': 'old\n' });
    const diff = unifiedDiff([
      { file: 'content/a.md', before: 'one\ntwo\nthree\n', after: 'one\n2\nthree\n' },
      { file: 'content/same.md', before: 'x\n', after: 'x\n' },
      { file: 'content/new.md', before: undefined, after: 'new\n' },
      { file: 'content/gone.md', before: 'old\n', after: undefined },
    ]);
    assert.equal(diff.split('\n').slice(0, 8).join('\n'), ['--- a/content/a.md', '+++ b/content/a.md', '@@ -1,3 +1,3 @@', ' one', '-two', '+2', ' three', '--- /dev/null'].join('\n'));
    assert.ok(!diff.includes('same.md'), 'an unchanged file is left out');
    execFileSync('git', ['apply', '--unsafe-paths', '-'], { cwd: folder, input: diff });
    assert.equal(await fs.readFile(path.join(folder, 'content/a.md'), 'utf8'), 'one\n2\nthree\n');
    assert.equal(await fs.readFile(path.join(folder, 'content/new.md'), 'utf8'), 'new\n');
    await assert.rejects(fs.stat(path.join(folder, 'content/gone.md')));
  });

  it('are empty when nothing changes', () => {
    assert.equal(unifiedDiff([{ file: 'a.md', before: 'x', after: 'x' }]), '');
  });
});
