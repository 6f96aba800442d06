// The ladder graph for an editor: what `workspace/executeCommand` answers for the page being
// edited — its job family, or the whole handbook under a path — as the graph's JSON and the
// HTML (heading, notes, laid-out SVG) a webview shows.
import type { HandbookIndex } from '../../model/index/handbookIndex';
import type { IndexedFile } from '../../model/index/indexedFile';
import { ladderGraph, LADDER_MAX_NODES } from '../../model/roles/ladderGraph';
import { ladderBody, ladderJson, type LadderJson } from './formats';

/** Arguments `{ textDocument: { uri }, scope?: 'family' | 'handbook', under?: string }`; answer `LadderAnswer`. */
export const LADDER_GRAPH_COMMAND = 'handbookRoles.ladderGraph';

export interface LadderRequest {
  /** `family` (default): the roles connected to this page's by extends; `handbook`: every role, under `under` when given. */
  readonly scope?: 'family' | 'handbook';
  readonly under?: string;
}

export interface LadderAnswer {
  readonly title: string;
  readonly graph: LadderJson;
  /** Trusted markup (every page text in it is escaped) for the webview's body. */
  readonly html: string;
}

export function ladderGraphFor(index: HandbookIndex, file: IndexedFile, request: LadderRequest): LadderAnswer {
  const family = request.scope !== 'handbook';
  const graph = ladderGraph(index, { around: family ? file : undefined, under: request.under || undefined, maxNodes: LADDER_MAX_NODES });
  const title = family ? `Ladder of ${index.titleOf(file)}` : request.under ? `Ladder graph of ${request.under}` : 'Ladder graph of the handbook';
  return { title, graph: ladderJson(graph), html: ladderBody(graph, title) };
}
