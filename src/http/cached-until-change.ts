/**
 * A value computed once and kept until the store changes: the next call after a write computes it
 * again. A computation that a write overtakes is not kept (the write cleared it), nor is one that failed.
 * @param onChange - registers a listener called after each committed write (`store.onChange`).
 * @param compute - builds the value.
 * @returns a function answering the kept value, or a fresh one after a write.
 * @example
 * const home = cachedUntilChange((listener) => store.onChange(listener), () => buildHomeView(sources));
 */
export function cachedUntilChange<T>(onChange: (listener: () => void) => void, compute: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  onChange(() => {
    kept = undefined;
  });
  return () => {
    if (kept !== undefined) return kept;
    const computing = compute();
    kept = computing;
    computing.catch(() => {
      if (kept === computing) kept = undefined;
    });
    return computing;
  };
}
