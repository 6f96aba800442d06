// Diagnostics: every broken extends, include and role link of one file, as LSP diagnostics.
// The command line prints the same objects, so editor and CI always agree. Each code's severity
// comes from the catalog (codes.ts); a code with quick fixes carries their fact in `data`.
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../../model/index/handbookIndex';
import type { IndexedFile, ResolvedLink } from '../../model/index/indexedFile';
import type { HandbookSettings } from '../../model/base/settings';
import type { Unpublished } from '../../model/site/publishing';
import { findCycle, resolveExtends, sectionTitle, type Section } from '../../model/roles/inheritance';
import type { LinkFact, PageFacts } from '../../model/page/facts';
import { destinationRange, linkRange } from '../../model/page/markdown/syntax';
import { isRefCall, refPathArgument, refsAnotherLanguage, type IncludeCall, type IncludeProblem, type ShortcodeCall } from '../../model/page/shortcodes';
import { pagesWithSameLastSegment } from '../../model/roles/suggestions';
import { pagesIncluding } from '../../model/index/references';
import type { TextRange } from '../../model/base/text';
import { relativePath } from '../../model/base/paths';
import { addressWrittenAsPath, SAME_SCHEME_PATH } from '../../model/site/site';
import { toRange } from '../shared/positions';
import { CODES, SOURCE, type DiagnosticCode } from './codes';
import { includeCallData, linkData, type FixData, type FixKind } from './fixData';
import { applyConfiguration, isIgnoredFile, isIgnoredLink } from './suppressions';

/** A code's fix data when its catalog entry names a kind of it: then `report` must be given it. */
type FixDataArgument<C extends DiagnosticCode> = (typeof CODES)[C] extends { readonly fixData: infer K extends FixKind } ? [data: FixData[K]] : [];

type Report = <C extends DiagnosticCode>(range: TextRange, code: C, message: string, ...fixData: FixDataArgument<C>) => Diagnostic;

/**
 * One file's diagnostics, as the configuration (rules, ignore, ignoreLinks) and the page's
 * suppression comments leave them. `memo`: what the links of the pages checked before were found
 * to have, for whoever checks the same pages again and again (see LinkProblemsMemo).
 */
export function computeDiagnostics(index: HandbookIndex, file: IndexedFile, memo?: LinkProblemsMemo): Diagnostic[] {
  const settings = index.currentSettings;
  if (isIgnoredFile(settings, file)) return [];
  return applyConfiguration(settings, file, findProblems(index, file, memo));
}

/**
 * The problems of each page's links, kept from one check of the page to the next, so that a
 * heading edit does not check again every link of the hundreds of pages that link to the edited
 * page (16,771 links in the 370 files of the real handbook that link to its values page, 1,121 of
 * them to that page). What a link is found to have depends on the page it is written in (its
 * facts), the routes, the settings and the page it leads to (that page's URL, title, anchors with
 * its includes', shortcodes): while none of those changes — the page's facts the same object, the
 * index's routesVersion and settings the same, the page led to with the same `stampOf` — its
 * problems are the same, to the message and the object. An extends sentence's problems also
 * depend on every role along its chain (cycles), so it is always checked again; include files
 * are not kept (whether a page includes them shapes their links' problems).
 */
export class LinkProblemsMemo {
  private readonly pages = new WeakMap<IndexedFile, CheckedLinks>();

  /** Pushes the problems of each link of `page` onto `diagnostics`, in link order: those kept, and those of the links checked again with `check`. */
  collect(index: HandbookIndex, page: IndexedFile, diagnostics: Diagnostic[], check: (link: LinkFact) => IndexedFile | undefined): void {
    const kept = this.pages.get(page);
    if (kept && kept.index === index && kept.settings === index.currentSettings && kept.routesVersion === index.routesVersion && kept.facts === page.facts) {
      this.collectAgain(index, page, kept, diagnostics, check);
    } else {
      this.pages.set(page, checkEveryLink(index, page, diagnostics, check));
    }
  }

