import type { RecordKind } from '../domain/index.js';

const SCHEMA_TYPES: Readonly<Partial<Record<string, string>>> = {
  facility: 'Organization', organization: 'Organization', model: 'ProductModel', instance: 'IndividualProduct',
  configuration: 'CreativeWork', dataset: 'Dataset', publication: 'ScholarlyArticle', person: 'Person',
};

/**
 * The schema.org type of a record kind, for Signposting (`rel="type"`) and the landing page's JSON-LD.
 * @param kind - the record kind.
 * @returns the type's local name (`Thing` for a kind without one).
 */
export function schemaTypeOf(kind: RecordKind): string {
  return SCHEMA_TYPES[kind] ?? 'Thing';
}
