// The rules a SARIF log describes (the catalog, server/src/features/diagnostics/codes.ts) are
// codes the check really reports: a scratch handbook with one defect of every kind makes it report
// every code of the catalog, and each result names its rule by index. (A result's level and its
// rule's are both the catalog's severity, so they cannot disagree.)
import { strict as assert } from 'node:assert';
import { symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { runCli, scratchFolder, writeFiles } from './support';

const FIVE_AND_A_HALF_MB = 5.5 * 1024 * 1024;

/** One defect of every kind the check knows, each in its own file. */
const EVERY_DEFECT: Record<string, string | Uint8Array> = {
  'content/_index.md': '# Home\n\n- [Team](/team/#people)\n- [Gone](/gone/)\n- [No such heading](/team/#nobody)\n- [Old team page](/old-team/)\n',
  'content/team.md': '---\ntitle: Team\naliases: [/old-team/]\n---\n\n## People\n\nWrite to [the team](team@example.com), or [here]().\n',
  'content/binary.md': Uint8Array.from([0x23, 0x20, 0x00, 0xff, 0x00, 0x01]),
  'content/huge.md': `# Huge\n\n${'A line of text that repeats.\n'.repeat(Math.ceil(FIVE_AND_A_HALF_MB / 29))}`,
  'content/broken-front-matter.md': '---\ntitle: Engineering Fellow: Development\n---\n\nText.\n',
  'content/refs.md': '# Refs\n\n[gone]({{< ref "gone.md" >}}) [nobody]({{< relref "/team.md#nobody" >}})\n',
  'content/unclosed.md': '# Unclosed\n\n{{< figure src="a.png"\n\nMore text.\n',
  'content/includes.md': [
    '# Includes',
    '',
    '{{$ include "includes/a.md" %}}',
    '',
    '{{% include "includes/missing.md" %}}',
    '',
    '{{% include "../secret.md" %}}',
    '',
    '{{% include "includes/a.md" %}}',
    '',
  ].join('\n'),
  'assets/includes/a.md': '## A\n\n{{% include "includes/b.md" %}}\n',
  'assets/includes/b.md': '## B\n\n{{% include "includes/a.md" %}}\n',
  'assets/includes/outer.md': '## Outer\n\n{{% include "includes/inner.md" %}}\n',
  'assets/includes/inner.md': 'Inner text.\n',
  'content/job-families/staff.md': '---\ntitle: Staff\n---\n\n## Requirements\n\nExtends that of the [Senior](/job-families/gone/#requirements) requirements.\n',
  'content/job-families/senior.md': '---\ntitle: Senior\n---\n\n## Requirements\n\nExtends that of the [Staff](/job-families/staff/#no-such-section) requirements.\n',
  'content/job-families/one.md': '---\ntitle: One\n---\n\n## Requirements\n\nExtends that of the [Two](/job-families/two/#requirements) requirements.\n',
  'content/job-families/two.md': '---\ntitle: Two\n---\n\n## Requirements\n\nExtends that of the [One](/job-families/one/#requirements) requirements.\n',
  'content/job-families/self.md': '---\ntitle: Self\n---\n\n## Self Engineer\n\nExtends that of the [Self Engineer](#self-engineer) requirements.\n',
  'content/suppressed.md': '# Suppressed\n\n<!-- handbook-roles-disable-next-line link-missing-page -->\n[Fine](/team/)\n\n<!-- handbook-roles-disable-line no-such-rule -->\n',
};

describe('SARIF rules', () => {
  it('every code is reported by some defect, and each result names its rule', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, EVERY_DEFECT);
    // file-unreadable: a symbolic link to itself.
    await symlink('loop.md', path.join(folder, 'content/loop.md'));
    const run = await runCli(['check', folder, '--format', 'sarif']);
    assert.equal(run.code, 1, run.stderr);
    const [sarifRun] = (JSON.parse(run.stdout) as Sarif.Log).runs;
    const rules = sarifRun.tool.driver.rules!;
    const reported = new Set(sarifRun.results!.map((result) => result.ruleId));
    assert.deepEqual(
      rules.map((rule) => rule.id).filter((id) => !reported.has(id)),
      [],
      'the scratch handbook should make the check report every code',
    );
    for (const result of sarifRun.results!) {
      const rule = rules[result.ruleIndex!];
      assert.equal(rule.id, result.ruleId);
    }
  });
});
