// Go to definition and document links: a role link or an extends sentence leads to the target
// page (to its heading for an anchor), an include call to the included file, a `ref`/`relref`
// shortcode's path to the page it finds.
import { URI } from 'vscode-uri';
import type { DocumentLink, Location, Position } from 'vscode-languageserver-types';
import type { HandbookIndex } from '../model/index/handbookIndex';
import type { Anchor, IndexedFile } from '../model/index/indexedFile';
import type { LinkFact } from '../model/page/facts';
import { destinationRange, type LinkKind } from '../model/page/markdown/syntax';
import type { IncludeCall, ShortcodeArgument } from '../model/page/shortcodes';
import { refCallsOf } from '../model/index/references';
import { contains } from '../model/base/text';
import { factAt } from './shared/factAt';
import { toOffset, toRange } from './shared/positions';

export function provideDefinition(index: HandbookIndex, file: IndexedFile, position: Position): Location[] {
  const offset = toOffset(file, position);
  const fact = factAt(file, offset);
  if (!fact) {
    const ref = refArguments(file).find((argument) => contains(argument.range, offset));
    return (ref && refTarget(index, file, ref)) ?? [];
  }
  return (fact.kind === 'include' ? includeTarget(index, file, fact.call) : linkTarget(index, file, fact.link)) ?? [];
}

export function provideDocumentLinks(index: HandbookIndex, file: IndexedFile): DocumentLink[] {
  const links: DocumentLink[] = [];
  // The uses of one reference definition share its destination: one link there.
  const linked = new Set<number>();
  for (const link of file.facts.links) {
    if (linked.has(link.destinationStart)) continue;
    linked.add(link.destinationStart);
    const target = destinationUri(index, file, link.destination);
    if (target && link.destinationEnd > link.destinationStart) {
      links.push({ range: toRange(file, destinationRange(link)), target, tooltip: 'Open the linked page' });
    }
  }
  for (const call of file.facts.includes) {
    const [target] = includeTarget(index, file, call) ?? [];
    if (target && call.pathRange) links.push({ range: toRange(file, call.pathRange), target: target.uri, tooltip: 'Open the included file' });
  }
  for (const argument of refArguments(file)) {
    const [target] = refTarget(index, file, argument) ?? [];
    if (target && argument.range.end > argument.range.start) links.push({ range: toRange(file, argument.range), target: withLine(target), tooltip: 'Open the referenced page' });
  }
  return links;
}

/** The path arguments of a page's `ref` and `relref` calls that can lead to one of its pages (see refCallsOf). */
function refArguments(file: IndexedFile): ShortcodeArgument[] {
  return refCallsOf(file).map(({ argument }) => argument);
}

function refTarget(index: HandbookIndex, file: IndexedFile, argument: ShortcodeArgument): Location[] | undefined {
  const resolved = index.resolveRef(file, argument.value);
  return resolved.kind === 'page' ? pageLocation(index, resolved.page, resolved.anchor) : undefined;
}

/** Where a link destination written in `file` leads, as a URI an editor opens at the right line. */
export function destinationUri(index: HandbookIndex, file: IndexedFile, destination: string): string | undefined {
  const [target] = destinationTarget(index, file, destination) ?? [];
  return target && withLine(target);
}

function linkTarget(index: HandbookIndex, file: IndexedFile, link: LinkFact): Location[] | undefined {
  return destinationTarget(index, file, link.destination, link.kind);
}

function destinationTarget(index: HandbookIndex, file: IndexedFile, destination: string, written?: LinkKind): Location[] | undefined {
  const resolved = index.resolveLink(file, destination, written);
  return resolved.kind === 'page' ? pageLocation(index, resolved.page, resolved.anchor) : undefined;
}

/** A page, at its anchor when there is one. */
function pageLocation(index: HandbookIndex, page: IndexedFile, anchor: Anchor | undefined): Location[] | undefined {
  const target = anchor?.file ?? page;
  // A symbolic link inside the workspace may lead out of it: the editor would open what it leads to.
  if (!index.workspace.leadsInside(target.path)) return undefined;
  const range = anchor ? toRange(target, anchor.range) : { start: target.lines.positionAt(0), end: target.lines.positionAt(0) };
  return [{ uri: URI.file(target.path).toString(), range }];
}

function includeTarget(index: HandbookIndex, file: IndexedFile, call: IncludeCall): Location[] | undefined {
  if (call.path === undefined) return undefined;
  const resolved = index.resolveInclude(file.site, call.path);
  if (resolved.kind !== 'found' || !index.workspace.leadsInside(resolved.file.path)) return undefined;
  const start = { line: 0, character: 0 };
  return [{ uri: URI.file(resolved.file.path).toString(), range: { start, end: start } }];
}

/** VS Code opens `file:…#L12` at line 12. */
function withLine(location: Location): string {
  return location.range.start.line > 0 ? `${location.uri}#L${location.range.start.line + 1}` : location.uri;
}
