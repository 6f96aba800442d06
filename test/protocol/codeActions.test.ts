// Quick fixes over the real protocol, on the deliberate defects of the example handbook: each
// returned WorkspaceEdit is APPLIED to the document text and the resulting line compared with the
// line an author would write by hand.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit, createdFiles } from './support/edits';
import { EXAMPLE_HANDBOOK, Session, type OpenDocument } from './support/session';
import { DEVELOPMENT_MATRIX, DEVELOPMENT_SENIOR, DEVELOPMENT_STAFF, FULLSTACK, SEED_000, SEED_002, SEED_003 } from './support/examplePages';

/** Opens a page and returns its diagnostics on a 1-based line with one of `codes`. */
async function diagnosticsOn(session: Session, relativePath: string, line: number, ...codes: string[]): Promise<{ document: OpenDocument; diagnostics: Diagnostic[] }> {
  const document = await session.open(relativePath);
  const diagnostics = (await document.diagnostics()).filter((diagnostic) => diagnostic.range.start.line === line - 1 && codes.includes(String(diagnostic.code)));
  assert.equal(diagnostics.length, codes.length, `${codes.join(', ')} on ${relativePath}:${line}`);
  return { document, diagnostics };
}

/** The 1-based `line` of the document after applying the action's edit. */
function lineAfter(document: OpenDocument, action: CodeAction, line: number): string {
  return applyWorkspaceEdit(document.text, action.edit, document.uri).split('\n')[line - 1];
}

function preferred(actions: CodeAction[]): CodeAction {
  const found = actions.filter((action) => action.isPreferred);
  assert.equal(found.length, 1, `one preferred fix among: ${actions.map((action) => action.title).join(' | ')}`);
  return found[0];
}

