/**
 * Generates records in the shape of the sample data (facilities → instances → configuration
 * versions with components → datasets → publications, people, models), valid against the shapes,
 * for benchmarks. Deterministic for a given size. `generateRecords` yields the lines one by one;
 * `writeRecordsFile` streams them to a file (N-Triples, optionally gzipped) without holding them.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { orcidCheckDigit } from '../../src/domain/pid.js';
import { canonicalDouble } from '../../src/domain/units.js';

const P = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  phd: 'https://w3id.org/imaging-phd/ns#',
  nboq: 'https://w3id.org/imaging-phd/nbo-q#',
  unit: 'https://w3id.org/imaging-phd/unit/',
  schema: 'https://schema.org/',
  dcterms: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  cito: 'http://purl.org/spar/cito/',
};

const iri = (v: string) => `<${v}>`;
const str = (v: string) => JSON.stringify(v);
const typed = (v: string | number | boolean, dt: string) => `"${String(v)}"^^<${P.xsd}${dt}>`;

/** Valid-ORCID for a number. */
export function orcidFor(n: number): string {
  const first15 = `0000000${String(3_000_000 + n).padStart(8, '0')}`.slice(-15);
  const d = `${first15}${orcidCheckDigit(first15)}`;
  return `${d.slice(0, 4)}-${d.slice(4, 8)}-${d.slice(8, 12)}-${d.slice(12)}`;
}

/** The IRIs the benchmark queries use. */
export const BENCH_IRIS = {
  model: (m: number) => `https://bench.example/id/model/m${m}`,
  instance: (f: number, i: number) => `https://doi.org/10.5072/bench.f${f}.i${i}`,
  configuration: (f: number, i: number, v: number) => `https://doi.org/10.5072/bench.f${f}.i${i}.v${v}`,
  dataset: (f: number, i: number, v: number, d: number) => `https://doi.org/10.5072/bench.f${f}.i${i}.v${v}.d${d}`,
  facility: (f: number) => `https://identifiers.org/RRID:SCR_${String(800000 + f)}`,
};

/**
 * Generates about `targetTriples` triples of records as N-Triples lines, in record order
 * (organizations, people, models, facilities, instances, configurations, datasets, publications).
 * @param targetTriples - approximate size.
 * @param options - `facilityOffset`: number the facilities (and so their instances, datasets and
 *   people) from here, so that several generated cores share only the organization and the models.
 * @returns the lines, and the shape of what was generated.
 */
