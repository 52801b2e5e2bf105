/**
 * The named graph of facts the service derives from the records and keeps at write time: today
 * each configuration's `phd:validUntil` (the validFrom of the next live version of its instance).
 * It is no record's graph: queries over the default graph (the union) see it, `GRAPH <record>`
 * does not, and record counts, VoID and `/records` listings leave it out.
 */
export const DERIVED_GRAPH = 'https://w3id.org/imaging-phd/graph/derived';
