// `{{< ref >}}` and `{{< relref >}}` in-process: each is looked up as Hugo 0.111's page finder
// looks (every verdict below was first checked with the real hugo on the same files), and the
// ones Hugo turns into href="" are reported.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { provideCompletions } from '../../server/src/features/completion';
import { provideDefinition, provideDocumentLinks } from '../../server/src/features/navigation';
import { dependentsOf } from '../../server/src/model/index/references';
import { loadFixture } from '../support/fixture';

const SITE = `
  //- /content/b/target.md
  ## Heading One
  //- /content/a/leaf/index.md
  ## Leaf H
  //- /content/a/_index.md
  section
  //- /content/a/sib.md
  sibling
`;

/** The diagnostics of a page whose lines are `call`s, one per line: each line's codes, in order. */
async function verdicts(calls: readonly string[], extraFiles = ''): Promise<string[]> {
  const fixture = await loadFixture(`${SITE}${extraFiles}\n  //- /content/a/page.md\n${calls.map((call) => `  [r](${call})`).join('\n')}\n`);
  const diagnostics = computeDiagnostics(fixture.index, fixture.file('content/a/page.md'));
  return calls.map(
    (_, line) =>
      diagnostics
        .filter((diagnostic) => diagnostic.range.start.line === line)
        .map((diagnostic) => String(diagnostic.code))
        .join(',') || 'ok',
  );
}

describe('ref and relref shortcodes', () => {
  it('find pages relative to the page, from the content root, with or without extension, and by a unique bare name', async () => {
    const calls = [
      '{{< ref "sib" >}}',
      '{{< ref "sib.md" >}}',
      '{{< ref "target" >}}',
      '{{< ref "/b/target" >}}',
      '{{< ref "b/target.md#heading-one" >}}',
      '{{< ref "leaf" >}}',
      '{{< ref "leaf/index.md" >}}',
      '{{< ref "/a" >}}',
      '{{< ref "/a/_index.md" >}}',
      '{{< relref "#local" >}}',
      '{{< ref path="/b/target.md" >}}',
      '{{% ref "../b/target" %}}',
      '{{< ref "B/Target" >}}',
      '{{< relref "sib" >}}',
      '{{< ref "/a/leaf" >}}',
      '{{< ref "leaf/" >}}',
      '{{< ref "./sib" >}}',
      '{{< ref "/" >}}',
      '{{<ref "page">}}',
    ];
    assert.deepEqual(await verdicts(calls), [...calls.slice(0, 9).map(() => 'ok'), 'ref-missing-anchor', ...calls.slice(10).map(() => 'ok')]);
  });

  it('report what Hugo writes as href="": no such page, an absolute path ending in /, a name two pages share, no path', async () => {
    const calls = ['{{< ref "nothing" >}}', '{{< ref "index" >}}', '{{< ref "/a/leaf/" >}}', '{{< ref "/b/target/" >}}', '{{< ref "target" >}}', '{{< ref "" >}}', '{{< ref "b/target#nope" >}}'];
    const sharedName = '\n  //- /content/c/target.md\n  another target\n';
    assert.deepEqual(await verdicts(calls, sharedName), ['ref-missing-page', 'ref-missing-page', 'ref-missing-page', 'ref-missing-page', 'ref-missing-page', 'ref-missing-page', 'ref-missing-anchor']);
  });

  it('gives bad input a clear verdict: no argument, a language, odd quoting, a language prefix', async () => {
    const calls = [
      '{{< ref >}}',
      '{{< ref "/b/target" lang="en" >}}',
      '{{< ref `/b/target` >}}',
      '{{< ref /b/target >}}',
      '{{< ref "/ja/b/target" >}}',
      '{{< ref "sib >}}',
      '{{< ref path="/b/target" lang="ja" >}}',
      '{{< ref sib >}}',
    ];
    assert.deepEqual(await verdicts(calls), ['ref-missing-page', 'ref-missing-page', 'ok', 'ref-missing-page', 'ref-missing-page', 'ref-missing-page', 'ok', 'ok']);
  });

  it('leaves calls in include files alone: include does not expand shortcodes', async () => {
    const fixture = await loadFixture(`${SITE}\n  //- /assets/includes/part.md\n  [r]({{< ref "nothing" >}})\n`);
    assert.deepEqual(computeDiagnostics(fixture.index, fixture.file('assets/includes/part.md')), []);
  });

  it('names the problem in the message', async () => {
    const fixture = await loadFixture(`${SITE}\n  //- /content/a/page.md\n  [r]({{< relref "nothing#x" >}})\n`);
    const [diagnostic] = computeDiagnostics(fixture.index, fixture.file('content/a/page.md'));
    assert.equal(
      diagnostic.message,
      'Broken relref: no page "nothing" relative to this page or from the content root, so Hugo writes href="" (or fails the build, under its default refLinksErrorLevel). Write the page\'s content path.',
    );
  });
});