  /** Only the extends sentences and the links into pages whose stamp changed are checked again. */
  private collectAgain(index: HandbookIndex, page: IndexedFile, checked: CheckedLinks, diagnostics: Diagnostic[], check: (link: LinkFact) => IndexedFile | undefined): void {
    const restamped: boolean[] = [];
    let again = checked.hasExtends;
    checked.ledTo.forEach((target, at) => {
      const stamp = index.stampOf(target);
      if (stamp === checked.stamps[at]) return;
      checked.stamps[at] = stamp;
      restamped[at] = again = true;
    });
    if (!again) {
      for (const { problems } of checked.found) diagnostics.push(...problems);
      return;
    }
    const found: Found[] = [];
    let next = 0;
    const keepBefore = (position: number) => {
      for (; next < checked.found.length && checked.found[next].position < position; next++) {
        found.push(checked.found[next]);
        diagnostics.push(...checked.found[next].problems);
      }
    };
    const links = page.facts.links;
    for (let position = 0; position < links.length; position++) {
      const at = checked.targetAt[position];
      if (at !== EXTENDS && (at === NO_PAGE || !restamped[at])) continue;
      keepBefore(position);
      if (checked.found[next]?.position === position) next++;
      const from = diagnostics.length;
      // With the routes and the page's facts unchanged, a link leads to the page it led to: only what it finds there may differ.
      check(links[position]);
      if (diagnostics.length > from) found.push({ position, problems: diagnostics.slice(from) });
    }
    keepBefore(Infinity);
    checked.found = found;
  }
}

function checkEveryLink(index: HandbookIndex, page: IndexedFile, diagnostics: Diagnostic[], check: (link: LinkFact) => IndexedFile | undefined): CheckedLinks {
  const ledTo: IndexedFile[] = [];
  const atOf = new Map<IndexedFile, number>();
  const targetAt: number[] = [];
  const found: Found[] = [];
  page.facts.links.forEach((link, position) => {
    const from = diagnostics.length;
    const target = check(link);
    if (diagnostics.length > from) found.push({ position, problems: diagnostics.slice(from) });
    if (link.extendsSentence !== undefined || !target) {
      targetAt.push(link.extendsSentence !== undefined ? EXTENDS : NO_PAGE);
      return;
    }
    let at = atOf.get(target);
    if (at === undefined) atOf.set(target, (at = ledTo.push(target) - 1));
    targetAt.push(at);
  });
  const stamps = ledTo.map((target) => index.stampOf(target));
  return { index, settings: index.currentSettings, routesVersion: index.routesVersion, facts: page.facts, ledTo, stamps, targetAt, hasExtends: targetAt.includes(EXTENDS), found };
}

/** What a page's links were found to have, and what that depends on beside the page itself. */
interface CheckedLinks {
  readonly index: HandbookIndex;
  readonly settings: HandbookSettings;
  readonly routesVersion: number;
  readonly facts: PageFacts;
  /** The pages the links lead to (extends sentences aside), and beside them each one's stamp when they were checked (see HandbookIndex.stampOf). */
  readonly ledTo: IndexedFile[];
  readonly stamps: object[];
  /** By position in `facts.links`: where in `ledTo` the link leads, else NO_PAGE, or EXTENDS for an extends sentence's link. */
  readonly targetAt: number[];
  readonly hasExtends: boolean;
  /** The links that have problems, by position. */
  found: Found[];
}

/** A link that leads to no page (see CheckedLinks.targetAt). */
const NO_PAGE = -1;
/** An extends sentence's link, checked every time (see CheckedLinks.targetAt). */
const EXTENDS = -2;

interface Found {
  readonly position: number;
  readonly problems: readonly Diagnostic[];
}

