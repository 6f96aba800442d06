// The anchors a page really has once Hugo renders it: its headings, numbered in document order as
// Hugo numbers repeated IDs, with the headings of the files it `{{% include %}}`s in place, and
// the HTML anchors of the page and of everything it includes. Pure functions of the files; the
// index keeps what they give for as long as the texts do not change.
import { HeadingIdFactory } from '../page/headingIds';
import type { HeadingFact } from '../page/facts';
import type { IncludeCall } from '../page/shortcodes';
import type { Site } from '../site/site';
import type { Anchor, IndexedFile, ResolvedInclude } from './indexedFile';

/** Where an include call's path leads (the index's `resolveInclude`). */
type IncludeResolver = (site: Site, includePath: string) => ResolvedInclude;

/**
 * The anchors a page has once rendered: headings (numbered in document order, with the
 * headings of `{{% include %}}`d files in place), explicit IDs and HTML anchors, its own and
 * those of the files it includes. An include file on its own has its own anchors only.
 */
export function anchorsOfFile(file: IndexedFile, resolveInclude: IncludeResolver, anchorShortcodes: readonly string[] = []): Anchor[] {
  const anchors: Anchor[] = [];
  collectAnchors(file, new HeadingIdFactory({ emoji: file.site.emoji }), anchors, file.kind === 'page', resolveInclude);
  // Only a page's own calls: Hugo does not expand shortcodes in what `include` writes out.
  if (file.kind === 'page') collectShortcodeAnchors(file, anchorShortcodes, anchors);
  return anchors;
}

/** `{{% a "id" %}}` and the like (handbookRoles.anchorShortcodes): a shortcode that writes an element with its first argument as the ID. */
function collectShortcodeAnchors(file: IndexedFile, anchorShortcodes: readonly string[], into: Anchor[]): void {
  for (const call of file.facts.shortcodes ?? []) {
    if (!anchorShortcodes.includes(call.name)) continue;
    const first = call.arguments.find((argument) => argument.name === undefined);
    if (first && first.value !== '') into.push({ id: first.value, text: '', level: 0, file, range: first.range });
  }
}

/** A page's anchors by ID, for the links into it. */
export class AnchorIds {
  private readonly exact = new Map<string, Anchor>();
  private readonly folded = new Map<string, Anchor>();

  constructor(anchors: readonly Anchor[]) {
    for (const anchor of anchors) {
      if (!this.exact.has(anchor.id)) this.exact.set(anchor.id, anchor);
      const folded = anchor.id.toLowerCase();
      if (!this.folded.has(folded)) this.folded.set(folded, anchor);
    }
  }

  /** The first anchor with this ID, else the first whose ID differs only in case. */
  find(fragment: string): Anchor | undefined {
    return this.exact.get(fragment) ?? this.folded.get(fragment.toLowerCase());
  }
}

/**
 * Only a page's own include calls bring anchors: the include shortcode writes a file's text out
 * as it is, and Hugo does not expand shortcodes in a shortcode's output, so an include call
 * inside an include file is printed as text (the include-nested diagnostic says so).
 */
function collectAnchors(file: IndexedFile, ids: HeadingIdFactory, into: Anchor[], followIncludes: boolean, resolveInclude: IncludeResolver): void {
  const includes = followIncludes ? file.facts.includes.filter((call) => call.problems.length === 0 && call.path !== undefined) : [];
  const headingAnchor = (heading: HeadingFact): Anchor => ({ id: ids.idOfHeading(heading), text: heading.text, level: heading.level, file, range: heading.range });
  if (includes.length === 0) {
    // Most pages include nothing: their headings, in document order, are all there is to number.
    for (const heading of inDocumentOrder(file.facts.headings)) into.push(headingAnchor(heading));
    collectHtmlAnchors(file, into);
    return;
  }
  const events: ({ at: number; heading: HeadingFact } | { at: number; include: IncludeCall })[] = [
    ...file.facts.headings.map((heading) => ({ at: heading.range.start, heading })),
    ...includes.map((include) => ({ at: include.range.start, include })),
  ].sort((a, b) => a.at - b.at);
  for (const event of events) {
    if ('heading' in event) {
      into.push(headingAnchor(event.heading));
      continue;
    }
    const resolved = resolveInclude(file.site, event.include.path!);
    if (resolved.kind !== 'found' || resolved.file.kind !== 'include') continue;
    // `{{% %}}` output is rendered as Markdown with the page, so it brings headings; `{{< >}}`
    // output goes into the HTML as it is: only its HTML anchors count.
    if (event.include.form === '%') collectAnchors(resolved.file, ids, into, false, resolveInclude);
    else collectHtmlAnchors(resolved.file, into);
  }
  collectHtmlAnchors(file, into);
}

function collectHtmlAnchors(file: IndexedFile, into: Anchor[]): void {
  for (const anchor of file.facts.htmlAnchors) into.push({ id: anchor.id, text: '', level: 0, file, range: anchor.range });
}

/** Headings sorted by where they start (as the scanner gives them; sorted again otherwise). */
function inDocumentOrder(headings: readonly HeadingFact[]): readonly HeadingFact[] {
  for (let at = 1; at < headings.length; at++) {
    if (headings[at].range.start < headings[at - 1].range.start) return [...headings].sort((a, b) => a.range.start - b.range.start);
  }
  return headings;
}