export function* generateRecords(targetTriples: number, options: { facilityOffset?: number } = {}): Generator<string, void, undefined> {
  // One instance with 3 versions, 6 datasets and 2 publications is ~330 triples.
  const instancesTotal = Math.max(1, Math.round(targetTriples / 330));
  const facilities = Math.max(3, Math.round(instancesTotal / 10));
  const perFacility = Math.ceil(instancesTotal / facilities);
  const models = 20;
  const t = (s: string, p: string, o: string) => `${iri(s)} ${iri(p)} ${o} .`;
  const org = 'https://ror.org/042nb2s44';
  yield t(org, `${P.rdf}type`, iri(`${P.phd}Organization`));
  yield t(org, `${P.schema}name`, str('Bench Organization'));
  for (let m = 0; m < models; m += 1) {
    const model = BENCH_IRIS.model(m);
    yield t(model, `${P.rdf}type`, iri(`${P.phd}InstrumentModel`));
    yield t(model, `${P.schema}name`, str(`Bench model ${m} ${m % 2 === 0 ? 'confocal' : 'widefield'}`));
    yield t(model, `${P.phd}manufacturer`, iri(org));
  }
  const first = options.facilityOffset ?? 0;
  for (let f = first; f < first + facilities; f += 1) {
    const facility = BENCH_IRIS.facility(f);
    const person = `https://orcid.org/${orcidFor(f)}`;
    yield t(person, `${P.rdf}type`, iri(`${P.phd}Person`));
    yield t(person, `${P.schema}name`, str(`Bench person ${f}`));
    yield t(person, `${P.dcterms}identifier`, str(orcidFor(f)));
    yield t(facility, `${P.rdf}type`, iri(`${P.phd}Facility`));
    yield t(facility, `${P.schema}name`, str(`Bench facility ${f}`));
    yield t(facility, `${P.dcterms}identifier`, str(`RRID:SCR_${String(800000 + f)}`));
    yield t(facility, `${P.phd}hostedBy`, iri(org));
    yield t(facility, `${P.phd}contact`, iri(person));
    for (let i = 0; i < perFacility; i += 1) {
      const instance = BENCH_IRIS.instance(f, i);
      yield t(instance, `${P.rdf}type`, iri(`${P.phd}InstrumentInstance`));
      yield t(instance, `${P.schema}name`, str(`Instrument ${f}/${i}`));
      yield t(instance, `${P.phd}instanceOf`, iri(BENCH_IRIS.model((f * 7 + i) % models)));
      yield t(instance, `${P.phd}serialNumber`, str(`SN-${f}-${i}`));
      yield t(facility, `${P.phd}operates`, iri(instance));
      for (let v = 1; v <= 3; v += 1) {
        const cfg = BENCH_IRIS.configuration(f, i, v);
        yield t(instance, `${P.phd}hasConfiguration`, iri(cfg));
        yield t(cfg, `${P.rdf}type`, iri(`${P.phd}HardwareConfiguration`));
        yield t(cfg, `${P.rdfs}label`, str(`Configuration ${f}/${i} v${v}`));
        yield t(cfg, `${P.phd}tier`, typed(1, 'integer'));
        yield t(cfg, `${P.phd}versionNumber`, typed(v, 'integer'));
        yield t(cfg, `${P.phd}validFrom`, typed(`${2018 + v * 2}-0${1 + (i % 9)}-15`, 'date'));
        if (v > 1) yield t(cfg, `${P.prov}wasRevisionOf`, iri(BENCH_IRIS.configuration(f, i, v - 1)));
        const c = (name: string) => `${cfg}/component/${name}`;
        const components: [string, string, string[]][] = [
          ['laser405', 'Fluorescence_LightSource_Laser', [`${iri(`${P.nboq}tuneable`)} ${typed(false, 'boolean')}`, `${iri(`${P.nboq}pulse`)} ${typed(false, 'boolean')}`, `${iri(`${P.nboq}modulationMechanism`)} ${str('Direct')}`]],
          ['laser488', 'Fluorescence_LightSource_Laser', [`${iri(`${P.nboq}tuneable`)} ${typed(false, 'boolean')}`, `${iri(`${P.nboq}pulse`)} ${typed(false, 'boolean')}`, `${iri(`${P.nboq}modulationMechanism`)} ${str('Direct')}`]],
          ['objective63x', 'Objective', [`${iri(`${P.nboq}magnification`)} ${typed(63, 'decimal')}`, `${iri(`${P.nboq}lensNA`)} ${typed((i % 3 === 0 ? 1.4 : 1.3), 'decimal')}`, `${iri(`${P.nboq}correction`)} ${str('PlanApo')}`, `${iri(`${P.nboq}immersionType`)} ${str('Mineral Oil')}`, `${iri(`${P.nboq}infinityCorrected`)} ${typed(true, 'boolean')}`, `${iri(`${P.nboq}contrastModulation`)} ${str('None')}`, `${iri(`${P.nboq}dic`)} ${typed(false, 'boolean')}`]],
          ['objective20x', 'Objective', [`${iri(`${P.nboq}magnification`)} ${typed(20, 'decimal')}`, `${iri(`${P.nboq}lensNA`)} ${typed(0.8, 'decimal')}`, `${iri(`${P.nboq}correction`)} ${str('PlanApo')}`, `${iri(`${P.nboq}immersionType`)} ${str('Air')}`, `${iri(`${P.nboq}infinityCorrected`)} ${typed(true, 'boolean')}`, `${iri(`${P.nboq}contrastModulation`)} ${str('None')}`, `${iri(`${P.nboq}dic`)} ${typed(false, 'boolean')}`]],
          [v === 3 ? 'hyd' : 'pmt', v === 3 ? 'HybridPhotoDetector' : 'PhotoMultiplierTube', [`${iri(`${P.nboq}coating`)} ${str('Bi-alkali')}`]],
        ];
        for (const [name, cls, props] of components) {
          yield t(cfg, `${P.phd}hasComponent`, iri(c(name)));
          yield t(c(name), `${P.rdf}type`, iri(`${P.nboq}${cls}`));
          yield t(c(name), `${P.dcterms}identifier`, str(name));
          yield t(c(name), `${P.rdfs}label`, str(`${name} of ${f}/${i}`));
          yield t(c(name), `${P.nboq}manufacturer`, str('Bench Optics'));
          yield t(c(name), `${P.nboq}model`, str(`${cls} ${name}`));
          yield t(c(name), `${P.nboq}catalogNumber`, str(`CAT-${name}`));
          for (const po of props) yield `${iri(c(name))} ${po} .`;
          if (name.startsWith('laser')) {
            const range = `${c(name)}/range/1`;
            const nm = name === 'laser405' ? 405 : 488;
            yield t(c(name), `${P.nboq}illuminationWavelengthRange`, iri(range));
            yield t(range, `${P.rdf}type`, iri(`${P.nboq}IlluminationWavelengthRange`));
            yield t(range, `${P.nboq}illuminationPower`, typed(50, 'decimal'));
            yield t(range, `${P.nboq}illuminationPowerUnit`, iri(`${P.unit}MilliW`));
            yield t(range, `${P.nboq}peakWavelength`, typed(nm, 'decimal'));
            yield t(range, `${P.nboq}peakWavelengthUnit`, iri(`${P.unit}NanoM`));
            yield t(range, `${P.nboq}peakWavelength_nm`, typed(canonicalDouble(nm), 'double'));
          }
        }
        for (let d = 0; d < 2; d += 1) {
          const ds = BENCH_IRIS.dataset(f, i, v, d);
          yield t(ds, `${P.rdf}type`, iri(`${P.phd}Dataset`));
          yield t(ds, `${P.dcterms}title`, str(`Dataset ${d} on ${f}/${i} v${v} mitochondria nuclei`));
          yield t(ds, `${P.dcterms}created`, typed(`${2018 + v * 2}-11-0${1 + d}`, 'date'));
          yield t(ds, `${P.dcterms}creator`, iri(person));
          yield t(ds, `${P.phd}acquiredWith`, iri(cfg));
        }
      }
      for (let p = 0; p < 2; p += 1) {
        const pub = `https://doi.org/10.5072/bench.pub.f${f}.i${i}.p${p}`;
        yield t(pub, `${P.rdf}type`, iri(`${P.phd}Publication`));
        yield t(pub, `${P.dcterms}title`, str(`Publication ${p} about ${f}/${i}`));
        yield t(pub, `${P.dcterms}identifier`, str(`10.5072/bench.pub.f${f}.i${i}.p${p}`));
        yield t(pub, `${P.dcterms}creator`, iri(person));
        yield t(pub, `${P.cito}citesAsDataSource`, iri(BENCH_IRIS.dataset(f, i, p + 1, 0)));
      }
    }
  }
}