/** Every problem of the file, before any configuration applies (but `ignoreLinks`: those links are not checked at all). */
function findProblems(index: HandbookIndex, file: IndexedFile, memo: LinkProblemsMemo | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // A link problem in an include file that no page includes would be real once a page includes
  // it, but no reader meets it today: information, and the message says why.
  const reporter =
    (isUnseen: () => boolean): Report =>
    (range, code, message, ...fixData) => {
      const unseen = isUnseen();
      const diagnostic: Diagnostic = {
        range: toRange(file, range),
        severity: unseen ? DiagnosticSeverity.Information : CODES[code].severity,
        code,
        source: SOURCE,
        message: unseen ? `${message.replace(/\.$/, '')} — no page includes this file, so no reader sees it.` : message,
        ...(fixData.length > 0 ? { data: fixData[0] } : {}),
      };
      diagnostics.push(diagnostic);
      return diagnostic;
    };
  const report = reporter(() => false);

  const { facts } = file;
  if (facts.fileProblem?.kind === 'binary') {
    report(
      { start: 0, end: 0 },
      'file-not-text',
      `${path.basename(file.path)} is not UTF-8 text (it holds binary data), so it was not read. Hugo cannot render it as a page: remove it or rename it away from .md.`,
    );
  } else if (facts.fileProblem?.kind === 'too-large') {
    const { size, limit } = facts.fileProblem;
    report(
      { start: 0, end: 0 },
      'file-too-large',
      `This file is ${megabytes(size)}, over the ${megabytes(limit)} limit, so its links and includes are not checked. Split the page, or raise handbookRoles.maxFileSize.`,
    );
  } else if (facts.fileProblem?.kind === 'unreadable') {
    report(
      { start: 0, end: 0 },
      'file-unreadable',
      `${path.basename(file.path)} could not be read (${facts.fileProblem.reason}), so its links and includes are not checked, and Hugo cannot build it either. Fix the file's permissions or the link, or remove it.`,
    );
  }
  if (facts.frontMatterProblem) report(facts.frontMatterProblem.range, 'front-matter-invalid', facts.frontMatterProblem.message);
  for (const shortcode of facts.unterminatedShortcodes) {
    report(
      shortcode.range,
      'shortcode-unterminated',
      `The shortcode "${shortcode.name}" is never closed, and Hugo fails the build on an unclosed shortcode. End the call with %}} (or >}} for the {{< form).`,
    );
  }
  for (const call of facts.includes) checkInclude(index, file, call, report);
  // Asked only once a link of an include file has a problem: the references table is built on the first question.
  let unseen: boolean | undefined;
  const linkReport = file.kind === 'include' ? reporter(() => (unseen ??= pagesIncluding(index, file).length === 0)) : report;
  const check = (link: LinkFact) => (isIgnoredLink(index.currentSettings, link.destination) ? undefined : checkLink(index, file, link, linkReport));
  if (memo && file.kind === 'page') memo.collect(index, file, diagnostics, check);
  else for (const link of facts.links) check(link);
  // Hugo does not expand shortcodes in what `include` writes out: only a page's own calls link.
  if (file.kind === 'page') for (const call of facts.shortcodes ?? []) if (isRefCall(call)) checkRef(index, file, call, report);
  return withoutRepeats(diagnostics);
}

/**
 * Each use of a reference definition is a link fact whose destination is the definition's, so a
 * broken definition used twice is found twice, at the same place: it is one problem.
 */
function withoutRepeats(diagnostics: Diagnostic[]): Diagnostic[] {
  // By place first: a file's problems are seldom at the same place, and their messages are long.
  const seen = new Map<string, Diagnostic[]>();
  return diagnostics.filter((diagnostic) => {
    const { start, end } = diagnostic.range;
    const place = `${start.line}:${start.character}:${end.line}:${end.character}`;
    const there = seen.get(place);
    if (!there) {
      seen.set(place, [diagnostic]);
      return true;
    }
    if (there.some((other) => other.code === diagnostic.code && other.message === diagnostic.message)) return false;
    there.push(diagnostic);
    return true;
  });
}

