import { parentPort } from 'node:worker_threads';
import N3 from 'n3';
import { recordOwner } from '../domain/index.js';
import { RecordValidator } from './record-validator.js';
import type { ValidationIssue } from './validation-report.js';

/** A chunk of records to validate: their triples plus referenced types, and the record roots. */
export interface ChunkMessage {
  readonly id: number;
  readonly ntriples: string;
  readonly roots: readonly string[];
}

/** The answer: the issues about the chunk's records, or a failure. */
export type ChunkResult = { readonly id: number; readonly issues: readonly ValidationIssue[] } | { readonly id: number; readonly error: string };

const validator = new RecordValidator();

function ownerTest(roots: ReadonlySet<string>): (node: string) => boolean {
  return (node) => node.startsWith('_:') || recordOwner(node, (iri) => roots.has(iri)) !== undefined;
}

parentPort?.on('message', (message: ChunkMessage) => {
  void (async () => {
    try {
      const quads = new N3.Parser({ format: 'N-Triples' }).parse(message.ntriples);
      const report = await validator.validate(quads, { owns: ownerTest(new Set(message.roots)) });
      parentPort?.postMessage({ id: message.id, issues: report.issues } satisfies ChunkResult);
    } catch (error) {
      parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies ChunkResult);
    }
  })();
});
