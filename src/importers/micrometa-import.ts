import N3 from 'n3';
import type { Quad } from 'n3';
import { isCalendarDate } from '../domain/index.js';
import { parsePid } from '../domain/index.js';
import { canonicalLiterals, canonicalNTriples } from '../domain/index.js';
import { PHD, PROV, RDF } from '../domain/index.js';
import { UnprocessableError } from '../errors/index.js';
import type { Principal } from '../domain/index.js';
import { ConfigurationTimeline } from '../domain/index.js';
import { ConfigurationImporter } from './configuration-importer.js';
import { configurationVersions, registeredInstance } from './configuration-versions.js';
import { deriveMicrometa, exportMicrometa } from '../exporters/index.js';
import { convertMicrometa } from './micrometa-converter.js';
import type { MicrometaConversion } from './micrometa-converter.js';
import { canonicalJson, sameJson } from '../domain/index.js';
import type { JsonObject, JsonValue } from '../domain/index.js';
import { presentationOf } from '../domain/index.js';
import type { NboqMapping } from '../domain/index.js';
import { notMappedLine, notMappedQuads } from './not-mapped.js';
import { diffConfigurations } from '../pid/index.js';
import type { ValidationIssue } from '../validation/index.js';
import { changeLines } from './change-lines.js';
import { plannedComponents, plannedRecords } from './import-plan.js';
import type { PlannedComponent, PlannedRecord } from './import-plan.js';
import type { NotMapped } from './not-mapped.js';

/** Bookkeeping of a version, not a fact about the hardware: left out when two versions are compared. */
const VERSION_BOOKKEEPING = new Set([PHD.validFrom, PHD.versionNumber, PROV.wasRevisionOf, PHD.hasConfiguration]);
/** What the file looked like and what it held beyond the facts: not hardware, never compared. */
const SOURCE_DATA = new Set([PHD.presentation, PHD.notMapped]);
const PLACEHOLDER = 'urn:x-imaging-phd:configuration';

/** What importing one file did. */
export interface ImportOutcome {
  /** The file (or "request body"). */
  readonly source: string;
  /** `created`: a new configuration (version); `unchanged`: the latest version already describes this hardware. */
  readonly status: 'created' | 'unchanged';
  /** The configuration created, or the one that already describes the hardware. */
  readonly iri: string;
  readonly instance: string;
  readonly version: number;
  /** The version the new one revises. */
  readonly revises?: string;
  readonly validFrom: string;
  /** The tier the file declares, at which it was validated. */
  readonly tier: number;
  /** Other messages (a model version this importer does not know, a presentation not kept). */
  readonly warnings: readonly string[];
  /** What the file holds that no term states, by its path in the file: reported, never dropped silently. */
  readonly notMapped: readonly NotMapped[];
}

/** What {@link MicrometaImporter.planFile} finds an import of the file would do; nothing is stored. */
export interface MicrometaPlan {
  readonly source: string;
  /** `create`: a new configuration (the first, or a new version) would be stored; `unchanged`: the latest version already describes this hardware. */
  readonly status: 'create' | 'unchanged';
  readonly instance: string;
  /**
   * The configuration: for `unchanged`, the one that describes the hardware; for `create`, the PID
   * given, else absent (a new configuration is named when it is stored).
   */
  readonly iri?: string;
  /** The version number it has (`unchanged`) or would get. */
  readonly version: number;
  /** The version in effect, which the new one would revise. */
  readonly revises?: string;
  readonly validFrom: string;
  readonly tier: number;
  readonly components: readonly PlannedComponent[];
  /** For a new version: its field-level differences from the version in effect, one line each; empty otherwise. */
  readonly changes: readonly string[];
  /** The validation report's issues (violations included). */
  readonly issues: readonly ValidationIssue[];
  /** Whether the import would store the configuration (no violation). */
  readonly conforms: boolean;
  readonly warnings: readonly string[];
  readonly notMapped: readonly NotMapped[];
  /** The record that would be stored, with its triples (none for `unchanged`). */
  readonly records: readonly PlannedRecord[];
}

/** What {@link MicrometaImporter} has worked out before it stores (or, in a dry run, does not). */
type PreparedFile =
  | { readonly status: 'unchanged'; readonly outcome: ImportOutcome; readonly latestQuads: readonly Quad[] }
  | { readonly status: 'created'; readonly outcome: ImportOutcome; readonly quads: Quad[]; readonly changes: string[] };

