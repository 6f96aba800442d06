// What each tool reported, one finding per problem, and how many of those findings are false for
// a Hugo site. Node built-ins only (the root typecheck includes it).
//
// Two ways to judge a finding:
// - on a generated handbook, against the problems the generator seeded (bench-seeded.json): a
//   finding is true when a seeded reference sits at its file and line, and false otherwise;
// - on any other handbook (the real corpus), by two plain rules of Hugo's that a finding must not
//   contradict: a page `x.md`, `x/_index.md` or `x/index.md` under content/ is served at `/x/`
//   (unless it is a draft or `build: render: never`), and a heading written `## Title {#id}` (or
//   an element with `id="id"`) has the anchor `#id`.
//   A finding that claims such a page or anchor is missing is proven false. Anything else (auto
//   heading ids, aliases, mounts) is left unverified, so the false share is a lower bound.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Finding {
  file: string; // relative to the handbook folder, with '/'
  line: number; // 1-based
  column?: number; // 1-based
  code: string;
  /** The link destination or include path the finding is about, when the tool says it. */
  reference?: string;
}

/** A reference a generated handbook breaks on purpose (bench-seeded.json): where, and what it says. */
export interface SeededProblem {
  file: string;
  line: number;
  reference: string; // the link destination or include path as written
}

/** What a finding claims is missing: a page, an anchor, an include file, or nothing of the kind (style). */
type Claim = 'page' | 'anchor' | 'include' | 'other';

// Every tool's codes for broken references, by what they claim is missing.
const CLAIMS: Record<string, Claim> = {
  // handbook-roles
  'link-missing-page': 'page',
  'extends-missing-page': 'page',
  'link-missing-anchor': 'anchor',
  'extends-missing-section': 'anchor',
  'include-missing': 'include',
  // vscode-markdown-languageservice
  'link.no-such-file': 'page',
  'link.no-such-header-in-file': 'anchor',
  'link.no-such-header-in-own-file': 'anchor',
  // remark-validate-links
  'remark-validate-links:missing-file': 'page',
  'remark-validate-links:missing-heading': 'anchor',
  'remark-validate-links:missing-heading-in-file': 'anchor',
  // markdownlint: its only link rule checks fragments within the page
  MD051: 'anchor',
};

export const claimOf = (code: string): Claim => CLAIMS[code] ?? (/^include-/.test(code) ? 'include' : 'other');

export interface Judgement {
  method: 'seeded' | 'hugo-rules';
  findings: number;
  /** Findings that claim a broken page, anchor or include (the rest are style or hints). */
  references: number;
  /** Of `references`: wrong by the ground truth (seeded) or proven wrong by Hugo's rules. */
  provenFalse: number;
  /** Of `references`, seeded method only: findings at a seeded problem. */
  truePositives: number | null;
  /** Seeded method only: how many seeded problems at least one finding points at. */
  recall: { found: number; seeded: number } | null;
  byCode: Record<string, { findings: number; provenFalse: number }>;
  /** hugo-rules: why findings were proven false. */
  reasons: Record<string, number>;
}

/** Writes findings as JSON (the peer runners do, when the harness asks with --findings FILE). */
export function writeFindings(file: string, findings: readonly Finding[]): void {
  fs.writeFileSync(file, JSON.stringify(findings));
}

export function readFindings(file: string): Finding[] {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Finding[];
}

/** Link destinations, reference definitions, hrefs and include paths on a line, with their spans. */
const REFERENCE_PATTERNS = [/\]\(\s*<([^>]*)>/g, /\]\(\s*([^\s)]*)/g, /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)/g, /\bhref\s*=\s*["']([^"']*)["']/gi, /\{\{[%<]\s*include\s+"([^"]*)"/g];

/**
 * The reference a finding at `column` of `lineText` is about: the first one on the line that ends
 * at or after the column (tools point at the link's start, its text or its destination).
 */
export function referenceAt(lineText: string, column = 1): string | undefined {
  const spans: { end: number; value: string }[] = [];
  for (const pattern of REFERENCE_PATTERNS) {
    for (const m of lineText.matchAll(pattern)) spans.push({ end: m.index + m[0].length, value: m[1] });
  }
  spans.sort((a, b) => a.end - b.end);
  return (spans.find((s) => s.end >= column - 1) ?? spans[spans.length - 1])?.value;
}

/** Reads source lines on demand, once per file. */
class Sources {
  private readonly lines = new Map<string, string[]>();
  constructor(private readonly folder: string) {}
  line(file: string, line: number): string {
    let lines = this.lines.get(file);
    if (!lines) {
      try {
        lines = fs.readFileSync(path.join(this.folder, file), 'utf8').split('\n');
      } catch {
        lines = [];
      }
      this.lines.set(file, lines);
    }
    return lines[line - 1] ?? '';
  }
  text(file: string): string {
    this.line(file, 1);
    return (this.lines.get(file) ?? []).join('\n');
  }
}

const withoutFragment = (reference: string): string => reference.split('#')[0];

