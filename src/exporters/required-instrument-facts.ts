import { PHD, RDF, SCHEMA } from '../domain/index.js';
import { UnprocessableError } from '../errors/index.js';
import type { ExportGraph } from './export-graph.js';
import { instrumentFacts } from './instrument-facts.js';
import type { InstrumentFacts, RecordStatus } from './instrument-facts.js';

/**
 * The facts of an instrument, checked for what PIDINST and DataCite both require (see
 * {@link requireInstrumentMetadata}): both exporters start from these.
 * @param data - the export graph.
 * @param iri - the exported instance or configuration.
 * @param format - the format's name for messages, e.g. `PIDINST 1.0`.
 * @returns the facts, every required one present.
 * @throws UnprocessableError (`incomplete-metadata`) listing every missing piece.
 */
export function requiredInstrumentFacts(data: ExportGraph, iri: string, format: string): InstrumentFacts {
  const facts = instrumentFacts(data, iri);
  requireInstrumentMetadata(facts, format, iri);
  return facts;
}

/** One piece of required metadata the graph lacks, with where and how to add it. */
export interface MissingMetadata {
  /** The exported field, e.g. `owner` or `manufacturer`. */
  readonly field: string;
  /** The record that has to change. */
  readonly record: string;
  /** The property to add to it. */
  readonly property: string;
  /** The whole sentence: what is missing and how to add it. */
  readonly fix: string;
}

/**
 * Checks what PIDINST and DataCite both require of an instrument: a name, an owner (the operating
 * facility's host institution, with a name), a model and its manufacturer (with a name). Both
 * formats need the same facts, so they refuse for the same reasons, in the same words.
 *
 * @param facts - the instrument facts.
 * @param format - the format's name for the message, e.g. `PIDINST 1.0`.
 * @param iri - the exported record.
 * @returns nothing: it returns only when every required fact is present.
 * @throws UnprocessableError (`incomplete-metadata`) listing every missing piece, each with the
 *   record and property to add; `details.missing` holds them as {@link MissingMetadata}.
 */
function requireInstrumentMetadata(facts: InstrumentFacts, format: string, iri: string): void {
  const missing: MissingMetadata[] = [];
  const add = (field: string, record: string, property: string, fix: string) => missing.push({ field, record, property, fix });
  const unavailable = (what: string, target: string, status: RecordStatus, fix: string, field: string, record: string, property: string) => {
    const why = status === 'withdrawn' ? 'was withdrawn' : 'has no record here';
    add(field, record, property, `${what} ${target} ${why}, so its metadata is unknown: ${fix}`);
  };

  const instance = facts.instance;
  if (instance === undefined) {
    add('instance', iri, PHD.hasConfiguration,
      `Configuration ${iri} belongs to no instrument instance: add \`<instance> phd:hasConfiguration <${iri}>\` to the configuration's record.`);
    throwIncomplete(missing, format, iri);
    return;
  }
  if (facts.instanceStatus !== 'live') {
    unavailable('The instrument instance', instance, facts.instanceStatus,
      'restore the instance record (administrator) before exporting its configurations.', 'instance', instance, RDF.type);
    throwIncomplete(missing, format, iri);
    return;
  }
  if (facts.name === undefined) {
    add('name', instance, SCHEMA.name, `The instrument instance ${instance} has no name: add \`schema:name "…"\` to the instance's record.`);
  }

  const facility = facts.facility;
  if (facility === undefined) {
    add('owner', instance, PHD.operates,
      `No facility operates ${instance}, so the instrument has no owner: add \`<facility RRID IRI> phd:operates <${instance}>\` to the instance's record.`);
  } else if (facility.status !== 'live') {
    unavailable('The facility', facility.iri, facility.status,
      `create or restore the facility's record, or name another facility with \`phd:operates\` in the instance's record ${instance}.`, 'owner', instance, PHD.operates);
  } else if (facility.host === undefined) {
    add('owner', facility.iri, PHD.hostedBy,
      `The facility ${facility.iri} names no host institution, the instrument's owner: add \`phd:hostedBy <https://ror.org/…>\` to the facility's record.`);
  } else if (facility.host.status !== 'live') {
    unavailable('The host institution', facility.host.iri, facility.host.status,
      `create its organization record (\`<${facility.host.iri}> a phd:Organization; schema:name "…"\`), or point \`phd:hostedBy\` of facility ${facility.iri} to an organization that has one.`,
      'owner', facility.host.iri, SCHEMA.name);
  } else if (facility.host.name === undefined) {
    add('owner', facility.host.iri, SCHEMA.name,
      `The host institution ${facility.host.iri} has no name: add \`schema:name "…"\` to its organization record.`);
  }

  const model = facts.model;
  if (model === undefined) {
    add('manufacturer', instance, PHD.instanceOf,
      `The instrument instance ${instance} names no model, so its manufacturer is unknown: add \`phd:instanceOf <model>\` to the instance's record.`);
  } else if (model.status !== 'live') {
    unavailable('The instrument model', model.iri, model.status,
      `create or restore the model's record, or point \`phd:instanceOf\` of ${instance} to another model.`, 'manufacturer', instance, PHD.instanceOf);
  } else if (model.manufacturer === undefined) {
    add('manufacturer', model.iri, PHD.manufacturer,
      `The instrument model ${model.iri} names no manufacturer: add \`phd:manufacturer <organization>\` to the model's record.`);
  } else if (model.manufacturer.status !== 'live') {
    unavailable('The manufacturer', model.manufacturer.iri, model.manufacturer.status,
      `create or restore its organization record (\`<${model.manufacturer.iri}> a phd:Organization; schema:name "…"\`), or point \`phd:manufacturer\` of model ${model.iri} to another organization.`,
      'manufacturer', model.manufacturer.iri, SCHEMA.name);
  } else if (model.manufacturer.name === undefined) {
    add('manufacturer', model.manufacturer.iri, SCHEMA.name,
      `The manufacturer ${model.manufacturer.iri} has no name: add \`schema:name "…"\` to its organization record.`);
  }
  throwIncomplete(missing, format, iri);
}

function throwIncomplete(missing: readonly MissingMetadata[], format: string, iri: string): void {
  if (missing.length === 0) return;
  const list = missing.map((m, i) => (missing.length === 1 ? m.fix : `(${i + 1}) ${m.fix}`)).join(' ');
  throw new UnprocessableError(
    `Cannot export ${iri} as ${format}: required metadata is missing. ${list}`,
    { code: 'incomplete-metadata', details: { iri, format, missing } },
  );
}
