// V8 runs a function in its interpreter (and baseline code) until the function has used up an
// "interrupt budget" of bytecode, then has TurboFan optimize it on a helper thread. A process that
// reads a handbook once and ends (`check`) gains little from optimizing early: on the real corpus,
// at V8's budget (67,584 on Node 20) a cold check optimized 386 functions, 21 of them on stack
// replacement, and deoptimized 700-800 times (types the early feedback had not seen); at 280,000,
// 196 functions, none on stack replacement, and 63 deoptimizations, the hot functions optimized all
// the same, a little later. `node --interrupt-budget` would say so only on the command line (the
// `bin` runs without flags); V8 reads the flag each time it hands a function a new budget, so
// setting it at run time holds from then on.
import * as v8 from 'node:v8';

/**
 * Cold checks of the corpus, interleaved, medians of 6 (load 3.6-4.8 on 2 vCPU): user CPU 2.88 s
 * at V8's budget, 2.58 s at 200,000, 2.42 s at 280,000 and at 400,000; wall time 15 % less. What
 * is saved is the helper threads' CPU: the main thread's stays within a few percent (more often
 * above than below), which an idle machine would show as the wall time (docs/indexing.md).
 */
const ONE_PASS_INTERRUPT_BUDGET = 280_000;

/** For a process that reads a handbook once and ends: fewer, later optimizations. */
export function optimizeForOnePass(): void {
  v8.setFlagsFromString(`--interrupt-budget=${ONE_PASS_INTERRUPT_BUDGET}`);
}
