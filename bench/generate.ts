// Writes a synthetic Hugo handbook of N pages, shaped like the real one, for the benchmark:
//
//   tsx bench/generate.ts <N> [--out DIR] [--seed S] [--force]
//
// Default output: bench/.corpora/<N>/ (gitignored). Deterministic: the same N and seed give the
// same bytes. Layout:
//   hugo.toml
//   content/_index.md, content/handbook/**      ordinary pages (about 30 % `_index.md`)
//   content/job-families/<dept>/<family>.md    role pages whose levels and requirements extend each
//                                              other ("Extends that of the [X](...#requirements) requirements")
//   content/handbook/engineering/careers/matrix/<track>/<level>.md
//                                              careers-matrix pages with `{{% include "includes/..." %}}`
//                                              lines and "All competencies exhibited by an [X](...)" links
//   assets/includes/**                         include files (about 2 % of the pages, as in the real corpus)
//   bench-manifest.json                        what was generated, with counts of the problems seeded on purpose
//   bench-seeded.json                          where each seeded problem is (file, line, reference)
//
// Page sizes follow the byte-size distribution of the real corpus (shared/corpus/handbook-ja,
// content/: percentiles below); links per KB, link kinds, headings per KB and `{#id}` headings
// follow its measured rates. The text is English word salad (the real corpus is Japanese, 3 bytes
// a character, so at equal bytes a synthetic page has about twice as many characters).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, usageError } from './lib/args';
import type { SeededProblem } from './lib/findings';

export const GENERATOR_VERSION = 5;
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CORPORA_DIR = path.join(BENCH_DIR, '.corpora');
const SEEDED_FILE = 'bench-seeded.json';

// Byte sizes of content/**/*.md in the real corpus: [percentile, bytes].
const SIZE_PERCENTILES: ReadonlyArray<readonly [number, number]> = [
  [0, 225],
  [1, 284],
  [2, 378],
  [5, 492],
  [10, 1274],
  [15, 2007],
  [20, 2623],
  [25, 3367],
  [30, 4183],
  [35, 5018],
  [40, 5852],
  [45, 6792],
  [50, 7787],
  [55, 9096],
  [60, 10321],
  [65, 11792],
  [70, 13321],
  [75, 15596],
  [80, 18671],
  [85, 22253],
  [90, 28419],
  [95, 41451],
  [98, 59910],
  [99, 75851],
  [99.5, 101221],
  [100, 323498],
];
// Measured on the real corpus: 16.8 links and 12.3 headings per page at 12.8 KB mean.
const LINKS_PER_KB = 1.3;
const HEADINGS_PER_KB = 0.95;
// Link kinds in the real corpus: external 62.6 %, root-absolute 27.7 % (39 % of them with a
// fragment), same-page fragment 5.1 %, relative 4.3 %, mailto 0.2 %, https://handbook.gitlab.com/... 0.1 %.
// Hosts in EXTERNAL_HOSTS are never the handbook's own (handbook.gitlab.com and about.gitlab.com
// count as the site itself); `site` links use the site host and always resolve.
const LINK_KIND_WEIGHTS = { external: 62.6, root: 27.7, fragment: 5.1, relative: 4.3, mailto: 0.3, site: 0.1 };
// Rates of deliberately broken references (counted in the manifest).
const BROKEN = { page: 0.03, anchor: 0.05, include: 0.03, extendsTarget: 0.04 };

// How deep folders and pages sit in the real corpus' content/handbook, keyed by the depth of the
// folder (`handbook/x` is 2): section folders, and the folders that hold ordinary pages.
const DIR_DEPTH_WEIGHTS: Record<string, number> = { 3: 201, 4: 309, 5: 566, 6: 176, 7: 72, 8: 11 };
const LEAF_DEPTH_WEIGHTS: Record<string, number> = { 2: 293, 3: 953, 4: 780, 5: 675, 6: 425, 7: 61 };

const ROLE_SUFFIXES = ['engineer', 'manager', 'analyst', 'specialist', 'director', 'designer', 'architect', 'coordinator', 'lead', 'administrator', 'representative', 'scientist'];
const LEVELS = ['intern', 'associate', 'intermediate', 'senior', 'staff', 'principal'] as const;
const FAMILY_LEVELS = ['Associate', 'Intermediate', 'Senior', 'Staff', 'Principal', 'Distinguished'] as const;

const WORDS = (
  'team member manager process review issue merge request handbook page value collaboration results ' +
  'efficiency diversity inclusion iteration transparency customer product engineering support sales ' +
  'marketing finance legal security people group hiring onboarding performance quarter goal OKR metric ' +
  'dashboard report incident response release milestone planning roadmap strategy direction feedback ' +
  'async communication meeting agenda document decision owner stakeholder budget forecast contract vendor ' +
  'policy compliance audit control risk training enablement partner channel account territory pipeline ' +
  'opportunity renewal retention expansion adoption usage workflow automation integration pipeline runner ' +
  'deployment infrastructure database reliability availability latency capacity scalability observability ' +
  'monitoring alert escalation rotation schedule handover calendar label epic backlog priority severity ' +
  'weight estimate scope deliverable outcome impact mentor coaching career growth competency level role ' +
  'responsibility requirement expectation skill leadership technical values alignment influence scope ' +
  'complexity ambiguity cross-functional initiative proposal experiment iteration retrospective '
)
  .trim()
  .split(/\s+/);
