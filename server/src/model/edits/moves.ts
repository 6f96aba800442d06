// What moving pages, include files or folders of them changes, planned as one whole: every link
// to a moved page retargeted in its own style (retarget.ts) — inline and reference links,
// reference definitions, HTML hrefs, extends sentences — and every `ref`/`relref` call
// (refRetarget.ts), the moved pages' own relative links and refs made to lead where they led, every include call of a moved include file given its new path, and the
// old URL of each moved page added to its aliases (aliases.ts), so that links from outside the
// handbook still arrive. A move that cannot be made safely (out of the content or include folder,
// out of the workspace, onto an existing file, onto another page's URL, a chain or cycle of
// moves) is refused as a whole with the reason: a plan is never half made. Edits are offsets into
// the files' texts before the move, by the files' paths before the move (an editor applies them
// before it renames; the command line applies them, then renames). What points at a moved file
// comes from the index's table of references (index/references.ts).
import * as path from 'node:path';
import type { HandbookIndex } from '../index/handbookIndex';
import type { IndexedFile } from '../index/indexedFile';
import type { LinkFact } from '../page/facts';
import type { IncludeCall, ShortcodeArgument } from '../page/shortcodes';
import { refCallsOf, referencesTo } from '../index/references';
import { deriveTables, type DerivedTables } from '../index/derivedTables';
import { findRefPage, hookRules, pageByReference, pageNames, refLookupNames } from '../index/pageFinder';
import { leafBundleFolder, MARKDOWN_FILE, unpublishedReason } from '../site/publishing';
import { contentPathOf, pageUrl, resolveDestination, urlKey, type LinkTarget, type Site } from '../site/site';
import type { MountedRoot } from '../site/hugoConfig';
import { relativePath } from '../base/paths';
import { isInside, isInsideAny, isListedFolder } from '../base/workspace';
import { addAlias } from './aliases';
import { distinctEdits, type OffsetEdit } from './offsetEdits';
import { destinationAsWritten, retargetDestination, type PagePlace } from './retarget';
import { refPathProposals } from './refRetarget';

/** A file or folder moved (or renamed) from one absolute path to another. */
export interface FileMove {
  readonly from: string;
  readonly to: string;
}

/** A file the index knows: a page, an include file, or an include-root file that is not Markdown. */
type KnownFile = IndexedFile | { readonly path: string; readonly kind: 'asset'; readonly site: Site };

export interface MoveOptions {
  /** Add each moved page's old URL to its front matter `aliases` (`handbookRoles.move.addAliases`). */
  readonly addAliases: boolean;
}

export type MovePlan = { readonly kind: 'refused'; readonly reason: string } | PlannedMove;

export interface PlannedMove {
  readonly kind: 'planned';
  /** Every file that moves, folders expanded (include-root files that are not Markdown among them). */
  readonly files: readonly FileMove[];
  /** By path before the move: the edits of that file's text, sorted, each once. */
  readonly edits: ReadonlyMap<string, readonly OffsetEdit[]>;
  readonly counts: { readonly links: number; readonly refCalls: number; readonly includeCalls: number; readonly aliases: number };
  /** What the plan did not do that a person would expect, each a sentence (an alias not added, say). */
  readonly notes: readonly string[];
}

/** Where a moved file goes: its new path and, for a page, its new content path and URL. */
interface Destination {
  readonly file: KnownFile;
  readonly to: string;
  /** Pages: below the content root; include files and assets: the path an include call names. */
  readonly sitePath: string;
  readonly url?: string;
}

export async function planMoves(index: HandbookIndex, moves: readonly FileMove[], options: MoveOptions): Promise<MovePlan> {
  const expanded = expandMoves(index, moves);
  if (typeof expanded === 'string') return refused(expanded);
  // A file the handbook does not know (an image, say) moves without changing any text.
  if (expanded.length === 0) return { kind: 'planned', files: [], edits: new Map(), counts: { links: 0, refCalls: 0, includeCalls: 0, aliases: 0 }, notes: [] };
  const destinations = new Map<string, Destination>();
  for (const move of expanded) {
    const destination = destinationOf(index, move.file, move.to);
    if (typeof destination === 'string') return refused(destination);
    destinations.set(move.from, destination);
  }
  const collision = urlCollision(index, destinations) ?? publishingChange(index, destinations);
  if (collision) return refused(collision);
  return new Planner(index, destinations, options).plan(expanded.map(({ from, to }) => ({ from, to })));
}

