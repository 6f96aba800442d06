// The ladder graph: roles as nodes, extends sentences as edges from the role that writes the
// sentence to the role it inherits from, for a job family (the roles connected to one page by
// extends, either way) or the whole handbook under a path. Broken sentences are edges with no
// target; cycles are found as strongly connected components. Bounded by `maxNodes`: the rest is
// counted, so a view can say how many roles it left out.
import type { HandbookIndex } from '../index/handbookIndex';
import type { Anchor, IndexedFile } from '../index/indexedFile';
import type { LinkFact } from '../page/facts';
import { relativePath } from '../base/paths';
import { allRoles, extendsLinksIn, isAspectHeading, isAspectTitle, resolveExtends, sectionAt, sourceSection, sectionUrl, wholePage, type Role, type Section } from './inheritance';

export interface LadderNode {
  /** The role's URL path, `#anchor` for a role that is a section: unique in the handbook. */
  readonly id: string;
  readonly title: string;
  /** 1 for a role that extends no other, else one more than the highest level it extends (a cycle counts as nothing below it). */
  readonly level: number;
  readonly page: IndexedFile;
  readonly anchor?: Anchor;
  readonly inCycle: boolean;
  /** Why the page's facts are not to be trusted, when its front matter does not parse. */
  readonly problem?: string;
}

export interface LadderEdge {
  /** The role whose text holds the sentence. */
  readonly from: string;
  /** The role inherited from; undefined for a broken sentence. */
  readonly to?: string;
  /** What is inherited: "requirements", "responsibilities", another aspect heading's text, or "all competencies". */
  readonly label: string;
  readonly destination: string;
  readonly broken?: 'missing-page' | 'missing-section';
  readonly inCycle: boolean;
  /** Where the sentence is written. */
  readonly file: IndexedFile;
  readonly offset: number;
}

export interface LadderGraph {
  readonly nodes: LadderNode[];
  readonly edges: LadderEdge[];
  /** Each cycle's roles (node ids). */
  readonly cycles: string[][];
  /** Roles in scope that were left out (over `maxNodes`). */
  readonly cutNodes: number;
}

export interface LadderScope {
  /** The job family of this page: every role connected to its roles by extends. */
  readonly around?: IndexedFile;
  /** Only roles whose page's path (relative to its site folder) or URL starts with this. */
  readonly under?: string;
  readonly maxNodes: number;
}

/** Enough for any real job family; a graph much larger than this is no longer readable. */
export const LADDER_MAX_NODES = 300;

export function ladderGraph(index: HandbookIndex, scope: LadderScope): LadderGraph {
  const { roles, edges } = wholeGraph(index);
  let inScope = [...roles.keys()].filter((id) => matchesPath(roles.get(id)!, scope.under));
  if (scope.around) inScope = familyOf(scope.around, roles, edges, new Set(inScope));
  const kept = new Set(inScope.slice(0, scope.maxNodes));
  const keptEdges = edges.filter((edge) => kept.has(edge.from) && (edge.to === undefined || kept.has(edge.to)));
  const cycles = stronglyConnected([...kept], keptEdges).filter((component) => component.length > 1 || keptEdges.some((edge) => edge.from === component[0] && edge.to === component[0]));
  const cyclic = new Map(cycles.flatMap((component, at) => component.map((id) => [id, at] as const)));
  const levels = levelsOf([...kept], keptEdges);
  const nodes = [...kept].map((id): LadderNode => {
    const role = roles.get(id)!;
    const problem = role.page.facts.frontMatterProblem?.message;
    return { id, title: role.title, level: levels.get(id)!, page: role.page, anchor: role.anchor, inCycle: cyclic.has(id), ...(problem ? { problem } : {}) };
  });
  return {
    nodes,
    edges: keptEdges.map((edge) => ({ ...edge, inCycle: edge.to !== undefined && cyclic.has(edge.from) && cyclic.get(edge.from) === cyclic.get(edge.to) })),
    cycles,
    cutNodes: inScope.length - kept.size,
  };
}

type RawEdge = Omit<LadderEdge, 'inCycle'>;

/** Every published role and every extends sentence, each sentence given to the innermost role whose text holds it. */
function wholeGraph(index: HandbookIndex): { roles: Map<string, Role>; edges: RawEdge[] } {
  const roles = new Map<string, Role>();
  const byPage = new Map<IndexedFile, Role[]>();
  for (const role of allRoles(index)) {
    roles.set(role.url, role);
    byPage.set(role.page, [...(byPage.get(role.page) ?? []), role]);
  }
  const edges: RawEdge[] = [];
  for (const [page, pageRoles] of byPage) {
    const claimed = new Set<LinkFact>();
    // Section roles first: what is left of the page's sentences belongs to the page's own role.
    for (const role of [...pageRoles].sort((a, b) => (a.anchor ? 0 : 1) - (b.anchor ? 0 : 1))) {
      const section = role.anchor ? sectionAt(page, role.anchor) : wholePage(page);
      for (const sentence of extendsLinksIn(index, section)) {
        if (claimed.has(sentence.link)) continue;
        claimed.add(sentence.link);
        const edge = edgeOf(index, role, sentence.file, sentence.link);
        // A target that is no published role (a draft, say) has no node to point at.
        if (edge && (edge.to === undefined || roles.has(edge.to))) edges.push(edge);
      }
    }
  }
  // A page that holds its roles as sections is their container, not a role of its own, unless an extends names it or it writes one outside them.
  for (const pageRoles of byPage.values()) {
    const pageRole = pageRoles.find((role) => !role.anchor)!;
    if (pageRoles.length > 1 && !edges.some((edge) => edge.from === pageRole.url || edge.to === pageRole.url)) roles.delete(pageRole.url);
  }
  return { roles, edges };
}

