// The ladder graph in-process: a family's roles and extends with labels and levels, broken edges,
// cycles and self-extends, pages whose front matter does not parse, and a family of 500 roles cut
// to the limit with a count; and the formats drawn from it.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatGraph, ladderJson } from '../../server/src/features/ladder/formats';
import { ladderGraphFor } from '../../server/src/features/ladder/ladderCommand';
import { ladderGraph } from '../../server/src/model/roles/ladderGraph';
import { loadFixture } from '../support/fixture';
import { memoryHandbook } from '../support/memoryHandbook';

const FAMILY = `
  //- /content/job-families/eng/backend.md
  ---
  title: "Backend Engineer"
  ---
  ## Backend Engineer

  ### Responsibilities

  - Writes Ruby

  ### Requirements

  - Knows Rails

  ## Senior Backend Engineer

  ### Responsibilities

  - Extends that of the [Backend Engineer](#backend-engineer) responsibilities

  ### Requirements

  - Extends that of the [Backend Engineer](#requirements) requirements
  - Extends that of the [Principal](/job-families/eng/principal/) requirements

  ## Staff Backend Engineer

  - All competencies exhibited by a [Senior Backend Engineer](#senior-backend-engineer)
  //- /content/job-families/eng/fullstack.md
  ---
  title: "Fullstack Engineer"
  ---
  ### Requirements

  - Extends that of the [Backend Engineer](/job-families/eng/backend/#backend-engineer) requirements
  //- /content/job-families/other/unrelated.md
  ---
  title: "Unrelated"
  ---
  Nothing.
`;

const edgeList = (graph: ReturnType<typeof ladderJson>) => graph.edges.map((edge) => `${edge.from} -${edge.label}-> ${edge.to ?? `✗ ${edge.destination} (${edge.broken})`}`).sort();

