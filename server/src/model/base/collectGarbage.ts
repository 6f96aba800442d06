// A full garbage collection, for the moments V8 would leave much garbage for long: in the
// language server, a pause after edits (protocol/idleCollection.ts); in a check, the one moment
// when most of what it made dies at once. There the build is done, and the facts cache (its
// records and encoded bytes) and the build's own garbage (texts, scanner scratch) are let go. V8
// would collect them only once the old generation reaches a limit set from the heap it last saw,
// so the diagnostics' tables and findings pile up on top of them first: on the real corpus the
// check's peak was 175 MB without this collection and 163–166 MB with it, at 50k generated pages
// 849–883 MB and 775–804 MB, for about 3–5 % more CPU (see docs/indexing.md, "Memory"). Node
// offers `gc` only with `--expose-gc`, which the `bin` cannot pass; V8 hands it to a context made
// after the flag is set, as test runners do for their leak checks.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collect: (() => void) | undefined;

/** Collects the whole heap now (a full, compacting collection). */
export function collectGarbage(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}
