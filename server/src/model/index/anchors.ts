// The anchors a page really has once Hugo renders it: its headings, numbered in document order as
// Hugo numbers repeated IDs, with the headings of the files it `{{% include %}}`s in place, and
// the HTML anchors of the page and of everything it includes. Pure functions of the files; the
// index keeps what they give for as long as the texts do not change.
import { HeadingIdFactory } from '../page/headingIds';
import type { FootnoteFact, HeadingFact } from '../page/facts';
import type { IncludeCall } from '../page/shortcodes';
import type { Site } from '../site/site';
import type { TextRange } from '../base/text';
import type { Anchor, IndexedFile, ResolvedInclude } from './indexedFile';

/** Where an include call's path leads (the index's `resolveInclude`). */
type IncludeResolver = (site: Site, includePath: string) => ResolvedInclude;

/**
 * The anchors a page has once rendered: headings (numbered in document order, with the
 * headings of `{{% include %}}`d files in place), explicit IDs and HTML anchors, its own and
 * those of the files it includes. An include file on its own has its own anchors only.
 */
export function anchorsOfFile(file: IndexedFile, resolveInclude: IncludeResolver, anchorShortcodes: readonly string[]): Anchor[] {
  const anchors: Anchor[] = [];
  const footnotes: RenderedFootnote[] = [];
  collectAnchors(file, new HeadingIdFactory({ emoji: file.site.emoji }), anchors, footnotes, file.kind === 'page', resolveInclude);
  anchors.push(...footnoteAnchors(footnotes));
  // Only a page's own calls: Hugo does not expand shortcodes in what `include` writes out.
  if (file.kind === 'page') collectShortcodeAnchors(file, anchorShortcodes, anchors);
  return anchors;
}

/** A footnote reference or definition, with the file it is written in. */
interface RenderedFootnote {
  readonly fact: FootnoteFact;
  readonly file: IndexedFile;
}

/**
 * Goldmark's footnote IDs: footnotes are numbered by their first reference in the rendered
 * document; the definition gets `fn:N`, the references `fnref:N`, `fnref1:N`, `fnref2:N`, … A
 * reference to a label no definition has stays text, and a definition no reference names is not
 * rendered.
 */
function footnoteAnchors(footnotes: readonly RenderedFootnote[]): Anchor[] {
  if (footnotes.length === 0) return [];
  const definitions = new Map<string, RenderedFootnote>();
  for (const footnote of footnotes) if (footnote.fact.definition && !definitions.has(footnote.fact.label)) definitions.set(footnote.fact.label, footnote);
  const numbers = new Map<string, { number: number; references: number }>();
  const anchors: Anchor[] = [];
  for (const { fact, file } of footnotes) {
    if (fact.definition || !definitions.has(fact.label)) continue;
    let numbered = numbers.get(fact.label);
    if (!numbered) numbers.set(fact.label, (numbered = { number: numbers.size + 1, references: 0 }));
    anchors.push({ id: `fnref${numbered.references === 0 ? '' : numbered.references}:${numbered.number}`, text: '', level: 0, file, range: fact.range });
    numbered.references++;
  }
  for (const [label, { number }] of numbers) {
    const { file, fact } = definitions.get(label)!;
    anchors.push({ id: `fn:${number}`, text: '', level: 0, file, range: fact.range });
  }
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
  /** Made on the first fragment no ID matches exactly: most pages are only linked by IDs they have. */
  private folded: Map<string, Anchor> | undefined;

  constructor(private readonly anchors: readonly Anchor[]) {
    for (const anchor of anchors) if (!this.exact.has(anchor.id)) this.exact.set(anchor.id, anchor);
  }

  /**
   * Whether a page's anchors are worth tables of their IDs. Most pages have a few: looking
   * through those in order costs about what a table lookup does, and tables of every page a
   * fragment points into took 13 MB of a check of 10k generated pages.
   */
  static worthTables(anchors: readonly Anchor[]): boolean {
    return anchors.length > LOOKED_THROUGH_IN_ORDER;
  }

  /** The first anchor with this ID, else the first whose ID differs only in case. */
  find(fragment: string): Anchor | undefined {
    return this.exact.get(fragment) ?? this.foldedIds().get(fragment.toLowerCase());
  }

  private foldedIds(): Map<string, Anchor> {
    if (this.folded) return this.folded;
    this.folded = new Map();
    for (const anchor of this.anchors) {
      const folded = anchor.id.toLowerCase();
      if (!this.folded.has(folded)) this.folded.set(folded, anchor);
    }
    return this.folded;
  }
}

const LOOKED_THROUGH_IN_ORDER = 32;

