// References, code lens, symbols and the type hierarchy over the real protocol, on the example
// handbook: a role heading's extends sentences (seed 000), a role linked from an HTML table (seed
// 002), through an alias (Backend Engineer) and through an include file (the Distribution career
// nav), ref calls (the cross-references page), with the lens counts, the outline and the ladder of Distinguished.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRequest,
  CodeLensResolveRequest,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  ReferencesRequest,
  TypeHierarchyPrepareRequest,
  TypeHierarchySubtypesRequest,
  TypeHierarchySupertypesRequest,
  WorkspaceSymbolRequest,
  type CodeLens,
  type DocumentSymbol,
  type Location,
  type Position,
  type SymbolInformation,
  type TypeHierarchyItem,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { EXAMPLE_HANDBOOK, Session, type OpenDocument } from './support/session';
import { DISTINGUISHED, SEED_000, SEED_002, SEED_003 } from './support/examplePages';

const BACKEND = 'content/job-families/engineering/development/backend.md';
const DEVELOPER = 'content/jobs/developer.md';
const DISTRIBUTION_NAV = 'assets/includes/engineering-careers/distribution-career-nav.md';
const CAREER_FAQ = 'content/handbook/engineering/careers/faq.md';
const CROSS_REFERENCES = 'content/handbook/engineering/careers/cross-references.md';

/** Each location as "file:line" (1-based, as the example's README counts). */
function places(locations: readonly Location[] | null): string[] {
  return (locations ?? []).map((location) => `${path.relative(EXAMPLE_HANDBOOK, URI.parse(location.uri).fsPath).split(path.sep).join('/')}:${location.range.start.line + 1}`);
}

