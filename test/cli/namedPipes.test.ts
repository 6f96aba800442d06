// The command line on a handbook with named pipes where files belong: a page, an include file,
// the Hugo config and a symbolic link to a pipe. Opening a pipe waits for a writer, so a check
// that opened one would never exit; it must exit and name each.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli, scratchFolder, writeFiles } from './support';

describe('check on a handbook with named pipes', () => {
  it('exits and reports each pipe', { timeout: 30_000 }, async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, { 'content/_index.md': '# Home\n\n{{% include "includes/pipe.md" %}}\n', 'assets/includes/a.md': 'A\n' });
    for (const pipe of ['hugo.toml', 'content/x.md', 'assets/includes/pipe.md']) execFileSync('mkfifo', [path.join(folder, pipe)]);
    await symlink('x.md', path.join(folder, 'content/link.md'));
    const run = await runCli(['check', '--no-cache', folder]);
    assert.match(run.stderr, /hugo\.toml could not be read \(it is a named pipe, not a file\)/);
    for (const file of ['x.md', 'link.md', 'pipe.md']) assert.match(run.stdout, new RegExp(`${file.replace('.', '\\.')}.*could not be read \\(it is a named pipe, not a file\\)`), file);
  });
});
