// The index keeps every file's facts for as long as it runs, and a handbook says the same things
// many times: the real corpus has 76k links to 44k destinations. While a whole handbook is read,
// equal destinations are kept once. The one copy kept is also as small as V8 allows: a substring
// has the width of the text it was cut from, so the ASCII URLs of a Japanese page take two bytes
// a character until copied into a one-byte string.
import type { HeadingFact, LinkFact, PageFacts, Writable } from '../page/facts';
import { SHORT_STRING } from '../base/strings';

const FITS_ONE_BYTE = /^[\0-\xff]*$/;

export class SharedStrings {
  private readonly strings = new Map<string, string>();

  /** The one copy of `value`'s text. `concatenated`: made by joining pieces, not by the loader (see shareIn). */
  share(value: string, concatenated = false): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    // The loader's strings are one byte a character already when they fit (`detach`, and the facts
    // codec's decoding), except the short ones `detach` leaves as V8 cut them: only those may need
    // a copy. Testing and copying the others again took 20-30 ms of a check of the real corpus.
    // A concatenated string is a tree of its pieces whatever its length: it is always made flat.
    const compact = (concatenated || value.length < SHORT_STRING) && FITS_ONE_BYTE.test(value) ? Buffer.from(value, 'latin1').toString('latin1') : value;
    this.strings.set(compact, compact);
    return compact;
  }

  /**
   * Shares the link destinations and headings' generated IDs of facts fresh from the loader, which
   * nothing else holds yet: they are changed in place rather than copied. Destinations are where
   * sharing pays (a third of the index's strings, ASCII on pages that are not); link texts and
   * heading sources save a few MB for as much time again. A generated ID is a string the slug
   * rules concatenated, a tree of pieces: kept once and flat, the heap after a build of 10k
   * generated pages is 13 MB smaller.
   */
  shareIn(facts: PageFacts): void {
    for (const link of facts.links as Writable<LinkFact>[]) link.destination = this.share(link.destination);
    for (const heading of facts.headings as Writable<HeadingFact>[]) if (heading.autoId !== undefined) heading.autoId = this.share(heading.autoId, true);
  }
}