const SECTIONS = [
  'engineering',
  'sales',
  'marketing',
  'people-group',
  'finance',
  'legal',
  'security',
  'product',
  'support',
  'customer-success',
  'business-technology',
  'company',
  'communication',
  'values',
  'hiring',
  'total-rewards',
  'leadership',
  'enterprise-data',
  'tools-and-tips',
  'ceo',
  'it',
  'teamops',
];
const DEPARTMENTS = ['engineering', 'sales', 'marketing', 'people-group', 'finance', 'legal', 'product', 'support'];
const EXTERNAL_HOSTS = [
  'https://gitlab.com/gitlab-org/gitlab/-/issues/',
  'https://gitlab.com/gitlab-com/www-gitlab-com/-/merge_requests/',
  'https://docs.gitlab.com/ee/user/',
  'https://gitlab.com/gitlab-com/marketing/-/issues/',
  'https://www.youtube.com/watch?v=',
  'https://docs.google.com/document/d/',
  'https://gitlab.slack.com/archives/',
  'https://en.wikipedia.org/wiki/',
];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32 */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let r = this.next() * entries.reduce((a, [, w]) => a + w, 0);
    for (const [k, w] of entries) if ((r -= w) < 0) return k;
    return entries[entries.length - 1][0];
  }
  /** A page size drawn from the real corpus' distribution (linear between percentiles). */
  pageSize(): number {
    const p = this.next() * 100;
    for (let i = 1; i < SIZE_PERCENTILES.length; i++) {
      const [p1, b1] = SIZE_PERCENTILES[i];
      if (p <= p1) {
        const [p0, b0] = SIZE_PERCENTILES[i - 1];
        return Math.round(b0 + ((p - p0) / (p1 - p0)) * (b1 - b0));
      }
    }
    return SIZE_PERCENTILES[SIZE_PERCENTILES.length - 1][1];
  }
}

const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
const titleCase = (s: string): string =>
  s
    .split(/[\s-]+/)
    .map(cap)
    .join(' ');
/** Hugo's default (goldmark "github") heading id for the plain word headings generated here. */
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');

// ---------------------------------------------------------------------------------------------
// The plan: every page, its URL and its anchors, decided before any body is written, so that links
// can point at real pages and real headings (or, on purpose, at missing ones).

type Kind = 'home' | 'section' | 'page' | 'family-index' | 'family' | 'matrix-index' | 'matrix-level';

interface Page {
  file: string; // relative to content/
  url: string; // site path, with trailing slash
  kind: Kind;
  title: string;
  size: number; // target bytes
  headings: { text: string; id: string; custom: boolean; level: number }[];
  children: Page[];
  parent?: Page;
  extra?: { dept?: string; family?: string; track?: string; level?: (typeof LEVELS)[number]; levels?: string[] };
}

export interface Manifest {
  generatorVersion: number;
  pages: number;
  seed: number;
  files: { content: number; includes: number; total: number };
  bytes: number;
  kinds: Record<string, number>;
  links: Record<string, number>;
  includeLines: number;
  extendsSentences: number;
  customHeadingIds: number;
  /** Problems seeded on purpose: what a precise checker should report (and nothing else). */
  seeded: { brokenPageLinks: number; brokenAnchors: number; brokenIncludes: number; brokenExtends: number; total: number };
}

function urlOf(file: string): string {
  const noExt = file.replace(/\.md$/, '');
  const base = path.posix.basename(noExt) === '_index' ? path.posix.dirname(noExt) : noExt;
  return base === '.' ? '/' : `/${base}/`;
}

function uniqueHeadings(rng: Rng, count: number, prefix: string[] = []): { text: string; id: string; custom: boolean; level: number }[] {
  const out: { text: string; id: string; custom: boolean; level: number }[] = [];
  const seen = new Set<string>();
  const customRate = rng.chance(0.2) ? 0.35 : 0; // {#id} headings cluster in a fifth of the pages
  for (const text of prefix) {
    seen.add(slug(text));
    out.push({ text, id: slug(text), custom: false, level: 2 });
  }
  while (out.length < count) {
    const text = titleCase(Array.from({ length: rng.int(1, 4) }, () => rng.pick(WORDS)).join(' '));
    const id = slug(text);
    if (seen.has(id)) continue;
    seen.add(id);
    const custom = rng.chance(customRate);
    const customId = custom
      ? `${id.split('-')[0]}-${rng
          .pick(WORDS)
          .replace(/[^a-z]/gi, '')
          .toLowerCase()}-${out.length}`
      : id;
    out.push({ text, id: customId, custom, level: out.length === 0 ? 2 : rng.chance(0.6) ? 3 : 2 });
  }
  return out;
}

