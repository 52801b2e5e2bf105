import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import N3 from 'n3';
import type { Quad } from 'n3';
import { ConfigurationTimeline } from '../domain/index.js';
import { isCalendarDate } from '../domain/index.js';
import { PHD } from '../domain/index.js';
import { ConflictError, UnprocessableError } from '../errors/index.js';
import { diffConfigurations } from '../pid/index.js';
import { changeLines } from './change-lines.js';
import { plannedComponents, plannedRecords } from './import-plan.js';
import type { PlannedComponent, PlannedRecord } from './import-plan.js';
import type { ValidationIssue } from '../validation/index.js';
import type { StoredRecord } from '../store/index.js';
import type { Principal } from '../domain/index.js';
import { ConfigurationImporter } from './configuration-importer.js';
import { configurationVersions, registeredInstance } from './configuration-versions.js';
import type { StoredConfigurationVersion } from './configuration-versions.js';
import { foldNotMapped, notMappedQuads } from './not-mapped.js';
import type { NotMapped } from './not-mapped.js';
import { parseOmeXml } from './parse-ome-xml.js';
import type { OmeDocument, OmeImage, OmeInstrument, OmeNotMapped } from './ome-document.js';
import { imageToDataset } from './image-to-dataset.js';
import { hasConvertibleParts, instrumentToConfiguration } from './instrument-to-configuration.js';
import { matchInstrument } from './match-instrument.js';
import { omeComponentIris } from './ome-component-ids.js';

/** What happened to the configuration an OME Instrument describes. */
export interface OmeConfigurationOutcome {
  /** The OME Instrument ID. */
  readonly instrument: string;
  readonly instance: string;
  /** `matched`: a stored configuration describes the instrument; `created`: a new version was written. */
  readonly status: 'matched' | 'created';
  readonly iri: string;
  readonly validFrom: string;
  /** For a created version: how the instrument differs from the version it revises. */
  readonly differences: readonly string[];
  /** For a created version: the version in effect before it, which it revises (absent for a first or earlier version). */
  readonly revises?: string;
  /**
   * For a created version that revises another: the field-level differences between the two records
   * (src/pid/configuration-diff.ts), one line each: `changed …`, `added …`, `removed …`.
   */
  readonly changes: readonly string[];
}

/** What happened to one OME Image. */
export interface OmeDatasetOutcome {
  /** The OME Image ID. */
  readonly image: string;
  /** `created`, or `existing` when this image of this file was imported before. */
  readonly status: 'created' | 'existing';
  readonly iri: string;
  readonly title: string;
  readonly acquired: string;
  readonly configuration: string;
}

/** What importing one OME-XML document did. */
export interface OmeImportOutcome {
  /**
   * Said first, in words: the new configuration versions the import creates, why, and the
   * version each revises; absent when the import creates none.
   */
  readonly notice?: string;
  readonly source: string;
  readonly configurations: readonly OmeConfigurationOutcome[];
  readonly datasets: readonly OmeDatasetOutcome[];
  readonly warnings: readonly string[];
  /**
   * Every element and attribute of the document's Instruments and Images that no record holds, one
   * entry per distinct path and reason, with `count` where it occurs more than once. The
   * configuration and dataset records created keep their own entries as `phd:notMapped`.
   */
  readonly notMapped: readonly NotMapped[];
}

/** What {@link OmeXmlImporter.planDocument} finds an import of the document would do; nothing is stored. */
export interface OmeImportPlan extends Omit<OmeImportOutcome, 'configurations'> {
  /** Each Instrument's configuration, as matched or as it would be created, with the components of a new one. */
  readonly configurations: readonly (OmeConfigurationOutcome & { readonly components: readonly PlannedComponent[] })[];
  /** The validation report's issues of every record that would be stored (violations included). */
  readonly issues: readonly ValidationIssue[];
  /** Whether the import would store its records (no violation). */
  readonly conforms: boolean;
  /** The records that would be stored, with their triples. */
  readonly records: readonly PlannedRecord[];
}

