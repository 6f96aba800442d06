// Building the index keeps almost everything it parses, and V8 takes objects that survive for a
// sign that its young generation is too small: it doubles the semi-spaces, up to 2 × 16 MB on
// Node 20, while the handbook is read. That is memory with nothing to show for it, in a check and
// in the language server alike: on the real corpus, semi-spaces held at 8 MB took 15 MB off a
// check's peak at the same speed (smaller ones cost time), and 10–20 MB off the server's. `node
// --max-semi-space-size` would say so, but only on the command line (the `bin` runs without
// flags, and V8 fixes the maximum at start). V8 reads its growth factor each time it grows the
// young generation, though: set to 1 once the limit is reached, it grows no more.
import * as v8 from 'node:v8';

const MB = 1024 * 1024;
/** Per semi-space, for `check` and the language server (see above). */
export const SEMI_SPACE_MB = 8;
/** How often the size is looked at; a doubling takes far longer than this while pages are read. */
const CHECK_EVERY_MS = 10;

/**
 * Keeps the young generation at about `semiSpaceMB` per semi-space from now on: at the first size
 * V8 grows it to that is at least that (it stays larger if it already is). Returns a function
 * that stops watching; the limit, once set, stays. Node 20 to 24 have the flag.
 */
export function limitYoungGeneration(semiSpaceMB: number): () => void {
  const limit = 2 * semiSpaceMB * MB;
  const reached = () => {
    const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (!newSpace || newSpace.space_size < limit) return false;
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  };
  if (reached()) return () => {};
  const timer = setInterval(() => {
    if (reached()) clearInterval(timer);
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Has V8 allocate every object young, rather than straight in the old generation for the
 * allocation sites whose objects it has seen survive (allocation-site pretenuring). A build's
 * sites mix objects that stay (facts) with objects that die young (a page's parse): now and then
 * V8 pretenured such a site, and what it allocated died in the old generation, where only a full
 * collection frees it. At 50k generated pages about one cold check in seven then peaked at
 * 757-1,035 MB instead of 640 MB, with 1-5 s more CPU; with this, none in 30, at the same CPU.
 * On the real corpus the same time and about 1.4 MB more at the peak (medians of 9 interleaved
 * pairs). The flag is read as objects are allocated: set before the build, it holds for it.
 */
export function allocateYoung(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
