// Links judged as the built site has them (issue 14): what Hugo's output makes of destinations
// written as `.html`, of e-mail addresses and domains written as relative links, of raw HTML
// `href`s beside the embedded link render hook, of bare URLs (goldmark's Linkify), and of links in
// include files that no page includes. Each case is the shape the real handbook has.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { provideCodeActions } from '../../server/src/features/codeActions';
import { provideDefinition, provideDocumentLinks } from '../../server/src/features/navigation';
import { provideReferences } from '../../server/src/features/references';
import { loadFixture, type Fixture } from '../support/fixture';

/** The diagnostics of one fixture file, in the order of the text, each on the marked range of the same rank in that file. */
function assertReported(fixture: Fixture, relativePath: string, codes: readonly string[]): Diagnostic[] {
  const diagnostics = computeDiagnostics(fixture.index, fixture.file(relativePath)).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  assert.deepEqual(
    diagnostics.map((diagnostic) => ({ code: diagnostic.code, range: diagnostic.range })),
    codes.map((code, rank) => ({ code, range: fixture.ranges.filter((marked) => marked.path === relativePath)[rank]?.range })),
    diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`).join('\n'),
  );
  return diagnostics;
}

/** A site whose config asks for Hugo's embedded link render hook, as the real handbook's does. */
const WITH_LINK_HOOK = `
  //- /hugo.toml
  [markup.goldmark.renderHooks.link]
  useEmbedded = "fallback"
`;

describe('links as the built site has them', () => {
  describe('destinations written as .html', () => {
    it('checks x.html as page x and x/index.html as the page of folder x, anchors included', async () => {
      const fixture = await loadFixture(`
        ${WITH_LINK_HOOK}
        //- /content/roles/communications-lead.md
        ## Customer calls
        //- /content/roles/message-house/index.md
        ## The phases
        See [the phases](index.html#the-phases), [the four phases]($[index.html#the-four-phases$]).
        //- /content/roles/incident-lead.md
        ## Lead
        [Calls](communications-lead.html#customer-calls), [management]($[communications-lead.html#customer-call-management$]),
        [query](communications-lead.html?tab=1#customer-calls), [the bundle](message-house/index.html#the-phases),
        [work items]($[../agile-work-items.html$]), [itself](index.html#lead), [a file](diagram.png).
      `);
      const [anchor, page] = assertReported(fixture, 'content/roles/incident-lead.md', ['link-missing-anchor', 'link-missing-page']);
      assert.equal(anchor.message, 'Broken anchor: /roles/communications-lead/ has no heading or anchor #customer-call-management.');
      assert.equal(page.message, 'Broken link: no page at /roles/agile-work-items.html.');
      const [own] = assertReported(fixture, 'content/roles/message-house/index.md', ['link-missing-anchor']);
      assert.equal(own.message, 'Broken anchor: /roles/message-house/ has no heading or anchor #the-four-phases.');
    });

    it('without the link hook, takes x/index.html for page x and x.html for no page', async () => {
      const fixture = await loadFixture(`
        //- /content/roles/communications-lead.md
        ## Customer calls
        //- /content/roles/incident-lead.md
        [Calls](../communications-lead/index.html#customer-calls), [no page]($[communications-lead.html$]), [odd]($[%zz.html$]).
      `);
      const [page] = assertReported(fixture, 'content/roles/incident-lead.md', ['link-missing-page', 'link-missing-page']);
      assert.equal(page.message, 'Broken link: no page at /roles/incident-lead/communications-lead.html.');
    });
  });

  describe('e-mail addresses and domains written as relative links', () => {
    it('reports them, with the fix that adds mailto: or https://', async () => {
      const fixture = await loadFixture(`
        //- /content/legal/policy.md
        Write to [relations]($[teammemberrelations@gitlab.com$]), see [PyPI]($[pypi.org$]) and [a project]($[pypi.org/project/x/$]),
        or [mail](mailto:someone@gitlab.com), [the site](https://pypi.org), [a file](notes.txt), [a page]($[../other/$]).
      `);
      const [email, domain, deeper] = assertReported(fixture, 'content/legal/policy.md', ['link-address-as-path', 'link-address-as-path', 'link-address-as-path', 'link-missing-page']).map(
        (diagnostic) => diagnostic.message,
      );
      assert.equal(
        email,
        '"teammemberrelations@gitlab.com" is an e-mail address written as a relative link: the site links to a path below this page, where nothing is. Write mailto:teammemberrelations@gitlab.com.',
      );
      assert.match(domain, /^"pypi\.org" is a domain written as a relative link: .* Write https:\/\/pypi\.org\.$/);
      assert.match(deeper, /Write https:\/\/pypi\.org\/project\/x\/\.$/);
      const file = fixture.file('content/legal/policy.md');
      const diagnostics = computeDiagnostics(fixture.index, file);
      const text = fixture.files['content/legal/policy.md'];
      const actions = provideCodeActions(fixture.index, file, diagnostics.slice(0, 2), { uri: URI.file(file.path).toString(), text, canCreateFiles: false });
      assert.deepEqual(
        actions.filter((action) => action.title.startsWith('Link to')).map((action) => [action.title, action.isPreferred, action.edit?.changes?.[URI.file(file.path).toString()]?.[0]?.newText]),
        [
          ['Link to mailto:teammemberrelations@gitlab.com', true, 'mailto:teammemberrelations@gitlab.com'],
          ['Link to https://pypi.org', true, 'https://pypi.org'],
        ],
      );
    });
  });

  describe('empty links', () => {
    it('reports a link or an href with no destination (the site writes href="", back to the page), not one in code', async () => {
      const fixture = await loadFixture(`
        //- /content/all-remote/report.md
        Read $[[the report]()$], $[<a href="">the guide</a>$] or $[[this]( )$]; [top](#) is a link to the top.

            [in code]()
      `);
      const [markdown, html] = assertReported(fixture, 'content/all-remote/report.md', ['link-empty', 'link-empty', 'link-empty']).map((diagnostic) => diagnostic.message);
      assert.equal(markdown, 'This link has no destination, so the site links back to this page. Write the page or URL it should lead to.');
      assert.equal(html, 'This href is empty, so the site links back to this page. Write the page or URL it should lead to.');
    });
  });

  describe('https: with one slash', () => {
    it('is a path of the site to a browser on it: reported, with the fix that writes https://', async () => {
      const fixture = await loadFixture(`
        //- /hugo.toml
        baseURL = "https://handbook.gitlab.com/"
        //- /content/sales/support.md
        ## Support
        //- /content/sales/orders.md
        See [Requesting Internal Support]($[https:/handbook.gitlab.com/sales/support/$]) and [the same](https://handbook.gitlab.com/sales/support/).
      `);
      const [slash] = assertReported(fixture, 'content/sales/orders.md', ['link-missing-page']);
      assert.match(slash.message, /^Broken link: no page at \/handbook\.gitlab\.com\/sales\/support\/\. With one slash after "https:".* write https:\/\/ before the host\.$/);
      const file = fixture.file('content/sales/orders.md');
      const uri = URI.file(file.path).toString();
      const actions = provideCodeActions(fixture.index, file, [slash], { uri, text: fixture.files['content/sales/orders.md'], canCreateFiles: false });
      assert.deepEqual(
        actions.filter((action) => action.title.startsWith('Link to')).map((action) => [action.title, action.isPreferred, action.edit?.changes?.[uri]?.[0]?.newText]),
        [['Link to https://handbook.gitlab.com/sales/support/', true, 'https://handbook.gitlab.com/sales/support/']],
      );
    });
  });

  describe('raw HTML beside the embedded link hook', () => {
    it('resolves an href against the page URL, as a browser does, where a Markdown link is looked up as a page', async () => {
      const fixture = await loadFixture(`
        ${WITH_LINK_HOOK}
        //- /content/all-remote/guide.md
        ## Guide
        //- /content/all-remote/field-guide.md
        The [guide](guide/) is a page the hook finds; <a href="$[guide/$]">the same href</a> in HTML is not,
        <a href="../guide/">this one</a> is, and so is <a href="/all-remote/guide/#guide">this</a>; <a href="$[guide.md$]">a file</a> is not.
      `);
      const [relative, file] = assertReported(fixture, 'content/all-remote/field-guide.md', ['link-missing-page', 'link-missing-page']);
      assert.match(relative.message, /^Broken link: no page at \/all-remote\/field-guide\/guide\/\./);
      assert.match(file.message, /^Broken link: no page at \/all-remote\/field-guide\/guide\.md\./);
    });

    it('leaves raw HTML alone where no link hook looks pages up', async () => {
      const fixture = await loadFixture(`
        //- /content/all-remote/guide.md
        ## Guide
        //- /content/all-remote/field-guide.md
        <a href="../guide/">the guide</a>, <a href="guide.md">its file</a>, <a href="$[guide/$]">a folder</a>.
      `);
      assertReported(fixture, 'content/all-remote/field-guide.md', ['link-missing-page']);
    });
  });

  describe('bare URLs (goldmark Linkify)', () => {
    const HANDBOOK = `
      //- /content/handbook/on-call.md
      ## Expectations
      //- /content/handbook/gitaly.md
      - $[https://handbook.gitlab.com/handbook/on-call/#expectations-for-on-call$]
      - See $[https://handbook.gitlab.com/handbook/no-such-page/$].
      - Fine: https://handbook.gitlab.com/handbook/on-call/#expectations, https://gitlab.com/x/#y, ops@gitlab.com.
      - Not links: \`https://handbook.gitlab.com/handbook/a/\`, [text https://handbook.gitlab.com/handbook/b/](/handbook/on-call/), x:https://handbook.gitlab.com/handbook/c/
    `;

    it('checks a bare URL into the site like the same URL in <…>, at the URL', async () => {
      const fixture = await loadFixture(HANDBOOK);
      const [anchor, page] = assertReported(fixture, 'content/handbook/gitaly.md', ['link-missing-anchor', 'link-missing-page']);
      assert.equal(anchor.message, 'Broken anchor: /handbook/on-call/ has no heading or anchor #expectations-for-on-call.');
      assert.equal(page.message, 'Broken link: no page at /handbook/no-such-page/.');
    });

    it('checks none where the site turns Linkify off', async () => {
      const fixture = await loadFixture(`
        //- /hugo.toml
        [markup.goldmark.extensions]
        linkify = false
        ${HANDBOOK}
      `);
      assertReported(fixture, 'content/handbook/gitaly.md', []);
      assert.deepEqual(
        fixture.file('content/handbook/gitaly.md').facts.links.map((link) => link.kind),
        ['inline'],
      );
    });

    it('fixes one in place, still bare, or as <…> where Linkify would cut the new URL short', async () => {
      const fixture = await loadFixture(`
        //- /content/handbook/on-call.md
        ## Expectations for on-call
        ## Pager_
        //- /content/handbook/gitaly.md
        https://handbook.gitlab.com/handbook/on-call/#expectations-for-oncall and https://handbook.gitlab.com/handbook/on-call/#pager
      `);
      const file = fixture.file('content/handbook/gitaly.md');
      const diagnostics = computeDiagnostics(fixture.index, file);
      const uri = URI.file(file.path).toString();
      const actions = provideCodeActions(fixture.index, file, diagnostics, { uri, text: fixture.files['content/handbook/gitaly.md'], canCreateFiles: false });
      // Linkify drops a trailing `_`: `#pager_` written bare would lead to `#pager` again.
      assert.deepEqual(
        actions.filter((action) => action.title.startsWith('Change the anchor')).map((action) => action.edit?.changes?.[uri]?.[0]?.newText),
        ['https://handbook.gitlab.com/handbook/on-call/#expectations-for-on-call', '<https://handbook.gitlab.com/handbook/on-call/#pager_>'],
      );
    });

    it('is a document link, a definition and a reference like any link', async () => {
      const fixture = await loadFixture(`
        //- /content/handbook/on-call.md
        ## Expectations
        //- /content/handbook/gitaly.md
        On call: $[https://handbook.gitlab.com/handbook/on-call/#expecta$0tions$].
      `);
      const file = fixture.file('content/handbook/gitaly.md');
      const [link] = provideDocumentLinks(fixture.index, file);
      assert.deepEqual(link.range, fixture.ranges[0].range);
      assert.ok(link.target?.startsWith(URI.file(fixture.file('content/handbook/on-call.md').path).toString()));
      const [definition] = provideDefinition(fixture.index, file, fixture.at.position);
      assert.equal(definition.uri, URI.file(fixture.file('content/handbook/on-call.md').path).toString());
      const onCall = fixture.file('content/handbook/on-call.md');
      const references = await provideReferences(fixture.index, onCall, { line: 0, character: 4 }, false);
      assert.deepEqual(references, [{ uri: URI.file(file.path).toString(), range: fixture.ranges[0].range }]);
    });
  });

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