export function judgeBySeeded(folder: string, findings: readonly Finding[], seeded: readonly SeededProblem[]): Judgement {
  const sources = new Sources(folder);
  const at = new Map<string, SeededProblem[]>();
  for (const s of seeded) at.set(`${s.file}:${s.line}`, [...(at.get(`${s.file}:${s.line}`) ?? []), s]);
  const found = new Set<SeededProblem>();
  const j = emptyJudgement('seeded', findings.length);
  j.truePositives = 0;
  for (const f of findings) {
    const claim = claimOf(f.code);
    if (claim === 'other') continue;
    j.references++;
    const reference = f.reference ?? referenceAt(sources.line(f.file, f.line), f.column);
    // vscode-markdown-languageservice names only the path of a link to a missing file.
    const match = (at.get(`${f.file}:${f.line}`) ?? []).find((s) => reference === undefined || s.reference === reference || withoutFragment(s.reference) === reference);
    const entry = (j.byCode[f.code] ??= { findings: 0, provenFalse: 0 });
    entry.findings++;
    if (match) {
      j.truePositives++;
      found.add(match);
    } else {
      j.provenFalse++;
      entry.provenFalse++;
    }
  }
  j.recall = { found: found.size, seeded: seeded.length };
  return j;
}

export function judgeByHugoRules(folder: string, findings: readonly Finding[]): Judgement {
  const site = new HugoPages(folder);
  const sources = new Sources(folder);
  const j = emptyJudgement('hugo-rules', findings.length);
  for (const f of findings) {
    const claim = claimOf(f.code);
    if (claim === 'other') continue;
    j.references++;
    const entry = (j.byCode[f.code] ??= { findings: 0, provenFalse: 0 });
    entry.findings++;
    if (claim === 'include') continue; // no plain rule to hold an include finding to
    const reference = f.reference ?? referenceAt(sources.line(f.file, f.line), f.column);
    if (reference === undefined) continue;
    const reason = site.contradicts(f.file, reference, claim, sources);
    if (reason) {
      j.provenFalse++;
      entry.provenFalse++;
      j.reasons[reason] = (j.reasons[reason] ?? 0) + 1;
    }
  }
  return j;
}

function emptyJudgement(method: Judgement['method'], findings: number): Judgement {
  return { method, findings, references: 0, provenFalse: 0, truePositives: null, recall: null, byCode: {}, reasons: {} };
}

/** Front matter that keeps Hugo from writing a page out: a draft, or `build: render: never|link`. */
const UNPUBLISHED = /^draft:\s*true\b|^\s+render:\s*["']?(never|link|false)\b/m;

/** The published pages under content/ by the URL Hugo serves them at (no permalinks, aliases or mounts). */
class HugoPages {
  private readonly byUrl = new Map<string, string>();

  constructor(folder: string) {
    const content = path.join(folder, 'content');
    if (!fs.existsSync(content)) return;
    for (const entry of fs.readdirSync(content, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
      const abs = path.join(entry.parentPath, entry.name);
      const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(fs.readFileSync(abs, 'utf8'))?.[1] ?? '';
      if (UNPUBLISHED.test(frontMatter)) continue;
      const file = path.relative(folder, abs).split(path.sep).join('/');
      this.byUrl.set(this.urlOf(file)!, file);
    }
  }

  /** `content/a/b.md`, `content/a/b/_index.md` and `content/a/b/index.md` are all served at `/a/b/`. */
  urlOf(file: string): string | undefined {
    if (!file.startsWith('content/')) return undefined;
    const rest = file.slice('content/'.length).replace(/\.md$/, '');
    const page = /(^|\/)_?index$/.test(rest) ? rest.replace(/(^|\/)_?index$/, '') : rest;
    return `/${page}${page ? '/' : ''}`.toLowerCase();
  }

  /** Why `reference` from `file` is not broken the way `claim` says, or undefined. */
  contradicts(file: string, reference: string, claim: 'page' | 'anchor', sources: Sources): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) return undefined; // another site, mail, ...
    const hash = reference.indexOf('#');
    const pathPart = hash === -1 ? reference : reference.slice(0, hash);
    const fragment = hash === -1 ? '' : reference.slice(hash + 1);
    let target: string | undefined;
    if (pathPart === '') target = file;
    else {
      const base = this.urlOf(file);
      if (!pathPart.startsWith('/') && base === undefined) return undefined; // relative to an unknown includer
      if (pathPart.includes('\\')) return undefined; // Hugo escapes it; a browser would not read it as a slash
      let url: string;
      try {
        url = decodeURI(new URL(pathPart, `https://site${base ?? '/'}`).pathname);
      } catch {
        return undefined;
      }
      if (!url.endsWith('/') && !/\.[a-z0-9]+$/i.test(url)) url += '/';
      target = this.byUrl.get(url.toLowerCase());
    }
    if (!target) return undefined;
    if (claim === 'page') return 'the page exists (x.md, x/_index.md or x/index.md is served at /x/)';
    if (!fragment) return undefined;
    const ids = explicitIds(sources.text(target));
    let decoded = fragment;
    try {
      decoded = decodeURIComponent(fragment);
    } catch {
      // keep it as written
    }
    return ids.has(fragment) || ids.has(decoded) ? 'the anchor exists as an explicit {#id} or id="…"' : undefined;
  }
}

function explicitIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/^ {0,3}#{1,6}[ \t].*?\{#([^\s}]+)[^}\n]*\}[ \t]*$/gm)) ids.add(m[1]);
  for (const m of text.matchAll(/\bid\s*=\s*["']([^"']+)["']/g)) ids.add(m[1]);
  return ids;
}
