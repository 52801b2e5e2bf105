/**
 * The catalogue of named example queries shown on the SPARQL page: each answers one question a
 * facility manager or a researcher asks, against the model of ontology/phd.ttl.
 *
 * They are written against the sample graph of data/, whose local records are named under
 * {@link EXAMPLE_BASE}; {@link rebaseExampleQueries} moves them to the service's base URL, as
 * seeding does with the sample data. Kept in TypeScript (not .rq files) so the build ships them.
 */

import { sparqlPrefixes } from '../domain/index.js';

/** One named example query. */
export interface ExampleQuery {
  /** Stable identifier (kebab-case), used in links (`/sparql?example={id}`). */
  readonly id: string;
  readonly title: string;
  /** The question it answers, in one sentence. */
  readonly question: string;
  /** The SPARQL text, with its PREFIX declarations. */
  readonly query: string;
}

/** The base under which the sample data names its local records (rebased to PHD_BASE_URL when seeding). */
export const EXAMPLE_BASE = 'https://imaging-phd.example';

const PREFIXES = sparqlPrefixes('phd', 'nboq', 'rdfs', 'dcterms', 'schema', 'prov', 'cito');

/** Detector classes of NBO-Q (nboq:Detector and its subclasses), so queries need no reasoning. */
const DETECTOR_CLASSES = 'nboq:Detector nboq:Camera nboq:CCD nboq:CMOS nboq:IntensifiedCamera nboq:AnalogVideo nboq:PointDetector nboq:PhotoMultiplierTube nboq:HybridPhotoDetector nboq:PhotoDiode nboq:GenericDetector';