/** The last segment of a URL or path, lower case, without `.md`: what a link to it must name. */
function lastSegmentOf(urlOrPath: string): string {
  const key = urlKey(urlOrPath.replace(MARKDOWN_FILE, ''));
  return key.slice(key.lastIndexOf('/') + 1);
}

function refused(reason: string): MovePlan {
  return { kind: 'refused', reason };
}

/** The moves file by file: a folder stands for every indexed file below it. A string: why the moves cannot be made. */
function expandMoves(index: HandbookIndex, moves: readonly FileMove[]): (FileMove & { readonly file: KnownFile })[] | string {
  const known = knownFiles(index);
  const files: (FileMove & { readonly file: KnownFile })[] = [];
  const resolved = moves.map((move) => ({ from: path.resolve(move.from), to: path.resolve(move.to) })).filter(({ from, to }) => from !== to);
  const chained = resolved.find((move) => resolved.some((other) => other !== move && isInside(other.from, move.to)));
  if (chained) return `${shown(index, chained.to)} is moved and moved onto in the same step (a chain or cycle of moves): move one file at a time.`;
  for (const { from, to } of resolved) {
    if (isInside(from, to)) return `${shown(index, from)} cannot move into itself (${shown(index, to)}).`;
    if (!isInsideAny(index.workspace.folders, to)) return `${shown(index, to)} is outside the workspace folders: links to what moves there could not be kept. Move it inside the handbook.`;
    const file = known.get(from);
    if (file) files.push({ from, to, file });
    else for (const [inside, insideFile] of known) if (isInside(from, inside) && inside !== from) files.push({ from: inside, to: path.join(to, path.relative(from, inside)), file: insideFile });
  }
  const targets = new Set<string>();
  for (const file of files) {
    if (targets.has(file.to)) return `Two files would move to ${shown(index, file.to)}.`;
    targets.add(file.to);
    if (known.has(file.to)) return `${shown(index, file.to)} already exists: move or delete it first.`;
  }
  return files;
}

/** Every file the index knows (pages, include files, other include-root files), by path. */
function knownFiles(index: HandbookIndex): Map<string, KnownFile> {
  const known = new Map<string, KnownFile>();
  for (const file of index.allFiles()) known.set(file.path, file);
  for (const site of index.siteList) {
    for (const candidate of index.includeCandidates(site)) if (!known.has(candidate.path)) known.set(candidate.path, { path: candidate.path, kind: 'asset', site });
  }
  return known;
}

function destinationOf(index: HandbookIndex, file: KnownFile, to: string): Destination | string {
  if (index.siteOf(to) !== file.site) return `${shown(index, file.path)} would move to another site (${shown(index, to)}): move it within its own workspace folder.`;
  if (file.kind === 'page') {
    const sitePath = contentPathOf(file.site.contentRoots, to);
    if (sitePath === undefined || !MARKDOWN_FILE.test(to)) {
      return `${shown(index, file.path)} would leave the content folder (to ${shown(index, to)}), so Hugo would build no page from it and every link to it would break. Move it to a Markdown file inside the content folder.`;
    }
    return skippedFolderOf(index, file, to, file.site.contentRoots) ?? { file, to, sitePath, url: pageUrl(sitePath, file.facts.frontMatter) };
  }
  const sitePath = contentPathOf(file.site.includeRoots, to);
  if (sitePath === undefined) return `${shown(index, file.path)} would leave the include folder (to ${shown(index, to)}), so its include calls could not find it. Move it inside the include folder.`;
  return skippedFolderOf(index, file, to, file.site.includeRoots) ?? { file, to, sitePath };
}

