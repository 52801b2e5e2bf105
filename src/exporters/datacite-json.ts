import type { DataciteResource } from './datacite-export.js';
import { DATACITE_NAMESPACE } from './datacite-xml.js';

/** The DataCite REST API payload that creates or updates a DOI (JSON:API). */
export interface DataciteJsonPayload {
  readonly data: {
    readonly type: 'dois';
    readonly attributes: Record<string, unknown> & { readonly doi: string; readonly url: string };
  };
}

/**
 * The DataCite REST API payload (JSON:API) that registers the resource's DOI with
 * `POST /dois` or updates it with `PUT /dois/{doi}`. No `event` is set, so DataCite keeps the DOI as
 * a draft until it is published on purpose (`event: 'publish'`), after a look at the metadata.
 *
 * @param resource - the resource dataciteOf (datacite-export.ts) builds.
 * @returns `{ data: { type: 'dois', attributes: { doi, url, types, creators, titles, publisher, publicationYear, … } } }`.
 * @example
 * ```ts
 * await fetch('https://api.test.datacite.org/dois', { method: 'POST', body: JSON.stringify(dataciteJson(resource)), … });
 * ```
 */
export function dataciteJson(resource: DataciteResource): DataciteJsonPayload {
  return {
    data: {
      type: 'dois',
      attributes: {
        doi: resource.doi,
        url: resource.url,
        types: { resourceTypeGeneral: resource.types.resourceTypeGeneral, resourceType: resource.types.resourceType },
        creators: resource.creators,
        titles: resource.titles,
        publisher: resource.publisher,
        publicationYear: Number(resource.publicationYear),
        subjects: resource.subjects,
        contributors: resource.contributors,
        dates: resource.dates,
        alternateIdentifiers: resource.alternateIdentifiers,
        relatedIdentifiers: resource.relatedIdentifiers,
        ...(resource.version === undefined ? {} : { version: resource.version }),
        descriptions: resource.descriptions,
        schemaVersion: DATACITE_NAMESPACE,
      },
    },
  };
}
