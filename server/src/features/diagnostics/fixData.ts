// What a quick fix needs to know about the fact a diagnostic is about, carried in the diagnostic's
// `data`: the client sends it back with the code action request, so the fix need not find the
// fact again from the diagnostic's range. Plain JSON, in the client's positions.
import type { Range } from 'vscode-languageserver-types';
import type { IndexedFile } from '../../model/index/indexedFile';
import type { LinkFact } from '../../model/page/facts';
import { destinationRange } from '../../model/page/markdown/syntax';
import type { IncludeCall, ShortcodeForm } from '../../model/page/shortcodes';
import { includeAt, linkWithDestinationAt } from '../shared/factAt';
import { toRange } from '../shared/positions';

/** An include call as written, to rewrite it whole. */
export interface IncludeCallData {
  readonly kind: 'include-call';
  readonly path?: string;
  readonly form: ShortcodeForm;
  readonly malformed: boolean;
  /** The whole call, `{{` to `}}`. */
  readonly range: Range;
}

/** A link's destination as written, to replace it. */
export interface LinkData {
  readonly kind: 'link';
  readonly destination: string;
  readonly range: Range;
}

export interface FixData {
  readonly 'include-call': IncludeCallData;
  readonly link: LinkData;
}

export type FixKind = keyof FixData;

export function includeCallData(file: IndexedFile, call: IncludeCall): IncludeCallData {
  return { kind: 'include-call', path: call.path, form: call.form, malformed: call.problems.length > 0, range: toRange(file, call.range) };
}

export function linkData(file: IndexedFile, link: LinkFact): LinkData {
  return { kind: 'link', destination: link.destination, range: toRange(file, destinationRange(link)) };
}

/** The data of the fact a diagnostic at `offset` is about, made again from the file's facts. */
export const FIX_DATA_AT: { readonly [K in FixKind]: (file: IndexedFile, offset: number) => FixData[K] | undefined } = {
  'include-call': (file, offset) => {
    const call = includeAt(file, offset);
    return call && includeCallData(file, call);
  },
  link: (file, offset) => {
    const link = linkWithDestinationAt(file, offset);
    return link && linkData(file, link);
  },
};
