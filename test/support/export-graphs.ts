import N3 from 'n3';
import { PhdError } from '../../src/errors/phd-error.js';
import type { ExportGraph } from '../../src/exporters/export-graph.js';
import type { RecordMeta } from '../../src/store/record-store.js';

/**
 * A copy of an export graph without some triples, with others added and some metadata replaced.
 * @param data - the graph.
 * @param remove - which triples to leave out.
 * @param meta - metadata changes by record IRI.
 * @param add - triples to add.
 * @returns the copy.
 */
export function edited(data: ExportGraph, remove: (q: N3.Quad) => boolean, meta: Record<string, Partial<RecordMeta>> = {}, add: N3.Quad[] = []): ExportGraph {
  const graph = new N3.Store([...data.graph.getQuads(null, null, null, null).filter((q) => !remove(q)), ...add]);
  const copy = new Map(data.meta);
  for (const [iri, change] of Object.entries(meta)) {
    const old = copy.get(iri);
    if (old !== undefined) copy.set(iri, { ...old, ...change });
  }
  return { graph, meta: copy };
}

/**
 * The PhdError an action throws (or rejects with).
 * @param action - the action.
 * @returns the error; fails when there is none, rethrows any other error.
 */
export async function thrown(action: () => unknown): Promise<PhdError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof PhdError) return error;
    throw error;
  }
  throw new Error('expected an error');
}