/** Options of {@link OmeXmlImporter.importDocument}. */
export interface OmeImportOptions {
  /** The instrument instance; default: the instance whose phd:serialNumber is the Microscope's SerialNumber. */
  readonly instance?: string;
  /** Acquisition date (YYYY-MM-DD) of images that carry no AcquisitionDate. */
  readonly acquiredOn?: string;
  readonly principal: Principal;
  /** The file name, for messages and default titles. */
  readonly source: string;
  /**
   * Whether the import may create a configuration version (default true). False refuses, with a
   * ConflictError naming the differences, any document whose hardware no stored version describes.
   */
  readonly allowNewVersion?: boolean;
}

/** The images of one instrument, with the instance and the configuration each was acquired with. */
interface InstrumentPlan {
  readonly instrument: OmeInstrument | undefined;
  readonly instance: StoredRecord;
  readonly images: { image: OmeImage; date: string; configuration: string; componentIris: ReadonlyMap<string, string> }[];
  readonly outcome?: OmeConfigurationOutcome;
  readonly configurationQuads?: Quad[];
  /** The version this plan writes, for the instruments planned after it. */
  readonly newVersion?: StoredConfigurationVersion;
  /** Values of the Instrument the conversion left out for what they are (path, reason). */
  readonly leftOut?: readonly { readonly path: string; readonly reason: string }[];
}

/** A version an earlier instrument of the same document is about to write. */
interface PendingVersion {
  readonly instance: string;
  readonly instrument: string;
  readonly version: StoredConfigurationVersion;
}

const DATE = /^(\d{4}-\d{2}-\d{2})/;

/** An element or attribute no record holds (from the parser's walk or the converter). */
type NotMappedEntry = OmeNotMapped;

/** The reasons the parser gives for elements and attributes it does not know at all. */
const UNKNOWN = /is not an (element|attribute) of \S+ in the OME schema this importer reads$/;

/**
 * The provenance a record keeps of what its subtree of the document held and it does not: one
 * `phd:notMapped` rdf:JSON list, folded by path and reason (see {@link notMappedQuads}).
 * @param iri - the record's IRI.
 * @param entries - what its subtree of the document held and the record does not.
 * @returns the quads.
 */
function provenance(iri: string, entries: readonly NotMappedEntry[]): Quad[] {
  return notMappedQuads(iri, foldNotMapped(entries));
}

/** Images one document may hold: each becomes a validated record, all in one transaction. */
export const MAX_IMAGES = 500;

/**
 * Imports OME-XML (schema 2016-06, the header of an OME-TIFF): each Instrument is matched to the
 * configuration of its instance in effect when its images were acquired, or becomes the next
 * configuration version (declared tier 0: an OME header does not record every fact a tier
 * requires); each Image becomes a dataset record acquired with that configuration, its channel
 * settings linked to the configuration's components. Everything a document yields is written in
 * one transaction, after validation and authorization, or nothing is.
 *
 * Dataset IRIs are derived from the document's UUID (else its content) and the Image ID, so a
 * second import of the same file finds its datasets (`existing`) and writes nothing new.
 */
export class OmeXmlImporter extends ConfigurationImporter {
  /**
   * Imports one OME-XML document.
   * @param text - the XML text.
   * @param options - instance, fallback date, principal, source.
   * @returns what was done.
   * @throws ParseError (malformed, DOCTYPE), UnprocessableError, ConflictError; nothing is stored then.
   * @example
   * ```ts
   * const outcome = await importer.importDocument(xml, { source: 'cells.ome.xml', principal });
   * outcome.datasets.map((d) => d.iri);
   * ```
   */
  public async importDocument(text: string, options: OmeImportOptions): Promise<OmeImportOutcome> {
    const { outcome, records } = await this.prepareDocument(text, options);
    if (records.length > 0) await this.service.createAll(records, options.principal);
    return outcome;
  }