/** Triples per target triple that {@link generateRecords} gives (its estimate of ~330 per instance is ~276 in fact). */
const GENERATED_PER_TARGET = 0.836;

/** What {@link writeRecordsFile} wrote. */
export interface GeneratedFile {
  /** The file written. */
  readonly file: string;
  /** Triples written (one a line). */
  readonly triples: number;
  /** The derived `phd:validUntil` triples, when asked for (see {@link WriteRecordsOptions}). */
  readonly derivedFile?: string;
}

/** Options of {@link writeRecordsFile}. */
export interface WriteRecordsOptions {
  /** Write gzip (the file name should end in `.gz`). */
  readonly gzip?: boolean;
  /** As in {@link generateRecords}. */
  readonly facilityOffset?: number;
  /**
   * Also write, to this file, the `phd:validUntil` of every configuration but the last of its
   * instrument (the next version's `phd:validFrom`): what the service derives at write time, for
   * a store that is loaded without the service (Virtuoso's own bulk loader).
   */
  readonly derivedFile?: string;
}

const VALID_FROM = new RegExp(`^<(https://doi\\.org/10\\.5072/bench\\.f\\d+\\.i\\d+)\\.v(\\d+)> <${P.phd}validFrom> (.+) \\.$`);

/**
 * Writes about `targetTriples` triples of generated records (the shape of {@link generateRecords})
 * as N-Triples to a file, streamed: the records are never all in memory, so a 10M-triple file
 * (≈ 1.3 GB) is written in bounded memory. Unlike {@link generateRecords}, the size asked for is
 * the size written (to within a few per cent).
 * @param file - where to write.
 * @param targetTriples - approximate number of triples.
 * @param options - gzip, facility numbering, derived intervals.
 * @returns the file and the number of triples written.
 */
export async function writeRecordsFile(file: string, targetTriples: number, options: WriteRecordsOptions = {}): Promise<GeneratedFile> {
  let triples = 0;
  const derived: string[] = [];
  // Lines are written in batches of ~1 MB; Readable.from waits for the file (and gzip) to drain.
  function* batches(): Generator<string> {
    let batch: string[] = [];
    let length = 0;
    for (const line of generateRecords(Math.round(targetTriples / GENERATED_PER_TARGET), options)) {
      triples += 1;
      batch.push(line);
      length += line.length + 1;
      if (options.derivedFile !== undefined) {
        const m = VALID_FROM.exec(line);
        if (m !== null && Number(m[2]) > 1) derived.push(`<${m[1] ?? ''}.v${Number(m[2]) - 1}> <${P.phd}validUntil> ${m[3] ?? ''} .\n`);
      }
      if (length >= 1 << 20) {
        yield `${batch.join('\n')}\n`;
        batch = [];
        length = 0;
      }
    }
    if (batch.length > 0) yield `${batch.join('\n')}\n`;
  }
  if (options.gzip === true) await pipeline(Readable.from(batches()), createGzip({ level: 1 }), createWriteStream(file));
  else await pipeline(Readable.from(batches()), createWriteStream(file));
  if (options.derivedFile !== undefined) writeFileSync(options.derivedFile, derived.join(''));
  return { file, triples, ...(options.derivedFile === undefined ? {} : { derivedFile: options.derivedFile }) };
}
