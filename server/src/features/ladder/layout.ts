// Where each node and edge of a ladder graph is drawn: dagre's layered layout (chosen over elkjs
// by measuring, see README.md, "Ladder graph"), higher levels above lower ones. Sizes are
// estimated from the text, since there is no DOM to measure it in the server or the CLI.
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { LadderGraph } from '../../model/roles/ladderGraph';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly id: string;
  /** Centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  /** Index into the graph's edges. */
  readonly edge: number;
  readonly points: readonly Point[];
  readonly label: Point;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** Where a broken edge's missing target is drawn, by edge index. */
  readonly missing: ReadonlyMap<number, PlacedNode>;
}

export const NODE_HEIGHT = 44;
const CHARACTER_WIDTH = 7.2;
const NODE_PADDING = 24;
const MISSING = 'missing:';

/** The width a node needs for its longest line at the views' 12–13px sans-serif (CJK characters count double). */
export function textWidth(text: string): number {
  let units = 0;
  for (const character of text) units += character.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return units * CHARACTER_WIDTH;
}

export function layoutGraph(graph: LadderGraph, lines: (node: LadderGraph['nodes'][number]) => readonly string[]): GraphLayout {
  const layout = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  // BT: what a role extends (a lower level) is drawn below it.
  layout.setGraph({ rankdir: 'BT', nodesep: 28, ranksep: 56, edgesep: 12, marginx: 16, marginy: 16 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    layout.setNode(node.id, { width: Math.max(...lines(node).map(textWidth)) + NODE_PADDING, height: NODE_HEIGHT });
  }
  graph.edges.forEach((edge, at) => {
    const label = { width: textWidth(edge.label), height: 16, labelpos: 'c' as const };
    if (edge.to !== undefined) {
      layout.setEdge(edge.from, edge.to, label, String(at));
      return;
    }
    layout.setNode(`${MISSING}${at}`, { width: textWidth(edge.destination) + NODE_PADDING, height: NODE_HEIGHT });
    layout.setEdge(edge.from, `${MISSING}${at}`, label, String(at));
  });
  dagre.layout(layout);
  const placed = (id: string): PlacedNode => {
    const { x = 0, y = 0, width, height } = layout.node(id);
    return { id, x, y, width, height };
  };
  const edges = graph.edges.map((edge, at): PlacedEdge => {
    const laid = layout.edge(edge.from, edge.to ?? `${MISSING}${at}`, String(at));
    return { edge: at, points: laid.points ?? [], label: { x: laid.x ?? 0, y: laid.y ?? 0 } };
  });
  const missing = new Map(graph.edges.flatMap((edge, at) => (edge.to === undefined ? [[at, placed(`${MISSING}${at}`)] as const] : [])));
  const { width = 0, height = 0 } = layout.graph();
  return { width, height, nodes: graph.nodes.map((node) => placed(node.id)), edges, missing };
}