  /**
   * The dry run of {@link importDocument}: the same steps — parse, match each Instrument to the
   * configuration in effect, build the datasets and any new version, authorize and validate them
   * as the import would — and nothing stored. Validation issues are returned, not thrown; other
   * refusals are thrown as the import throws them. A new configuration's IRI in the plan is
   * provisional: the import names it when it stores it.
   * @param text - the XML text.
   * @param options - instance, fallback date, principal, source.
   * @returns what the import would do.
   * @example
   * ```ts
   * const plan = await importer.planDocument(xml, { source: 'cells.ome.xml', principal });
   * plan.datasets.filter((d) => d.status === 'created').map((d) => d.title);
   * ```
   */
  public async planDocument(text: string, options: OmeImportOptions): Promise<OmeImportPlan> {
    const { outcome, records } = await this.prepareDocument(text, options);
    const planned = plannedRecords(records.length === 0 ? [] : await this.service.checkAll(records, options.principal));
    const components = new Map(outcome.configurations.filter((c) => c.status === 'created').map((c) => {
      const quads = records.find((r) => r.some((q) => q.subject.value === c.iri)) ?? [];
      return [c.iri, plannedComponents(quads, c.iri)] as const;
    }));
    return { ...outcome, configurations: outcome.configurations.map((c) => ({ ...c, components: components.get(c.iri) ?? [] })), ...planned };
  }

  /** Everything {@link importDocument} does before it stores: the outcome, and the records to store. */
  private async prepareDocument(text: string, options: OmeImportOptions): Promise<{ outcome: OmeImportOutcome; records: Quad[][] }> {
    const document = parseOmeXml(text, options.source);
    const warnings = [...document.warnings];
    if (document.images.length > MAX_IMAGES) {
      throw new UnprocessableError(`${options.source}: the document describes ${document.images.length} images; import at most ${MAX_IMAGES} at a time (split the file, or import its series separately).`, { code: 'too-many-images' });
    }
    if (document.images.length === 0 && !document.instruments.some(hasConvertibleParts)) {
      throw new UnprocessableError(
        `${options.source}: the OME document has no Image and ${document.instruments.length === 0 ? 'no Instrument' : 'no Instrument that names any hardware'}: nothing to import.`,
        { code: 'nothing-to-import' },
      );
    }
    if (options.acquiredOn !== undefined && !isCalendarDate(options.acquiredOn)) {
      throw new UnprocessableError(`acquired-on "${options.acquiredOn}" is not a date: write it as YYYY-MM-DD.`, { code: 'bad-date', details: { field: 'acquiredOn' } });
    }
    const key = document.uuid ?? createHash('sha256').update(text).digest('hex');
    const groups = this.groupImages(document, warnings, options.source);

    // Earliest first, so that a version one Instrument writes is in place for the Instruments after
    // it: Bio-Formats gives each series of a Leica LIF file an Instrument of its own, all describing
    // the same microscope, and they must share one version rather than each asking for their own.
    // Images that name no Instrument come last, when every version the document brings is known.
    const ordered = [...groups].map(([instrument, images]) => ({ instrument, images, first: images.map((i) => this.dateOf(i, options)).sort()[0] ?? '' }))
      .sort((a, b) => Number(a.instrument === undefined) - Number(b.instrument === undefined) || a.first.localeCompare(b.first));
    const plans: InstrumentPlan[] = [];
    const pending: PendingVersion[] = [];
    for (const { instrument, images } of ordered) {
      // Images that name no Instrument were taken on the instance the document's Instruments name.
      const found = plans.find((p) => p.instrument !== undefined)?.instance;
      const plan = await this.plan(instrument, images, options, warnings, pending, instrument === undefined ? found : undefined);
      if (plan.newVersion !== undefined && instrument !== undefined) pending.push({ instance: plan.instance.iri, instrument: instrument.id, version: plan.newVersion });
      plans.push(plan);
    }
    const newVersions = plans.filter((p) => p.outcome?.status === 'created').map((p) => p.instance.iri);
    const twice = newVersions.find((iri, i) => newVersions.indexOf(iri) !== i);
    if (twice !== undefined) throw new ConflictError(`${options.source} describes two different instruments for ${twice}: import them one at a time.`);
    const created = plans.flatMap((p) => (p.outcome?.status === 'created' ? [p.outcome] : []));
    const notice = created.length === 0 ? undefined : created.map((c) => newVersionNotice(c, options.source)).join(' ');
    if (notice !== undefined && options.allowNewVersion === false) {
      throw new ConflictError(
        `${notice} The import was asked not to create a configuration version (new-version=false, --no-new-version), so nothing was stored. ` +
          'Import the file without that option to record the new version, or check that the file belongs to this instrument.',
        { details: { reason: 'new-version-refused', configurations: created.map(({ instrument, instance, validFrom, differences, revises, changes }) => ({ instrument, instance, validFrom, differences, revises, changes })) } },
      );
    }

    const records: Quad[][] = [];
    const datasets: OmeDatasetOutcome[] = [];
    // What the records do not hold, from the parser's walk of each Instrument and Image and from
    // the converter (settings left out for their value): in the answer, and on each record created.
    const notMapped: NotMappedEntry[] = document.notMapped.map((n) => ({ ...n }));
    for (const plan of plans) {
      if (plan.configurationQuads !== undefined) {
        const instrumentId = plan.instrument?.id;
        for (const { path, reason } of plan.leftOut ?? []) notMapped.push({ owner: 'Instrument', ownerId: instrumentId ?? '', path, reason });
        records.push([...plan.configurationQuads, ...provenance(plan.outcome?.iri ?? '', notMapped.filter((n) => n.owner === 'Instrument' && n.ownerId === instrumentId))]);
      }
      for (const { image, date, configuration, componentIris } of plan.images) {
        const iri = `${this.baseUrl}/id/dataset/ome-${createHash('sha256').update(`${key}\n${image.id}`).digest('hex').slice(0, 32)}`;
        const title = image.name ?? `${basename(options.source)} ${image.id}`;
        const existing = await this.store.get(iri);
        if (existing !== undefined) {
          datasets.push({ image: image.id, status: 'existing', iri, title, acquired: date, configuration });
          continue;
        }
        const note = (path: string, reason: string) => notMapped.push({ owner: 'Image', ownerId: image.id, path, reason });
        const quads = imageToDataset(image, {
          datasetIri: iri, configurationIri: configuration, componentIri: (id) => componentIris.get(id), title, leftOut: note,
          ...(image.acquisitionDate === undefined ? { created: date } : {}),
          ...(plan.instrument === undefined ? {} : { instrument: plan.instrument }),
        });
        records.push([...quads, ...provenance(iri, notMapped.filter((n) => n.owner === 'Image' && n.ownerId === image.id))]);
        datasets.push({ image: image.id, status: 'created', iri, title, acquired: date, configuration });
      }
    }
    const unknown = [...new Set(notMapped.filter((n) => UNKNOWN.test(n.reason)).map((n) => n.path))];
    if (unknown.length > 0) {
      warnings.push(`${unknown.length} element${unknown.length === 1 ? '' : 's'} or attribute${unknown.length === 1 ? '' : 's'} the importer does not know ${unknown.length === 1 ? 'was' : 'were'} left out (see "not mapped"): ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}`);
    }
    const outcome = {
      ...(notice === undefined ? {} : { notice }),
      source: options.source, configurations: plans.flatMap((p) => (p.outcome === undefined ? [] : [p.outcome])), datasets, warnings,
      notMapped: foldNotMapped(notMapped),
    };
    return { outcome, records };
  }

