/**
 * The capability of a query engine that holds its own copy of the records (the embedded store's
 * worker replicas): each committed write must be handed to it, in commit order. An engine that
 * queries the store itself (an external store) does not have it, and needs nothing on writes.
 */
export interface ReplaceableIndex {
  /**
   * Replaces one record's graph in the index.
   * @param iri - the record IRI (the named graph's name).
   * @param ntriples - the record's new graph as N-Triples, or null when the record was deleted.
   */
  replace: (iri: string, ntriples: string | null) => void;
}

/**
 * Whether an engine keeps an index that writes must replace.
 * @param engine - any query engine.
 * @returns true when it has {@link ReplaceableIndex.replace}.
 */
export function isReplaceableIndex(engine: object): engine is ReplaceableIndex {
  return typeof (engine as Partial<ReplaceableIndex>).replace === 'function';
}