/** The example catalogue. */
export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    id: 'hardware-of-dataset',
    title: 'Hardware that produced a dataset',
    question: 'Which hardware, exactly, produced this dataset: facility, instrument, model, configuration version, and every component with its settings?',
    query: `${PREFIXES}
# One row per component of the configuration version in effect when the dataset was acquired.
# Component classes are labelled from the ontology when it is loaded, else by their local name.
SELECT ?facilityName ?instance ?instanceName ?modelName ?manufacturerName ?configuration ?version ?validFrom
       ?component ?class ?classLabel ?componentName ?componentManufacturer ?componentModel
       (GROUP_CONCAT(DISTINCT STR(?nm); separator=", ") AS ?wavelengths_nm)
       ?magnification ?numericalAperture ?immersion
WHERE {
  VALUES ?dataset { <https://doi.org/10.5072/phd.data.sp8-2023-mitochondria> }
  ?dataset phd:acquiredWith ?configuration .
  ?instance phd:hasConfiguration ?configuration .
  ?facility phd:operates ?instance .
  OPTIONAL { ?facility schema:name ?facilityName }
  OPTIONAL { ?instance schema:name ?instanceName }
  OPTIONAL {
    ?instance phd:instanceOf ?model .
    OPTIONAL { ?model schema:name ?modelName }
    OPTIONAL { ?model phd:manufacturer/schema:name ?manufacturerName }
  }
  OPTIONAL { ?configuration phd:versionNumber ?version }
  OPTIONAL { ?configuration phd:validFrom ?validFrom }
  ?configuration phd:hasComponent ?component .
  ?component a ?class .
  OPTIONAL { ?class rdfs:label ?label }
  BIND(COALESCE(?label, STRAFTER(STR(?class), "#")) AS ?classLabel)
  OPTIONAL { ?component rdfs:label ?componentName }
  OPTIONAL { ?component nboq:manufacturer ?componentManufacturer }
  OPTIONAL { ?component nboq:model ?componentModel }
  OPTIONAL { ?component (nboq:illuminationWavelengthRange|nboq:ledModule)/nboq:peakWavelength_nm ?nm }
  OPTIONAL { ?component nboq:magnification ?magnification }
  OPTIONAL { ?component nboq:lensNA ?numericalAperture }
  OPTIONAL { ?component nboq:immersionType ?immersion }
}
GROUP BY ?facilityName ?instance ?instanceName ?modelName ?manufacturerName ?configuration ?version ?validFrom
         ?component ?class ?classLabel ?componentName ?componentManufacturer ?componentModel
         ?magnification ?numericalAperture ?immersion
ORDER BY ?classLabel ?componentName
`,
  },
  {
    id: 'instances-of-model',
    title: 'Instruments of one model across facilities',
    question: 'Which instruments of this model exist, at which facilities, and what is their current configuration?',
    query: `${PREFIXES}
SELECT ?modelName ?facility ?facilityName ?rrid ?instance ?instanceName ?serialNumber ?currentConfiguration ?validFrom
WHERE {
  VALUES ?model { <${EXAMPLE_BASE}/id/model/zeiss-axio-imager> }
  ?instance phd:instanceOf ?model .
  OPTIONAL { ?model schema:name ?modelName }
  OPTIONAL { ?instance schema:name ?instanceName }
  OPTIONAL { ?instance phd:serialNumber ?serialNumber }
  OPTIONAL {
    ?facility phd:operates ?instance .
    OPTIONAL { ?facility schema:name ?facilityName }
    OPTIONAL { ?facility dcterms:identifier ?rrid }
  }
  # The current configuration: the version no later version supersedes (no derived validUntil).
  OPTIONAL {
    ?instance phd:hasConfiguration ?currentConfiguration .
    ?currentConfiguration phd:validFrom ?validFrom .
    FILTER NOT EXISTS { ?currentConfiguration phd:validUntil ?validUntil }
  }
}
ORDER BY ?facilityName ?instanceName
`,
  },
  {
    id: 'configuration-history',
    title: 'Configuration history of an instrument',
    question: 'How has the hardware of this instrument changed: every configuration version, when it was valid, and what it revised?',
    query: `${PREFIXES}
# validUntil is derived, never stored in a record: a version is valid until the next version's
# validFrom. The service keeps it at write time in its derived graph, seen in the default graph.
SELECT ?configuration ?version ?label ?validFrom ?validUntil ?revisionOf
WHERE {
  VALUES ?instance { <https://doi.org/10.5072/phd.ecc.sp8> }
  ?instance phd:hasConfiguration ?configuration .
  ?configuration phd:validFrom ?validFrom .
  OPTIONAL { ?configuration phd:versionNumber ?version }
  OPTIONAL { ?configuration rdfs:label ?label }
  OPTIONAL { ?configuration prov:wasRevisionOf ?revisionOf }
  OPTIONAL { ?configuration phd:validUntil ?validUntil }
}
ORDER BY ?validFrom
`,
  },
  {
    id: 'datasets-around-detector-change',
    title: 'Datasets before and after a detector change',
    question: 'Which datasets were acquired just before and just after a detector of this instrument was replaced, and with which detectors?',
    query: `${PREFIXES}
# Consecutive versions are linked by prov:wasRevisionOf. A detector is the same physical part in
# both versions when it keeps its dcterms:identifier; one that appears or disappears was changed.
SELECT ?changedOn ?removedDetectors ?addedDetectors ?period ?configuration ?detectors ?dataset ?title ?acquired
WHERE {
  VALUES ?instance { <https://doi.org/10.5072/phd.ecc.sp8> }
  ?instance phd:hasConfiguration ?after .
  ?after prov:wasRevisionOf ?before ;
         phd:validFrom ?changedOn .
  OPTIONAL {
    SELECT ?before ?after (GROUP_CONCAT(DISTINCT ?oldLabel; separator=", ") AS ?removedDetectors)
    WHERE {
      ?after prov:wasRevisionOf ?before .
      ?before phd:hasComponent ?old .
      ?old a ?oldClass ; dcterms:identifier ?oldId .
      VALUES ?oldClass { ${DETECTOR_CLASSES} }
      OPTIONAL { ?old rdfs:label ?oldName }
      BIND(COALESCE(?oldName, ?oldId) AS ?oldLabel)
      FILTER NOT EXISTS {
        ?after phd:hasComponent ?kept .
        ?kept a ?keptClass ; dcterms:identifier ?oldId .
        VALUES ?keptClass { ${DETECTOR_CLASSES} }
      }
    }
    GROUP BY ?before ?after
  }
  OPTIONAL {
    SELECT ?before ?after (GROUP_CONCAT(DISTINCT ?newLabel; separator=", ") AS ?addedDetectors)
    WHERE {
      ?after prov:wasRevisionOf ?before ;
             phd:hasComponent ?new .
      ?new a ?newClass ; dcterms:identifier ?newId .
      VALUES ?newClass { ${DETECTOR_CLASSES} }
      OPTIONAL { ?new rdfs:label ?newName }
      BIND(COALESCE(?newName, ?newId) AS ?newLabel)
      FILTER NOT EXISTS {
        ?before phd:hasComponent ?earlier .
        ?earlier a ?earlierClass ; dcterms:identifier ?newId .
        VALUES ?earlierClass { ${DETECTOR_CLASSES} }
      }
    }
    GROUP BY ?before ?after
  }
  FILTER(BOUND(?removedDetectors) || BOUND(?addedDetectors))
  VALUES ?period { "before" "after" }
  BIND(IF(?period = "before", ?before, ?after) AS ?configuration)
  ?dataset phd:acquiredWith ?configuration .
  OPTIONAL { ?dataset dcterms:title ?title }
  OPTIONAL { ?dataset dcterms:created ?acquired }
  {
    SELECT ?configuration (GROUP_CONCAT(DISTINCT ?detectorLabel; separator=", ") AS ?detectors)
    WHERE {
      ?configuration phd:hasComponent ?detector .
      ?detector a ?detectorClass .
      VALUES ?detectorClass { ${DETECTOR_CLASSES} }
      OPTIONAL { ?detector rdfs:label ?detectorName }
      BIND(COALESCE(?detectorName, STR(?detector)) AS ?detectorLabel)
    }
    GROUP BY ?configuration
  }
}
ORDER BY ?changedOn ?acquired
`,
  },
  {
    id: 'cores-with-63x-oil-405',
    title: 'Cores with a 63x oil objective and a 405 nm source',
    question: 'Which facilities currently offer an instrument with a 63x oil-immersion objective of NA 1.4 or more and a 405 nm light source?',
    query: `${PREFIXES}
# Light sources are lasers (wavelength ranges) or LED sources (LED modules); wavelengths are
# compared in their canonical unit (nm), whatever unit the record was written in.
SELECT DISTINCT ?facility ?facilityName ?rrid ?instance ?instanceName ?configuration ?objective ?numericalAperture ?lightSource ?wavelength_nm
WHERE {
  ?facility phd:operates ?instance .
  ?instance phd:hasConfiguration ?configuration .
  ?configuration phd:validFrom ?validFrom .
  FILTER NOT EXISTS { ?configuration phd:validUntil ?validUntil }
  ?configuration phd:hasComponent ?objectiveComponent, ?sourceComponent .
  ?objectiveComponent a nboq:Objective ;
      nboq:magnification ?magnification ;
      nboq:lensNA ?numericalAperture ;
      nboq:immersionType ?immersion .
  FILTER(?magnification = 63 && ?numericalAperture >= 1.4 && ?immersion IN ("Mineral Oil", "Oil"))
  ?sourceComponent (nboq:illuminationWavelengthRange|nboq:ledModule)/nboq:peakWavelength_nm ?wavelength_nm .
  FILTER(?wavelength_nm >= 400 && ?wavelength_nm <= 410)
  OPTIONAL { ?objectiveComponent rdfs:label ?objectiveLabel }
  OPTIONAL { ?sourceComponent rdfs:label ?sourceLabel }
  BIND(COALESCE(?objectiveLabel, STR(?objectiveComponent)) AS ?objective)
  BIND(COALESCE(?sourceLabel, STR(?sourceComponent)) AS ?lightSource)
  OPTIONAL { ?facility schema:name ?facilityName }
  OPTIONAL { ?facility dcterms:identifier ?rrid }
  OPTIONAL { ?instance schema:name ?instanceName }
}
ORDER BY ?facilityName ?instanceName
`,
  },
  {
    id: 'datasets-and-publications-of-model',
    title: 'Datasets and publications of one instrument model',
    question: 'Which datasets were acquired on any instrument of this model, in any facility, and which publications cite them?',
    query: `${PREFIXES}
SELECT ?modelName ?facilityName ?instance ?instanceName ?configuration ?dataset ?title ?acquired ?publication ?publicationTitle ?issued
WHERE {
  VALUES ?model { <${EXAMPLE_BASE}/id/model/leica-tcs-sp8> }
  ?instance phd:instanceOf ?model ;
            phd:hasConfiguration ?configuration .
  ?dataset phd:acquiredWith ?configuration .
  OPTIONAL { ?model schema:name ?modelName }
  OPTIONAL { ?instance schema:name ?instanceName }
  OPTIONAL { ?facility phd:operates ?instance ; schema:name ?facilityName }
  OPTIONAL { ?dataset dcterms:title ?title }
  OPTIONAL { ?dataset dcterms:created ?acquired }
  OPTIONAL {
    ?publication cito:citesAsDataSource ?dataset .
    OPTIONAL { ?publication dcterms:title ?publicationTitle }
    OPTIONAL { ?publication dcterms:issued ?issued }
  }
}
ORDER BY ?facilityName ?instanceName ?acquired ?publication
`,
  },
];

/**
 * Moves the example queries from the sample base to the service's base URL, the way seeding
 * rebases the sample records, so the examples name the records this service actually holds.
 * @param examples - the catalogue.
 * @param baseUrl - PHD_BASE_URL, without a trailing slash.
 * @returns the rebased catalogue (the same array when nothing changes).
 */
export function rebaseExampleQueries(examples: readonly ExampleQuery[], baseUrl: string): readonly ExampleQuery[] {
  const target = baseUrl.replace(/\/+$/, '');
  if (target === EXAMPLE_BASE) return examples;
  return examples.map((example) => ({ ...example, query: example.query.replaceAll(`<${EXAMPLE_BASE}/`, `<${target}/`) }));
}