  /**
   * The images of each instrument that is imported. An image goes with the Instrument its
   * InstrumentRef names, or with the document's only Instrument. An Instrument that names no
   * hardware (Bio-Formats writes `<Instrument ID="Instrument:0"/>` for many formats) cannot become a
   * configuration: its images go with the configuration in effect, as do images that name no
   * Instrument of several. An Instrument no image uses is left out when the document has images
   * (NIS-Elements adds one "for backward compatibility"); without images, each Instrument is imported
   * as a configuration on its own.
   */
  private groupImages(document: OmeDocument, warnings: string[], source: string): Map<OmeInstrument | undefined, OmeImage[]> {
    const byId = new Map(document.instruments.map((i) => [i.id, i]));
    const usable = (instrument: OmeInstrument | undefined) => (instrument !== undefined && hasConvertibleParts(instrument) ? instrument : undefined);
    const groups = new Map<OmeInstrument | undefined, OmeImage[]>();
    for (const image of document.images) {
      const [only] = document.instruments;
      // The parser has already warned about an InstrumentRef to no Instrument of the document.
      const named = image.instrumentId === undefined ? (document.instruments.length === 1 ? only : undefined) : byId.get(image.instrumentId);
      if (image.instrumentId === undefined && document.instruments.length > 1) {
        warnings.push(`Image ${image.id} names none of the document's ${document.instruments.length} Instruments (no InstrumentRef); it is recorded as acquired with the configuration in effect`);
      }
      const instrument = usable(named);
      groups.set(instrument, [...(groups.get(instrument) ?? []), image]);
    }
    for (const instrument of document.instruments) {
      if (!hasConvertibleParts(instrument)) {
        const used = document.images.some((i) => i.instrumentId === instrument.id || (i.instrumentId === undefined && document.instruments.length === 1));
        warnings.push(`Instrument ${instrument.id} names no hardware (no stand, light source, detector, objective or filter)${used ? '; its images are recorded as acquired with the configuration in effect' : ''}`);
        continue;
      }
      if (groups.has(instrument)) continue;
      if (document.images.length > 0) {
        warnings.push(`Instrument ${instrument.id} is used by no Image of ${basename(source)}; it is not imported`);
        continue;
      }
      groups.set(instrument, []);
    }
    return groups;
  }