/** Options of {@link MicrometaImporter.importFile}. */
export interface MicrometaImportOptions {
  /** The instrument instance (PID in any accepted form, or a minted IRI). Optional when the file's ID identifies a configuration imported before. */
  readonly instance?: string;
  /** `phd:validFrom` of a new version (YYYY-MM-DD); default: today (UTC). */
  readonly validFrom?: string;
  /** A PID already minted for the new configuration (DOI or handle); default: an IRI minted here. */
  readonly pid?: string;
  readonly principal: Principal;
  /** The file name, for messages. */
  readonly source: string;
}

/**
 * Imports Micro-Meta App microscope files as hardware-configuration versions of an instrument
 * instance (DESIGN §1: configurations are immutable; a hardware change is a new version).
 *
 * A file whose hardware equals the instance's latest version creates nothing; any difference
 * (a component added, removed or changed, a new name or tier) creates the next version, which
 * `prov:wasRevisionOf` the latest and is valid from the given date. Validation (at the tier the
 * file declares), authorization and storage go through {@link RecordService}, as for POST /records.
 * A new version keeps, beside the hardware facts, the file's presentation (`phd:presentation`) and
 * what was not mapped (`phd:notMapped`), so that its export gives the file back (see
 * {@link withSourceData}); neither counts when versions are compared. Files holding text no
 * serialization can carry (control characters, unpaired surrogates) or a component ID of only
 * dots are refused before anything is compared or stored.
 */
export class MicrometaImporter extends ConfigurationImporter {
  /**
   * Imports one parsed Micro-Meta App file.
   * @param json - the parsed JSON.
   * @param options - instance, date, PID, principal.
   * @returns what was done.
   * @example
   * ```ts
   * const outcome = await importer.importFile(parseJson(text, 'scope.json'), { instance: 'doi:10.5072/phd.ecc.sp8', principal, source: 'scope.json' });
   * outcome.status; // 'created' (a new version) or 'unchanged'
   * ```
   */
  public async importFile(json: unknown, options: MicrometaImportOptions): Promise<ImportOutcome> {
    const prepared = await this.prepareFile(json, options);
    if (prepared.status === 'unchanged') return prepared.outcome;
    await this.service.createAll([prepared.quads], options.principal);
    return prepared.outcome;
  }

  /**
   * The dry run of {@link importFile}: the same steps — parse, map, find the instance, compare with
   * the version in effect, build the record, authorize and validate it as the import would — and
   * nothing stored. Validation issues are returned, not thrown; other refusals are thrown as the
   * import throws them.
   * @param json - the parsed JSON.
   * @param options - instance, date, PID, principal.
   * @returns what the import would do.
   * @example
   * ```ts
   * const plan = await importer.planFile(json, { instance: 'doi:10.5072/phd.ecc.sp8', principal, source: 'scope.json' });
   * plan.conforms; // false: plan.issues say what to fix
   * ```
   */
  public async planFile(json: unknown, options: MicrometaImportOptions): Promise<MicrometaPlan> {
    const prepared = await this.prepareFile(json, options);
    const { outcome } = prepared;
    const common = {
      source: outcome.source, instance: outcome.instance, version: outcome.version, validFrom: outcome.validFrom, tier: outcome.tier,
      warnings: outcome.warnings, notMapped: outcome.notMapped,
    };
    if (prepared.status === 'unchanged') {
      return { ...common, status: 'unchanged', iri: outcome.iri, components: plannedComponents(prepared.latestQuads, outcome.iri), changes: [], issues: [], conforms: true, records: [] };
    }
    const planned = plannedRecords(await this.service.checkAll([prepared.quads], options.principal));
    return {
      ...common, status: 'create',
      ...(options.pid === undefined ? {} : { iri: outcome.iri }),
      ...(outcome.revises === undefined ? {} : { revises: outcome.revises }),
      components: plannedComponents(prepared.quads, outcome.iri),
      changes: prepared.changes,
      ...planned,
    };
  }

