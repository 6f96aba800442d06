// Links judged as the built site has them (issue 14): what Hugo's output makes of destinations
// written as `.html`, of e-mail addresses and domains written as relative links, of raw HTML
// `href`s beside the embedded link render hook, of bare URLs (goldmark's Linkify), and of links in
// include files that no page includes. Each case is the shape the real handbook has.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { loadFixture, type Fixture } from '../support/fixture';

/** The diagnostics of one fixture file, in the order of the text, each on the marked range of the same rank. */
function assertReported(fixture: Fixture, relativePath: string, codes: readonly string[]): Diagnostic[] {
  const diagnostics = computeDiagnostics(fixture.index, fixture.file(relativePath)).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  assert.deepEqual(
    diagnostics.map((diagnostic) => ({ code: diagnostic.code, range: diagnostic.range })),
    codes.map((code, rank) => ({ code, range: fixture.ranges[rank].range })),
    diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`).join('\n'),
  );
  return diagnostics;
}

describe('links as the built site has them', () => {
  describe('include files that no page includes', () => {
    const HANDBOOK = `
      //- /content/handbook/page.md
      ## Here
      {{% include "includes/used.md" %}}
      //- /assets/includes/used.md
      See [the missing page]($[/handbook/missing/$]).
      //- /assets/includes/unused.md
      See [the missing page]($[/handbook/missing/$]) and [an anchor]($[/handbook/page/#nowhere$]).
    `;

    it('reports their broken links as information, saying that no reader sees them', async () => {
      const fixture = await loadFixture(HANDBOOK);
      const [used] = assertReported(fixture, 'assets/includes/used.md', ['link-missing-page']);
      assert.equal(used.severity, DiagnosticSeverity.Warning);
      assert.equal(used.message, 'Broken link: no page at /handbook/missing/.');
      const [page, anchor] = computeDiagnostics(fixture.index, fixture.file('assets/includes/unused.md'));
      assert.deepEqual(
        [page, anchor].map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.message]),
        [
          ['link-missing-page', DiagnosticSeverity.Information, 'Broken link: no page at /handbook/missing/ — no page includes this file, so no reader sees it.'],
          ['link-missing-anchor', DiagnosticSeverity.Information, 'Broken anchor: /handbook/page/ has no heading or anchor #nowhere — no page includes this file, so no reader sees it.'],
        ],
      );
    });

    it('reports them as warnings again once a page includes the file', async () => {
      const fixture = await loadFixture(HANDBOOK);
      fixture.index.setOpenText(fixture.file('content/handbook/page.md').path, '## Here\n{{% include "includes/used.md" %}}\n{{% include "includes/unused.md" %}}\n');
      const severities = computeDiagnostics(fixture.index, fixture.file('assets/includes/unused.md')).map((diagnostic) => diagnostic.severity);
      assert.deepEqual(severities, [DiagnosticSeverity.Warning, DiagnosticSeverity.Warning]);
    });
  });
});