/** What `new AnchorIds(anchors).find(fragment)` finds, without the tables. */
export function findAnchorIn(anchors: readonly Anchor[], fragment: string): Anchor | undefined {
  for (const anchor of anchors) if (anchor.id === fragment) return anchor;
  const folded = fragment.toLowerCase();
  for (const anchor of anchors) if (anchor.id.toLowerCase() === folded) return anchor;
  return undefined;
}

/**
 * Only a page's own include calls bring anchors: the include shortcode writes a file's text out
 * as it is, and Hugo does not expand shortcodes in a shortcode's output, so an include call
 * inside an include file is printed as text (the include-nested diagnostic says so).
 */
function collectAnchors(file: IndexedFile, ids: HeadingIdFactory, into: Anchor[], footnotes: RenderedFootnote[], followIncludes: boolean, resolveInclude: IncludeResolver): void {
  const includes = followIncludes ? file.facts.includes.filter((call) => call.problems.length === 0 && call.path !== undefined) : [];
  const idsAt = separatelyRendered(file, ids);
  const headingAnchor = (heading: HeadingFact): Anchor => ({ id: idsAt(heading.range.start).idOfHeading(heading), text: heading.text, level: heading.level, file, range: heading.range });
  if (includes.length === 0) {
    // Most pages include nothing: their headings, in document order, are all there is to number.
    for (const heading of inDocumentOrder(file.facts.headings)) into.push(headingAnchor(heading));
    for (const fact of file.facts.footnotes ?? []) footnotes.push({ fact, file });
    collectHtmlAnchors(file, into);
    collectBlockAttributeIds(file, into);
    return;
  }
  const events: ({ at: number; heading: HeadingFact } | { at: number; footnote: FootnoteFact } | { at: number; include: IncludeCall })[] = [
    ...file.facts.headings.map((heading) => ({ at: heading.range.start, heading })),
    ...(file.facts.footnotes ?? []).map((footnote) => ({ at: footnote.range.start, footnote })),
    ...includes.map((include) => ({ at: include.range.start, include })),
  ].sort((a, b) => a.at - b.at);
  for (const event of events) {
    if ('heading' in event) {
      into.push(headingAnchor(event.heading));
      continue;
    }
    if ('footnote' in event) {
      footnotes.push({ fact: event.footnote, file });
      continue;
    }
    const resolved = resolveInclude(file.site, event.include.path!);
    if (resolved.kind !== 'found' || resolved.file.kind !== 'include') continue;
    // `{{% %}}` output is rendered as Markdown with the page, so it brings headings; `{{< >}}`
    // output goes into the HTML as it is: only its HTML anchors count.
    if (event.include.form === '%') collectAnchors(resolved.file, ids, into, footnotes, false, resolveInclude);
    else collectHtmlAnchors(resolved.file, into);
  }
  collectHtmlAnchors(file, into);
  collectBlockAttributeIds(file, into);
}

/** The ID factory a heading at an offset is numbered by: the page's, or that of the nested shortcode call it is inside. */
function separatelyRendered(file: IndexedFile, ids: HeadingIdFactory): (offset: number) => HeadingIdFactory {
  const renders = file.facts.separateRenders;
  if (!renders) return () => ids;
  const factories = new Map<TextRange, HeadingIdFactory>();
  return (offset) => {
    let innermost: TextRange | undefined;
    for (const render of renders) if (render.start <= offset && offset < render.end && (!innermost || render.start >= innermost.start)) innermost = render;
    if (!innermost) return ids;
    let factory = factories.get(innermost);
    if (!factory) factories.set(innermost, (factory = new HeadingIdFactory({ emoji: file.site.emoji })));
    return factory;
  };
}

function collectHtmlAnchors(file: IndexedFile, into: Anchor[]): void {
  for (const anchor of file.facts.htmlAnchors) into.push({ id: anchor.id, text: '', level: 0, file, range: anchor.range });
}

/** Only Markdown output has them: a page's, and that of the files it `{{% include %}}`s. */
function collectBlockAttributeIds(file: IndexedFile, into: Anchor[]): void {
  if (!file.site.blockAttributes) return;
  for (const anchor of file.facts.blockAttributeIds ?? []) into.push({ id: anchor.id, text: '', level: 0, file, range: anchor.range });
}

/** Headings sorted by where they start (as the scanner gives them; sorted again otherwise). */
function inDocumentOrder(headings: readonly HeadingFact[]): readonly HeadingFact[] {
  for (let at = 1; at < headings.length; at++) {
    if (headings[at].range.start < headings[at - 1].range.start) return [...headings].sort((a, b) => a.range.start - b.range.start);
  }
  return headings;
}