  /** Works out the instance, the configuration of each image, and a new version when one is needed. */
  private async plan(
    instrument: OmeInstrument | undefined,
    images: readonly OmeImage[],
    options: OmeImportOptions,
    warnings: string[],
    pending: readonly PendingVersion[],
    instanceFound?: StoredRecord,
  ): Promise<InstrumentPlan> {
    const instance = options.instance === undefined && instanceFound !== undefined ? instanceFound : await this.instanceOf(instrument, options);
    this.authorizeConfiguration(options.principal, instance, instance.iri);
    const dated = images.map((image) => ({ image, date: this.dateOf(image, options) }));
    const ahead = pending.filter((p) => p.instance === instance.iri);
    const timeline = new ConfigurationTimeline([...(await configurationVersions(this.store, instance.iri)), ...ahead.map((p) => p.version)]);
    const versions = timeline.versions;
    // Images of one instrument mostly fall in one version's period: compare with each version once.
    const matches = new Map<string, ReturnType<typeof matchInstrument>>();
    const matchWith = (present: OmeInstrument, version: StoredConfigurationVersion) => {
      const known = matches.get(version.iri);
      if (known !== undefined) return known;
      const match = matchInstrument(present, { iri: version.iri, quads: version.quads }, this.mapping);
      matches.set(version.iri, match);
      return match;
    };
    const planned: InstrumentPlan['images'] = [];
    const unmatched: typeof dated = [];
    const differences: string[] = [];
    let matchedVersion: StoredConfigurationVersion | undefined;
    for (const { image, date } of dated) {
      const version = timeline.inEffectOn(date);
      if (version === undefined) {
        unmatched.push({ image, date });
        continue;
      }
      if (instrument === undefined) {
        planned.push({ image, date, configuration: version.iri, componentIris: new Map() });
        continue;
      }
      const match = matchWith(instrument, version);
      if (match.matched) {
        planned.push({ image, date, configuration: version.iri, componentIris: match.componentIris });
        matchedVersion = version;
      } else {
        unmatched.push({ image, date });
        differences.push(...match.differences);
      }
    }
    if (instrument === undefined) {
      const [first] = unmatched;
      if (first !== undefined) {
        const earliest = versions[0];
        throw new UnprocessableError(
          `${options.source}: ${instance.iri} has no configuration in effect on ${first.date}` +
            `${earliest === undefined ? ' (it has none yet)' : ` (its first is valid from ${earliest.validFrom})`}, and Image ${first.image.id} names no Instrument that describes its hardware. ` +
            'Record the configuration of that period first (imaging-phd import micrometa, or POST /records), or check the acquisition date.',
          { code: 'no-configuration', details: { image: first.image.id, date: first.date } },
        );
      }
      return { instrument, instance, images: planned };
    }
    const latest = timeline.latest;
    if (unmatched.length === 0 && dated.length > 0) {
      const iri = matchedVersion?.iri ?? latest?.iri ?? '';
      return { instrument, instance, images: planned, outcome: { instrument: instrument.id, instance: instance.iri, status: 'matched', iri, validFrom: matchedVersion?.validFrom ?? '', differences: [], changes: [] } };
    }
    if (dated.length === 0 && latest !== undefined && matchWith(instrument, latest).matched) {
      return { instrument, instance, images: [], outcome: { instrument: instrument.id, instance: instance.iri, status: 'matched', iri: latest.iri, validFrom: latest.validFrom, differences: [], changes: [] } };
    }
    // A new version, valid from the first day the hardware was seen as the document describes it.
    const validFrom = unmatched.map((u) => u.date).sort()[0] ?? options.acquiredOn ?? new Date().toISOString().slice(0, 10);
    const distinct = [...new Set(differences)];
    const earlier = ahead.find((p) => p.version.iri === latest?.iri);
    if (earlier !== undefined) {
      // A second new version in one import would revise a version not stored yet.
      throw new ConflictError(
        `${options.source} describes two different instruments for ${instance.iri}: Instrument ${instrument.id} does not match Instrument ${earlier.instrument}` +
          `${distinct.length > 0 ? ` (${distinct.slice(0, 5).join('; ')})` : ''}. Import them one at a time.`,
        { details: { differences: distinct } },
      );
    }
    const first = versions[0];
    // The days the document shows this hardware: its unmatched images', or (no image) the day given.
    const seen = unmatched.length > 0 ? unmatched.map((u) => u.date) : [validFrom];
    if (latest !== undefined && first !== undefined && validFrom <= latest.validFrom && seen.every((date) => date < first.validFrom)) {
      // Hardware from before the first recorded version contradicts no published configuration:
      // it is recorded as an earlier configuration (nothing revises it; version order is by validFrom).
      return await this.predecessor(instrument, instance, planned, unmatched, validFrom, distinct, warnings);
    }
    if (latest !== undefined && validFrom <= latest.validFrom) {
      const why = timeline.inEffectOn(validFrom) === undefined
        ? `${instance.iri} has no configuration in effect on ${validFrom} (its first is valid from ${first?.validFrom ?? latest.validFrom})`
        : `the Instrument ${instrument.id} does not match the configuration of ${instance.iri} in effect on ${validFrom}` +
          (distinct.length > 0 ? ` (${distinct.slice(0, 5).join('; ')})` : '');
      throw new ConflictError(
        `${options.source}: ${why}, and a new version cannot be inserted before ${latest.iri} (valid from ${latest.validFrom}). ` +
          'Check that the file belongs to this instrument, or describe the hardware of that period with POST /records.',
        { details: { differences: distinct } },
      );
    }
    const iri = await this.mintConfigurationIri(instance.facility);
    const versionNumber = timeline.nextVersionNumber;
    const conversion = instrumentToConfiguration(instrument, this.mapping, {
      configurationIri: iri,
      instanceIri: instance.iri,
      validFrom,
      versionNumber,
      ...(latest === undefined ? {} : { wasRevisionOf: latest.iri }),
    });
    warnings.push(...conversion.warnings);
    const componentIris = omeComponentIris(instrument, iri);
    // Every image from that day on was acquired with the new version.
    const assigned = [
      ...planned.filter((p) => p.date < validFrom),
      ...dated.filter((d) => d.date >= validFrom).map((d) => ({ ...d, configuration: iri, componentIris })),
    ];
    return {
      instrument, instance, images: assigned, configurationQuads: conversion.quads, leftOut: conversion.notMapped,
      newVersion: { iri, quads: conversion.quads, validFrom, versionNumber },
      outcome: {
        instrument: instrument.id, instance: instance.iri, status: 'created', iri, validFrom, differences: distinct,
        ...(latest === undefined ? {} : { revises: latest.iri }),
        changes: latest === undefined ? [] : changeLines(diffConfigurations({ iri: latest.iri, quads: latest.quads }, { iri, quads: conversion.quads })),
      },
    };
  }