function plan(n: number, rng: Rng): { pages: Page[]; includeFiles: Map<string, { size: number; links: number }> } {
  const pages: Page[] = [];
  const add = (p: Page): Page => {
    pages.push(p);
    p.parent?.children.push(p);
    return p;
  };
  const home = add({ file: '_index.md', url: '/', kind: 'home', title: 'Handbook', size: 2500, headings: [], children: [] });
  const hb = add({ file: 'handbook/_index.md', url: '/handbook/', kind: 'section', title: 'The Handbook', size: rng.pageSize(), headings: [], children: [], parent: home });

  // Careers matrix: tracks x levels; job families: 8 % of the pages.
  const tracks = Math.max(2, Math.round(n / 800));
  const familyCount = Math.max(6, Math.round(n * 0.08));
  const matrixPages = 1 + tracks * (1 + LEVELS.length);
  const deptCount = Math.min(DEPARTMENTS.length, Math.max(2, Math.round(familyCount / 20)));
  const ordinary = Math.max(10, n - 2 - matrixPages - familyCount - deptCount - 1);

  // Ordinary handbook tree: about 30 % of the pages are section `_index.md` files.
  const sectionCount = Math.max(SECTIONS.length > ordinary ? 3 : SECTIONS.length, Math.round(ordinary * 0.3));
  const dirs: Page[] = [];
  const usedNames = new Map<Page, Set<string>>();
  const childName = (parent: Page): string => {
    const used = usedNames.get(parent) ?? new Set<string>();
    usedNames.set(parent, used);
    for (;;) {
      const name = Array.from({ length: rng.int(1, 3) }, () => rng.pick(WORDS))
        .join('-')
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '');
      if (!used.has(name) && !LEVELS.includes(name as (typeof LEVELS)[number]) && name !== 'careers' && name !== 'matrix') {
        used.add(name);
        return name;
      }
    }
  };
  const dirOf = (p: Page): string => path.posix.dirname(p.file);
  const depthOf = (d: Page): number => dirOf(d).split('/').length; // handbook/x is 2
  const byDepth = new Map<number, Page[]>();
  const addDir = (parent: Page, name: string): void => {
    const file = `${dirOf(parent)}/${name}/_index.md`;
    const d = add({ file, url: urlOf(file), kind: 'section', title: titleCase(name), size: rng.pageSize(), headings: [], children: [], parent });
    dirs.push(d);
    byDepth.set(depthOf(d), [...(byDepth.get(depthOf(d)) ?? []), d]);
  };
  const topSections = Math.min(SECTIONS.length, sectionCount);
  for (let i = 0; i < topSections; i++) {
    usedNames.set(hb, (usedNames.get(hb) ?? new Set()).add(SECTIONS[i]));
    addDir(hb, SECTIONS[i]);
  }
  // Deeper folders, depth by depth, in the real tree's proportions; a parent one level up.
  const dirWeight = Object.values(DIR_DEPTH_WEIGHTS).reduce((a, b) => a + b, 0);
  let made = topSections;
  for (const [depth, weight] of Object.entries(DIR_DEPTH_WEIGHTS).map(([d, w]) => [Number(d), w] as const)) {
    const count = depth === 8 ? sectionCount - made : Math.round(((sectionCount - topSections) * weight) / dirWeight);
    for (let i = 0; i < count && made < sectionCount; i++, made++) {
      const parents = byDepth.get(depth - 1) ?? dirs;
      const parent = rng.pick(parents);
      addDir(parent, childName(parent));
    }
  }
  const leafCount = ordinary - sectionCount;
  for (let i = 0; i < leafCount; i++) {
    let depth = Number(rng.weighted(LEAF_DEPTH_WEIGHTS));
    while (!byDepth.has(depth)) depth--;
    const parent = rng.pick(byDepth.get(depth)!);
    const name = childName(parent);
    const file = `${dirOf(parent)}/${name}.md`;
    add({ file, url: urlOf(file), kind: 'page', title: titleCase(name), size: rng.pageSize(), headings: [], children: [], parent });
  }

  // Careers matrix under handbook/engineering/careers/matrix/.
  const engineering = dirs.find((d) => d.file === 'handbook/engineering/_index.md') ?? hb;
  const careersFile = 'handbook/engineering/careers/matrix/_index.md';
  const matrix = add({ file: careersFile, url: urlOf(careersFile), kind: 'matrix-index', title: 'Engineering Career Matrix', size: 4000, headings: [], children: [], parent: engineering });
  const trackNames: string[] = [];
  for (let t = 0; t < tracks; t++) {
    const track = t === 0 ? 'development' : t === 1 ? 'infrastructure' : `${childName(matrix)}`;
    trackNames.push(track);
    const tf = `handbook/engineering/careers/matrix/${track}/_index.md`;
    const ti = add({ file: tf, url: urlOf(tf), kind: 'matrix-index', title: `${titleCase(track)} Career Framework`, size: 3000, headings: [], children: [], parent: matrix, extra: { track } });
    for (const level of LEVELS) {
      const lf = `handbook/engineering/careers/matrix/${track}/${level}.md`;
      add({ file: lf, url: urlOf(lf), kind: 'matrix-level', title: `${titleCase(track)} Career Framework: ${cap(level)}`, size: 0, headings: [], children: [], parent: ti, extra: { track, level } });
    }
  }

  // Job families: content/job-families/<dept>/<family>.md with level sections.
  const jf = add({ file: 'job-families/_index.md', url: '/job-families/', kind: 'family-index', title: 'Job Families', size: 3000, headings: [], children: [], parent: home });
  const depts: Page[] = [];
  for (let d = 0; d < deptCount; d++) {
    const f = `job-families/${DEPARTMENTS[d]}/_index.md`;
    depts.push(
      add({ file: f, url: urlOf(f), kind: 'family-index', title: `${titleCase(DEPARTMENTS[d])} Job Families`, size: 2500, headings: [], children: [], parent: jf, extra: { dept: DEPARTMENTS[d] } }),
    );
  }
  for (let i = 0; i < familyCount; i++) {
    const dept = depts[i % depts.length];
    let name = 'distinguished';
    if (i >= depts.length) {
      const used = usedNames.get(dept) ?? new Set<string>();
      usedNames.set(dept, used);
      do
        name = `${rng
          .pick(WORDS)
          .toLowerCase()
          .replace(/[^a-z-]/g, '')}-${rng.pick(ROLE_SUFFIXES)}`;
      while (used.has(name));
      used.add(name);
    }
    const f = `${dirOf(dept)}/${name}.md`;
    const first = rng.int(0, 2);
    const levels = FAMILY_LEVELS.slice(first, first + rng.int(2, 5)).map((l) => `${l} ${titleCase(name)}`);
    add({ file: f, url: urlOf(f), kind: 'family', title: titleCase(name), size: rng.pageSize(), headings: [], children: [], parent: dept, extra: { dept: dept.extra!.dept, family: name, levels } });
  }

  // Headings for every page.
  for (const p of pages) {
    if (p.kind === 'family') {
      const hs: { text: string; id: string; custom: boolean; level: number }[] = [{ text: 'Levels', id: 'levels', custom: false, level: 2 }];
      for (const l of p.extra!.levels!) {
        hs.push({ text: l, id: slug(l), custom: false, level: 3 });
        hs.push({ text: `${l} Requirements`, id: `${slug(l)}-requirements`, custom: false, level: 4 });
      }
      hs.push({ text: 'Requirements', id: 'requirements', custom: true, level: 2 });
      hs.push(...uniqueHeadings(rng, Math.max(2, Math.round((p.size / 1024) * HEADINGS_PER_KB) - hs.length)).filter((h) => !hs.some((x) => x.id === h.id)));
      p.headings = hs;
    } else if (p.kind === 'matrix-level') {
      const L = cap(p.extra!.level!);
      p.headings = [
        { text: `${L} Leadership Competencies`, id: `${slug(L)}-leadership-competencies`, custom: true, level: 3 },
        { text: `${L} Technical Competencies`, id: `${slug(L)}-technical-competencies`, custom: true, level: 3 },
        { text: `${L} Values Alignment`, id: `${slug(L)}-values-alignment`, custom: true, level: 3 },
      ];
    } else {
      p.headings = uniqueHeadings(rng, Math.max(1, Math.round((p.size / 1024) * HEADINGS_PER_KB)));
    }
  }

  // Include files under assets/includes/: competencies per track and level, a nav per track, a few
  // shared ones, and general includes for ordinary pages (together about 2 % of the pages).
  const includeFiles = new Map<string, { size: number; links: number }>();
  for (const track of trackNames) {
    includeFiles.set(`includes/engineering-careers/${track}-career-nav.md`, { size: 600, links: LEVELS.length });
    for (const level of LEVELS) {
      includeFiles.set(`includes/engineering-careers/${track}-${level}-leadership-competency.md`, { size: rng.int(1200, 4000), links: rng.int(0, 2) });
      includeFiles.set(`includes/engineering-careers/${track}-${level}-technical-competency.md`, { size: rng.int(1200, 4000), links: rng.int(0, 2) });
    }
  }
  includeFiles.set('includes/engineering-careers/values-competency.md', { size: 2500, links: 3 });
  const general = Math.max(5, Math.round(n * 0.02) - includeFiles.size);
  const groups = ['', 'engineering/', 'product/', 'marketing/', 'sales/', 'engineering/create/', 'engineering/plan/'];
  for (let i = 0; i < general; i++) {
    includeFiles.set(`includes/${rng.pick(groups)}${childName(home)}.md`, { size: rng.int(300, 6000), links: rng.int(0, 6) });
  }
  return { pages, includeFiles };
}

