import { DETECTORS, IMMERSIONS, hasHardwareFacets, hasInstrumentFacets, keywords, sparqlNumber, sparqlString } from './search-params.js';
import type { SearchParams, SearchType } from './search-params.js';
import { currentConfiguration } from './current-configuration.js';
import { indent } from './indent.js';

/** The class of each type of result. */
const CLASS_OF: Readonly<Record<SearchType, string>> = {
  facility: 'phd:Facility',
  instrument: 'phd:InstrumentInstance',
  model: 'phd:InstrumentModel',
  configuration: 'phd:HardwareConfiguration',
  dataset: 'phd:Dataset',
};

/**
 * The texts keywords are looked for in, per type: the record's own names and identifiers, and the
 * names of what it is or was made with (an instrument's model, manufacturer and technique; a
 * configuration's instrument and model; a dataset's configuration, instrument and model). Only a
 * match in the result's own label raises its score.
 */
const TEXT_PATH: Readonly<Record<SearchType, string>> = {
  facility: 'schema:name|rdfs:label|dcterms:identifier|dcterms:description|phd:hostedBy/schema:name',
  model: 'schema:name|rdfs:label|dcterms:description|phd:technique|phd:standType|phd:manufacturer/schema:name',
  instrument: 'schema:name|rdfs:label|dcterms:identifier|dcterms:description|phd:serialNumber|phd:technique'
    + '|phd:instanceOf/(schema:name|phd:technique|phd:standType|phd:manufacturer/schema:name)',
  configuration: 'rdfs:label|schema:name|dcterms:identifier|dcterms:description'
    + '|^phd:hasConfiguration/(schema:name|phd:instanceOf/schema:name)',
  dataset: 'dcterms:title|schema:name|rdfs:label|dcterms:identifier|dcterms:description'
    + '|phd:acquiredWith/(rdfs:label|^phd:hasConfiguration/(schema:name|phd:instanceOf/schema:name))',
};

/** Where a light source states its peak wavelengths: lasers, LEDs, and the lasers of a multi-laser engine. */
const PEAK_WAVELENGTH_PATH = '(nboq:illuminationWavelengthRange|nboq:ledModule|nboq:laser/nboq:illuminationWavelengthRange)/nboq:peakWavelength_nm';

const STAND_CLASS: Readonly<Record<string, string>> = { upright: 'nboq:UprightMicroscopeStand', inverted: 'nboq:InvertedMicroscopeStand' };

/** One FILTER EXISTS per keyword: each must occur in one of the type's searched texts. */
function keywordFilters(type: SearchType, params: SearchParams): string[] {
  return keywords(params.q).map((word, i) =>
    `FILTER EXISTS { ?item ${TEXT_PATH[type]} ?text${i} . FILTER(CONTAINS(LCASE(STR(?text${i})), ${sparqlString(word)})) }`);
}

/** How the current configuration of an instance is joined: not at all, as an OPTIONAL, or required. */
type CurrentMode = 'none' | 'optional' | 'required';

/** Patterns a result must meet, and the OPTIONALs and aggregates that say what met the facets. */
export interface SearchConstraints {
  /** Patterns and FILTERs (evaluated first, so that only candidates get the OPTIONALs). */
  readonly where: string[];
  /** OPTIONALs naming the components that met the facets. */
  readonly display: string[];
  /** Aggregates over them (`?match…` variables). */
  readonly select: string[];
}

/**
 * The patterns an instrument (bound to `inst`) must meet: technique, stand type, and the hardware
 * of its current configuration (`?{p}cfg`; every variable here is prefixed with `p`), with the
 * OPTIONALs and aggregates that say which component met which facet.
 */
