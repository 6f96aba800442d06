// The effective role: what a reader of the built page sees of a role — its own text with every
// include inlined (each piece knowing the file it came from), then every section it inherits,
// level by level, depth first, each section once. Extends sentences that lead nowhere and cycles
// are named, not followed. Bounded: at most `maxLevels` levels, `maxIncludes` included files and
// `maxLines` lines of text; what is left out is counted, so a view can say how much it cut.
import type { HandbookIndex } from '../index/handbookIndex';
import type { IndexedFile } from '../index/indexedFile';
import { expandedSectionPieces, type ExpandedPiece } from './expansion';
import { extendsLinksIn, resolveExtends, sectionKey, type ExtendsLink, type ExtendsTarget, type Section } from './inheritance';

export interface InheritedLevel {
  readonly section: Section;
  /** 0 for the section the walk starts from, 1 for what it extends, and so on. */
  readonly depth: number;
}

export interface BrokenExtends {
  /** The section the sentence is written in. */
  readonly from: Section;
  readonly link: ExtendsLink;
  readonly target: Extract<ExtendsTarget, { kind: 'missing-page' | 'missing-section' }>;
}

export interface LevelWalk {
  readonly levels: InheritedLevel[];
  /** Each cycle from the section met again back to it, its first section repeated at the end. */
  readonly cycles: Section[][];
  readonly broken: BrokenExtends[];
  /** Sections reached beyond `maxLevels`. */
  readonly cutLevels: number;
}

/** Walks the extends from `start`, depth first, never visiting a section twice; the whole graph is walked, only `maxLevels` levels kept. */
export function inheritedLevels(index: HandbookIndex, start: Section, maxLevels: number): LevelWalk {
  const levels: InheritedLevel[] = [];
  const cycles: Section[][] = [];
  const broken: BrokenExtends[] = [];
  const visited = new Set<string>();
  let cutLevels = 0;
  const visit = (section: Section, depth: number, trail: Section[]): void => {
    const key = sectionKey(section);
    if (visited.has(key)) {
      const from = trail.findIndex((earlier) => sectionKey(earlier) === key);
      if (from >= 0) cycles.push([...trail.slice(from), section]);
      return;
    }
    visited.add(key);
    if (levels.length < maxLevels) levels.push({ section, depth });
    else cutLevels++;
    for (const link of extendsLinksIn(index, section)) {
      const target = resolveExtends(index, link);
      if (target.kind === 'section') visit(target.section, depth + 1, [...trail, section]);
      else if (target.kind !== 'not-internal') broken.push({ from: section, link, target });
    }
  };
  visit(start, 0, []);
  return { levels, cycles, broken, cutLevels };
}

export type RolePiece = ExpandedPiece | { readonly kind: 'cut-include'; readonly path: string; readonly file: IndexedFile };

export interface EffectiveLevel extends InheritedLevel {
  /** Undefined when the section's file cannot be read (gone, binary, too large). */
  readonly pieces: RolePiece[] | undefined;
}

export interface EffectiveRole {
  readonly role: Section;
  readonly levels: EffectiveLevel[];
  readonly cycles: Section[][];
  readonly broken: BrokenExtends[];
  readonly cut: { readonly levels: number; readonly includes: number; readonly lines: number };
}

export interface EffectiveRoleLimits {
  readonly maxLevels: number;
  readonly maxIncludes: number;
  readonly maxLines: number;
}

/** Real ladders are a handful of levels deep: room to spare, and still small enough to render at once. */
export const EFFECTIVE_ROLE_LIMITS: EffectiveRoleLimits = { maxLevels: 16, maxIncludes: 60, maxLines: 2000 };

/** Reads files level by level; once `cancellation` is requested it stops reading, and what it returns is incomplete. */
export async function effectiveRole(
  index: HandbookIndex,
  role: Section,
  limits: EffectiveRoleLimits = EFFECTIVE_ROLE_LIMITS,
  cancellation?: { readonly isCancellationRequested: boolean },
): Promise<EffectiveRole> {
  const walk = inheritedLevels(index, role, limits.maxLevels);
  const budget = { includes: limits.maxIncludes, lines: limits.maxLines };
  const cut = { levels: walk.cutLevels, includes: 0, lines: 0 };
  const levels: EffectiveLevel[] = [];
  for (const level of walk.levels) {
    if (cancellation?.isCancellationRequested) break;
    const pieces = await expandedSectionPieces(index, level.section);
    levels.push({ ...level, pieces: pieces && withinBudget(pieces, budget, cut) });
  }
  return { role, levels, cycles: walk.cycles, broken: walk.broken, cut };
}

/** The pieces that fit in what is left of the budget: included files past it become `cut-include`, lines past it are dropped; both counted in `cut`. */
function withinBudget(pieces: readonly ExpandedPiece[], budget: { includes: number; lines: number }, cut: { includes: number; lines: number }): RolePiece[] {
  const kept: RolePiece[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'included' && budget.includes <= 0) {
      cut.includes++;
      kept.push({ kind: 'cut-include', path: piece.path, file: piece.file });
      continue;
    }
    if (piece.kind === 'included') budget.includes--;
    if (piece.kind !== 'text' && piece.kind !== 'included') {
      kept.push(piece);
      continue;
    }
    const lines = piece.text.split('\n');
    const shown = lines.slice(0, Math.max(0, budget.lines));
    budget.lines -= shown.length;
    cut.lines += lines.length - shown.length;
    if (shown.length > 0) kept.push({ ...piece, text: shown.join('\n') });
  }
  return kept;
}
