import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import type { Quad } from 'n3';

/** The package root (works from src/ under vitest and from dist/ once built). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ONTOLOGY_DIR = join(PACKAGE_ROOT, 'ontology');
export const SHAPES_DIR = join(PACKAGE_ROOT, 'shapes');
export const DATA_DIR = join(PACKAGE_ROOT, 'data');

/** The tiers of the NBO-Q model. */
export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/**
 * What a node is validated at: a tier, or 0 — no completeness claim, only the record shapes and
 * the NBO-Q value shapes (datatypes, enumerations, units). Level 0 applies to configurations that
 * declare `phd:tier 0` (a partial description, e.g. read from an OME-XML header, which lacks
 * facts every tier requires) and to NBO-Q nodes outside any configuration (a dataset's
 * acquisition settings).
 */
export const LEVELS = [0, 1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Parses every Turtle file of a directory.
 * @param dir - directory.
 * @param filter - which file names to read.
 * @returns all quads.
 */
export function readTurtleDir(dir: string, filter: (name: string) => boolean = () => true): Quad[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ttl') && filter(name))
    .sort()
    .flatMap((name) => new N3.Parser({ format: 'Turtle' }).parse(readFileSync(join(dir, name), 'utf8')));
}

/**
 * The shapes that apply at a level: the record shapes, the NBO-Q value shapes, and the shapes
 * of tiers 1..N (`*-tier-N.ttl`: required fields, a configuration's light source, objective and
 * detector; none at level 0).
 * @param tier - validation level.
 * @returns the shapes graph.
 */
export function shapesForTier(tier: Level): Quad[] {
  return readTurtleDir(SHAPES_DIR, (name) => {
    const match = /-tier-(\d)\.ttl$/.exec(name);
    return match === null || Number(match[1]) <= tier;
  });
}
