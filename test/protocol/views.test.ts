// The effective role and the ladder graph over the real protocol: the commands the server
// declares, what `workspace/executeCommand` answers on the example handbook, that the effective
// role follows unsaved edits, and how an unknown command or a bad argument is answered.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { EXAMPLE_HANDBOOK, Session, type OpenDocument } from './support/session';
import { FULLSTACK, SEED_003 } from './support/examplePages';

const BACKEND = 'content/job-families/engineering/development/backend.md';

interface EffectiveRoleAnswer {
  title: string;
  markdown: string;
  url?: string;
}

interface LadderAnswer {
  title: string;
  html: string;
  graph: { nodes: { id: string; title: string; level: number; page: string; line: number }[]; edges: { from: string; to?: string; label: string }[]; cycles: string[][]; cutNodes: number };
}

describe('executeCommand: effective role and ladder graph', () => {
  let session: Session;
  let backend: OpenDocument;

  before(async () => {
    session = await Session.start({ folder: EXAMPLE_HANDBOOK });
    backend = await session.open(BACKEND);
  });
  after(async () => session?.stop());

  const run = <Answer>(command: string, argument: unknown) => session.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }) as Promise<Answer>;

  it('declares both commands', () => {
    assert.deepEqual(session.initializeResult?.capabilities.executeCommandProvider?.commands, ['handbookRoles.effectiveRole', 'handbookRoles.ladderGraph']);
  });

  it("answers the effective role of the cursor's role: its own text, then each inherited level", async () => {
    const answer = await run<EffectiveRoleAnswer>('handbookRoles.effectiveRole', { textDocument: { uri: backend.uri }, position: backend.positionOf('Experience leading technical initiatives') });
    assert.equal(answer.title, 'Staff Backend Engineer');
    assert.equal(answer.url, '/job-families/engineering/development/backend/#staff-backend-engineer');
    const headings = answer.markdown.split('\n').filter((line) => line.startsWith('## '));
    assert.deepEqual(
      headings.map((heading) => heading.replace(/\]\(.*\)$/, '').replace('## [', '')),
      ['Staff Backend Engineer', '↳ Inherited from Senior Backend Engineer', '↳ ↳ Inherited from Backend Engineer'],
    );
    assert.match(answer.markdown, /- Experience leading the design of features that span several components\./);
  });

  it('inlines the includes of a career-framework page, each named by its file', async () => {
    const seed003 = await session.open(SEED_003);
    const answer = await run<EffectiveRoleAnswer>('handbookRoles.effectiveRole', { textDocument: { uri: seed003.uri }, position: { line: 8, character: 0 } });
    assert.match(answer.markdown, /> 📄 \*\*Included from\*\* \[`includes\/engineering-careers\/senior-technical-competency\.md`\]\(file:\/\/\/.*senior-technical-competency\.md\)/);
    assert.match(answer.markdown, /> \* Able to take on large issues with vague requirements\./);
  });

  it('follows unsaved edits', async () => {
    const fullstack = await session.open(FULLSTACK);
    const position = fullstack.positionOf('## Senior Fullstack Engineer', { offset: 0 });
    await fullstack.edit({ start: position, end: position }, 'A sentence typed just now.\n\n');
    const answer = await run<EffectiveRoleAnswer>('handbookRoles.effectiveRole', { textDocument: { uri: fullstack.uri }, position: { line: position.line, character: 0 } });
    assert.match(answer.markdown, /A sentence typed just now\./);
  });

  it("answers the ladder graph of the page's job family, with levels and labelled edges", async () => {
    const answer = await run<LadderAnswer>('handbookRoles.ladderGraph', { textDocument: { uri: backend.uri } });
    assert.equal(answer.title, 'Ladder of Backend Engineer');
    const title = new Map(answer.graph.nodes.map((node) => [node.id, node.title]));
    const edges = answer.graph.edges.map((edge) => `${title.get(edge.from)} -${edge.label}-> ${edge.to === undefined ? '✗' : title.get(edge.to)}`);
    for (const expected of [
      'Senior Backend Engineer -responsibilities-> Backend Engineer',
      'Senior Backend Engineer -requirements-> Backend Engineer',
      'Staff Backend Engineer -requirements-> Senior Backend Engineer',
    ]) {
      assert.ok(edges.includes(expected), `${expected} in ${edges.join('; ')}`);
    }
    assert.equal(answer.graph.nodes.find((node) => node.title === 'Staff Backend Engineer')?.level, 3);
    assert.match(answer.html, /<svg [^>]*class="ladder"/);
  });

  it('answers the whole handbook filtered by a path', async () => {
    const answer = await run<LadderAnswer>('handbookRoles.ladderGraph', { textDocument: { uri: backend.uri }, scope: 'handbook', under: 'content/jobs' });
    assert.ok(answer.graph.nodes.length > 0);
    assert.ok(
      answer.graph.nodes.every((node) => node.page.startsWith('content/jobs/')),
      answer.graph.nodes.map((node) => node.page).join(', '),
    );
  });

  it('refuses an unknown command and an argument without a document, naming what is wrong', async () => {
    await assert.rejects(run('handbookRoles.nothing', {}), /Unknown command "handbookRoles\.nothing"/);
    await assert.rejects(run('handbookRoles.effectiveRole', { position: { line: 0, character: 0 } }), /textDocument\.uri is missing/);
    await assert.rejects(run('handbookRoles.effectiveRole', { textDocument: { uri: backend.uri }, position: { line: -1, character: 0 } }), /position\.line is -1/);
  });
});