function checkRef(index: HandbookIndex, file: IndexedFile, call: ShortcodeCall, report: Report): void {
  const argument = refPathArgument(call);
  if (call.argumentProblem !== undefined) {
    report(call.range, 'ref-missing-page', `Hugo fails the build on this ${call.name}: ${call.argumentProblem}. Write {{< ${call.name} "path/to/page.md" >}}.`);
    return;
  }
  // Another language's page: this index holds one language's content.
  if (refsAnotherLanguage(call)) return;
  if (!argument) {
    report(call.range, 'ref-missing-page', `This ${call.name} names no page, so Hugo fails on it. Write {{< ${call.name} "path/to/page.md" >}}.`);
    return;
  }
  if (isIgnoredLink(index.currentSettings, argument.value)) return;
  const resolved = index.resolveRef(file, argument.value);
  const at = argument.range.end > argument.range.start ? argument.range : call.range;
  switch (resolved.kind) {
    case 'unchecked':
      return;
    case 'no-path':
      report(
        at,
        'ref-missing-page',
        `This ${call.name} names neither a page nor an #anchor; Hugo writes href="" for it (or fails the build, under its default refLinksErrorLevel). Write the page's content path.`,
      );
      return;
    case 'ambiguous':
      report(
        at,
        'ref-missing-page',
        `Broken ${call.name}: more than one page is named "${argument.value}", so Hugo finds none and writes href="" (or fails the build, under its default refLinksErrorLevel). Write the page's path from the content root.`,
      );
      return;
    case 'missing':
      report(
        at,
        'ref-missing-page',
        `Broken ${call.name}: no page "${argument.value.replace(/#.*/, '')}" relative to this page or from the content root, so Hugo writes href="" (or fails the build, under its default refLinksErrorLevel). Write the page's content path.`,
      );
      return;
    case 'page':
      if (resolved.fragment !== undefined && !resolved.anchor) report(at, 'ref-missing-anchor', `Broken anchor: ${resolved.page.url} has no heading or anchor #${resolved.fragment}.`);
  }
}

function checkInclude(index: HandbookIndex, file: IndexedFile, call: IncludeCall, report: Report): void {
  if (call.problems.length > 0) {
    report(call.range, 'include-malformed', `Malformed include: ${call.problems.map((problem) => describeIncludeProblem(call, problem)).join('; ')}.`, includeCallData(file, call));
  }
  if (call.path === undefined || call.path === '') return;
  const at = call.pathRange ?? call.range;
  if (file.kind === 'include') {
    // The include shortcode writes this file out as it is and Hugo does not expand shortcodes in
    // a shortcode's output: the call is printed as text, its file is never read.
    if (call.problems.length === 0) checkNestedInclude(index, file, call, at, report);
    return;
  }
  const resolved = index.resolveInclude(file.site, call.path);
  if (resolved.kind === 'found') return;
  const roots = file.site.includeRoots.map((root) => relativeFolder(file.site.folder, root.directory)).join(', ');
  if (resolved.kind === 'escapes') {
    report(
      at,
      'include-outside-root',
      `The include path "${call.path}" leaves the include folder (${roots}); Hugo's resources.Get only reads files inside it. Use a path relative to ${roots}.`,
      includeCallData(file, call),
    );
  } else if (resolved.kind === 'missing') {
    // A malformed call is printed as text, so Hugo does not fail on it yet: it will once it is mended.
    const consequence =
      call.problems.length > 0
        ? `. Fix the path or create the file: once the call is mended, a missing include fails the Hugo build.`
        : `, and a missing include fails the Hugo build. Fix the path or create the file.`;
    report(at, 'include-missing', `Include file not found: "${resolved.normalized}" is not in ${roots}${consequence}`, includeCallData(file, call));
  }
}

function checkNestedInclude(index: HandbookIndex, file: IndexedFile, call: IncludeCall, at: TextRange, report: Report): void {
  const resolved = index.resolveInclude(file.site, call.path!);
  const cycle = resolved.kind === 'found' && resolved.file.kind === 'include' ? includeCycle(index, resolved.file, file) : undefined;
  const why = 'the include shortcode does not expand shortcodes inside an included file';
  if (cycle) {
    report(
      at,
      'include-cycle',
      `Include cycle: ${cycle.map((entry) => entry.sitePath).join(' → ')}. Hugo does not loop on it but prints this call as literal text wherever ${file.sitePath} is included (${why}). Remove these nested calls and include each file from the page.`,
    );
  } else {
    report(
      at,
      'include-nested',
      `Nested include: Hugo prints this call as literal text wherever ${file.sitePath} is included (${why}), so "${call.path}" is not included. Include both files from the page instead.`,
    );
  }
}