  /**
   * A configuration valid before the instance's first recorded version, from an Instrument seen
   * in images acquired then: no version number (numbers follow the recorded history) and no
   * `prov:wasRevisionOf` (it revises nothing; the first version, immutable, cannot point back).
   */
  private async predecessor(
    instrument: OmeInstrument,
    instance: StoredRecord,
    planned: InstrumentPlan['images'],
    unmatched: readonly { image: OmeImage; date: string }[],
    validFrom: string,
    differences: readonly string[],
    warnings: string[],
  ): Promise<InstrumentPlan> {
    const iri = await this.mintConfigurationIri(instance.facility);
    const conversion = instrumentToConfiguration(instrument, this.mapping, { configurationIri: iri, instanceIri: instance.iri, validFrom });
    warnings.push(...conversion.warnings);
    const componentIris = omeComponentIris(instrument, iri);
    return {
      instrument, instance, configurationQuads: conversion.quads, leftOut: conversion.notMapped,
      images: [...planned, ...unmatched.map((u) => ({ ...u, configuration: iri, componentIris }))],
      newVersion: { iri, quads: conversion.quads, validFrom, versionNumber: 0 },
      outcome: { instrument: instrument.id, instance: instance.iri, status: 'created', iri, validFrom, differences, changes: [] },
    };
  }