// ---------------------------------------------------------------------------------------------
// Writing bodies.

interface Counters {
  links: Record<string, number>;
  brokenPageLinks: number;
  brokenAnchors: number;
  brokenIncludes: number;
  brokenExtends: number;
  includeLines: number;
  extendsSentences: number;
  customHeadingIds: number;
  /** The references broken on purpose in the file being written, in the order written. */
  seededIn: string[];
}

/**
 * The lines of `text` that hold `references`, in order: a link destination `(ref)` or an include
 * path `"ref"`. A reference written twice in one file is found twice, at its two places.
 */
function locate(file: string, text: string, references: readonly string[]): SeededProblem[] {
  const searchFrom = new Map<string, number>();
  return references.map((reference) => {
    const from = searchFrom.get(reference) ?? 0;
    const hits = [text.indexOf(`(${reference})`, from), text.indexOf(`"${reference}"`, from)].filter((i) => i >= 0);
    if (hits.length === 0) throw new Error(`generator bug: seeded reference ${reference} is not in ${file}`);
    const at = Math.min(...hits);
    searchFrom.set(reference, at + 1);
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
    return { file, line, reference };
  });
}

/** Where the seeded problems of a generated handbook are (bench-seeded.json), or null. */
export function seededProblems(folder: string): SeededProblem[] | null {
  const file = path.join(folder, SEEDED_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SeededProblem[]) : null;
}