/** Why `to`, inside one of `roots`, is in a folder the handbook is not read from (hidden, node_modules), or undefined. */
function skippedFolderOf(index: HandbookIndex, file: KnownFile, to: string, roots: readonly MountedRoot[]): string | undefined {
  const root = roots.find((candidate) => isInside(candidate.directory, to));
  if (!root) return undefined;
  const folders = path.relative(root.directory, path.dirname(to)).split(path.sep);
  const skipped = folders.findIndex((name) => name !== '' && !isListedFolder(name));
  if (skipped < 0) return undefined;
  const folder = path.join(root.directory, ...folders.slice(0, skipped + 1));
  return `${shown(index, file.path)} would move into ${shown(index, folder)}, a folder the handbook is not read from (hidden folders and node_modules are skipped), so every link to it would break. Move it elsewhere.`;
}

/** Why two pages would share a URL after the moves, or undefined. */
function urlCollision(index: HandbookIndex, destinations: ReadonlyMap<string, Destination>): string | undefined {
  const newUrls = new Map<string, Destination>();
  for (const destination of destinations.values()) {
    const { file, url } = destination;
    if (url === undefined || file.kind !== 'page' || index.unpublished(file)) continue;
    const key = urlKey(url);
    const twin = newUrls.get(key);
    if (twin) return `${shown(index, file.path)} and ${shown(index, twin.file.path)} would both be served at ${url}.`;
    newUrls.set(key, destination);
    const owner = index.pageByUrl(file.site, url);
    if (!owner || owner.page === file) continue;
    const ownerMoves = destinations.get(owner.page.path);
    if (ownerMoves && ownerMoves.url !== undefined && urlKey(ownerMoves.url) !== key && !owner.viaAlias) continue;
    return owner.viaAlias
      ? `${url} is an alias of ${shown(index, owner.page.path)}: moved to ${shown(index, destination.to)}, ${shown(index, file.path)} would take the links meant for that page. Choose another name, or remove the alias first.`
      : `${shown(index, destination.to)} would be served at ${url}, the URL of ${shown(index, owner.page.path)}. Choose another name.`;
  }
  return undefined;
}

/**
 * Why a content file would change from page to leaf-bundle resource or back (a page moved into a
 * folder with an `index.md`, or an `index.md` moved away from its resources), or undefined. Hugo
 * builds no page from a resource, so every link to it would break, or links that were broken
 * would lead somewhere.
 */
function publishingChange(index: HandbookIndex, destinations: ReadonlyMap<string, Destination>): string | undefined {
  const contentFiles = [...index.allFiles()].filter((file) => file.kind === 'page');
  for (const site of index.siteList) {
    const placed = contentFiles.filter((file) => file.site === site).map((file) => ({ file, after: destinations.get(file.path)?.sitePath ?? file.sitePath }));
    const bundlesAfter = new Set(placed.flatMap(({ after }) => leafBundleFolder(after) ?? []));
    for (const { file, after } of placed) {
      const wasResource = index.unpublished(file) === 'bundle-resource';
      const isResource = unpublishedReason(after, file.facts.frontMatter, bundlesAfter) === 'bundle-resource';
      if (wasResource === isResource) continue;
      return isResource
        ? `${shown(index, file.path)} would land inside a leaf bundle (a folder with an index.md), where Hugo makes it a resource of that page, not a page, and every link to it would break. Move it elsewhere.`
        : `${shown(index, file.path)} is a resource of a leaf bundle (a folder with an index.md) and would become a page of its own. Move the whole bundle folder instead.`;
    }
  }
  return undefined;
}

/** A path as a person reads it in a message: relative to its workspace folder. */
function shown(index: HandbookIndex, file: string): string {
  const folder = index.workspace.folders.find((candidate) => isInside(candidate, file));
  return folder ? relativePath(folder, file) : file;
}

