// An include call inside an include file, with the handbook's include shortcode (resources.Get,
// then .Content): Hugo does not expand shortcodes in a shortcode's output, so the nested call is
// printed as text. The model must agree everywhere it follows includes — anchors, hover text,
// extends — and the author is told, without a false alarm about the build. (test/hugo checks the
// anchors against Hugo itself.)
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../../server/src/features/diagnostics/diagnostics';
import { expandedSectionText } from '../../server/src/model/roles/expansion';
import { HandbookIndex } from '../../server/src/model/index/handbookIndex';
import type { IndexedFile } from '../../server/src/model/index/indexedFile';
import { extendsLinksIn, wholePage } from '../../server/src/model/roles/inheritance';
import { DEFAULT_SETTINGS } from '../../server/src/model/base/settings';
import { MemoryWorkspace } from '../support/memoryWorkspace';

const root = path.resolve('/nested-site');
const file = (sitePath: string) => path.join(root, ...sitePath.split('/'));

describe('nested includes are printed as text, as Hugo does', () => {
  let index: HandbookIndex;
  let page: IndexedFile;
  const diagnosticsOf = (sitePath: string) => computeDiagnostics(index, index.get(file(sitePath))!).map((diagnostic) => `${diagnostic.code} ${diagnostic.severity}`);

  before(async () => {
    const files: Record<string, string> = {
      'content/jobs/staff.md': '---\ntitle: Staff\n---\n## Staff\n\n{{% include "includes/outer.md" %}}\n\n{{% include "includes/cycle-a.md" %}}\n',
      'content/jobs/senior.md': '---\ntitle: Senior\n---\n## Requirements\n',
      'content/jobs/intermediate.md': '---\ntitle: Intermediate\n---\n## Requirements\n',
      'assets/includes/outer.md': '### Outer\n\nExtends that of the [Senior](/jobs/senior/#requirements) requirements.\n\n{{% include "includes/inner.md" %}}\n',
      'assets/includes/inner.md': '### Inner\n\nExtends that of the [Intermediate](/jobs/intermediate/#requirements) requirements.\n',
      'assets/includes/cycle-a.md': '{{% include "includes/cycle-b.md" %}}\n',
      'assets/includes/cycle-b.md': '{{% include "includes/cycle-a.md" %}}\n\n{{% include "includes/nowhere.md" %}}\n',
    };
    index = new HandbookIndex(new MemoryWorkspace([root], Object.fromEntries(Object.entries(files).map(([sitePath, text]) => [file(sitePath), text]))), DEFAULT_SETTINGS);
    await index.build();
    page = index.get(file('content/jobs/staff.md'))!;
  });

  it("brings the included file's headings but not the nested file's", () => {
    assert.deepEqual(
      index.anchorsOf(page).map((anchor) => anchor.id),
      ['staff', 'outer'],
    );
  });

  it('shows the nested call as literal text in the expanded section, saying why', async () => {
    const text = (await expandedSectionText(index, wholePage(page)))!;
    assert.match(text, /### Outer/);
    assert.doesNotMatch(text, /### Inner/);
    assert.match(text, /`\{\{% include "includes\/inner\.md" %\}\}` \*\(printed as text/);
  });

  it('follows extends into the included file, not into the nested one', () => {
    assert.deepEqual(
      extendsLinksIn(index, wholePage(page)).map((edge) => edge.link.destination),
      ['/jobs/senior/#requirements'],
    );
  });

  it('warns on the nested call (Hugo builds fine), and on the calls of a cycle, but not on the page', () => {
    const warning = DiagnosticSeverity.Warning;
    assert.deepEqual(diagnosticsOf('assets/includes/outer.md'), [`include-nested ${warning}`]);
    assert.deepEqual(diagnosticsOf('assets/includes/cycle-a.md'), [`include-cycle ${warning}`]);
    // The nested call to a file that does not exist is never run: no "missing file" error.
    assert.deepEqual(diagnosticsOf('assets/includes/cycle-b.md'), [`include-cycle ${warning}`, `include-nested ${warning}`]);
    assert.deepEqual(diagnosticsOf('content/jobs/staff.md'), []);
  });

  it('says how to fix a nested include', () => {
    const [diagnostic] = computeDiagnostics(index, index.get(file('assets/includes/outer.md'))!);
    assert.match(diagnostic.message, /prints this call as literal text wherever includes\/outer\.md is included/);
    assert.match(diagnostic.message, /Include both files from the page instead/);
  });
});