describe('ladder graph', () => {
  it('draws the family of a page: its roles and every role connected to them, edges labelled with what they inherit', async () => {
    const fixture = await loadFixture(FAMILY);
    const answer = ladderGraphFor(fixture.index, fixture.file('content/job-families/eng/backend.md'), {});
    const B = '/job-families/eng/backend/';
    assert.deepEqual(
      edgeList(answer.graph),
      [
        `${B}#senior-backend-engineer -requirements-> ${B}#backend-engineer`,
        `${B}#senior-backend-engineer -requirements-> ✗ /job-families/eng/principal/ (missing-page)`,
        `${B}#senior-backend-engineer -responsibilities-> ${B}#backend-engineer`,
        `${B}#staff-backend-engineer -all competencies-> ${B}#senior-backend-engineer`,
        `/job-families/eng/fullstack/ -requirements-> ${B}#backend-engineer`,
      ].sort(),
    );
    const levels = Object.fromEntries(answer.graph.nodes.map((node) => [node.title, node.level]));
    assert.equal(answer.graph.nodes.length, 4, 'the page that holds the levels as sections is no node of its own');
    assert.deepEqual(levels, { 'Backend Engineer': 1, 'Senior Backend Engineer': 2, 'Staff Backend Engineer': 3, 'Fullstack Engineer': 2 });
    assert.ok(!answer.graph.nodes.some((node) => node.title === 'Unrelated'), 'a role of no extends with the family is not in it');
    assert.equal(answer.graph.nodes.find((node) => node.title === 'Staff Backend Engineer')?.line, 25);
    assert.match(answer.html, /1 broken extends sentence \(dashed\)/);
  });

  it('the whole handbook, filtered by path', async () => {
    const fixture = await loadFixture(FAMILY);
    const all = ladderGraphFor(fixture.index, fixture.file('content/job-families/eng/backend.md'), { scope: 'handbook' });
    assert.ok(all.graph.nodes.some((node) => node.title === 'Unrelated'));
    const other = ladderGraphFor(fixture.index, fixture.file('content/job-families/eng/backend.md'), { scope: 'handbook', under: 'job-families/other' });
    assert.deepEqual(
      other.graph.nodes.map((node) => node.title),
      ['Unrelated'],
    );
    assert.equal(other.title, 'Ladder graph of job-families/other');
  });

  it('finds cycles and self-extends, and marks pages whose front matter does not parse', async () => {
    const fixture = await loadFixture(`
      //- /content/job-families/eng/a.md
      ---
      title: "A"
      ---
      - Extends that of the [B](/job-families/eng/b/) requirements
      //- /content/job-families/eng/b.md
      ---
      title: "B"
      ---
      - Extends that of the [A](/job-families/eng/a/) requirements
      //- /content/job-families/eng/self.md
      ---
      title: [broken
      ---
      - Extends that of the [itself](/job-families/eng/self/) requirements
      - Extends that of the [A](/job-families/eng/a/) requirements
    `);
    const graph = ladderJson(ladderGraph(fixture.index, { maxNodes: 300 }));
    assert.deepEqual(graph.cycles.map((cycle) => [...cycle].sort()).sort(), [['/job-families/eng/a/', '/job-families/eng/b/'], ['/job-families/eng/self/']]);
    assert.deepEqual(graph.edges.map((edge) => `${edge.from}→${edge.to} ${edge.inCycle}`).sort(), [
      '/job-families/eng/a/→/job-families/eng/b/ true',
      '/job-families/eng/b/→/job-families/eng/a/ true',
      '/job-families/eng/self/→/job-families/eng/a/ false',
      '/job-families/eng/self/→/job-families/eng/self/ true',
    ]);
    const self = graph.nodes.find((node) => node.id === '/job-families/eng/self/')!;
    assert.ok(self.problem, 'the unparsable front matter is named');
    assert.ok(self.inCycle);
    assert.ok(graph.notes.some((note) => /Extends cycle: A → B → A|Extends cycle: B → A → B/.test(note)));
    // Every format draws it without looping.
    for (const format of ['mermaid', 'dot', 'json', 'svg', 'html'] as const) assert.ok(formatGraph(ladderGraph(fixture.index, { maxNodes: 300 }), format, 'Cycles').length > 100, format);
  });

  it('cuts a family of 500 roles to the limit, nearest roles first, and says how many it left out', async () => {
    const files: Record<string, string> = {};
    for (let at = 0; at < 500; at++) {
      const below = at > 0 ? `- Extends that of the [Role ${at - 1}](/job-families/big/r${at - 1}/) requirements\n` : '';
      files[`content/job-families/big/r${at}.md`] = `---\ntitle: "Role ${at}"\n---\n${below}`;
    }
    const handbook = await memoryHandbook(files);
    const answer = ladderGraphFor(handbook.index, handbook.file('content/job-families/big/r0.md'), {});
    assert.equal(answer.graph.nodes.length, 300);
    assert.equal(answer.graph.cutNodes, 200);
    assert.equal(answer.graph.nodes.at(-1)?.title, 'Role 299');
    assert.equal(answer.graph.edges.length, 299);
    assert.match(answer.html, /200 more roles not shown: narrow the graph to a folder to see them\./);
    assert.equal(answer.graph.nodes.find((node) => node.title === 'Role 299')?.level, 300);
  });

  it('draws broken edges to a dashed missing box, and nodes that open their page at the role', async () => {
    const fixture = await loadFixture(FAMILY);
    const svg = formatGraph(ladderGraph(fixture.index, { around: fixture.file('content/job-families/eng/backend.md'), maxNodes: 300 }), 'svg', 'Backend');
    assert.equal(svg.match(/<g class="node/g)?.length, 4);
    assert.equal(svg.match(/<g class="edge/g)?.length, 5);
    assert.match(svg, /<g class="edge broken" data-from="\/job-families\/eng\/backend\/#senior-backend-engineer" data-to=""/);
    assert.match(svg, /<g class="missing" data-destination="\/job-families\/eng\/principal\/">/);
    assert.match(svg, new RegExp(`data-uri="${fixture.uri('content/job-families/eng/backend.md')}" data-line="25"`));
    const dot = formatGraph(ladderGraph(fixture.index, { around: fixture.file('content/job-families/eng/backend.md'), maxNodes: 300 }), 'dot', 'Backend');
    assert.match(dot, /"\/job-families\/eng\/backend\/#senior-backend-engineer" -> "missing:\d+" \[label="requirements \(broken\)", style=dashed/);
  });
});