function edgeOf(index: HandbookIndex, role: Role, file: IndexedFile, link: LinkFact): RawEdge | undefined {
  const target = resolveExtends(index, { file, link });
  const base = { from: role.url, destination: link.destination, file, offset: link.start, label: labelOf(file, link, target.kind === 'section' ? target.section : undefined) };
  switch (target.kind) {
    case 'section':
      return { ...base, to: roleUrlOf(index, target.section) };
    case 'missing-page':
    case 'missing-section':
      return { ...base, broken: target.kind };
    case 'not-internal':
      // Outside the handbook: no role to draw, and nothing the handbook can fix.
      return undefined;
  }
}

/** The role a target section belongs to: an aspect heading ("Requirements") belongs to the role around it. */
function roleUrlOf(index: HandbookIndex, section: Section): string {
  if (!section.anchor || !isAspectHeading(section.anchor)) return sectionUrl(section);
  const role = sourceSection(index, section.page, section.anchor.range.start);
  return role ? sectionUrl(role) : sectionUrl(wholePage(section.page));
}

/** The aspect the sentence inherits: the target's aspect heading, else the heading the sentence is written under, else everything. */
function labelOf(file: IndexedFile, link: LinkFact, target: Section | undefined): string {
  const heading = file.facts.headings.filter((candidate) => candidate.range.start < link.start).at(-1);
  const aspect = target?.anchor && isAspectHeading(target.anchor) ? target.anchor.text : heading && isAspectTitle(heading.text) ? heading.text : undefined;
  if (aspect === undefined) return 'all competencies';
  if (/requirement/i.test(aspect)) return 'requirements';
  if (/responsibilit/i.test(aspect)) return 'responsibilities';
  return aspect.toLowerCase();
}

function matchesPath(role: Role, under: string | undefined): boolean {
  if (!under) return true;
  const prefix = under.replace(/^\/+/, '');
  return [relativePath(role.page.site.folder, role.page.path), role.page.sitePath, role.url.replace(/^\/+/, '')].some((path) => path.startsWith(prefix));
}

/** The roles reachable from the page's roles along edges either way, breadth first (nearest first, so a cut keeps the family's core). */
function familyOf(page: IndexedFile, roles: Map<string, Role>, edges: readonly RawEdge[], allowed: Set<string>): string[] {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  for (const edge of edges) {
    if (edge.to === undefined) continue;
    link(edge.from, edge.to);
    link(edge.to, edge.from);
  }
  const own = [...roles.values()].filter((role) => role.page === page && allowed.has(role.url)).map((role) => role.url);
  // A heading at the level of the page's roles that no extends touches ("Hiring Process") is no rung of the ladder.
  const connected = own.filter((id) => neighbours.has(id));
  const start = connected.length > 0 ? connected : own;
  const seen = new Set(start);
  const queue = [...start];
  for (let at = 0; at < queue.length; at++) {
    for (const next of neighbours.get(queue[at]) ?? []) {
      if (seen.has(next) || !allowed.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return queue;
}

/** Tarjan's strongly connected components, iterative so a long chain cannot overflow the stack. */
function stronglyConnected(ids: readonly string[], edges: readonly RawEdge[]): string[][] {
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of edges) if (edge.to) next.get(edge.from)?.push(edge.to);
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const root of ids) {
    if (order.has(root)) continue;
    const work: { id: string; child: number }[] = [{ id: root, child: 0 }];
    order.set(root, order.size);
    low.set(root, order.get(root)!);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const children = next.get(frame.id)!;
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!order.has(child)) {
          order.set(child, order.size);
          low.set(child, order.get(child)!);
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, child: 0 });
        } else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id)!, order.get(child)!));
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === order.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component.reverse());
      }
    }
  }
  return components;
}

/** Each role's level (see LadderNode.level), iterative; an edge back into the walk (a cycle) adds nothing. */
function levelsOf(ids: readonly string[], edges: readonly RawEdge[]): Map<string, number> {
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of edges) if (edge.to) next.get(edge.from)?.push(edge.to);
  const levels = new Map<string, number>();
  const active = new Set<string>();
  for (const root of ids) {
    if (levels.has(root)) continue;
    const work: { id: string; child: number }[] = [{ id: root, child: 0 }];
    active.add(root);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const children = next.get(frame.id)!;
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!levels.has(child) && !active.has(child)) {
          active.add(child);
          work.push({ id: child, child: 0 });
        }
        continue;
      }
      work.pop();
      active.delete(frame.id);
      levels.set(frame.id, 1 + Math.max(0, ...children.map((child) => levels.get(child) ?? 0)));
    }
  }
  return levels;
}
