import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { NAMESPACE_DOCUMENTS } from '../domain/index.js';
import { entityTag } from '../representation/index.js';
import { ONTOLOGY_DIR, PACKAGE_ROOT, SHAPES_DIR } from '../validation/index.js';

/** The prefix of one of our namespaces (`phd`, `nboq`, `phdunit`, `phdsh`). */
export type NamespacePrefix = (typeof NAMESPACE_DOCUMENTS)[number]['prefix'];

/** One file of ontology/ or shapes/, as written and as quads. */
export interface VocabularyFile {
  /** The path inside the package (`ontology/phd.ttl`), also the graph name of its quads. */
  readonly path: string;
  readonly bytes: Buffer;
  readonly quads: readonly Quad[];
}

/** The namespace document of one of our namespaces: the files it is served from. */
export interface VocabularyDocument {
  readonly prefix: NamespacePrefix;
  readonly namespace: string;
  /** Where it is served (`/ns`, `/nbo-q`, `/unit`, `/shapes`). */
  readonly path: string;
  readonly files: readonly VocabularyFile[];
  /** The Turtle as written: the file's bytes; for several files (shapes/), their concatenation, each after a comment naming it. */
  readonly turtle: Buffer;
  /** A strong validator of the Turtle (and of what is derived from it). */
  readonly etag: string;
}

/** Which files hold each namespace: the PHD layer, NBO-Q (and its annotations) and units in ontology/, the shapes in shapes/. */
const FILES_OF: Readonly<Record<NamespacePrefix, { dir: string; match: (name: string) => boolean }>> = {
  phd: { dir: ONTOLOGY_DIR, match: (name) => name === 'phd.ttl' },
  // nbo-q.ttl is generated; nbo-q-methods.ttl annotates its terms (phd:methodsItem), kept apart.
  nboq: { dir: ONTOLOGY_DIR, match: (name) => name === 'nbo-q.ttl' || name.startsWith('nbo-q-') },
  phdunit: { dir: ONTOLOGY_DIR, match: (name) => name === 'units.ttl' },
  phdsh: { dir: SHAPES_DIR, match: (name) => name.endsWith('.ttl') },
};

function readFile(dir: string, name: string): VocabularyFile {
  const path = relative(PACKAGE_ROOT, join(dir, name)).split('\\').join('/');
  const bytes = readFileSync(join(dir, name));
  const graph = N3.DataFactory.namedNode(path);
  const quads = new N3.Parser({ format: 'Turtle' }).parse(bytes.toString('utf8'))
    .map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object, graph));
  return { path, bytes, quads };
}

/**
 * Reads the namespace documents from the package's ontology/ and shapes/ (as the validator reads
 * them): for each of {@link NAMESPACE_DOCUMENTS}, its files in name order, their bytes and quads
 * (each quad in the graph named by its file's path, so a shape can say which file it comes from).
 * @returns the documents, in the order of NAMESPACE_DOCUMENTS.
 */
export function readVocabularyDocuments(): VocabularyDocument[] {
  return NAMESPACE_DOCUMENTS.map(({ prefix, namespace, path }) => {
    const { dir, match } = FILES_OF[prefix];
    // By name without the extension: the main file (`nbo-q.ttl`) before those named after it (`nbo-q-methods.ttl`).
    const stem = (name: string): string => name.slice(0, -'.ttl'.length);
    const files = readdirSync(dir).filter(match).sort((a, b) => (stem(a) < stem(b) ? -1 : stem(a) > stem(b) ? 1 : 0)).map((name) => readFile(dir, name));
    const turtle = files.length === 1 && files[0] !== undefined ? files[0].bytes
      : Buffer.concat(files.flatMap((file) => [Buffer.from(`# ---- ${file.path} ----\n`), file.bytes, Buffer.from('\n')]));
    const etag = entityTag(turtle);
    return { prefix, namespace, path, files, turtle, etag };
  });
}
