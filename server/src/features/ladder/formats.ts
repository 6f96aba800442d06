// A ladder graph (model/roles/ladderGraph.ts) in the forms people use it in: JSON for tools and
// the editor's webview, Mermaid and Graphviz DOT for docs, and SVG or one self-contained HTML
// file laid out by layout.ts. Every form draws the same things: roles with their level and page,
// extends labelled with what they inherit, broken extends to a dashed "missing" box, cycles in
// the warning colour, and a note of what was cut.
import { URI } from 'vscode-uri';
import type { LadderEdge, LadderGraph, LadderNode } from '../../model/roles/ladderGraph';
import { relativePath } from '../../model/base/paths';
import { escapeHtml } from '../shared/html';
import { layoutGraph, NODE_HEIGHT, type GraphLayout, type Point } from './layout';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json', 'svg', 'html'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface LadderJson {
  readonly nodes: { id: string; title: string; level: number; page: string; line: number; uri: string; inCycle: boolean; problem?: string }[];
  readonly edges: { from: string; to?: string; label: string; destination: string; broken?: string; inCycle: boolean; file: string; line: number }[];
  readonly cycles: string[][];
  readonly cutNodes: number;
  /** For people: what the graph leaves out or warns of. */
  readonly notes: string[];
}

export function formatGraph(graph: LadderGraph, format: GraphFormat, title: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(ladderJson(graph), null, 2)}\n`;
    case 'mermaid':
      return ladderMermaid(graph);
    case 'dot':
      return ladderDot(graph);
    case 'svg':
      return ladderSvg(graph, layoutGraph(graph, nodeLines), STANDALONE_STYLE);
    case 'html':
      return ladderHtml(graph, title);
  }
}

export function ladderJson(graph: LadderGraph): LadderJson {
  return {
    nodes: graph.nodes.map((node) => ({
      id: node.id,
      title: node.title,
      level: node.level,
      page: pageOf(node),
      line: lineOf(node),
      uri: nodeUri(node),
      inCycle: node.inCycle,
      ...(node.problem ? { problem: node.problem } : {}),
    })),
    edges: graph.edges.map((edge) => ({
      from: edge.from,
      ...(edge.to !== undefined ? { to: edge.to } : {}),
      label: edge.label,
      destination: edge.destination,
      ...(edge.broken ? { broken: edge.broken } : {}),
      inCycle: edge.inCycle,
      file: relativePath(edge.file.site.folder, edge.file.path),
      line: edge.file.lines.positionAt(edge.offset).line + 1,
    })),
    cycles: graph.cycles,
    cutNodes: graph.cutNodes,
    notes: notesOf(graph),
  };
}

/** The two lines a node shows: its title, then its level and page. */
export function nodeLines(node: LadderNode): [string, string] {
  return [node.title, `level ${node.level} · ${pageOf(node)}`];
}

export function notesOf(graph: LadderGraph): string[] {
  const title = new Map(graph.nodes.map((node) => [node.id, node.title]));
  const notes = graph.cycles.map((cycle) => `Extends cycle: ${[...cycle, cycle[0]].map((id) => title.get(id) ?? id).join(' → ')}`);
  const broken = graph.edges.filter((edge) => edge.broken).length;
  if (broken > 0) notes.push(`${broken} broken extends sentence${broken === 1 ? '' : 's'} (dashed): the page or anchor they name does not exist.`);
  const unparsed = graph.nodes.filter((node) => node.problem).length;
  if (unparsed > 0) notes.push(`${unparsed} role page${unparsed === 1 ? '' : 's'} with front matter that does not parse: titles may be wrong.`);
  if (graph.cutNodes > 0) notes.push(`${graph.cutNodes} more role${graph.cutNodes === 1 ? '' : 's'} not shown: narrow the graph to a folder to see them.`);
  if (graph.nodes.length === 0) notes.push('No roles here: no page under handbookRoles.rolePaths, and no extends sentence names one.');
  return notes;
}

function ladderMermaid(graph: LadderGraph): string {
  const ids = new Map(graph.nodes.map((node, at) => [node.id, `n${at}`]));
  const text = (value: string) => `"${value.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart BT'];
  for (const node of graph.nodes) lines.push(`  ${ids.get(node.id)}[${text(`${node.title}<br/>level ${node.level}`)}]`);
  const linkStyles: string[] = [];
  graph.edges.forEach((edge, at) => {
    const from = ids.get(edge.from)!;
    if (edge.to === undefined) {
      lines.push(`  m${at}[${text(`missing: ${edge.destination}`)}]:::missing`, `  ${from} -.->|${text(`${edge.label} (broken)`)}| m${at}`);
    } else lines.push(`  ${from} -->|${text(edge.label)}| ${ids.get(edge.to)}`);
    if (edge.inCycle) linkStyles.push(`  linkStyle ${at} stroke:#cf222e,stroke-width:2px`);
  });
  lines.push('  classDef missing stroke:#cf222e,stroke-dasharray:4 3', '  classDef cycle stroke:#cf222e,stroke-width:2px');
  const cyclic = graph.nodes.filter((node) => node.inCycle).map((node) => ids.get(node.id));
  if (cyclic.length > 0) lines.push(`  class ${cyclic.join(',')} cycle`);
  return `${[...lines, ...linkStyles].join('\n')}\n`;
}

