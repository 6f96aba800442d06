// The server's memory held flat while an author works. Each edit's republish leaves garbage, and
// V8 lets it pile up in the old generation, giving it back only once its memory reducer has seen
// the process idle for a while: on the real corpus 10,000 edits took the server from 211 to 344 MB
// of RSS, and about 20 s after the last one it was down to 156 MB. So the server collects by
// itself, sooner: once it has published and then published nothing for IDLE_MS, if its heap grew
// by GROWTH_BYTES since the last collection (there, 218 MB right after the last edit, 198 MB 3 s
// later, from 194 MB after the warm-up). A full collection of a heap like the corpus' (about 80 MB
// live) takes well under a tenth of a second, at a moment nobody is likely to be waiting; an idle
// server collects once and then never wakes again.
import { getHeapStatistics } from 'node:v8';
import { collectGarbage } from '../model/base/collectGarbage';

const IDLE_MS = 2_000;
// Less growth than this is not worth a collection: on the example handbook (a heap of about 20 MB)
// the server's RSS grows about 10 MB over 10,000 edits whether it collects or not.
const GROWTH_BYTES = 16 * 1024 * 1024;

/**
 * Starts collecting when idle; the function returned is called after each piece of work that
 * leaves garbage (a publish), and puts the collection off until `idleMs` after the last one.
 */
export function collectWhenIdle({ idleMs = IDLE_MS, growthBytes = GROWTH_BYTES } = {}): () => void {
  let afterLastCollection = getHeapStatistics().used_heap_size;
  let timer: NodeJS.Timeout | undefined;
  const collectIfGrown = () => {
    if (getHeapStatistics().used_heap_size - afterLastCollection < growthBytes) return;
    collectGarbage();
    afterLastCollection = getHeapStatistics().used_heap_size;
  };
  return () => {
    if (timer) timer.refresh();
    // Unreferenced: a collection to come never keeps the process alive.
    else timer = setTimeout(collectIfGrown, idleMs).unref();
  };
}
