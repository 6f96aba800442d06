// The link problems the diagnostics publisher keeps between checks (LinkProblemsMemo): after each
// edit of a page that others link to — an anchor broken and mended, the title an alias message
// names, a data shortcode, a heading of an include it includes — every file's diagnostics with
// the memo are those computed from scratch, and the edit's effect on the linking pages shows.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { computeDiagnostics, LinkProblemsMemo } from '../../server/src/features/diagnostics/diagnostics';
import { memoryHandbook, SITE, type MemoryHandbook } from '../support/memoryHandbook';

const VALUES = 'content/handbook/values.md';
const INCLUDE = 'assets/includes/shared.md';

const FILES: Record<string, string> = {
  [VALUES]: '---\naliases: [/old-values/]\n---\n# Values\n\n## Collaboration {#collab}\n\n## Results\n\n{{% include "includes/shared.md" %}}\n',
  [INCLUDE]: '## Shared heading\n\nText.\n',
  'content/handbook/team.md':
    '# Team\n\nOur [collaboration](/handbook/values/#collab), [results](/handbook/values/#results), [a lost one](/handbook/values/#iteration), [the shared part](/handbook/values/#shared-heading) and [a broken page](/nowhere/).\n\n- Extends that of the [values](/handbook/values/#results) results.\n',
  'content/handbook/old.md': '# Old\n\nThe [old values](/old-values/#collab) and [this page](#old).\n',
  'content/handbook/unrelated.md': '# Unrelated\n\n[Broken](/gone/) and [fine](/handbook/team/).\n',
  'content/jobs/a.md': '# A\n\n## Requirements\n\n- Extends that of the [B](/jobs/b/#requirements) requirements.\n',
  'content/jobs/b.md': '# B\n\n## Requirements\n\n- Extends that of the [C](/jobs/c/#requirements) requirements.\n',
  'content/jobs/c.md': '# C\n\n## Requirements\n\n- Leads.\n',
};

/** Every file's diagnostics with the memo, after checking that they are those computed without it. */
function checkedAlike(handbook: MemoryHandbook, memo: LinkProblemsMemo): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const file of handbook.index.allFiles()) {
    const kept = computeDiagnostics(handbook.index, file, memo);
    assert.deepEqual(kept, computeDiagnostics(handbook.index, file), `${file.sitePath}: the memo's diagnostics are those computed from scratch`);
    byFile.set(path.relative(SITE, file.path), kept);
  }
  return byFile;
}

function messages(byFile: Map<string, Diagnostic[]>, file: string): string[] {
  return (byFile.get(file) ?? []).map((diagnostic) => `${String(diagnostic.code)}: ${diagnostic.message}`);
}

describe('the link problems kept between checks', () => {
  it('follow every edit of a linked page and of what it includes, and keep the problems the edit does not touch', async () => {
    const handbook = await memoryHandbook(FILES);
    const memo = new LinkProblemsMemo();
    let text = FILES[VALUES];
    const edit = (from: string, to: string) => {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
      handbook.index.setOpenText(path.join(SITE, VALUES), text);
      return checkedAlike(handbook, memo);
    };

    const first = checkedAlike(handbook, memo);
    const lost = 'link-missing-anchor: Broken anchor: /handbook/values/ has no heading or anchor #iteration.';
    const broken = 'link-missing-page: Broken link: no page at /nowhere/.';
    assert.deepEqual(messages(first, 'content/handbook/team.md'), [lost, broken]);
    assert.deepEqual(messages(first, 'content/handbook/old.md'), ['link-via-alias: This link reaches "Values" through an old alias; its URL is now /handbook/values/.']);
    const unrelated = first.get('content/handbook/unrelated.md');

    const renamed = edit('{#collab}', '{#bench-collab}');
    assert.deepEqual(messages(renamed, 'content/handbook/team.md'), ['link-missing-anchor: Broken anchor: /handbook/values/ has no heading or anchor #collab.', lost, broken]);
    assert.deepEqual(messages(renamed, 'content/handbook/old.md'), ['link-missing-anchor: Broken anchor: /handbook/values/ has no heading or anchor #collab.']);
    assert.strictEqual(renamed.get('content/handbook/unrelated.md')?.[0], unrelated?.[0], 'a problem of a page the edit does not concern is the one found before');
    assert.strictEqual(renamed.get('content/handbook/team.md')?.at(-1), first.get('content/handbook/team.md')?.at(-1), 'and so is one of a linking page that leads elsewhere');

    const mended = edit('{#bench-collab}', '{#collab}');
    assert.deepEqual(messages(mended, 'content/handbook/team.md'), [lost, broken]);

    // The include's heading renamed in the editor: the anchor it gave the values page goes.
    handbook.index.setOpenText(path.join(SITE, INCLUDE), '## Another heading\n\nText.\n');
    const includeEdited = checkedAlike(handbook, memo);
    assert.ok(
      messages(includeEdited, 'content/handbook/team.md').includes('link-missing-anchor: Broken anchor: /handbook/values/ has no heading or anchor #shared-heading.'),
      messages(includeEdited, 'content/handbook/team.md').join('\n'),
    );

    const retitled = edit('# Values\n', '# Our values\n');
    assert.deepEqual(messages(retitled, 'content/handbook/old.md'), ['link-via-alias: This link reaches "Our values" through an old alias; its URL is now /handbook/values/.']);

    const sectionGone = edit('## Results\n', '## Outcomes\n');
    assert.deepEqual(messages(sectionGone, 'content/handbook/team.md'), [
      'link-missing-anchor: Broken anchor: /handbook/values/ has no heading or anchor #results.',
      lost,
      'link-missing-anchor: Broken anchor: /handbook/values/ has no heading or anchor #shared-heading.',
      broken,
      'extends-missing-section: Broken extends: /handbook/values/ has no section #results, so nothing is inherited from "values".',
    ]);

    const dataWritten = edit('## Outcomes\n', '## Results\n\n{{< kpi >}}\n');
    assert.deepEqual(messages(dataWritten, 'content/handbook/team.md'), [
      'link-missing-anchor: Possibly broken anchor: /handbook/values/ has no heading or anchor #iteration in its text, but part of its anchors come from the shortcode "kpi", which writes them from data (handbookRoles.dataShortcodes). Check the built page.',
      'link-missing-anchor: Possibly broken anchor: /handbook/values/ has no heading or anchor #shared-heading in its text, but part of its anchors come from the shortcode "kpi", which writes them from data (handbookRoles.dataShortcodes). Check the built page.',
      broken,
    ]);

    // An extends cycle closed two roles away: A's extends sentence leads to B, which did not change, and is in the cycle now.
    handbook.index.setOpenText(path.join(SITE, 'content/jobs/c.md'), '# C\n\n## Requirements\n\n- Extends that of the [A](/jobs/a/#requirements) requirements.\n');
    assert.deepEqual(
      checkedAlike(handbook, memo)
        .get('content/jobs/a.md')
        ?.map(({ code }) => code),
      ['extends-cycle'],
    );

    // The linking page itself edited: all of its links are checked again.
    handbook.index.setOpenText(path.join(SITE, 'content/handbook/team.md'), '# Team\n\nOnly [results](/handbook/values/#results).\n');
    assert.deepEqual(messages(checkedAlike(handbook, memo), 'content/handbook/team.md'), []);
  });
});
