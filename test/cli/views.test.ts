// `handbook-roles show` and `handbook-roles graph`, run as a CI job runs them, on the example
// handbook. The HTML graph is opened in headless Chromium and its nodes and edges read from the
// DOM; the Mermaid output is parsed by the mermaid package's own parser, in the same browser
// (mermaid sanitises labels with DOMPurify, which needs a real DOM). Both skip without Chromium.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { EXAMPLE, runCli, scratchFolder, writeFiles } from './support';

const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const MERMAID = path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist/mermaid.min.js');
const BACKEND = '/job-families/engineering/development/backend/#staff-backend-engineer';

// Run in the page; plain JavaScript text, as in test/e2e/support/workbench.ts (the TypeScript loader adds helpers to functions).
const DRAWN_GRAPH = `({
  nodes: [...document.querySelectorAll('svg.ladder g.node')].map((node) => ({ id: node.dataset.id, title: node.querySelector('text.title').textContent, width: node.getBoundingClientRect().width })),
  edges: [...document.querySelectorAll('svg.ladder g.edge')].map((edge) => ({ from: edge.dataset.from, to: edge.dataset.to, label: edge.querySelector('text').textContent, length: edge.querySelector('path').getTotalLength() })),
})`;

describe('handbook-roles show', () => {
  it('prints the effective role of a role URL as Markdown, levels in order', async () => {
    const run = await runCli(['show', BACKEND, '--folder', EXAMPLE]);
    assert.equal(run.code, 0, run.stderr);
    const headings = run.stdout.split('\n').filter((line) => line.startsWith('## '));
    assert.equal(headings.length, 3);
    assert.match(headings[2], /Inherited from Backend Engineer/);
  });

  it('prints the effective role of a file as one HTML file, includes quoted with their source', async () => {
    const run = await runCli(['show', path.join(EXAMPLE, 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/staff.md'), '--format', 'html']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^<!DOCTYPE html>/);
    assert.match(
      run.stdout,
      /<blockquote class="included"><p class="source">📄 Included from <a href="file:\/\/\/[^"]*staff-leadership-competency\.md">includes\/engineering-careers\/staff-leadership-competency\.md<\/a>/,
    );
    assert.doesNotMatch(run.stdout, /<script|<link /, 'the file needs nothing else');
  });

  it('prints the whole page for its file as for its URL, also when a role heading opens the body', async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, {
      'hugo.toml': 'baseURL = "https://handbook.example.com/"\n',
      'content/job-families/developer.md':
        '---\ntitle: "Developer"\n---\n## Intermediate Developer\n\nShips.\n\n## Senior Developer\n\nExtends that of the [Intermediate](#intermediate-developer) role.\n',
    });
    const [byFile, byUrl] = await Promise.all([runCli(['show', path.join(folder, 'content/job-families/developer.md')]), runCli(['show', '/job-families/developer/', '--folder', folder])]);
    assert.equal(byFile.code, 0, byFile.stderr);
    assert.match(byFile.stdout, /^# Developer — effective role\n/);
    assert.equal(byFile.stdout, byUrl.stdout);
  });

  it('says what is wrong with a URL that names no page, and with a bad format', async () => {
    const missing = await runCli(['show', '/job-families/nowhere/', '--folder', EXAMPLE]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no page of the handbook has the URL \/job-families\/nowhere\//);
    const format = await runCli(['show', BACKEND, '--folder', EXAMPLE, '--format', 'pdf']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /Unknown --format "pdf" for show: use md or html\./);
  });
});

describe('handbook-roles graph', () => {
  it('prints the family of --root as JSON and DOT, and needs a --format', async () => {
    const json = await runCli(['graph', EXAMPLE, '--root', BACKEND, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const graph = JSON.parse(json.stdout) as { nodes: { title: string }[]; edges: unknown[] };
    assert.deepEqual(graph.nodes.map((node) => node.title).sort(), ['Backend Engineer', 'Fullstack Engineer', 'Senior Backend Engineer', 'Senior Fullstack Engineer', 'Staff Backend Engineer']);
    assert.equal(graph.edges.length, 6);
    const dot = await runCli(['graph', EXAMPLE, '--root', BACKEND, '--format', 'dot']);
    assert.match(dot.stdout, /^digraph ladder \{/);
    const none = await runCli(['graph', EXAMPLE]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /graph needs --format mermaid\|dot\|json\|svg\|html/);
  });

  it('says that a folder given to graph or show --folder is not one, as check does', async () => {
    const graph = await runCli(['graph', 'no/such/folder', '--format', 'dot']);
    assert.deepEqual([graph.code, graph.stdout], [2, '']);
    assert.match(graph.stderr, /^handbook-roles: no\/such\/folder is not a folder\. Give the folder of the Hugo site/);
    const show = await runCli(['show', BACKEND, '--folder', path.join(EXAMPLE, 'hugo.toml')]);
    assert.deepEqual([show.code, show.stdout], [2, '']);
    assert.match(show.stderr, /hugo\.toml is not a folder\. Give the folder of the Hugo site/);
  });

  it("reads the handbook's .handbook-roles.yaml: an extends phrase of its own makes an edge", async (t) => {
    const folder = await scratchFolder(t);
    await writeFiles(folder, {
      'hugo.toml': 'baseURL = "https://handbook.example.com/"\n',
      'content/jobs/developer.md': '---\ntitle: "Developer"\n---\n\n## Requirements\n\n- Ships.\n',
      'content/jobs/lead.md': '---\ntitle: "Lead"\n---\n\n## Requirements\n\n- Builds on the [Developer](/jobs/developer/#requirements) requirements.\n',
    });
    const edges = async () => {
      const run = await runCli(['graph', folder, '--format', 'json']);
      assert.equal(run.code, 0, run.stderr);
      return (JSON.parse(run.stdout) as { edges: { from: string; to?: string }[] }).edges.map((edge) => `${edge.from} -> ${edge.to}`);
    };
    assert.deepEqual(await edges(), []);
    await writeFiles(folder, { '.handbook-roles.yaml': 'extendsPatterns:\n  - "\\\\bbuilds on\\\\b"\n' });
    assert.deepEqual(await edges(), ['/jobs/lead/ -> /jobs/developer/']);
  });

  describe('in a real browser', { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, () => {
    let browser: Browser;
    before(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });
    after(async () => browser?.close());

    it('the HTML file draws every role and extends of the whole handbook, labelled, with nothing loaded from elsewhere', async () => {
      const [html, json] = await Promise.all([runCli(['graph', EXAMPLE, '--format', 'html']), runCli(['graph', EXAMPLE, '--format', 'json'])]);
      assert.equal(html.code, 0, html.stderr);
      const expected = JSON.parse(json.stdout) as { nodes: { id: string; title: string }[]; edges: { from: string; to?: string; label: string }[] };
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.setContent(html.stdout);
      const drawn = await page.evaluate<{ nodes: { id: string; title: string; width: number }[]; edges: { from: string; to: string; label: string; length: number }[] }>(DRAWN_GRAPH);
      assert.deepEqual(drawn.nodes.map((node) => `${node.id} ${node.title}`).sort(), expected.nodes.map((node) => `${node.id} ${node.title}`).sort());
      assert.deepEqual(drawn.edges.map((edge) => `${edge.from} -${edge.label}-> ${edge.to}`).sort(), expected.edges.map((edge) => `${edge.from} -${edge.label}-> ${edge.to ?? ''}`).sort());
      assert.ok(drawn.nodes.length > 10 && drawn.edges.length > 10, `${drawn.nodes.length} nodes, ${drawn.edges.length} edges`);
      assert.ok(drawn.nodes.every((node) => node.width > 40) && drawn.edges.every((edge) => edge.length > 10), 'every node and edge is drawn with a size');
      assert.deepEqual(requests, [], 'the file loads nothing');
      await page.close();
    });

    it("the Mermaid output is a flowchart mermaid's own parser accepts, cycles, broken edges and quotes included", async (t) => {
      const folder = await scratchFolder(t);
      await writeFiles(folder, {
        'content/job-families/x/a.md':
          '---\ntitle: "A \\"quoted\\" <b>role</b>"\n---\n- Extends that of the [B](/job-families/x/b/) requirements\n- Extends that of the [gone](/job-families/x/gone/) requirements\n',
        'content/job-families/x/b.md': '---\ntitle: "B"\n---\n- Extends that of the [A](/job-families/x/a/) requirements\n- Extends that of the [B](/job-families/x/b/) requirements\n',
      });
      const [mermaid, cycles] = await Promise.all([runCli(['graph', EXAMPLE, '--format', 'mermaid']), runCli(['graph', folder, '--format', 'mermaid'])]);
      assert.match(cycles.stdout, /-\.->.*\n[^]*classDef cycle[^]*class n0,n1 cycle[^]*linkStyle/, cycles.stdout);
      const page = await browser.newPage();
      await page.setContent('<!DOCTYPE html><html><body></body></html>');
      await page.addScriptTag({ path: MERMAID });
      const parse = (text: string) => page.evaluate<string>(`window.mermaid.parse(${JSON.stringify(text)}).then((result) => result.diagramType, (error) => 'error: ' + error)`);
      assert.equal(await parse(mermaid.stdout), 'flowchart-v2');
      assert.equal(await parse(cycles.stdout), 'flowchart-v2');
      assert.match(await parse('flowchart BT\n  n0[["unclosed'), /^error: /, 'the parser does refuse a broken chart');
      await page.close();
    });
  });
});