/** Makes the edits of one plan. */
class Planner {
  private readonly edits = new Map<string, OffsetEdit[]>();
  private readonly notes: string[] = [];
  private readonly counts = { refCalls: 0, includeCalls: 0, aliases: 0 };
  /** Link destinations edited (`path:offset`): links that share a reference definition count once. */
  private readonly editedLinks = new Set<string>();
  private readonly texts = new Map<string, string | undefined>();
  /** Notes of broken links and include calls that a moved file mends, each once. */
  private readonly mended = new Set<string>();
  /** Published pages by site and alias key, made when an alias is first asked about. */
  private aliasOwners: Map<string, IndexedFile[]> | undefined;
  private afterMoves: { after: ReadonlyMap<IndexedFile, IndexedFile>; tables: DerivedTables } | undefined;

  constructor(
    private readonly index: HandbookIndex,
    private readonly destinations: ReadonlyMap<string, Destination>,
    private readonly options: MoveOptions,
  ) {}

  async plan(files: readonly FileMove[]): Promise<PlannedMove> {
    const seen = new Set<LinkFact>();
    const retarget = async (file: IndexedFile, link: LinkFact) => {
      if (seen.has(link)) return;
      seen.add(link);
      await this.retargetLink(file, link);
    };
    for (const { file } of this.destinations.values()) {
      if (file.kind === 'page') {
        // Ref calls: see retargetRefs.
        for (const reference of referencesTo(this.index, { kind: 'page', page: file })) if (reference.kind !== 'ref') await retarget(reference.file, reference.link);
        for (const link of file.facts.links) await retarget(file, link);
      } else if (file.kind === 'include') {
        for (const reference of referencesTo(this.index, { kind: 'include', file })) this.updateIncludeCall(reference.file, reference.call);
      }
    }
    this.lookAtEveryCall();
    await this.retargetRefs();
    if (this.options.addAliases) for (const destination of this.destinations.values()) await this.addOldUrlAlias(destination);
    const edits = new Map([...this.edits].map(([file, fileEdits]) => [file, distinctEdits(fileEdits)] as const));
    return { kind: 'planned', files, edits, counts: { ...this.counts, links: this.editedLinks.size }, notes: [...this.notes, ...this.mended] };
  }