  /** Everything {@link importFile} does before it stores: the outcome, and the record's triples when a version is created. */
  private async prepareFile(json: unknown, options: MicrometaImportOptions): Promise<PreparedFile> {
    const file = microscopeFile(json, options.source);
    const warnings: string[] = [];
    if (typeof file.ModelVersion === 'string' && !file.ModelVersion.startsWith('2.01')) {
      warnings.push(`ModelVersion ${file.ModelVersion}: this importer reads the 2.01 model; fields it does not know are reported below`);
    }
    const instance = await this.instanceOf(file, options);
    const validFrom = options.validFrom ?? new Date().toISOString().slice(0, 10);
    if (!isCalendarDate(validFrom)) {
      throw new UnprocessableError(`valid-from "${validFrom}" is not a date: write it as YYYY-MM-DD.`, { code: 'bad-date', details: { field: 'validFrom' } });
    }
    const timeline = new ConfigurationTimeline(await configurationVersions(this.store, instance));
    const latest = timeline.latest;
    const candidate = convertMicrometa(file, this.mapping, { configurationIri: PLACEHOLDER, instanceIri: instance, validFrom });
    warnings.push(...otherWarnings(candidate));
    const notMapped = candidate.notMapped;
    if (latest !== undefined && hardwareKey(candidate.quads, PLACEHOLDER) === hardwareKey(latest.quads, latest.iri)) {
      if (!sameJson(exportMicrometa(latest.quads, latest.iri, this.mapping) as unknown as JsonObject, file)) {
        warnings.push(`the hardware is that of ${latest.iri} (version ${latest.versionNumber}), so no version was created; that version keeps the layout and spelling it was imported with, which differ from this file's`);
      }
      return {
        status: 'unchanged', latestQuads: latest.quads,
        outcome: { source: options.source, status: 'unchanged', iri: latest.iri, instance, version: latest.versionNumber, validFrom: latest.validFrom, tier: candidate.tier, warnings, notMapped },
      };
    }
    const iri = options.pid === undefined ? await this.mintConfigurationIri((await this.store.meta(instance))?.facility) : parsePid(options.pid, ['doi', 'handle']).iri;
    const version = timeline.nextVersionNumber;
    const conversion = convertMicrometa(file, this.mapping, {
      configurationIri: iri,
      instanceIri: instance,
      validFrom,
      versionNumber: version,
      ...(latest === undefined ? {} : { wasRevisionOf: latest.iri }),
    });
    return {
      status: 'created',
      quads: withSourceData(conversion, file, iri, this.mapping),
      changes: latest === undefined ? [] : changeLines(diffConfigurations({ iri: latest.iri, quads: latest.quads }, { iri, quads: conversion.quads })),
      outcome: {
        source: options.source, status: 'created', iri, instance, version, validFrom, tier: conversion.tier, warnings, notMapped,
        ...(latest === undefined ? {} : { revises: latest.iri }),
      },
    };
  }