function ladderDot(graph: LadderGraph): string {
  const quote = (value: string) => `"${value.replace(/[\\"]/g, '\\$&')}"`;
  const lines = ['digraph ladder {', '  rankdir=BT;', '  node [shape=box, style=rounded, fontname="sans-serif"];', '  edge [fontname="sans-serif", fontsize=10];'];
  for (const node of graph.nodes) {
    const attributes = [`label=${quote(`${node.title}\nlevel ${node.level} · ${pageOf(node)}`)}`, `URL=${quote(node.id)}`, ...(node.inCycle ? ['color="#cf222e"', 'penwidth=2'] : [])];
    lines.push(`  ${quote(node.id)} [${attributes.join(', ')}];`);
  }
  graph.edges.forEach((edge, at) => {
    if (edge.to === undefined) {
      lines.push(`  ${quote(`missing:${at}`)} [label=${quote(`missing: ${edge.destination}`)}, style=dashed, color="#cf222e"];`);
      lines.push(`  ${quote(edge.from)} -> ${quote(`missing:${at}`)} [label=${quote(`${edge.label} (broken)`)}, style=dashed, color="#cf222e"];`);
    } else lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.label)}${edge.inCycle ? ', color="#cf222e", penwidth=2' : ''}];`);
  });
  return `${[...lines, '}'].join('\n')}\n`;
}

/** The graph as SVG. Colours come from classes (see STANDALONE_STYLE); `style` is embedded when given, else the page around it styles them. */
export function ladderSvg(graph: LadderGraph, layout: GraphLayout, style?: string): string {
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="ladder" width="${round(layout.width)}" height="${round(layout.height)}" viewBox="0 0 ${round(layout.width)} ${round(layout.height)}" role="img" aria-label="Ladder graph">`,
  );
  if (style) parts.push(`<style>${style}</style>`);
  parts.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="arrowhead"/></marker></defs>',
  );
  for (const placed of layout.edges) {
    const edge = graph.edges[placed.edge];
    const classes = ['edge', ...(edge.broken ? ['broken'] : []), ...(edge.inCycle ? ['cycle'] : [])].join(' ');
    parts.push(
      `<g class="${classes}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to ?? '')}" data-label="${escapeHtml(edge.label)}"><title>${escapeHtml(edgeTitle(graph, edge))}</title>` +
        `<path d="${pathOf(placed.points)}" marker-end="url(#arrow)"/><text x="${round(placed.label.x)}" y="${round(placed.label.y + 4)}" text-anchor="middle">${escapeHtml(edge.label)}</text></g>`,
    );
  }
  for (const [at, box] of layout.missing) {
    parts.push(
      `<g class="missing" data-destination="${escapeHtml(graph.edges[at].destination)}">${rect(box)}<text x="${round(box.x)}" y="${round(box.y + 4)}" text-anchor="middle">missing: ${escapeHtml(graph.edges[at].destination)}</text></g>`,
    );
  }
  layout.nodes.forEach((box, at) => {
    const node = graph.nodes[at];
    const [title, detail] = nodeLines(node);
    const classes = ['node', ...(node.inCycle ? ['cycle'] : []), ...(node.problem ? ['problem'] : [])].join(' ');
    parts.push(
      `<g class="${classes}" tabindex="0" role="link" data-id="${escapeHtml(node.id)}" data-uri="${escapeHtml(nodeUri(node))}" data-line="${lineOf(node)}"><title>${escapeHtml(node.problem ? `${node.id}\n⚠ ${node.problem}` : node.id)}</title>` +
        `${rect(box)}<text x="${round(box.x)}" y="${round(box.y - 4)}" text-anchor="middle" class="title">${escapeHtml(title)}</text>` +
        `<text x="${round(box.x)}" y="${round(box.y + 13)}" text-anchor="middle" class="detail">${escapeHtml(detail)}</text></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The colours of a graph outside the editor: GitHub's, light or dark as the reader's system is. */
export const STANDALONE_STYLE =
  '.ladder{font:12px system-ui,sans-serif}.node rect{fill:#f6f8fa;stroke:#8250df;stroke-width:1.5}.node text{fill:#1f2328}.node .detail{fill:#59636e;font-size:11px}.node{cursor:pointer}' +
  '.node:hover rect,.node:focus rect{fill:#fbefff}.edge path{fill:none;stroke:#59636e;stroke-width:1.3}.edge text{fill:#59636e;font-size:11px}.arrowhead{fill:#59636e}' +
  '.broken path,.missing rect{stroke:#cf222e;stroke-dasharray:5 4}.missing rect{fill:none}.missing text{fill:#cf222e}.cycle rect,.cycle path{stroke:#cf222e;stroke-width:2.5}.problem rect{stroke:#9a6700;stroke-dasharray:2 2}' +
  '@media (prefers-color-scheme:dark){.node rect{fill:#161b22;stroke:#a371f7}.node text{fill:#e6edf3}.node .detail,.edge text{fill:#9198a1}.edge path{stroke:#9198a1}.arrowhead{fill:#9198a1}}';

/** The heading, notes and graph both HTML views show (the CLI's file and the editor's webview). */
export function ladderBody(graph: LadderGraph, title: string, layout: GraphLayout = layoutGraph(graph, nodeLines)): string {
  const counts = `${graph.nodes.length} role${graph.nodes.length === 1 ? '' : 's'} · ${graph.edges.length} extends`;
  const notes = notesOf(graph).map((note) => `<li>${escapeHtml(note)}</li>`);
  return [
    `<header><h1>${escapeHtml(title)}</h1><p class="counts">${counts}</p>${notes.length > 0 ? `<ul class="notes">${notes.join('')}</ul>` : ''}</header>`,
    `<main class="graph">${ladderSvg(graph, layout)}</main>`,
  ].join('\n');
}

function ladderHtml(graph: LadderGraph, title: string): string {
  // The nodes link to the roles' URLs on the site, relative to wherever the file is served.
  const script = `document.querySelectorAll('.node').forEach(function(n){n.addEventListener('click',function(){location.href=n.dataset.id})})`;
  const style = `body{margin:1rem;font:14px system-ui,sans-serif;color:#1f2328;background:#fff}h1{font-size:1.3rem;margin:0}.counts{color:#59636e;margin:.25rem 0}.notes{color:#9a6700}@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}}${STANDALONE_STYLE}`;
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>${style}</style>\n</head>\n<body>\n${ladderBody(graph, title)}\n<script>${script}</script>\n</body>\n</html>\n`;
}

function edgeTitle(graph: LadderGraph, edge: LadderEdge): string {
  const title = (id: string) => graph.nodes.find((node) => node.id === id)?.title ?? id;
  const where = `${relativePath(edge.file.site.folder, edge.file.path)}:${edge.file.lines.positionAt(edge.offset).line + 1}`;
  return edge.to === undefined ? `${title(edge.from)} extends ${edge.destination}, which does not exist (${where})` : `${title(edge.from)} extends the ${edge.label} of ${title(edge.to)} (${where})`;
}

function pageOf(node: LadderNode): string {
  return relativePath(node.page.site.folder, node.page.path);
}

function lineOf(node: LadderNode): number {
  return node.anchor ? node.anchor.file.lines.positionAt(node.anchor.range.start).line + 1 : 1;
}

function nodeUri(node: LadderNode): string {
  return URI.file((node.anchor?.file ?? node.page).path).toString();
}

function rect(box: { x: number; y: number; width: number; height: number }): string {
  return `<rect x="${round(box.x - box.width / 2)}" y="${round(box.y - NODE_HEIGHT / 2)}" width="${round(box.width)}" height="${round(box.height)}" rx="6"/>`;
}

function pathOf(points: readonly Point[]): string {
  return points.map((point, at) => `${at === 0 ? 'M' : 'L'}${round(point.x)},${round(point.y)}`).join('');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
