// Document and workspace symbols in-process: a page's outline with its roles marked and its
// include calls in place; roles then pages across the handbook, matched fuzzily.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { provideDocumentSymbols, provideWorkspaceSymbols, WORKSPACE_SYMBOL_LIMIT } from '../../server/src/features/symbols';
import { loadFixture } from '../support/fixture';
import { memoryHandbook, page } from '../support/memoryHandbook';

const HANDBOOK = `
  //- /content/job-families/eng/backend.md
  ---
  title: "Backend Engineers"
  ---
  ## Intermediate Backend Engineer

  ### Requirements

  {{% include "includes/values.md" %}}

  ## Staff Backend Engineer

  - Extends that of the [Intermediate Backend Engineer](#intermediate-backend-engineer) requirements
  //- /content/job-families/eng/staff-frontend.md
  # Staff Frontend Engineer

  ## Responsibilities
  //- /content/handbook/overview.md
  ---
  title: "Engineering Overview"
  ---
  # Overview

  {{% include "includes/values.md" %}}

  ## Teams
  //- /assets/includes/values.md
  - Lives our values
`;

const KINDS: Record<number, string> = { [SymbolKind.Class]: 'Class', [SymbolKind.Field]: 'Field', [SymbolKind.File]: 'File', [SymbolKind.String]: 'String' };

/** An outline as indented "kind name (detail)" lines. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((symbol) => [
    `${'  '.repeat(depth)}${KINDS[symbol.kind] ?? symbol.kind} ${symbol.name}${symbol.detail ? ` (${symbol.detail})` : ''}`,
    ...outline(symbol.children ?? [], depth + 1),
  ]);
}

describe('document symbols', () => {
  it('a role page: the page as the role holding its outline, role sections marked, include calls where they stand', async () => {
    const fixture = await loadFixture(HANDBOOK);
    assert.deepEqual(outline(await provideDocumentSymbols(fixture.index, fixture.file('content/job-families/eng/backend.md'))), [
      'Class Backend Engineers (role page · /job-families/eng/backend/)',
      '  Class Intermediate Backend Engineer (role · level 2 heading)',
      '    Field Requirements',
      '      File include "includes/values.md" (include)',
      '  Class Staff Backend Engineer (role · level 2 heading)',
    ]);
  });

  it("a role page titled by its heading: that heading is the role's symbol", async () => {
    const fixture = await loadFixture(HANDBOOK);
    assert.deepEqual(outline(await provideDocumentSymbols(fixture.index, fixture.file('content/job-families/eng/staff-frontend.md'))), [
      'Class Staff Frontend Engineer (role · level 1 heading)',
      '  Field Responsibilities',
    ]);
  });

  it('a page that is no role: its headings and include calls', async () => {
    const fixture = await loadFixture(HANDBOOK);
    const symbols = await provideDocumentSymbols(fixture.index, fixture.file('content/handbook/overview.md'));
    assert.deepEqual(outline(symbols), ['String Overview', '  File include "includes/values.md" (include)', '  String Teams']);
    const [overview] = symbols;
    assert.ok(overview.range.end.line >= overview.children![1].range.end.line, "a heading's range holds its section");
  });
});

describe('workspace symbols', () => {
  it('roles first, then pages, each ranked by how well its title matches, with its URL', async () => {
    const fixture = await loadFixture(HANDBOOK);
    const found = (query: string) => provideWorkspaceSymbols(fixture.index, query).map((symbol) => `${KINDS[symbol.kind]} ${symbol.name} ${symbol.containerName}`);
    assert.deepEqual(found('staff backend'), ['Class Staff Backend Engineer /job-families/eng/backend/#staff-backend-engineer']);
    assert.deepEqual(found('eng'), [
      'Class Backend Engineers /job-families/eng/backend/',
      'Class Staff Backend Engineer /job-families/eng/backend/#staff-backend-engineer',
      'Class Staff Frontend Engineer /job-families/eng/staff-frontend/',
      'Class Intermediate Backend Engineer /job-families/eng/backend/#intermediate-backend-engineer',
      'File Engineering Overview /handbook/overview/',
    ]);
    assert.deepEqual(found('zzz'), []);
  });

  it('an empty query lists roles, then pages, up to the limit', async () => {
    const pages = Object.fromEntries(Array.from({ length: WORKSPACE_SYMBOL_LIMIT + 10 }, (_, n) => [`content/job-families/eng/role-${n}.md`, page(`Role ${n}`, '')]));
    const handbook = await memoryHandbook({ ...pages, 'content/handbook/about.md': page('About', '') });
    const symbols = provideWorkspaceSymbols(handbook.index, '');
    assert.equal(symbols.length, WORKSPACE_SYMBOL_LIMIT);
    assert.ok(symbols.every((symbol) => symbol.kind === SymbolKind.Class));
  });

  it('stops when the request is cancelled', async () => {
    const fixture = await loadFixture(HANDBOOK);
    assert.deepEqual(provideWorkspaceSymbols(fixture.index, 'eng', { isCancellationRequested: true }), []);
  });
});
