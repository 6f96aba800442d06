// The effective role in-process: a role's own text with every include inlined and named, each
// inherited level titled and linked, broken extends, missing includes and cycles named, and big
// chains cut with a count — never a hang or an empty answer.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { effectiveRoleAt } from '../../server/src/features/effectiveRole';
import { effectiveRole } from '../../server/src/model/roles/effectiveRole';
import { wholePage } from '../../server/src/model/roles/inheritance';
import { loadFixture } from '../support/fixture';
import { memoryHandbook } from '../support/memoryHandbook';

/** Asserts that `parts` occur in `text` in this order. */
function assertInOrder(text: string, parts: readonly string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    assert.ok(at !== -1, `"${part}" after offset ${from} in:\n${text}`);
    from = at + part.length;
  }
}

const LADDER = `
  //- /content/job-families/eng/backend.md
  ---
  title: "Backend Engineer"
  ---
  ## Backend Engineer

  ### Requirements

  - Writes Ruby
  {{% include "includes/values.md" %}}

  ## Senior Backend Engineer

  ### Requirements

  - Extends that of the [Backend Engineer](#backend-engineer) requirements
  - Leads designs$0
  {{% include "includes/mentoring.md" %}}
  //- /assets/includes/values.md
  - Lives the values
  //- /assets/includes/mentoring.md
  - Mentors others
`;

describe('effective role', () => {
  it('shows the role at the cursor: its own text with includes quoted and named, then each inherited level titled and linked', async () => {
    const fixture = await loadFixture(LADDER);
    const answer = await effectiveRoleAt(fixture.index, fixture.file(), fixture.at.position);
    assert.equal(answer.title, 'Senior Backend Engineer');
    assert.equal(answer.url, '/job-families/eng/backend/#senior-backend-engineer');
    assertInOrder(answer.markdown, [
      '# Senior Backend Engineer — effective role',
      '2 levels · 2 included files',
      `## [Senior Backend Engineer](${fixture.uri('content/job-families/eng/backend.md')}#L11)`,
      '*Own text, from content/job-families/eng/backend.md, line 11',
      '- Leads designs',
      `> 📄 **Included from** [\`includes/mentoring.md\`](${fixture.uri('assets/includes/mentoring.md')})`,
      '> - Mentors others',
      `## [↳ Inherited from Backend Engineer](${fixture.uri('content/job-families/eng/backend.md')}#L4)`,
      '*Level 1, from content/job-families/eng/backend.md, line 4',
      '- Writes Ruby',
      '> 📄 **Included from** [`includes/values.md`]',
      '> - Lives the values',
    ]);
  });

  it('names broken extends, missing includes and pages whose front matter does not parse', async () => {
    const fixture = await loadFixture(`
      //- /content/job-families/eng/staff.md
      ---
      title: [unclosed
      ---
      - Extends that of the [Gone](/job-families/eng/gone/) requirements$0
      - Extends that of the [Senior](/job-families/eng/senior/#nope) requirements
      {{% include "includes/missing.md" %}}
      //- /content/job-families/eng/senior.md
      ---
      title: "Senior"
      ---
      Text.
    `);
    const { markdown } = await effectiveRoleAt(fixture.index, fixture.file(), fixture.at.position);
    assert.match(markdown, /> ⚠ \[Broken extends in .*: "Gone" \(\/job-families\/eng\/gone\/\) — no page has this URL/);
    assert.match(markdown, /> ⚠ \[Broken extends in .*: "Senior" \(\/job-families\/eng\/senior\/#nope\) — Senior has no anchor #nope/);
    assert.match(markdown, /> ⚠ Include "includes\/missing\.md" not found/);
    assert.match(markdown, /> ⚠ The front matter of content\/job-families\/eng\/staff\.md does not parse/);
  });

  it('names a cycle and a role that extends itself, and shows each section once', async () => {
    const fixture = await loadFixture(`
      //- /content/job-families/eng/a.md
      ---
      title: "Role A"
      ---
      - Extends that of the [Role B](/job-families/eng/b/) requirements$0
      //- /content/job-families/eng/b.md
      ---
      title: "Role B"
      ---
      - Extends that of the [Role A](/job-families/eng/a/) requirements
      - Extends that of the [Role B](/job-families/eng/b/) requirements
    `);
    const { markdown } = await effectiveRoleAt(fixture.index, fixture.file(), fixture.at.position);
    assert.match(markdown, /> ⚠ Extends cycle: Role A → Role B → Role A/);
    assert.match(markdown, /> ⚠ Extends cycle: Role B → Role B/);
    assert.equal(markdown.match(/Inherited from Role B/g)?.length, 1);
  });

  it('cuts a chain of 21 levels with 100 includes at its limits and counts what it cut', async () => {
    const files: Record<string, string> = {};
    for (let level = 0; level <= 20; level++) {
      const includes = Array.from({ length: 5 }, (_, at) => `{{% include "includes/l${level}-${at}.md" %}}`).join('\n');
      const below = level < 20 ? `- Extends that of the [Level ${level + 1}](/job-families/eng/l${level + 1}/) requirements\n` : '';
      files[`content/job-families/eng/l${level}.md`] = `---\ntitle: "Level ${level}"\n---\n${below}${includes}\n`;
      for (let at = 0; at < 5; at++) files[`assets/includes/l${level}-${at}.md`] = Array.from({ length: 40 }, (_, line) => `- Level ${level} include ${at} line ${line}`).join('\n');
    }
    const handbook = await memoryHandbook(files);
    const page = handbook.file('content/job-families/eng/l0.md');
    const role = await effectiveRole(handbook.index, wholePage(page), { maxLevels: 16, maxIncludes: 60, maxLines: 2000 });
    assert.equal(role.levels.length, 16);
    // 16 levels reached of 21, 60 of their 80 includes shown, 2000 of their more than 60 × 40 lines.
    assert.deepEqual({ ...role.cut, lines: role.cut.lines > 400 }, { levels: 5, includes: 20, lines: true });
    const { markdown } = await effectiveRoleAt(handbook.index, page, { line: 3, character: 0 });
    assert.match(markdown, /Cut to stay readable: 5 more levels \(over 16\), 20 more included files \(over 60\), \d+ more lines \(over 2000\)\./);
    assert.match(markdown, /Include "includes\/l15-4\.md" not shown \(more than 60 included files\)/);
    assert.ok(markdown.split('\n').length < 2000 + 16 * 20 + 20 * 2, 'the answer stays within its line budget and its notes');
  });

  it('says so in an include file, which belongs to no role', async () => {
    const fixture = await loadFixture(LADDER);
    const answer = await effectiveRoleAt(fixture.index, fixture.file('assets/includes/values.md'), { line: 0, character: 0 });
    assert.equal(answer.title, 'No role here');
    assert.match(answer.markdown, /assets\/includes\/values\.md is an include file/);
    assert.equal(answer.url, undefined);
  });
});
