import type { CitationFacts, CitedRecord } from './citation-facts.js';
import { citedIdentifier } from './hardware-relations.js';

/** A methods sentence and what it could not name. */
export interface MethodsSentence {
  /** The sentence, to paste into a methods section; undefined for a record that names no hardware (a publication). */
  readonly text: string | undefined;
  /** What a methods section asks for that the records lack, in words (`the instrument model's RRID`). */
  readonly missing: readonly string[];
}

/** "a" or "an" before a name (by its first letter: "an Olympus", "a Leica"). */
function article(name: string): string {
  return /^[aeiou]/i.test(name) ? 'an' : 'a';
}

/** `YYYY-MM-DD` of a date or dateTime as written. */
function day(date: string): string {
  return date.slice(0, 10);
}

/** The model with its manufacturer and RRID: `a Leica TCS SP8 (Leica Microsystems CMS GmbH, RRID:SCR_…)`. */
function modelPhrase(model: CitedRecord, manufacturer: CitedRecord | undefined): string {
  const details = [manufacturer?.name, model.pid?.scheme === 'rrid' ? model.pid.curie : undefined].filter((d): d is string => d !== undefined);
  return `${article(model.name)} ${model.name}${details.length === 0 ? '' : ` (${details.join(', ')})`}`;
}

/** The instance and its PID: `instrument “SP8 confocal” (PIDINST doi:…)`; `instrument PIDINST doi:…` when its name is unknown. */
function instancePhrase(instance: CitedRecord, baseUrl: string): string {
  const pidinst = instance.pid?.scheme === 'doi' || instance.pid?.scheme === 'handle';
  const identifier = `${pidinst ? 'PIDINST ' : ''}${citedIdentifier(instance, baseUrl)}`;
  return instance.name === citedIdentifier(instance, baseUrl) ? `instrument ${identifier}` : `instrument “${instance.name}” (${identifier})`;
}

/** The configuration: `configured as described by doi:… (version 2, in effect from 2022-06-15)`. */
function configurationPhrase(configuration: CitedRecord, baseUrl: string): string {
  const details = [
    configuration.version === undefined ? undefined : `version ${configuration.version}`,
    configuration.date === undefined ? undefined : `in effect from ${day(configuration.date)}`,
  ].filter((d): d is string => d !== undefined);
  return `configured as described by ${citedIdentifier(configuration, baseUrl)}${details.length === 0 ? '' : ` (${details.join(', ')})`}`;
}

/** The facility with its RRID and host: `the Example Core (RRID:SCR_999003, Example University)`. */
function facilityPhrase(facility: CitedRecord, organization: CitedRecord | undefined): string {
  const details = [facility.pid?.scheme === 'rrid' ? facility.pid.curie : undefined, organization?.name].filter((d): d is string => d !== undefined);
  return `the ${facility.name}${details.length === 0 ? '' : ` (${details.join(', ')})`}`;
}

/**
 * The sentence a methods section needs to name the hardware of a dataset, configuration or
 * instance (and, shorter, of a model or facility): the model with its manufacturer and RRID, the
 * instance with its PID (PIDINST), the configuration (the descriptor) with its PID, version and
 * validity, and the facility with its RRID and host; for a dataset, also the acquisition date.
 * A part the records lack is left out of the sentence and listed in `missing`, so the sentence
 * can be pasted as it is and the reader knows what to add.
 * @param facts - the citation's facts.
 * @param baseUrl - PHD_BASE_URL (landing URLs of records without a PID).
 * @returns the sentence and what is missing.
 * @example
 * methodsSentence(facts, baseUrl).text;
 * // 'Images were acquired with a Leica TCS SP8 (Leica Microsystems CMS GmbH), instrument “SP8 confocal, room 4.12”
 * //  (PIDINST doi:10.5072/phd.ecc.sp8), configured as described by doi:10.5072/phd.ecc.sp8.v2 (version 2, in
 * //  effect from 2022-06-15), at the Example Confocal Core (RRID:SCR_999003, Massachusetts Institute of Technology).'
 */
export function methodsSentence(facts: CitationFacts, baseUrl: string): MethodsSentence {
  const kind = facts.subject.kind;
  if (kind === 'publication' || kind === 'organization' || kind === 'person') return { text: undefined, missing: [] };
  const { model, manufacturer, facility, organization } = facts;
  // A model's or facility's sentence names only that much of the chain.
  const instance = kind === 'model' || kind === 'facility' ? undefined : facts.instance;
  const configuration = kind === 'dataset' || kind === 'configuration' ? facts.configuration : undefined;
  const missing: string[] = [];
  const expects = (part: string, present: boolean): void => {
    if (!present) missing.push(part);
  };
  if (kind !== 'facility') {
    expects('the instrument model', model !== undefined);
    if (model !== undefined) expects('the instrument model’s RRID', model.pid?.scheme === 'rrid');
  }
  if (kind === 'dataset' || kind === 'configuration' || kind === 'instance') {
    expects('the instrument (instance)', instance !== undefined);
    if (instance !== undefined) expects('a PID (PIDINST) for the instrument', instance.pid !== undefined);
  }
  if (kind === 'dataset' || kind === 'configuration') {
    expects('the hardware configuration', configuration !== undefined);
    if (configuration !== undefined) expects('a PID for the hardware configuration', configuration.pid !== undefined);
  }
  if (kind !== 'model') {
    expects('the facility', facility !== undefined);
    if (facility !== undefined) expects('the facility’s RRID', facility.pid?.scheme === 'rrid');
  }

  const hardware = [
    model === undefined || kind === 'facility' ? undefined : modelPhrase(model, manufacturer),
    instance === undefined ? undefined : instancePhrase(instance, baseUrl),
    configuration === undefined ? undefined : configurationPhrase(configuration, baseUrl),
  ].filter((p): p is string => p !== undefined);
  // Without a model the instance leads the list: "with the instrument “…”".
  if (hardware.length > 0 && (model === undefined || kind === 'facility') && instance !== undefined) hardware[0] = `the ${hardware[0] ?? ''}`;
  const when = kind === 'dataset' && facts.subject.date !== undefined ? ` on ${day(facts.subject.date)}` : '';
  const withWhat = hardware.length === 0 ? '' : ` with ${hardware.join(', ')}`;
  const where = facility === undefined || kind === 'model' ? '' : `${hardware.length === 0 ? '' : ','} at ${facilityPhrase(facility, organization)}`;
  if (withWhat === '' && where === '') return { text: undefined, missing };
  return { text: `Images were acquired${when}${withWhat}${where}.`, missing };
}