  /**
   * The instance a file describes: the one named, else the instance of the configuration
   * imported before from a file with the same Micro-Meta App ID.
   */
  private async instanceOf(file: JsonObject, options: MicrometaImportOptions): Promise<string> {
    if (options.instance !== undefined) {
      const record = await registeredInstance(this.store, options.instance, this.baseUrl);
      // Authorize before comparing: even an "unchanged" answer is a write attempt on this facility's instrument.
      this.authorizeConfiguration(options.principal, record, record.iri);
      return record.iri;
    }
    const id = typeof file.ID === 'string' ? file.ID.trim() : '';
    if (id !== '') {
      // A cheap text test first (the ID as N-Triples writes it, when it needs no escaping); the parsed graph decides.
      const needle = /^[\x20-\x7e]+$/.test(id) && !/["\\]/.test(id) ? `"${id}"` : PHD.sourceIdentifier;
      for (const meta of await this.store.list('configuration')) {
        const record = await this.store.get(meta.iri);
        if (record === undefined || !record.ntriples.includes(needle)) continue;
        const quads = new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
        if (!quads.some((q) => q.subject.value === record.iri && q.predicate.value === PHD.sourceIdentifier && q.object.value === id)) continue;
        const link = quads.find((q) => q.predicate.value === PHD.hasConfiguration);
        if (link === undefined) continue;
        this.authorizeConfiguration(options.principal, record, link.subject.value);
        return link.subject.value;
      }
    }
    throw new UnprocessableError(
      `${options.source}: which instrument instance does this file describe? Its ID ${id === '' ? '(none)' : id} matches no configuration imported before: ` +
        'name the instance (--instance <pid> on the command line, ?instance=<pid> over HTTP).',
      { code: 'instance-required' },
    );
  }
}

/** The conversion's messages other than its not-mapped entries (which the outcome lists apart). */
function otherWarnings(conversion: MicrometaConversion): string[] {
  const lines = new Set(conversion.notMapped.map(notMappedLine));
  return conversion.warnings.filter((w) => !lines.has(w));
}

/**
 * The record's graph: the hardware facts, plus, on the configuration, the file's presentation
 * (what an export of the facts alone would not give back: layout, versions, spellings; see
 * {@link presentationOf}) and the list of what was not mapped, each one rdf:JSON literal.
 * @param conversion - the file converted with the configuration's IRI.
 * @param file - the file as parsed.
 * @param iri - the configuration's IRI.
 * @param mapping - the NBO-Q mapping.
 * @returns the quads to store.
 */
export function withSourceData(conversion: MicrometaConversion, file: JsonObject, iri: string, mapping: NboqMapping): Quad[] {
  const { namedNode, literal, quad } = N3.DataFactory;
  const derived = JSON.parse(JSON.stringify(deriveMicrometa(conversion.quads, iri, mapping))) as JsonObject;
  const presentation = presentationOf(derived, file);
  const json = (value: unknown) => literal(canonicalJson(value), namedNode(RDF.JSON));
  return [
    ...conversion.quads,
    quad(namedNode(iri), namedNode(PHD.presentation), json(presentation)),
    ...notMappedQuads(iri, conversion.notMapped),
  ];
}

/**
 * A comparable text of a configuration's hardware: its graph as stored (canonical literals),
 * without the version bookkeeping, with its own IRI (and its components', which are under it)
 * replaced by a placeholder.
 */
function hardwareKey(quads: readonly Quad[], iri: string): string {
  const rename = <T extends Quad['subject'] | Quad['object']>(term: T): T =>
    term.termType === 'NamedNode' && (term.value === iri || term.value.startsWith(`${iri}/`))
      ? N3.DataFactory.namedNode(PLACEHOLDER + term.value.slice(iri.length)) as T
      : term;
  const kept = canonicalLiterals(quads)
    .filter((q) => !SOURCE_DATA.has(q.predicate.value))
    .filter((q) => !VERSION_BOOKKEEPING.has(q.predicate.value) || (q.subject.value !== iri && q.predicate.value !== PHD.hasConfiguration));
  return canonicalNTriples(kept.map((q) => N3.DataFactory.quad(rename(q.subject), q.predicate, rename(q.object))));
}

/** Checks that the JSON is a Micro-Meta App microscope file, and returns it typed. */
function microscopeFile(json: unknown, source: string): JsonObject {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UnprocessableError(`${source}: a Micro-Meta App microscope file is a JSON object; this is ${Array.isArray(json) ? 'an array' : typeof json}.`, { code: 'not-micrometa' });
  }
  const file = json as JsonObject;
  if (file.Schema_ID !== 'Instrument.json' || !Array.isArray(file.components)) {
    throw new UnprocessableError(
      `${source}: not a Micro-Meta App microscope file (expected "Schema_ID": "Instrument.json" and a "components" array; found Schema_ID ${JSON.stringify(file.Schema_ID ?? null)}).`,
      { code: 'not-micrometa', details: { field: Array.isArray(file.components) ? 'Schema_ID' : 'components' } },
    );
  }
  checkText(file, '', source);
  const components = [file.MicroscopeStand, ...file.components];
  components.forEach((component, i) => {
    const id = component !== null && typeof component === 'object' && !Array.isArray(component) ? component.ID : undefined;
    if (id === '.' || id === '..') {
      const path = i === 0 ? 'MicroscopeStand.ID' : `components[${i - 1}].ID`;
      throw new UnprocessableError(`${source}: ${path} "${id}" cannot name a component (a path segment of only dots is removed from IRIs): give the component another ID.`, { code: 'bad-id', details: { field: path } });
    }
  });
  return file;
}

/** Text XML 1.0, RDF/XML and the SPARQL XML results cannot carry: C0 controls but tab, LF, CR; U+FFFE, U+FFFF; unpaired surrogates. */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/**
 * Refuses a file with a key or string that is not text (see {@link NOT_TEXT}): such a value
 * would be stored, then break every serialization that must carry it.
 */
function checkText(value: JsonValue, path: string, source: string): void {
  const refuse = (text: string, where: string) => {
    const bad = NOT_TEXT.exec(text)?.[0] ?? '';
    const code = `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new UnprocessableError(`${source}: ${where || 'the file'} holds ${code}, which is not text (a control character or half of a surrogate pair): remove it.`, {
      code: 'bad-text', details: { field: where },
    });
  };
  if (typeof value === 'string') {
    if (NOT_TEXT.test(value)) refuse(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkText(item, `${path}[${i}]`, source));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const where = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${path}${path === '' ? '' : '.'}${key}` : `${path}[${JSON.stringify(key)}]`;
      if (NOT_TEXT.test(key)) refuse(key, where);
      checkText(item, where, source);
    }
  }
}