class Writer {
  private readonly linkable: Page[];
  private readonly generalIncludes: string[];
  constructor(
    private readonly rng: Rng,
    pages: Page[],
    includeFiles: Map<string, unknown>,
    private readonly c: Counters,
  ) {
    this.linkable = pages.filter((p) => p.kind !== 'home');
    this.generalIncludes = [...includeFiles.keys()].filter((k) => !k.startsWith('includes/engineering-careers/'));
  }

  sentence(min = 8, max = 20): string {
    const n = this.rng.int(min, max);
    const ws = Array.from({ length: n }, () => this.rng.pick(WORDS));
    return cap(ws.join(' ')) + '.';
  }

  paragraph(from: Page | null, linkBudget: { n: number }): string {
    const parts: string[] = [];
    const sentences = this.rng.int(2, 5);
    for (let i = 0; i < sentences; i++) {
      let s = this.sentence();
      const tail = / (\w+) (\w+)\.$/.exec(s);
      if (tail && linkBudget.n > 0 && this.rng.chance(0.6)) {
        s = `${s.slice(0, tail.index)} ${this.link(from, `${tail[1]} ${tail[2]}`)}.`;
        linkBudget.n--;
      }
      parts.push(s);
    }
    return parts.join(' ');
  }

  /** A Markdown link of a kind drawn from the real corpus' mix; broken at the seeded rates. */
  link(from: Page | null, text: string): string {
    const rng = this.rng;
    const kind = from ? rng.weighted(LINK_KIND_WEIGHTS) : rng.weighted({ external: 60, root: 40 });
    this.c.links[kind] = (this.c.links[kind] ?? 0) + 1;
    switch (kind) {
      case 'external':
        return `[${text}](${rng.pick(EXTERNAL_HOSTS)}${rng.int(1000, 999999)})`;
      case 'site':
        return `[${text}](https://handbook.gitlab.com${rng.pick(this.linkable).url})`;
      case 'mailto':
        return `[${text}](mailto:${rng.pick(WORDS).replace(/[^a-z]/gi, '')}@example.com)`;
      case 'fragment': {
        if (!from || from.headings.length === 0) return `[${text}](https://example.com/)`;
        return `[${text}](${this.anchorHref(from, '')})`;
      }
      case 'relative': {
        const target = from && (from.children.length > 0 || from.parent) ? this.relativeTarget(from) : null;
        if (!target) return `[${text}](/handbook/)`;
        return `[${text}](${target})`;
      }
      default: {
        if (rng.chance(BROKEN.page)) {
          this.c.brokenPageLinks++;
          const real = rng.pick(this.linkable).url;
          return `[${text}](${this.seed(`${real}${rng.pick(WORDS).replace(/[^a-z]/gi, '')}-${rng.int(2, 99)}-missing/`)})`;
        }
        const target = rng.pick(this.linkable);
        if (target.headings.length > 0 && rng.chance(0.39)) return `[${text}](${this.anchorHref(target, target.url)})`;
        return `[${text}](${target.url})`;
      }
    }
  }

  /** `pagePart#anchor` with an anchor of `target`, or (at the seeded rate) one it does not have. */
  private anchorHref(target: Page, pagePart: string): string {
    if (this.rng.chance(BROKEN.anchor)) {
      this.c.brokenAnchors++;
      return this.seed(`${pagePart}#${this.rng.pick(target.headings).id}-old`);
    }
    return `${pagePart}#${this.rng.pick(target.headings).id}`;
  }

  /** Records a reference broken on purpose in the file being written; returns it unchanged. */
  seed(reference: string): string {
    this.c.seededIn.push(reference);
    return reference;
  }

  /** A relative link as a browser resolves it against the page URL (Hugo leaves it as written). */
  private relativeTarget(from: Page): string | null {
    const isIndex = from.file.endsWith('_index.md');
    if (isIndex && from.children.length > 0) {
      const child = this.rng.pick(from.children);
      return path.posix.relative(from.url, child.url) + '/';
    }
    const siblings = from.parent ? from.parent.children.filter((s) => s !== from) : [];
    if (siblings.length === 0) return null;
    const sib = this.rng.pick(siblings);
    return path.posix.relative(from.url, sib.url) + '/';
  }

  frontMatter(p: Page): string {
    const lines = ['---', `title: "${p.title}"`, `description: "${this.sentence(6, 14).replace(/"/g, '')}"`];
    if (this.rng.chance(0.3)) lines.push(`weight: ${this.rng.int(1, 100)}`);
    if (this.rng.chance(0.4)) lines.push(`upstream_path: ${p.url}`);
    if (this.rng.chance(0.3)) lines.push(`lastmod: "2025-0${this.rng.int(1, 9)}-1${this.rng.int(0, 9)}T12:00:00Z"`);
    if (this.rng.chance(0.15)) lines.push('aliases:', `  - ${p.url.replace(/\/$/, '')}-old/`);
    if (this.rng.chance(0.1)) lines.push('tags:', ...Array.from({ length: this.rng.int(1, 4) }, () => `  - ${this.rng.pick(WORDS)}`));
    lines.push('---', '');
    return lines.join('\n');
  }