describe('references, code lens, symbols and type hierarchy', () => {
  let session: Session;
  let distinguished: OpenDocument;

  before(async () => {
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
    distinguished = await session.open(DISTINGUISHED);
  });
  after(async () => session?.stop());

  const references = (document: OpenDocument, needle: string, includeDeclaration = false) =>
    session.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: document.uri }, position: document.positionOf(needle, { offset: 3 }), context: { includeDeclaration } });

  describe('references', () => {
    it("on a role's Requirements heading: seed 000's extends sentence, and the heading itself with includeDeclaration", async () => {
      assert.deepEqual(places(await references(distinguished, '## Requirements')), [`${SEED_000}:15`]);
      assert.deepEqual(places(await references(distinguished, '## Requirements', true)), [`${DISTINGUISHED}:13`, `${SEED_000}:15`]);
    });

    it("on a role page's title: every link to the page, the extends sentences among them", async () => {
      assert.deepEqual(places(await references(distinguished, 'title: "Distinguished')), [
        'content/job-families/engineering/_index.md:12',
        'content/job-families/engineering/development/management/_index.md:11',
        'content/job-families/engineering/development/management/principal.md:32',
        `${SEED_000}:15`,
        `${SEED_000}:22`,
      ]);
    });

    it('on a role heading linked from an HTML table (seed 002), and from its own page', async () => {
      const developer = await session.open(DEVELOPER);
      assert.deepEqual(places(await references(developer, '## Senior Developer')), [`${SEED_002}:26`, `${DEVELOPER}:19`]);
    });

    it("through an alias: the links to the Backend Engineer's old URL", async () => {
      const backend = await session.open(BACKEND);
      const found = places(await references(backend, 'title: "Backend'));
      for (const viaAlias of ['content/handbook/engineering/careers/matrix/development/_index.md:9', `${DEVELOPER}:5`]) assert.ok(found.includes(viaAlias), `${viaAlias} in ${found.join(', ')}`);
    });

    it('through an include file: its links count for the role they point at', async () => {
      const senior = await session.open(SEED_003);
      assert.ok(places(await references(senior, 'title:')).includes(`${DISTRIBUTION_NAV}:8`));
    });

    it("ref and relref calls: on the career FAQ's title, the cross-references page's two refs (at their path) and its bare URL; on a ref's path, the same", async () => {
      const faq = await session.open(CAREER_FAQ);
      const refs = [`${CROSS_REFERENCES}:7`, `${CROSS_REFERENCES}:9`, `${CROSS_REFERENCES}:15`];
      const found = places(await references(faq, 'title: "Career'));
      assert.deepEqual(
        found.filter((place) => place.startsWith(CROSS_REFERENCES)),
        refs,
      );
      const crossReferences = await session.open(CROSS_REFERENCES);
      assert.deepEqual(places(await references(crossReferences, 'faq.md" >}}')), found);
      const [first] = (await references(crossReferences, 'faq.md" >}}')) ?? [];
      assert.deepEqual(first && [first.range.start.character, first.range.end.character], [26, 32], 'the range of the path argument, faq.md');
    });

    it('anywhere in an include file: the include calls of it', async () => {
      const nav = await session.open(DISTRIBUTION_NAV);
      const position = { line: 1, character: 0 };
      const found = await session.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: nav.uri }, position, context: { includeDeclaration: false } });
      const distribution = 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution';
      assert.deepEqual(places(found), [`${distribution}/_index.md:7`, `${distribution}/intermediate.md:7`, `${distribution}/senior.md:7`, `${distribution}/staff.md:7`]);
    });
  });

  describe('code lens', () => {
    const lenses = async (document: OpenDocument): Promise<CodeLens[]> => {
      const unresolved = (await session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: document.uri } })) ?? [];
      assert.ok(
        unresolved.every((lens) => lens.command === undefined),
        'resolved lazily',
      );
      return Promise.all(unresolved.map((lens) => session.connection.sendRequest(CodeLensResolveRequest.type, lens)));
    };

    it('on a role page: who extends it and links to it; clicking lists them', async () => {
      const [lens] = await lenses(distinguished);
      assert.equal(lens.command?.title, 'extended by 1 role · linked from 3 pages');
      assert.equal(lens.range.start.line, 1, 'on the title line');
      assert.equal(lens.command?.command, 'handbookRoles.showReferences');
      const [uri, position, locations] = lens.command.arguments as [string, unknown, Location[]];
      assert.equal(uri, distinguished.uri);
      assert.deepEqual(position, lens.range.start);
      assert.deepEqual(places(locations), places(await references(distinguished, 'title: "Distinguished')));
    });

    it("on a role page: 'Show effective role', whose arguments the effectiveRole command answers for", async () => {
      const all = await lenses(distinguished);
      assert.deepEqual(
        all.map((lens) => lens.command?.title),
        ['extended by 1 role · linked from 3 pages', 'Show effective role'],
        'one of each kind on its one role',
      );
      const command = all[1].command;
      assert.equal(command?.command, 'handbookRoles.showEffectiveRole');
      const [uri, position] = command.arguments as [string, Position];
      assert.equal(uri, distinguished.uri);
      const answer = (await session.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'handbookRoles.effectiveRole',
        arguments: [{ textDocument: { uri }, position }],
      })) as { title: string };
      assert.equal(answer.title, 'Distinguished Engineer');
    });

    it('on an include file: the pages that include it', async () => {
      const nav = await session.open(DISTRIBUTION_NAV);
      const all = await lenses(nav);
      assert.equal(all.length, 1, 'no effective-role lens: an include file is no role');
      const [lens] = all;
      assert.equal(lens.command?.title, 'included by 4 pages');
      assert.equal(lens.range.start.line, 0);
    });
  });

  describe('symbols', () => {
    it("a role page's outline: the role holding its sections", async () => {
      const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: distinguished.uri } })) as DocumentSymbol[];
      assert.equal(symbols.length, 1);
      assert.equal(symbols[0].name, 'Distinguished Engineer');
      assert.deepEqual(
        symbols[0].children?.map((child) => child.name),
        ['Distinguished Engineer Roles at GitLab', 'Job Grade', 'Requirements', 'Responsibilities', 'Career Ladder'],
      );
    });

    it('workspace symbols: roles by title, fuzzily, with their URL', async () => {
      const found = (await session.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'senior distinguished' })) as SymbolInformation[];
      assert.equal(found[0]?.name, 'Senior Distinguished Engineer');
      assert.equal(found[0]?.containerName, '/job-families/engineering/development/management/senior-distinguished/');
    });
  });

  describe('type hierarchy', () => {
    it('Distinguished: extends Principal, is extended by Senior Distinguished', async () => {
      const [item] =
        (await session.connection.sendRequest(TypeHierarchyPrepareRequest.type, { textDocument: { uri: distinguished.uri }, position: distinguished.positionOf('title: "Dist', { offset: 2 }) })) ?? [];
      assert.equal(item?.name, 'Distinguished Engineer');
      const names = (items: TypeHierarchyItem[] | null) => (items ?? []).map((found) => found.name);
      assert.deepEqual(names(await session.connection.sendRequest(TypeHierarchySupertypesRequest.type, { item })), ['Principal Engineer — Requirements', 'Principal Engineer — Responsibilities']);
      assert.deepEqual(names(await session.connection.sendRequest(TypeHierarchySubtypesRequest.type, { item })), ['Senior Distinguished Engineer']);
    });
  });
});
