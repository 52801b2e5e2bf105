import type { OmeInstrument, OmeObjective } from './ome-document.js';

/**
 * The identifier of the stand, which OME gives no ID of its own: `{Instrument ID}/Microscope`.
 * @param instrument - the OME instrument.
 * @returns the stand's OME-side ID.
 */
export function microscopeId(instrument: OmeInstrument): string {
  return `${instrument.id}/Microscope`;
}

/**
 * IRI-safe component IDs for every part of an instrument. OME IDs ("Objective:0:1", LSIDs) contain
 * characters that are awkward in IRI path segments; each character outside `[A-Za-z0-9._~-]` becomes
 * `-`, and an ID that would be an empty, `.` or `..` segment gets the prefix `id-`. The mapping is
 * stable for a given instrument, and collisions get a numeric suffix.
 * @param instrument - the OME instrument.
 * @returns OME ID → safe ID.
 */
export function omeComponentIds(instrument: OmeInstrument): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  const all = [
    ...(instrument.microscope === undefined ? [] : [microscopeId(instrument)]),
    ...instrument.lightSources.map((c) => c.id), ...instrument.detectors.map((c) => c.id), ...instrument.objectives.map((c) => c.id),
    ...instrument.filterSets.map((c) => c.id), ...instrument.filters.map((c) => c.id), ...instrument.dichroics.map((c) => c.id),
  ];
  for (const id of all) {
    if (ids.has(id)) continue;
    const kept = id.replace(/[^A-Za-z0-9._~-]/g, '-');
    // "", "." and ".." are no path segment of their own: URL parsers drop or climb them.
    const base = /^\.{0,2}$/.test(kept) ? `id-${kept}` : kept;
    let safe = base;
    for (let n = 2; used.has(safe); n++) safe = `${base}-${n}`;
    used.add(safe);
    ids.set(id, safe);
  }
  return ids;
}

/**
 * The IRIs {@link instrumentToConfiguration} gives the parts of an instrument.
 * @param instrument - the OME instrument.
 * @param configurationIri - IRI of the configuration record.
 * @returns OME ID → component IRI (`{configuration}/component/{safe ID}`).
 */
export function omeComponentIris(instrument: OmeInstrument, configurationIri: string): Map<string, string> {
  const iris = new Map<string, string>();
  for (const [id, safe] of omeComponentIds(instrument)) iris.set(id, `${configurationIri}/component/${safe}`);
  return iris;
}

/**
 * How an objective is called where OME gives no model: `63x/1.40 Oil`.
 * @param objective - the OME objective.
 * @returns the label, or undefined without a nominal magnification.
 */
export function magnificationLabel(objective: OmeObjective): string | undefined {
  if (objective.nominalMagnification === undefined) return undefined;
  const na = objective.lensNA === undefined ? '' : `/${objective.lensNA.toFixed(2)}`;
  return `${objective.nominalMagnification}x${na}${objective.immersion === undefined ? '' : ` ${objective.immersion}`}`;
}