  /** The instance named, else the one whose serial number the Microscope carries. */
  private async instanceOf(instrument: OmeInstrument | undefined, options: OmeImportOptions): Promise<StoredRecord> {
    if (options.instance !== undefined) {
      return registeredInstance(this.store, options.instance, this.baseUrl);
    }
    const serial = instrument?.microscope?.serialNumber?.trim();
    if (serial !== undefined && serial !== '') {
      // Serial numbers are unique per manufacturer, not worldwide: a facility token looks among its
      // own facility's instruments first, so another facility's instrument cannot capture its import.
      const matches: StoredRecord[] = [];
      for (const meta of await this.store.list('instance')) {
        const record = await this.store.get(meta.iri);
        if (record === undefined || !record.ntriples.includes(PHD.serialNumber)) continue;
        const quads = new N3.Parser({ format: 'N-Triples' }).parse(record.ntriples);
        if (quads.some((q) => q.predicate.value === PHD.serialNumber && q.object.value.trim() === serial)) matches.push(record);
      }
      const own = options.principal.admin ? matches : matches.filter((m) => m.facility === options.principal.facility);
      if (own.length === 1 && own[0] !== undefined) return own[0];
      if (own.length > 1 || (own.length === 0 && matches.length > 1)) {
        throw new UnprocessableError(
          `${options.source}: the serial number "${serial}" belongs to ${matches.length} instruments (${matches.map((m) => m.iri).join(', ')}): name the instance with --instance <pid> (?instance= over HTTP).`,
          { code: 'instance-required' },
        );
      }
      if (matches[0] !== undefined) return matches[0];
    }
    throw new UnprocessableError(
      `${options.source}: which instrument instance acquired these images? ${serial === undefined || serial === '' ? 'The Microscope gives no SerialNumber' : `No instance has the serial number "${serial}"`}: ` +
        'name the instance (--instance <pid> on the command line, ?instance=<pid> over HTTP).',
      { code: 'instance-required' },
    );
  }

  private dateOf(image: OmeImage, options: OmeImportOptions): string {
    const date = DATE.exec(image.acquisitionDate ?? '')?.[1] ?? options.acquiredOn;
    if (date === undefined) {
      throw new UnprocessableError(`${options.source}: Image ${image.id} has no AcquisitionDate: give the date with --acquired-on YYYY-MM-DD (?acquiredOn= over HTTP).`, { code: 'date-required', details: { image: image.id } });
    }
    return date;
  }
}

/**
 * The sentence that tells, before anything else, that an import creates a configuration version.
 * @param outcome - a created version.
 * @param source - the file name.
 * @returns the sentence.
 */
function newVersionNotice(outcome: OmeConfigurationOutcome, source: string): string {
  const why = outcome.revises === undefined
    ? `no configuration of ${outcome.instance} is in effect on ${outcome.validFrom}, so Instrument ${outcome.instrument} becomes one`
    : `Instrument ${outcome.instrument} differs from the configuration in effect on ${outcome.validFrom} (${outcome.revises})` +
      (outcome.differences.length > 0 ? `: ${outcome.differences.join('; ')}` : '') +
      (outcome.changes.length > 0 ? ` (${outcome.changes.length} field-level change${outcome.changes.length === 1 ? '' : 's'} listed under "changes")` : '');
  return `${source}: this import creates a new configuration version of ${outcome.instance}, ${outcome.iri}, valid from ${outcome.validFrom}: ${why}.`;
}