describe('ref and relref navigation', () => {
  it('goes from a ref path to the page it finds, at its anchor, and makes a document link of it; a broken ref leads nowhere', async () => {
    const fixture = await loadFixture(`
      //- /content/b/target.md
      intro
      $[## Heading One$]
      //- /content/a/page.md
      [r]({{< ref "/b/tar$0get.md#heading-one" >}}) [s]({{< relref "sib" >}}) [gone]({{< ref "nothing" >}})
      //- /content/a/sib.md
      sibling
    `);
    const page = fixture.file('content/a/page.md');
    const [definition] = provideDefinition(fixture.index, page, fixture.at.position);
    assert.equal(fixture.pathOf(definition.uri), 'content/b/target.md');
    assert.deepEqual(definition.range, fixture.ranges[0].range);
    const links = provideDocumentLinks(fixture.index, page);
    assert.deepEqual(
      links.map((link) => link.target),
      [`${fixture.uri('content/b/target.md')}#L2`, fixture.uri('content/a/sib.md')],
    );
  });
});

describe('ref and relref dependents', () => {
  it('a page with a ref depends on the pages its lookup can find (by name: a new page can make a bare name found or ambiguous), not on every page', async () => {
    const fixture = await loadFixture(`
      //- /content/a/page.md
      [r]({{< ref "target" >}})
      //- /content/b/other.md
      no refs
      //- /content/c/target.md
      found by its bare name
    `);
    const dependents = (relative: string) => dependentsOf(fixture.index, fixture.file(relative)).map((file) => file.sitePath);
    assert.deepEqual(dependents('content/b/other.md'), ['b/other.md']);
    assert.deepEqual(dependents('content/c/target.md').sort(), ['a/page.md', 'c/target.md']);
  });
});

describe('ref and relref completion', () => {
  const SOURCE = `
    //- /content/b/target.md
    ## Heading One
    //- /content/b/deeper/leaf.md
    leaf
    //- /content/a/sib.md
    sibling
  `;
  const complete = async (line: string) => {
    const fixture = await loadFixture(`${SOURCE}\n    //- /content/a/page.md\n    ${line}\n`);
    const position = fixture.at.position;
    return provideCompletions(fixture.index, fixture.file(), fixture.lineText(position.line), position);
  };

  it('offers content paths folder by folder, and the anchors of the page after #', async () => {
    assert.deepEqual(
      (await complete('[r]({{< ref "/b/$0" >}})')).map((item) => item.label),
      ['deeper/', 'target.md'],
    );
    assert.deepEqual((await complete('[r]({{% relref path="$0')).map((item) => item.label).sort(), ['a/', 'b/']);
    assert.deepEqual(
      (await complete('[r]({{< ref "/b/target.md#$0" >}})')).map((item) => item.label),
      ['heading-one'],
    );
    assert.deepEqual(await complete('[r]({{< ref "nothing#$0" >}})'), []);
  });
});