function instrumentConstraints(params: SearchParams, inst: string, p: string, current: CurrentMode): SearchConstraints {
  const v = (name: string): string => `?${p}${name}`;
  const cfg = v('cfg');
  const where: string[] = [];
  const display: string[] = [];
  const select: string[] = [];
  if (params.technique !== undefined) {
    where.push(
      `${inst} (phd:technique|phd:instanceOf/phd:technique) ${v('technique')} .`,
      `FILTER(CONTAINS(LCASE(STR(${v('technique')})), ${sparqlString(params.technique.toLowerCase())}))`,
    );
    select.push(`(MIN(STR(${v('technique')})) AS ?matchTechnique)`);
  }
  if (current === 'required') where.push(...currentConfiguration(inst, cfg, v));
  if (current === 'optional') where.push(`OPTIONAL {\n${indent(currentConfiguration(inst, cfg, v).join('\n'), 2)}\n}`);
  if (params.standType !== undefined) {
    const byModel = `EXISTS { ${inst} phd:instanceOf/phd:standType ${v('standType')} . FILTER(LCASE(STR(${v('standType')})) = ${sparqlString(params.standType)}) }`;
    const standClass = STAND_CLASS[params.standType];
    // A stand component counts only when the current configuration is bound: an unbound variable
    // inside EXISTS would match any configuration of any instrument.
    const byComponent = standClass === undefined || current === 'none' ? undefined
      : `(BOUND(${cfg}) && EXISTS { ${cfg} phd:hasComponent ${v('stand')} . ${v('stand')} a ${standClass} })`;
    where.push(`FILTER(${byComponent === undefined ? byModel : `${byModel} || ${byComponent}`})`);
  }
  if (params.magnification !== undefined || params.naMin !== undefined || params.naMax !== undefined || params.immersion !== undefined) {
    const o = v('objective');
    where.push(`${cfg} phd:hasComponent ${o} .`, `${o} a nboq:Objective .`);
    if (params.magnification !== undefined) {
      where.push(`${o} nboq:magnification ${v('magnification')} .`, `FILTER(${v('magnification')} = ${sparqlNumber(params.magnification)})`);
    }
    if (params.naMin !== undefined || params.naMax !== undefined) {
      const bounds = [
        ...(params.naMin === undefined ? [] : [`${v('na')} >= ${sparqlNumber(params.naMin)}`]),
        ...(params.naMax === undefined ? [] : [`${v('na')} <= ${sparqlNumber(params.naMax)}`]),
      ];
      where.push(`${o} nboq:lensNA ${v('na')} .`, `FILTER(${bounds.join(' && ')})`);
    }
    if (params.immersion !== undefined) {
      const values = IMMERSIONS[params.immersion].values.map(sparqlString).join(', ');
      where.push(`${o} nboq:immersionType ${v('immersion')} .`, `FILTER(STR(${v('immersion')}) IN (${values}))`);
    }
    display.push(
      `OPTIONAL { ${o} rdfs:label ${v('objectiveName')} }`,
      `OPTIONAL { ${o} nboq:magnification ${v('objectiveMagnification')} }`,
      `OPTIONAL { ${o} nboq:lensNA ${v('objectiveNa')} }`,
      `OPTIONAL { ${o} nboq:immersionType ${v('objectiveImmersion')} }`,
    );
    const fields = ['objectiveMagnification', 'objectiveNa', 'objectiveImmersion'].map((f) => `COALESCE(STR(${v(f)}), "")`);
    select.push(`(MIN(CONCAT(COALESCE(STR(${v('objectiveName')}), STR(${o})), "\\t", ${fields.join(', "\\t", ')})) AS ?matchObjective)`);
  }
  params.wavelengths.forEach((nm, i) => {
    const source = v(`source${i}`);
    const peak = v(`peak${i}`);
    where.push(
      `${cfg} phd:hasComponent ${source} .`,
      `${source} ${PEAK_WAVELENGTH_PATH} ${peak} .`,
      `FILTER(${peak} >= ${sparqlNumber(nm - params.tolerance)} && ${peak} <= ${sparqlNumber(nm + params.tolerance)})`,
    );
    display.push(`OPTIONAL { ${source} rdfs:label ${v(`sourceName${i}`)} }`);
    select.push(`(MIN(CONCAT(COALESCE(STR(${v(`sourceName${i}`)}), STR(${source})), "\\t", STR(${peak}))) AS ?matchSource${i})`);
  });
  params.detectors.forEach((kind, i) => {
    const detector = v(`detector${i}`);
    const spec: { readonly classes: readonly string[]; readonly condition?: 'emccd' | 'apd' } = DETECTORS[kind];
    where.push(
      `${cfg} phd:hasComponent ${detector} .`,
      `${detector} a ${v(`detectorClass${i}`)} .`,
      `VALUES ${v(`detectorClass${i}`)} { ${spec.classes.map((c) => `nboq:${c}`).join(' ')} }`,
    );
    if (spec.condition === 'emccd') {
      where.push(`${detector} nboq:type ${v(`detectorType${i}`)} .`, `FILTER(LCASE(STR(${v(`detectorType${i}`)})) = "emccd")`);
    }
    if (spec.condition === 'apd') {
      where.push(`${detector} nboq:avalanche ${v(`avalanche${i}`)} .`, `FILTER(${v(`avalanche${i}`)} = true)`);
    }
    display.push(`OPTIONAL { ${detector} rdfs:label ${v(`detectorName${i}`)} }`);
    select.push(`(MIN(COALESCE(STR(${v(`detectorName${i}`)}), STR(${detector}))) AS ?matchDetector${i})`);
  });
  return { where, display, select };
}

