import { nboqMapping } from '../domain/index.js';
import type { NboqMapping } from '../domain/index.js';
import { ONTOLOGY_DIR, SHAPES_DIR, readTurtleDir } from '../validation/index.js';

/**
 * Reads the NBO-Q mapping from the shipped model files: ontology/*.ttl and the NBO-Q value and
 * tier shapes (shapes/nbo-q*.ttl). The mapping itself is built in the domain, without I/O.
 * @returns the mapping.
 */
export function loadNboqMapping(): NboqMapping {
  return nboqMapping(readTurtleDir(ONTOLOGY_DIR), readTurtleDir(SHAPES_DIR, (name) => /^nbo-q(-tier-\d)?\.ttl$/.test(name)));
}
