/**
 * Frees an Oxigraph object (a wasm-bindgen wrapper) now, rather than when the collector finalizes
 * it. Every wrapper has `free()`; oxigraph's typings leave it out. Until it is freed or collected,
 * each wrapper holds a FinalizationRegistry cell and its share of the engine's memory, which the
 * collector does not see: a loader checking millions of terms kept them all.
 * @param wrapper - a term, quad or other object the engine returned.
 */
export function freeEngineObject(wrapper: object): void {
  (wrapper as { free?: () => void }).free?.();
}