/**
 * The patterns a result of one type must meet, binding `?item`: its class, one FILTER EXISTS per
 * keyword over the type's searched texts, and the facets. Instrument facets are met by the
 * instrument itself, or, for a facility, by an instrument it operates (`?finst`, its variables
 * prefixed `f`); models meet the stand type and technique. Every value from the request is
 * written through `sparqlString` or `sparqlNumber`, or chosen from a fixed table.
 * @param type - the result type.
 * @param params - the validated search.
 * @returns the patterns, the OPTIONALs naming what met the facets, and the `?match…` aggregates.
 */
export function searchConstraints(type: SearchType, params: SearchParams): SearchConstraints {
  const where = [`?item a ${CLASS_OF[type]} .`, ...keywordFilters(type, params)];
  const display: string[] = [];
  const select: string[] = [];
  if (type === 'instrument') {
    // The current configuration is joined when hardware facets need it, or for the stand type.
    const current: CurrentMode = hasHardwareFacets(params) ? 'required' : params.standType === undefined ? 'none' : 'optional';
    const constraints = instrumentConstraints(params, '?item', '', current);
    where.push(...constraints.where);
    display.push(...constraints.display);
    select.push(...constraints.select);
  } else if (type === 'facility' && hasInstrumentFacets(params)) {
    const current: CurrentMode = hasHardwareFacets(params) ? 'required' : params.standType === undefined ? 'none' : 'optional';
    where.push('?item phd:operates ?finst .', ...instrumentConstraints(params, '?finst', 'f', current).where);
    display.push('OPTIONAL { ?finst schema:name ?finstName }');
    select.push('(GROUP_CONCAT(DISTINCT COALESCE(STR(?finstName), STR(?finst)); separator="; ") AS ?matchInstruments)');
  } else if (type === 'model') {
    if (params.standType !== undefined) {
      where.push('?item phd:standType ?modelStandType .', `FILTER(LCASE(STR(?modelStandType)) = ${sparqlString(params.standType)})`);
    }
    if (params.technique !== undefined) {
      where.push('?item phd:technique ?modelTechnique .', `FILTER(CONTAINS(LCASE(STR(?modelTechnique)), ${sparqlString(params.technique.toLowerCase())}))`);
      select.push('(MIN(STR(?modelTechnique)) AS ?matchTechnique)');
    }
  }
  return { where, display, select };
}
