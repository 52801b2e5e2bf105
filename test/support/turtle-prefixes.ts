/**
 * The prefixes the integration tests' Turtle records are written with: the service's own
 * vocabularies (phd, nboq) and those its records use (schema.org, Dublin Core, RDFS, PROV, CiTO, XSD).
 */
export const TURTLE_PREFIXES = `@prefix phd: <https://w3id.org/imaging-phd/ns#> .
@prefix nboq: <https://w3id.org/imaging-phd/nbo-q#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
`;
