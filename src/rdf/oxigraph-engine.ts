import { setFlagsFromString } from 'node:v8';
import oxigraphModule from 'oxigraph';

/**
 * Turns off TurboFan's inlining of JavaScript-to-WebAssembly calls before any code calling the
 * engine is optimized. On Node 20 (V8 11.3), a lazy deoptimization of an optimized function that
 * had inlined such a call (an Oxigraph term's `subject` getter, in validity-intervals.ts's scans)
 * aborted the whole process ("Fatal error … unreachable code" in
 * `Deoptimizer::DoComputeBuiltinContinuation`): about one index build in three from a 1M-triple
 * store, in the query worker at a first start and in the benchmark's bare engine alike. With the
 * inlining off, 14 builds of 14 finished, no slower. V8 flags are the process's, so one call here
 * covers every worker thread; Node keeps its flags open to `setFlagsFromString`.
 */
setFlagsFromString('--no-turbo-inline-js-wasm-calls');

/** The Oxigraph engine (its JavaScript API), loaded with the V8 flag it needs; import it from here. */
export const oxigraph = oxigraphModule;