  heading(h: { text: string; id: string; custom: boolean; level: number }): string {
    if (h.custom) this.c.customHeadingIds++;
    return `${'#'.repeat(h.level)} ${h.text}${h.custom ? ` {#${h.id}}` : ''}`;
  }

  /** Filler blocks (paragraphs, lists, tables, code) with links, up to `target` bytes in total. */
  fill(p: Page | null, out: string[], target: number, linkBudget: { n: number }, headings: Page['headings'] = []): void {
    let size = out.reduce((a, s) => a + Buffer.byteLength(s) + 1, 0);
    let hi = 0;
    const perHeading = headings.length > 0 ? Math.max(1, (target - size) / (headings.length + 1)) : Infinity;
    let sinceHeading = 0;
    while (size < target || hi < headings.length) {
      let block: string;
      if (hi < headings.length && (sinceHeading >= perHeading || size >= target)) {
        block = `\n${this.heading(headings[hi++])}\n`;
        sinceHeading = 0;
      } else {
        const r = this.rng.next();
        if (r < 0.6) block = this.paragraph(p, linkBudget) + '\n';
        else if (r < 0.85) {
          const items = Array.from({ length: this.rng.int(2, 7) }, () => {
            let s = this.sentence(4, 14);
            if (linkBudget.n > 0 && this.rng.chance(0.5)) {
              s = `${this.link(p, titleCase(this.rng.pick(WORDS)))}: ${s}`;
              linkBudget.n--;
            }
            return `${this.rng.chance(0.3) ? '1.' : '-'} ${s}`;
          });
          block = items.join('\n') + '\n';
        } else if (r < 0.94) {
          const cols = this.rng.int(2, 4);
          const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
          const rows = [row(Array.from({ length: cols }, () => titleCase(this.rng.pick(WORDS)))), row(new Array<string>(cols).fill('---'))];
          for (let i = this.rng.int(2, 8); i > 0; i--) {
            rows.push(
              row(
                Array.from({ length: cols }, (_, ci) => {
                  if (ci === 0 && linkBudget.n > 0 && this.rng.chance(0.4)) {
                    linkBudget.n--;
                    return this.link(p, titleCase(this.rng.pick(WORDS)));
                  }
                  return this.sentence(2, 6);
                }),
              ),
            );
          }
          block = rows.join('\n') + '\n';
        } else if (r < 0.98) {
          const lang = this.rng.pick(['yaml', 'shell', 'ruby', 'json', '']);
          const lines = Array.from({ length: this.rng.int(2, 12) }, () => `${this.rng.pick(WORDS)}: ${this.rng.pick(WORDS)} ${this.rng.int(0, 999)}`);
          block = '```' + lang + '\n' + lines.join('\n') + '\n```\n';
        } else {
          block = `> **Note**: ${this.sentence()}\n`;
        }
      }
      out.push(block);
      const b = Buffer.byteLength(block) + 1;
      size += b;
      sinceHeading += b;
      if (size > target * 3 && hi >= headings.length) break;
    }
  }

  ordinaryPage(p: Page): string {
    const out = [this.frontMatter(p)];
    const linkBudget = { n: Math.max(0, Math.round((p.size / 1024) * LINKS_PER_KB * (0.5 + this.rng.next()))) };
    if (p.kind === 'section' && p.children.length > 0 && this.rng.chance(0.5)) {
      out.push(
        p.children
          .slice(0, 12)
          .map((c) => `- [${c.title}](${path.posix.relative(p.url, c.url)}/)`)
          .join('\n') + '\n',
      );
    }
    if (this.generalIncludes.length > 0 && this.rng.chance(0.01)) out.push(this.includeLine(this.rng.pick(this.generalIncludes)) + '\n');
    this.fill(p, out, p.size, linkBudget, p.headings);
    return out.join('\n');
  }

  includeLine(includePath: string): string {
    this.c.includeLines++;
    if (this.rng.chance(BROKEN.include)) {
      this.c.brokenIncludes++;
      includePath = this.seed(includePath.replace(/\.md$/, '-v2.md'));
    }
    return `{{% include "${includePath}" %}}`;
  }

  familyPage(p: Page, families: Page[]): string {
    const out = [this.frontMatter(p)];
    const linkBudget = { n: Math.max(2, Math.round((p.size / 1024) * LINKS_PER_KB)) };
    const levels = p.extra!.levels!;
    const perSection = Math.max(200, p.size / (levels.length * 2 + 3));
    out.push(this.paragraph(p, linkBudget) + '\n');
    const hs = p.headings;
    out.push(this.heading(hs[0]) + '\n');
    let hi = 1;
    for (let i = 0; i < levels.length; i++) {
      out.push(this.heading(hs[hi++]) + '\n'); // ### <Level> <Family>
      out.push(`The ${levels[i]} reports to the ${this.rng.pick(['Engineering Manager', 'Director', 'Senior Manager'])}.\n`);
      this.fill(p, out, Buffer.byteLength(out.join('\n')) + perSection / 2, { n: 0 });
      out.push(this.heading(hs[hi++]) + '\n'); // #### <Level> <Family> Requirements
      if (i > 0) {
        this.c.extendsSentences++;
        let anchor = `${slug(levels[i - 1])}-requirements`;
        if (this.rng.chance(BROKEN.extendsTarget)) {
          this.c.brokenExtends++;
          anchor = this.seed(`#${slug(levels[i - 1])}-requirement`).slice(1);
        }
        out.push(`Extends that of the [${levels[i - 1]}](#${anchor}) requirements.\n`);
      }
      out.push(Array.from({ length: this.rng.int(3, 8) }, () => `- ${this.sentence(5, 16)}`).join('\n') + '\n');
    }
    out.push(this.heading(hs[hi++]) + '\n'); // ## Requirements {#requirements}
    if (families.length > 1 && this.rng.chance(0.45)) {
      // Cross-family inheritance, often from a family's distinguished track.
      let target = this.rng.pick(families);
      if (target === p) target = families[(families.indexOf(p) + 1) % families.length];
      this.c.extendsSentences++;
      let url = `${target.url}#requirements`;
      if (this.rng.chance(BROKEN.extendsTarget)) {
        this.c.brokenExtends++;
        url = this.seed(this.rng.chance(0.5) ? `${target.url.replace(/\/$/, '')}-retired/#requirements` : `${target.url}#requirments`);
      }
      out.push(`Extends that of the [${target.title}](${url}) requirements.\n`);
    }
    out.push(Array.from({ length: this.rng.int(3, 8) }, () => `- ${this.sentence(5, 16)}`).join('\n') + '\n');
    this.fill(p, out, p.size, linkBudget, hs.slice(hi));
    return out.join('\n');
  }

  matrixLevelPage(p: Page): string {
    const { track, level } = p.extra as { track: string; level: (typeof LEVELS)[number] };
    const L = cap(level);
    const idx = LEVELS.indexOf(level);
    const prev = idx > 0 ? LEVELS[idx - 1] : null;
    const trackUrl = p.parent!.url;
    const out = [this.frontMatter(p), `## ${titleCase(track)} Department Competencies: ${L}\n`];
    out.push(this.includeLine(`includes/engineering-careers/${track}-career-nav.md`) + '\n');
    const hs = p.headings;
    const section = (h: Page['headings'][number], kind: string, include: string): void => {
      out.push(this.heading(h) + '\n');
      if (prev) {
        this.c.extendsSentences++;
        let target = `${trackUrl}${prev}/#${prev}-${kind}`;
        if (this.rng.chance(BROKEN.extendsTarget)) {
          this.c.brokenExtends++;
          target = this.seed(this.rng.chance(0.5) ? `${trackUrl}${prev}/#${prev}-${kind}-old` : `${trackUrl}${prev}-engineer/#${prev}-${kind}`);
        }
        const article = /^[aeiou]/i.test(prev) ? 'an' : 'a';
        out.push(`All competencies exhibited by ${article} [${cap(prev)}](${target}) plus:\n`);
      }
      out.push(this.includeLine(include) + '\n');
    };
    section(hs[0], 'leadership-competencies', `includes/engineering-careers/${track}-${level}-leadership-competency.md`);
    section(hs[1], 'technical-competencies', `includes/engineering-careers/${track}-${level}-technical-competency.md`);
    out.push(this.heading(hs[2]) + '\n');
    out.push(this.includeLine('includes/engineering-careers/values-competency.md') + '\n');
    return out.join('\n');
  }

  indexPage(p: Page): string {
    const out = [this.frontMatter(p), this.paragraph(p, { n: 1 }) + '\n'];
    for (const c of p.children) {
      out.push(`- [${c.title}](${path.posix.relative(p.url, c.url) || '.'}/)`);
    }
    out.push('');
    this.fill(p, out, p.size, { n: 2 }, p.headings);
    return out.join('\n');
  }

  includeFile(file: string, info: { size: number; links: number }, trackLevels: Map<string, Page[]>): string {
    const out: string[] = [];
    const nav = /engineering-careers\/(.+)-career-nav\.md$/.exec(file);
    if (nav) {
      for (const lp of trackLevels.get(nav[1]) ?? []) out.push(`1. [${cap(lp.extra!.level!)}](${lp.url})`);
      return out.join('\n') + '\n';
    }
    // Include files carry links too; they are resolved from the including page, so only
    // root-absolute and external links are used here.
    const budget = { n: info.links };
    while (Buffer.byteLength(out.join('\n')) < info.size) {
      let s = `- ${this.sentence(6, 18)}`;
      if (budget.n > 0 && this.rng.chance(0.4)) {
        budget.n--;
        s += ` See ${this.link(null, titleCase(this.rng.pick(WORDS)))}.`;
      }
      out.push(s);
    }
    return out.join('\n') + '\n';
  }
}

function hugoToml(n: number): string {
  return [
    `baseURL = "https://handbook.example.com/"`,
    `title = "Synthetic handbook (${n} pages)"`,
    `languageCode = "en-us"`,
    `contentDir = "content"`,
    '',
    '[markup.goldmark.parser.attribute]',
    '  title = true',
    '[markup.goldmark.renderer]',
    '  unsafe = true',
    '',
  ].join('\n');
}

export function generate(n: number, outDir: string, seed = n * 7919 + 17): Manifest {
  const rng = new Rng(seed);
  const { pages, includeFiles } = plan(n, rng);
  const c: Counters = { links: {}, brokenPageLinks: 0, brokenAnchors: 0, brokenIncludes: 0, brokenExtends: 0, includeLines: 0, extendsSentences: 0, customHeadingIds: 0, seededIn: [] };
  const w = new Writer(rng, pages, includeFiles, c);
  const families = pages.filter((p) => p.kind === 'family');
  const trackLevels = new Map<string, Page[]>();
  for (const p of pages) if (p.kind === 'matrix-level') trackLevels.set(p.extra!.track!, [...(trackLevels.get(p.extra!.track!) ?? []), p]);

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'hugo.toml'), hugoToml(n));
  let bytes = 0;
  const seededAt: SeededProblem[] = [];
  const madeDirs = new Set<string>();
  const write = (rel: string, text: string): void => {
    const abs = path.join(outDir, rel);
    const dir = path.dirname(abs);
    if (!madeDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    fs.writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
    seededAt.push(...locate(rel.split(path.sep).join('/'), text, c.seededIn));
    c.seededIn = [];
  };
  const kinds: Record<string, number> = {};
  for (const p of pages) {
    kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
    let text: string;
    switch (p.kind) {
      case 'family':
        text = w.familyPage(p, families);
        break;
      case 'matrix-level':
        text = w.matrixLevelPage(p);
        break;
      case 'home':
      case 'family-index':
      case 'matrix-index':
        text = w.indexPage(p);
        break;
      default:
        text = w.ordinaryPage(p);
    }
    write(path.join('content', p.file), text);
  }
  for (const [file, info] of includeFiles) write(path.join('assets', file), w.includeFile(file, info, trackLevels));

  const seeded = { brokenPageLinks: c.brokenPageLinks, brokenAnchors: c.brokenAnchors, brokenIncludes: c.brokenIncludes, brokenExtends: c.brokenExtends, total: 0 };
  seeded.total = seeded.brokenPageLinks + seeded.brokenAnchors + seeded.brokenIncludes + seeded.brokenExtends;
  const manifest: Manifest = {
    generatorVersion: GENERATOR_VERSION,
    pages: n,
    seed,
    files: { content: pages.length, includes: includeFiles.size, total: pages.length + includeFiles.size },
    bytes,
    kinds,
    links: c.links,
    includeLines: c.includeLines,
    extendsSentences: c.extendsSentences,
    customHeadingIds: c.customHeadingIds,
    seeded,
  };
  if (seededAt.length !== seeded.total) throw new Error(`generator bug: ${seeded.total} problems seeded, ${seededAt.length} located`);
  fs.writeFileSync(path.join(outDir, SEEDED_FILE), JSON.stringify(seededAt) + '\n');
  fs.writeFileSync(path.join(outDir, 'bench-manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The generated corpus of N pages, generating it first unless an up-to-date one is there. */
export function ensureCorpus(n: number, log: (s: string) => void = () => {}): { dir: string; manifest: Manifest } {
  const dir = path.join(CORPORA_DIR, String(n));
  const mf = path.join(dir, 'bench-manifest.json');
  if (fs.existsSync(mf)) {
    const m = JSON.parse(fs.readFileSync(mf, 'utf8')) as Manifest;
    if (m.generatorVersion === GENERATOR_VERSION && m.pages === n) return { dir, manifest: m };
  }
  const t0 = Date.now();
  log(`generating a synthetic handbook of ${n} pages in ${path.relative(process.cwd(), dir) || dir} ...`);
  const manifest = generate(n, dir);
  log(`  ${manifest.files.total} files, ${(manifest.bytes / 1e6).toFixed(1)} MB, ${manifest.seeded.total} seeded problems (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { dir, manifest };
}

function main(): void {
  const { values, positionals } = parseBenchArgs(import.meta.url, { out: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } });
  const n = Number(positionals[0]);
  if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]) || n < 50) usageError('needs one page count, an integer >= 50: tsx bench/generate.ts <N> [--out DIR] [--seed S] [--force]');
  const { out, seed } = values;
  if (out || seed || values.force) {
    const dir = path.resolve(out ?? path.join(CORPORA_DIR, String(n)));
    const t0 = Date.now();
    const m = generate(n, dir, seed ? Number(seed) : undefined);
    process.stdout.write(`${dir}: ${m.files.total} files, ${(m.bytes / 1e6).toFixed(1)} MB, seeded problems ${JSON.stringify(m.seeded)} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  } else {
    const { dir, manifest: m } = ensureCorpus(n, (s) => process.stderr.write(s + '\n'));
    process.stdout.write(`${dir}: ${m.files.total} files, ${(m.bytes / 1e6).toFixed(1)} MB, seeded problems ${JSON.stringify(m.seeded)}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
