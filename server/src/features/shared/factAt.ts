// The fact under an offset of a file: what hover and go to definition are about, and what a
// quick fix works on when the client did not send the diagnostic's data back.
import type { IndexedFile } from '../../model/index/indexedFile';
import type { LinkFact } from '../../model/page/facts';
import type { IncludeCall } from '../../model/page/shortcodes';
import { contains } from '../../model/base/text';

type Fact = { readonly kind: 'include'; readonly call: IncludeCall } | { readonly kind: 'link'; readonly link: LinkFact };

/**
 * The include call under `offset`, else the link under it or whose destination is (a reference
 * link's is its definition's URL), else the link of the extends sentence it is in.
 */
export function factAt(file: IndexedFile, offset: number): Fact | undefined {
  const call = includeAt(file, offset);
  if (call) return { kind: 'include', call };
  const { links } = file.facts;
  const link =
    links.find((candidate) => contains(candidate, offset)) ??
    linkWithDestinationAt(file, offset) ??
    links.find((candidate) => candidate.extendsSentence && contains(candidate.extendsSentence, offset));
  return link && { kind: 'link', link };
}

export function includeAt(file: IndexedFile, offset: number): IncludeCall | undefined {
  return file.facts.includes.find((call) => contains(call.range, offset));
}

/** The link whose destination is under `offset`: where its diagnostics stand. */
export function linkWithDestinationAt(file: IndexedFile, offset: number): LinkFact | undefined {
  return file.facts.links.find((link) => link.destinationStart <= offset && offset <= link.destinationEnd);
}