  /**
   * What the table of references does not hold: include calls of moved include-root files that
   * are not Markdown, and the broken links and calls a moved file mends (said in a note).
   */
  private lookAtEveryCall(): void {
    const assetsMove = [...this.destinations.values()].some(({ file }) => file.kind === 'asset');
    // A broken link can lead to a moved file only if it names the file's new last segment: only
    // those are resolved (a handbook has tens of thousands of links, most of them fine).
    const names = new Set([...this.destinations.values()].map(({ sitePath, url }) => lastSegmentOf(url ?? sitePath)));
    const mayNameAMovedFile = (written: string) => names.has(lastSegmentOf(written.replace(/[?#].*$/s, '')));
    for (const file of this.index.allFiles()) {
      for (const link of file.facts.links) {
        if (!mayNameAMovedFile(link.destination)) continue;
        const resolved = this.index.resolveLink(file, link.destination, link.kind);
        if (resolved.kind === 'missing-page') this.noteMended(file, resolved.target);
      }
      for (const call of file.facts.includes) {
        if (call.path === undefined || !(assetsMove || mayNameAMovedFile(call.path))) continue;
        const resolved = this.index.resolveInclude(file.site, call.path);
        if (resolved.kind === 'missing') this.noteMendedInclude(file.site, resolved.normalized);
        if (assetsMove && resolved.kind === 'found' && resolved.file.kind === 'asset') this.updateIncludeCall(file, call);
      }
    }
  }

  /**
   * Every ref call whose lookup the moves can change — one written in a moved page, or one that
   * asks for a name a moved page has before or after (see refLookupNames) — looked up again in
   * the handbook as it will be: one that would no longer find its page (moved or not: a page
   * moved next to it, or given its bare name, can take it) is given the first path of its style
   * that does (refRetarget.ts); a broken one that a moved page mends is said in a note.
   */
  private async retargetRefs(): Promise<void> {
    const movedNames = new Set([...this.destinations.values()].flatMap(({ file, sitePath }) => (file.kind === 'page' ? [...pageNames(file.sitePath), ...pageNames(sitePath)] : [])));
    const calls = [...this.index.allFiles()].flatMap((file) =>
      refCallsOf(file)
        .map(({ call, argument }) => ({ file, call, argument, written: argument.value.replace(/#.*/s, '') }))
        .filter(({ written }) => written !== '')
        .filter(({ written }) => this.destinations.has(file.path) || refLookupNames(file.sitePath, written).some((name) => movedNames.has(name))),
    );
    if (calls.length === 0) return;
    const { after, tables } = this.handbookAfter();
    for (const { file, call, argument, written } of calls) {
      const before = this.index.resolveRef(file, argument.value);
      const fromAfter = after.get(file)!.sitePath;
      const now = findRefPage(tables, file.site, fromAfter, written);
      if (before.kind !== 'page') {
        const broken = before.kind === 'missing' || before.kind === 'ambiguous';
        if (broken && now.kind === 'page')
          this.mended.add(`${shown(this.index, now.page.path)} is what a broken ${call.name} "${argument.value}" of ${shown(this.index, file.path)} asks for: that ${call.name} will find it.`);
        continue;
      }
      const wanted = after.get(before.page)!;
      if (now.kind === 'page' && now.page === wanted) continue;
      const proposal = refPathProposals(written, before.page.sitePath, file.sitePath, wanted.sitePath, fromAfter).find((candidate) => {
        const found = findRefPage(tables, file.site, fromAfter, candidate);
        return found.kind === 'page' && found.page === wanted;
      });
      if (proposal === undefined) {
        this.note(`${shown(this.index, file.path)}: its ${call.name} "${argument.value}" would no longer find ${shown(this.index, wanted.path)}, and no path found for it does; fix it by hand.`);
        continue;
      }
      await this.rewriteRef(file, argument, proposal + argument.value.slice(written.length));
    }
  }

  /** A ref's argument given a new value; an unquoted one is quoted if the value holds a `/` (Hugo's lexer would refuse it). */
  private async rewriteRef(file: IndexedFile, argument: ShortcodeArgument, value: string): Promise<void> {
    const { start, end } = argument.range;
    const quote = (await this.textOf(file))?.[start - 1];
    const quoted = quote === '"' || quote === '`';
    this.edit(file.path, { start, end, newText: quoted || !value.includes('/') ? value : `"${value}"` });
    this.counts.refCalls++;
  }

  /** The link edited if it leads to a moved page, or is relative and written in one. */
  private async retargetLink(file: IndexedFile, link: LinkFact): Promise<void> {
    const resolved = this.index.resolveLink(file, link.destination, link.kind);
    const target = resolved.kind === 'page' ? this.destinations.get(resolved.page.path) : undefined;
    const movedFrom = this.destinations.get(file.path);
    // An include file's relative links mean something only in the pages that include it: left as they are.
    if (!target && (!movedFrom || file.kind !== 'page')) return;
    const written = resolveDestination(link.destination, file.url ?? '/', file.kind === 'page' ? file.sitePath : '', this.index.currentSettings.siteHosts);
    if (written.kind !== 'page' && written.kind !== 'file') return;
    const from = this.placeOf(file);
    let to: PagePlace;
    if (written.kind === 'page') {
      // Through an alias, the link leads to a URL the page keeps: only a relative form needs remaking.
      // A relative link the embedded link hook finds as a page (looked up from the page's folder)
      // leads to that page's URL, not to the one a browser makes of it.
      const leadsTo = resolved.kind === 'page' && !resolved.viaAlias ? (target?.url ?? (written.relative ? resolved.page.url : undefined)) : undefined;
      const url = leadsTo ?? written.urlPath;
      if (!(written.relative && movedFrom) && urlKey(url) === urlKey(written.urlPath)) return;
      to = { url, contentPath: '' };
    } else {
      if (resolved.kind !== 'page') return;
      const contentPath = target?.sitePath ?? resolved.page.sitePath;
      if (!(movedFrom && !link.destination.startsWith('/')) && contentPath === resolved.page.sitePath) return;
      to = { url: '', contentPath };
    }
    const old = await this.writtenDestination(file, link);
    if (old === undefined) return;
    let newText = destinationAsWritten(link.kind, old, retargetDestination(old, written, from, to));
    // The hook looks a relative link up as a page first: a form that would find another page there
    // (`./` finds the section of the folder, not the page) is written from the root instead.
    if (written.kind === 'page' && resolved.kind === 'page' && !this.hookFindsOnly(file, link, newText, target?.to ?? resolved.page.path)) {
      newText = destinationAsWritten(link.kind, old, retargetDestination(`/${old}`, written, from, to));
    }
    if (newText === old) return;
    this.edit(file.path, { start: link.destinationStart, end: link.destinationEnd, newText });
    this.editedLinks.add(`${file.path}:${link.destinationStart}`);
  }

  /**
   * The destination exactly as the file writes it. The facts' destination is that text unless the
   * reader changed it (an HTML entity decoded, a Markdown escape taken out), which shortens it:
   * only then is the file read, since a page linked from hundreds of files would cost as many reads.
   */
  private async writtenDestination(file: IndexedFile, link: LinkFact): Promise<string | undefined> {
    const { destinationStart: start, destinationEnd: end } = link;
    // A bare `www.` host is written without the scheme its destination has: rewritten, it gets it.
    if (link.destination.length === end - start || link.kind === 'linkify') return link.destination;
    return (await this.textOf(file))?.slice(start, end);
  }

  private updateIncludeCall(file: IndexedFile, call: IncludeCall): void {
    if (call.path === undefined || !call.pathRange) return;
    const resolved = this.index.resolveInclude(file.site, call.path);
    const target = resolved.kind === 'found' ? this.destinations.get(resolved.file.path) : undefined;
    if (!target) return;
    const newText = `${call.path.startsWith('/') ? '/' : ''}${target.sitePath}`;
    if (newText === call.path) return;
    this.edit(file.path, { start: call.pathRange.start, end: call.pathRange.end, newText });
    this.counts.includeCalls++;
  }

  /** A broken link that leads to a page once it has moved: said, since the move changes where it leads. */
  private noteMended(file: IndexedFile, target: LinkTarget): void {
    const key = target.kind === 'page' ? urlKey(target.urlPath) : target.kind === 'file' ? target.contentPath.toLowerCase() : undefined;
    const arriving = [...this.destinations.values()].find(
      (destination) => destination.file.site === file.site && destination.url !== undefined && (target.kind === 'page' ? urlKey(destination.url) : destination.sitePath.toLowerCase()) === key,
    );
    if (arriving) this.mended.add(`${shown(this.index, arriving.to)} is where a broken link of ${shown(this.index, file.path)} points: that link will lead to it.`);
  }

  private noteMendedInclude(site: Site, normalized: string): void {
    const arriving = [...this.destinations.values()].find((destination) => destination.file.site === site && destination.file.kind !== 'page' && destination.sitePath === normalized);
    if (arriving) this.mended.add(`${shown(this.index, arriving.to)} is where a broken include call points: that call will find it.`);
  }

  /** The old URL as an alias of the moved page, unless it needs none, has one, or another page owns that URL. */
  private async addOldUrlAlias({ file, url }: Destination): Promise<void> {
    if (file.kind !== 'page' || url === undefined || file.url === undefined || this.index.unpublished(file)) return;
    const { frontMatter } = file.facts;
    const oldKey = urlKey(file.url);
    if (frontMatter.url !== undefined || urlKey(url) === oldKey || frontMatter.aliases.some((alias) => urlKey(alias) === oldKey)) return;
    const name = shown(this.index, file.path);
    const taker = [...this.destinations.values()].find((other) => other.file !== file && other.url !== undefined && urlKey(other.url) === oldKey);
    if (taker) return this.note(`${name}: its old URL ${file.url} is not added to its aliases, since ${shown(this.index, taker.file.path)} moves there.`);
    const owner = this.aliasOwner(file, oldKey);
    if (owner) return this.note(`${name}: its old URL ${file.url} is not added to its aliases, since ${shown(this.index, owner.path)} already has it as an alias.`);
    if (file.facts.frontMatterProblem)
      return this.note(
        `${name}: its front matter does not parse, so it is left alone and its old URL ${file.url} is not added to its aliases; links were updated. Fix the front matter, then add the alias by hand.`,
      );
    const text = await this.textOf(file);
    const added = text === undefined ? { kind: 'not-added' as const, reason: 'it could not be read' } : addAlias(text, file.url);
    if (added.kind === 'not-added') return this.note(`${name}: its old URL ${file.url} is not added to its aliases, since ${added.reason}; add it by hand.`);
    this.edit(file.path, added.edit);
    this.counts.aliases++;
  }

  /** Another published page that lists the URL key among its aliases. */
  private aliasOwner(file: IndexedFile, key: string): IndexedFile | undefined {
    if (!this.aliasOwners) {
      this.aliasOwners = new Map();
      for (const page of this.index.pages())
        for (const alias of page.facts.frontMatter.aliases)
          this.aliasOwners.set(`${page.site.folder}\n${urlKey(alias)}`, [...(this.aliasOwners.get(`${page.site.folder}\n${urlKey(alias)}`) ?? []), page]);
    }
    return this.aliasOwners.get(`${file.site.folder}\n${key}`)?.find((page) => page !== file);
  }

  /**
   * Whether `destination`, written in `file` once the files have moved, is looked up by the
   * embedded link hook as no page or as the page at `wanted` (its path after the moves): a page
   * it finds is where the link leads, whatever a browser would make of the URL.
   */
  private hookFindsOnly(file: IndexedFile, link: LinkFact, destination: string, wanted: string): boolean {
    if (link.kind === 'html' || !file.site.embeddedLinkHook) return true;
    const { url, contentPath } = this.placeOf(file);
    const target = resolveDestination(destination, url, contentPath, this.index.currentSettings.siteHosts, hookRules(file.site));
    if (target.kind !== 'page' || !target.relative || !target.reference) return true;
    const found = pageByReference(this.handbookAfter().tables, file.site, target.reference);
    return found === undefined || found.path === wanted;
  }

  /** Every file as it will be once moved (pages at their new paths and URLs), and the tables of that handbook; made once. */
  private handbookAfter(): { after: ReadonlyMap<IndexedFile, IndexedFile>; tables: DerivedTables } {
    if (!this.afterMoves) {
      const after = new Map<IndexedFile, IndexedFile>();
      for (const file of this.index.allFiles()) {
        const destination = this.destinations.get(file.path);
        after.set(file, destination && file.kind === 'page' ? { ...file, path: destination.to, sitePath: destination.sitePath, url: destination.url } : file);
      }
      this.afterMoves = { after, tables: deriveTables(after.values()) };
    }
    return this.afterMoves;
  }

  /** Where a file is once moved: for links written in it. */
  private placeOf(file: IndexedFile): PagePlace {
    const destination = this.destinations.get(file.path);
    return { url: destination?.url ?? file.url ?? '/', contentPath: destination?.sitePath ?? file.sitePath };
  }

  private async textOf(file: IndexedFile): Promise<string | undefined> {
    if (!this.texts.has(file.path)) this.texts.set(file.path, await this.index.textOf(file.path));
    return this.texts.get(file.path);
  }

  private edit(file: string, edit: OffsetEdit): void {
    let fileEdits = this.edits.get(file);
    if (!fileEdits) this.edits.set(file, (fileEdits = []));
    fileEdits.push(edit);
  }

  private note(note: string): void {
    this.notes.push(note);
  }
}
