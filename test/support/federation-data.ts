import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orcidCheckDigit, rorCheckDigits } from '../../src/domain/pid.js';
import { canonicalDouble } from '../../src/domain/units.js';

/** The instrument model every core has an instance of: one RRID, so the cores meet on one node. */
export const SHARED_MODEL = 'https://identifiers.org/RRID:SCR_999901';
/** Leica as an organization with a (fictional, checksum-valid) ROR, shared too. */
export const SHARED_MANUFACTURER = `https://ror.org/0fedca0${rorCheckDigits('fedca0')}`;

/** One core's hardware. */
export interface CoreSpec {
  /** One letter: a, b, c… */
  readonly id: string;
  readonly name: string;
  /** Laser lines, nm. */
  readonly lasers: readonly number[];
  /** Objectives: magnification, NA, NBO-Q immersion. */
  readonly objectives: readonly { magnification: number; na: number; immersion: string }[];
  readonly detector: 'HybridPhotoDetector' | 'PhotoMultiplierTube';
}

/** The three cores of the federation tests: one model in common, different hardware. */
export const CORES: readonly CoreSpec[] = [
  { id: 'a', name: 'Alpha Confocal Core', lasers: [405, 488, 561], objectives: [{ magnification: 63, na: 1.4, immersion: 'Mineral Oil' }], detector: 'HybridPhotoDetector' },
  { id: 'b', name: 'Beta Imaging Facility', lasers: [488, 638], objectives: [{ magnification: 63, na: 1.4, immersion: 'Mineral Oil' }, { magnification: 20, na: 0.75, immersion: 'Multi' }], detector: 'PhotoMultiplierTube' },
  { id: 'c', name: 'Gamma Microscopy Unit', lasers: [405, 552], objectives: [{ magnification: 63, na: 1.2, immersion: 'Water' }], detector: 'HybridPhotoDetector' },
];

const index = (id: string) => id.charCodeAt(0) - 96;

/** A checksum-valid ORCID for a number. */
function orcid(n: number): string {
  const first15 = `000000020000${String(n).padStart(3, '0')}`;
  const digits = `${first15}${orcidCheckDigit(first15)}`;
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}`;
}

/** The PIDs of a core's records. */
export function coreIris(id: string): { facility: string; host: string; person: string; instance: string; configuration: string; dataset: string; publication: string } {
  const n = index(id);
  const six = `fed00${n}`;
  return {
    facility: `https://identifiers.org/RRID:SCR_99910${n}`,
    host: `https://ror.org/0${six}${rorCheckDigits(six)}`,
    person: `https://orcid.org/${orcid(n)}`,
    instance: `https://doi.org/10.5072/phd.fed.${id}.sp8`,
    configuration: `https://doi.org/10.5072/phd.fed.${id}.sp8.v1`,
    dataset: `https://doi.org/10.5072/phd.fed.${id}.data1`,
    publication: `https://doi.org/10.5072/phd.fed.${id}.pub1`,
  };
}

/**
 * One core's records as Turtle (core c alone also states that the shared model does live-cell
 * imaging, so a query for it must join core c's model triple with the other cores' instances): its facility, host institution, contact, the shared model and
 * manufacturer (the same IRIs and facts on every core), its SP8 with one configuration, a dataset
 * and a publication citing it.
 * @param core - the core.
 * @returns Turtle.
 */