describe('code actions', () => {
  let session: Session;

  before(async () => {
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
  });
  after(async () => session?.stop());

  describe("seed 003's malformed include", () => {
    it('has one preferred fix that mends both the delimiter and the path', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, SEED_003, 22, 'include-malformed', 'include-missing');
      const actions = await session.codeActions(document, diagnostics);
      const fix = preferred(actions);
      assert.equal(fix.kind, 'quickfix');
      assert.equal(lineAfter(document, fix, 22), '{{% include "includes/engineering-careers/development-senior-leadership-competency.md" %}}');
      // Nothing else on the page changes.
      const before = document.text.split('\n');
      const after = applyWorkspaceEdit(document.text, fix.edit, document.uri).split('\n');
      assert.deepEqual(
        after.filter((_, index) => index !== 21),
        before.filter((_, index) => index !== 21),
      );
      assert.match(fix.title, /includes\/engineering-careers\/development-senior-leadership-competency\.md \(same file name\)/);
      // The same file name elsewhere comes first, then the nearest paths by edit distance.
      assert.equal(actions[0], fix);
      assert.equal(lineAfter(document, actions[1], 22), '{{% include "includes/engineering-careers/senior-leadership-competency.md" %}}');
    });

    it('offers each fix once, for either diagnostic of the line', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, SEED_003, 22, 'include-malformed', 'include-missing');
      const titles = (await session.codeActions(document, diagnostics)).map((action) => action.title);
      assert.equal(new Set(titles).size, titles.length, titles.join(' | '));
      const onlyMissing = await session.codeActions(
        document,
        diagnostics.filter((diagnostic) => diagnostic.code === 'include-missing'),
      );
      assert.equal(lineAfter(document, preferred(onlyMissing), 22), '{{% include "includes/engineering-careers/development-senior-leadership-competency.md" %}}');
    });

    it('offers to fix only the delimiters, keeping the path the author wrote', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, SEED_003, 22, 'include-malformed', 'include-missing');
      const lines = (await session.codeActions(document, diagnostics)).map((action) => lineAfter(document, action, 22));
      assert.ok(lines.includes('{{% include "includes/engineering/development-senior-leadership-competency.md" %}}'), lines.join('\n'));
    });

    it('offers to create the missing file, and to fix the call with it, when the client can create files', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, SEED_003, 22, 'include-malformed', 'include-missing');
      const create = (await session.codeActions(document, diagnostics)).find((action) => createdFiles(action.edit).length > 0);
      assert.ok(create, 'a create-file action');
      assert.deepEqual(createdFiles(create.edit), [session.uri('assets/includes/engineering/development-senior-leadership-competency.md')]);
      assert.equal(lineAfter(document, create, 22), '{{% include "includes/engineering/development-senior-leadership-competency.md" %}}');
      assert.ok(!create.isPreferred);
      assert.match(create.title, /^Create assets\/includes\/engineering\/development-senior-leadership-competency\.md/);
    });
  });

  describe('a missing include file', () => {
    it('suggests the nearest existing file by edit distance', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, DEVELOPMENT_SENIOR, 34, 'include-missing');
      const actions = await session.codeActions(document, diagnostics);
      assert.equal(lineAfter(document, actions[0], 34), '{{% include "includes/engineering-careers/development-senior-values-competency.md" %}}');
      assert.equal(preferred(actions), actions[0], 'one letter-level slip away from one file: clearly right');
    });
  });

  describe('an unterminated include', () => {
    it('closes the call', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, DEVELOPMENT_STAFF, 24, 'include-malformed');
      const fix = preferred(await session.codeActions(document, diagnostics));
      assert.equal(lineAfter(document, fix, 24), '{{% include "includes/engineering-careers/staff-technical-competency.md" %}}');
    });
  });

  describe('broken links', () => {
    it("suggests the nearest anchor of the target page (seed 000's #roles)", async () => {
      const { document, diagnostics } = await diagnosticsOn(session, SEED_000, 32, 'link-missing-anchor');
      const actions = await session.codeActions(document, diagnostics);
      assert.ok(lineAfter(document, actions[0], 32).includes('[engineering career development](/handbook/engineering/careers/#development-roles)'), actions[0].title);
      assert.equal(actions[0].title, 'Change the anchor to #development-roles');
    });

    it('prefers the one close anchor for a typo', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, FULLSTACK, 24, 'link-missing-anchor');
      const fix = preferred(await session.codeActions(document, diagnostics));
      assert.ok(lineAfter(document, fix, 24).includes('(/job-families/engineering/development/backend/#hiring-process)'));
    });

    it("offers the anchor in seed 002's HTML table, without preferring it: containing the fragment is not enough", async () => {
      const { document, diagnostics } = await diagnosticsOn(session, SEED_002, 21, 'link-missing-anchor');
      const [fix, ...others] = await session.codeActions(document, diagnostics);
      assert.ok(lineAfter(document, fix, 21).includes('<a href="/jobs/developer#fellow">'), lineAfter(document, fix, 21));
      // #engineering-fellow contains #fellow as #add-name-pronunciation-in-google contains #google on the real corpus.
      assert.ok(!fix.isPreferred);
      // Only the comment that silences the finding besides.
      assert.deepEqual(
        others.map((action) => action.title),
        ['Ignore this link on this line (link-missing-anchor)'],
      );
    });

    it('links a moved role to the page with the same last segment, keeping the anchor', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, DEVELOPMENT_MATRIX, 9, 'link-missing-page', 'link-via-alias');
      const moved = diagnostics.find((diagnostic) => diagnostic.code === 'link-missing-page')!;
      const fix = preferred(await session.codeActions(document, [moved], moved.range));
      assert.ok(lineAfter(document, fix, 9).includes('[Frontend Engineer](/job-families/engineering/development/frontend/#senior-frontend-engineer)'));
      assert.match(fix.title, /moved/i);
    });

    it('replaces a link through an alias with the current URL', async () => {
      const { document, diagnostics } = await diagnosticsOn(session, DEVELOPMENT_MATRIX, 9, 'link-missing-page', 'link-via-alias');
      const alias = diagnostics.find((diagnostic) => diagnostic.code === 'link-via-alias')!;
      const fix = preferred(await session.codeActions(document, [alias], alias.range));
      assert.ok(lineAfter(document, fix, 9).includes('[Backend Engineer](/job-families/engineering/development/backend/)'));
      assert.equal(fix.title, 'Link to the current URL /job-families/engineering/development/backend/');
    });
  });

  describe('an unterminated shortcode', () => {
    it('closes it with the delimiter of its own form', async () => {
      const document = await session.open('content/handbook/values/_index.md');
      const end = { line: document.text.split('\n').length - 1, character: 0 };
      await document.edit({ start: end, end }, '{{< figure src="ladder.png"\n');
      const diagnostics = (await document.diagnostics((found) => found.some((diagnostic) => diagnostic.code === 'shortcode-unterminated'), 'the unterminated shortcode')).filter(
        (diagnostic) => diagnostic.code === 'shortcode-unterminated',
      );
      const fix = preferred(await session.codeActions(document, diagnostics));
      assert.equal(lineAfter(document, fix, end.line + 1), '{{< figure src="ladder.png" >}}');
      await document.close();
    });
  });

  describe('fix-all on save (source.fixAll.handbookRoles)', () => {
    it('is advertised, so that editor.codeActionsOnSave can ask for it', () => {
      const provider = session.initializeResult?.capabilities.codeActionProvider;
      assert.ok(provider && typeof provider === 'object' && provider.codeActionKinds?.includes('source.fixAll.handbookRoles'), JSON.stringify(provider));
    });

    it("applies seed 003's preferred fix, and the page's problems are gone once the edit is in", async () => {
      const document = await session.open(SEED_003);
      const before = await document.diagnostics();
      assert.deepEqual(
        before.filter((diagnostic) => diagnostic.range.start.line === 21).map((diagnostic) => diagnostic.code),
        ['include-malformed', 'include-missing'],
      );
      const actions = await session.sourceActions(document, ['source.fixAll']);
      assert.deepEqual(
        actions.map((action) => action.kind),
        ['source.fixAll.handbookRoles'],
      );
      const fixed = applyWorkspaceEdit(document.text, actions[0].edit, document.uri);
      const lines = document.text.split('\n');
      lines[21] = '{{% include "includes/engineering-careers/development-senior-leadership-competency.md" %}}';
      assert.equal(fixed, lines.join('\n'));
      assert.deepEqual(await session.sourceActions(document, ['source.organizeImports']), []);

      for (const edit of actions[0].edit!.changes![document.uri]) await document.edit(edit.range, edit.newText);
      const after = await document.diagnostics();
      assert.deepEqual(
        after.filter((diagnostic) => diagnostic.range.start.line === 21),
        [],
      );
      assert.equal(after.length, before.length - 2, 'no other problem appears');
      assert.deepEqual(await session.sourceActions(document, ['source.fixAll']), [], 'nothing left to fix');
      await document.close();
    });
  });
});

describe('code actions for a client that cannot create files', () => {
  let session: Session;

  before(async () => {
    session = await Session.start({
      folder: EXAMPLE_HANDBOOK,
      capabilities: (capabilities) => ({
        ...capabilities,
        workspace: { ...capabilities.workspace, workspaceEdit: { documentChanges: true, resourceOperations: [] } },
      }),
    });
  });
  after(async () => session?.stop());

  it('offers no create-file action, and still the other fixes', async () => {
    const { document, diagnostics } = await diagnosticsOn(session, SEED_003, 22, 'include-malformed', 'include-missing');
    const actions = await session.codeActions(document, diagnostics);
    assert.deepEqual(
      actions.filter((action) => createdFiles(action.edit).length > 0 || /^Create/.test(action.title)),
      [],
    );
    assert.equal(lineAfter(document, preferred(actions), 22), '{{% include "includes/engineering-careers/development-senior-leadership-competency.md" %}}');
  });
});