function describeIncludeProblem(call: IncludeCall, problem: IncludeProblem): string {
  const open = `{{${call.form}`;
  const close = `${call.form === '%' ? '%' : '>'}}}`;
  switch (problem.kind) {
    case 'opening-delimiter':
      return problem.found
        ? `"{{${problem.found}" is not a shortcode delimiter, so Hugo prints this line as text instead of including the file; write "${open}"`
        : `the call has no shortcode delimiter, so Hugo prints it as text; write "${open} include … ${close}"`;
    case 'closing-delimiter':
      return problem.found ? `"${open}" must be closed by "${close}", not "${problem.found}}}"` : `the call must end with "${close}"`;
    case 'missing-path':
      return `it names no file; write ${open} include "includes/….md" ${close}`;
    case 'unquoted-path':
      return `the path must be in double quotes: include "${call.path ?? ''}"`;
    case 'unterminated':
      return `it is never closed; end it with "${close}"`;
  }
}

/** The chain of include calls from `includer` (an include file) through `start` back to a file on it, if there is one. */
function includeCycle(index: HandbookIndex, start: IndexedFile, includer: IndexedFile): IndexedFile[] | undefined {
  const walk = (file: IndexedFile, stack: IndexedFile[]): IndexedFile[] | undefined => {
    const seen = stack.indexOf(file);
    if (seen !== -1) return [...stack.slice(seen), file];
    for (const call of file.facts.includes) {
      if (call.path === undefined || call.problems.length > 0) continue;
      const resolved = index.resolveInclude(file.site, call.path);
      if (resolved.kind !== 'found' || resolved.file.kind !== 'include') continue;
      const found = walk(resolved.file, [...stack, file]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [includer]);
}

/** Reports the link's problems; returns the page it leads to, if any. */
function checkLink(index: HandbookIndex, file: IndexedFile, link: LinkFact, report: Report): IndexedFile | undefined {
  // Hugo writes href="" for it: the link leads back to the page it is on, no target to resolve.
  if (link.destination.trim() === '' && link.extendsSentence === undefined) {
    const what = link.kind === 'html' ? 'This href is empty' : 'This link has no destination';
    report(linkRange(link), 'link-empty', `${what}, so the site links back to this page. Write the page or URL it should lead to.`);
    return undefined;
  }
  const resolved = index.resolveLink(file, link.destination, link.kind);
  checkResolvedLink(index, file, link, resolved, report);
  return resolved.kind === 'page' ? resolved.page : undefined;
}

function checkResolvedLink(index: HandbookIndex, file: IndexedFile, link: LinkFact, resolved: ResolvedLink, report: Report): void {
  const isExtends = link.extendsSentence !== undefined;
  const at = link.destinationEnd > link.destinationStart ? destinationRange(link) : linkRange(link);
  const address = (resolved.kind === 'unchecked' || resolved.kind === 'missing-page') && file.kind === 'page' ? addressWrittenAsPath(link.destination) : undefined;
  if (address) {
    const what = address.kind === 'email' ? 'an e-mail address' : 'a domain';
    report(
      at,
      'link-address-as-path',
      `"${link.destination}" is ${what} written as a relative link: the site links to a path below this page, where nothing is. Write ${address.url}.`,
      linkData(file, link),
    );
    return;
  }
  if (resolved.kind === 'missing-page') {
    // The link hook looks Markdown links up as pages; a raw HTML href goes where the browser takes it.
    const asBrowser = link.kind === 'html' && file.site.embeddedLinkHook && (resolved.target.kind === 'file' || (resolved.target.kind === 'page' && resolved.target.relative));
    const asMarkdown = asBrowser ? index.resolveLink(file, link.destination, 'inline') : undefined;
    const target =
      resolved.target.kind === 'page' || (asBrowser && resolved.target.kind === 'file') ? resolved.target.urlPath : resolved.target.kind === 'file' ? resolved.target.contentPath : link.destination;
    const moved = resolved.target.kind === 'page' ? pagesWithSameLastSegment(index, file.site, target) : [];
    const hint = resolved.unpublished
      ? ` ${describeUnpublished(resolved.unpublished.page, resolved.unpublished.reason)}`
      : asMarkdown?.kind === 'page'
        ? ` The link render hook sees only Markdown links: a browser resolves this raw HTML href against the page's URL (written as a Markdown link, it would reach ${asMarkdown.page.url}).`
        : SAME_SCHEME_PATH.test(link.destination.trim())
          ? ` With one slash after "https:", a browser on the site takes the rest as a path of this site: write https:// before the host.`
          : moved.length === 1
            ? ` Did the role move to ${moved[0].url}?`
            : '';
    if (isExtends) {
      report(at, 'extends-missing-page', `Broken extends: no page at ${target}, so nothing is inherited from "${link.text}".${hint}`, linkData(file, link));
    } else {
      report(at, 'link-missing-page', `Broken link: no page at ${target}.${hint}`, linkData(file, link));
    }
    return;
  }
  if (resolved.kind !== 'page') return;
  if (resolved.fragment !== undefined && !resolved.anchor) {
    const page = resolved.page;
    if (isExtends) {
      report(at, 'extends-missing-section', `Broken extends: ${page.url} has no section #${resolved.fragment}, so nothing is inherited from "${link.text}".`, linkData(file, link));
    } else {
      const dataShortcode = page.facts.shortcodes?.find((call) => index.currentSettings.dataShortcodes.includes(call.name));
      if (!dataShortcode) {
        report(at, 'link-missing-anchor', `Broken anchor: ${page.url} has no heading or anchor #${resolved.fragment}.`, linkData(file, link));
        return;
      }
      // The shortcode may well write this ID: no static reading can tell, so it is only information.
      report(
        at,
        'link-missing-anchor',
        `Possibly broken anchor: ${page.url} has no heading or anchor #${resolved.fragment} in its text, but part of its anchors come from the shortcode "${dataShortcode.name}", which writes them from data (handbookRoles.dataShortcodes). Check the built page.`,
        linkData(file, link),
      ).severity = DiagnosticSeverity.Information;
    }
    return;
  }
  if (resolved.viaAlias) {
    report(at, 'link-via-alias', `This link reaches "${index.titleOf(resolved.page)}" through an old alias; its URL is now ${resolved.page.url}.`, linkData(file, link));
  }
  if (isExtends) {
    const target = resolveExtends(index, { file, link });
    if (target.kind !== 'section') return;
    const cycle = findCycle(index, target.section, file, link.start);
    if (!cycle) return;
    if (cycle.length === 1) {
      report(at, 'extends-self', `This role extends itself: "${sectionTitle(index, target.section)}" is the section this sentence is in.`);
    } else {
      const names = [...cycle, cycle[0]].map((section: Section) => sectionTitle(index, section));
      report(at, 'extends-cycle', `Extends cycle: ${names.join(' → ')}. Inheritance must end somewhere; remove one of these extends sentences.`);
    }
  }
}

/** Why the content file a link means is not a page of the built site, and what to do about it. */
function describeUnpublished(page: IndexedFile, reason: Unpublished): string {
  const file = `content file ${page.sitePath}`;
  switch (reason) {
    case 'draft':
      return `The ${file} is a draft (draft: true), and Hugo does not publish drafts: link to it once it is published.`;
    case 'headless':
      return `The ${file} is a headless bundle (headless: true), which Hugo does not render.`;
    case 'not-rendered':
      return `The ${file} has build.render set to never or link, so Hugo does not write it out.`;
    case 'bundle-resource':
      return `The ${file} lies inside a leaf bundle (a folder with an index.md), so Hugo treats it as a resource of that bundle, not as a page: move it out of the bundle or link to the bundle's page.`;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function relativeFolder(siteFolder: string, directory: string): string {
  return `${relativePath(siteFolder, directory) || '.'}/`;
}