export function coreTurtle(core: CoreSpec): string {
  const iris = coreIris(core.id);
  const c = iris.configuration;
  const lasers = core.lasers.map((nm) => `
<${c}/component/laser${nm}> a nboq:Fluorescence_LightSource_Laser ; rdfs:label "${nm} nm laser" ; dcterms:identifier "laser${nm}" ;
  nboq:type "SemiconductorLaserDiode" ; nboq:tuneable false ; nboq:pulse false ; nboq:modulationMechanism "Direct" ;
  nboq:manufacturer "Leica Microsystems" ; nboq:model "Laser ${nm}" ; nboq:catalogNumber "L${nm}" ;
  nboq:illuminationWavelengthRange <${c}/component/laser${nm}/range/1> .
<${c}/component/laser${nm}/range/1> a nboq:IlluminationWavelengthRange ;
  nboq:illuminationPower 20 ; nboq:illuminationPowerUnit phdunit:MilliW ; nboq:illuminationPower_mW "2.0E1"^^xsd:double ;
  nboq:peakWavelength ${nm} ; nboq:peakWavelengthUnit phdunit:NanoM ; nboq:peakWavelength_nm "${canonicalDouble(nm)}"^^xsd:double .`).join('\n');
  const objectives = core.objectives.map((o, i) => `
<${c}/component/objective${i}> a nboq:Objective ; rdfs:label "${o.magnification}x/${o.na.toFixed(2)} ${o.immersion}" ; dcterms:identifier "objective${i}" ;
  nboq:magnification ${o.magnification} ; nboq:lensNA ${o.na.toFixed(2)} ; nboq:correction "PlanApo" ; nboq:immersionType "${o.immersion}" ;
  nboq:infinityCorrected true ; nboq:contrastModulation "None" ; nboq:dic false ;
  nboq:manufacturer "Leica Microsystems" ; nboq:model "HC PL APO ${o.magnification}x/${o.na.toFixed(2)}" ; nboq:catalogNumber "O${i}" .`).join('\n');
  const components = [...core.lasers.map((nm) => `<${c}/component/laser${nm}>`), ...core.objectives.map((_, i) => `<${c}/component/objective${i}>`), `<${c}/component/detector>`];
  return `@prefix phd: <https://w3id.org/imaging-phd/ns#> .
@prefix nboq: <https://w3id.org/imaging-phd/nbo-q#> .
@prefix phdunit: <https://w3id.org/imaging-phd/unit/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<${iris.host}> a phd:Organization ; schema:name "${core.name} host university" .
<${SHARED_MANUFACTURER}> a phd:Organization ; schema:name "Leica Microsystems (federation test)" .
<${iris.person}> a phd:Person ; schema:name "Contact ${core.id.toUpperCase()}" ; dcterms:identifier "${iris.person.slice('https://orcid.org/'.length)}" .
<${SHARED_MODEL}> a phd:InstrumentModel ; schema:name "Leica TCS SP8 (shared model)" ; dcterms:identifier "RRID:SCR_999901" ;
  phd:manufacturer <${SHARED_MANUFACTURER}> ; phd:standType "inverted" ; phd:technique "confocal laser scanning"${core.id === 'c' ? ', "live-cell imaging"' : ''} .

<${iris.facility}> a phd:Facility ; schema:name "${core.name}" ; dcterms:identifier "RRID:SCR_99910${index(core.id)}" ;
  phd:hostedBy <${iris.host}> ; phd:contact <${iris.person}> .

<${iris.facility}> phd:operates <${iris.instance}> .
<${iris.instance}> a phd:InstrumentInstance ; schema:name "${core.name} SP8" ; dcterms:identifier "doi:10.5072/phd.fed.${core.id}.sp8" ;
  phd:instanceOf <${SHARED_MODEL}> ; phd:serialNumber "81000${index(core.id)}" .

<${iris.instance}> phd:hasConfiguration <${c}> .
<${c}> a phd:HardwareConfiguration ; rdfs:label "${core.name} SP8, 2023" ; phd:tier 1 ; phd:versionNumber 1 ; phd:validFrom "2023-01-0${index(core.id)}"^^xsd:date ;
  phd:hasComponent ${components.join(', ')} .
${lasers}
${objectives}
<${c}/component/detector> a nboq:${core.detector} ; rdfs:label "${core.detector === 'HybridPhotoDetector' ? 'HyD' : 'PMT'}" ; dcterms:identifier "detector" ;
  nboq:coating "Gallium arsenide phosphide" ; nboq:manufacturer "Leica Microsystems" ; nboq:model "${core.detector === 'HybridPhotoDetector' ? 'HyD SMD' : 'SP8 PMT'}" ; nboq:catalogNumber "D1" .

<${iris.dataset}> a phd:Dataset ; dcterms:title "${core.name}: mitochondria, 63x" ; dcterms:created "2024-02-0${index(core.id)}"^^xsd:date ;
  dcterms:creator <${iris.person}> ; phd:acquiredWith <${c}> .
<${iris.publication}> a phd:Publication ; dcterms:title "${core.name} paper" ; dcterms:identifier "10.5072/phd.fed.${core.id}.pub1" ; dcterms:issued "2025"^^xsd:gYear ;
  dcterms:creator <${iris.person}> ; cito:citesAsDataSource <${iris.dataset}> ; cito:cites <${iris.instance}> .
`;
}

/**
 * A seed directory holding one core's records.
 * @param core - the core.
 * @returns the directory.
 */
export function coreSeedDir(core: CoreSpec): string {
  const dir = mkdtempSync(join(tmpdir(), `phd-fed-seed-${core.id}-`));
  writeFileSync(join(dir, 'records.ttl'), coreTurtle(core));
  return dir;
}
