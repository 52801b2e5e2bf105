import { plainNumber } from '../domain/index.js';
import type { LinkedResource } from '../pid/index.js';
import { recordHref } from '../pid/index.js';
import type { SparqlTerm } from '../representation/index.js';
import { isSearchType } from './search-params.js';
import type { SearchParams, SearchType } from './search-params.js';
import type { SearchMatch, SearchResult } from './search-result.js';

/** One row of the page query joined with its details: variable name → term. */
type Row = Readonly<Record<string, SparqlTerm | undefined>>;

/**
 * Maps one row of a search's page query (joined with its details, see `detailsQuery`) to a result:
 * the label, the score, links to the facility, model, instrument and configuration (each to its
 * landing page on this instance, as `recordHref` links records), one line of facts, and what met
 * the facets (the `?match…` variables the constraints bind, read back as people read them).
 * @param row - the row.
 * @param params - the search (which facets were asked, to read the `?match…` variables).
 * @param baseUrl - this instance's base URL, without a trailing slash: the result's `source`.
 * @returns the result, or undefined for a row without an item IRI or a known type.
 */
export function searchResultFromRow(row: Row, params: SearchParams, baseUrl: string): SearchResult | undefined {
  const iri = row.item?.value;
  const type = row.type?.value;
  if (iri === undefined || !isSearchType(type)) return undefined;
  const linked = (name: string): LinkedResource | undefined => {
    const target = row[name]?.value;
    return target === undefined ? undefined : { iri: target, label: row[`${name}Label`]?.value ?? target, href: recordHref(target, baseUrl) };
  };
  const facility = linked('facility');
  const model = linked('model');
  const instance = linked('instance');
  const configuration = linked('configuration');
  const summary = summaryOf(type, row);
  const matched = matchOf(row, params);
  return {
    iri,
    type,
    label: row.label?.value ?? iri,
    score: Number(row.score?.value ?? 1),
    ...(summary === undefined ? {} : { summary }),
    ...(facility === undefined ? {} : { facility }),
    ...(model === undefined ? {} : { model }),
    ...(instance === undefined ? {} : { instance }),
    ...(configuration === undefined ? {} : { configuration }),
    ...(matched === undefined ? {} : { matched }),
    href: recordHref(iri, baseUrl),
    source: baseUrl,
  };
}

/** One line of facts per type: a facility's host, an instrument's manufacturer and current configuration… */
function summaryOf(type: SearchType, row: Row): string | undefined {
  const value = (name: string): string | undefined => {
    const text = row[name]?.value;
    return text === undefined || text === '' ? undefined : text;
  };
  const parts: string[] = [];
  switch (type) {
    case 'facility': {
      const host = value('host');
      if (host !== undefined) parts.push(`hosted by ${host}`);
      break;
    }
    case 'instrument': {
      const manufacturer = value('manufacturer');
      const since = value('since');
      if (manufacturer !== undefined) parts.push(manufacturer);
      if (since !== undefined) parts.push(`current configuration since ${since}`);
      break;
    }
    case 'model': {
      for (const name of ['manufacturer', 'stand', 'techniques']) {
        const text = value(name);
        if (text !== undefined) parts.push(name === 'stand' ? `${text} stand` : text);
      }
      break;
    }
    case 'configuration': {
      const version = value('version');
      const since = value('since');
      const until = value('until');
      if (version !== undefined) parts.push(`version ${version}`);
      if (since !== undefined) parts.push(until === undefined ? `valid from ${since} (current)` : `valid ${since} to ${until}`);
      break;
    }
    case 'dataset': {
      const created = value('created');
      if (created !== undefined) parts.push(`acquired ${created.slice(0, 10)}`);
      break;
    }
  }
  return parts.length === 0 ? undefined : parts.join(' · ');
}

/** What met the facets: the `?match…` aggregates, tab-separated fields made readable. */
function matchOf(row: Row, params: SearchParams): SearchMatch | undefined {
  const match: { -readonly [K in keyof SearchMatch]: SearchMatch[K] } = {};
  const objective = row.matchObjective?.value;
  if (objective !== undefined) {
    const [name = '', magnification = '', na = '', immersion = ''] = objective.split('\t');
    const facts = [
      magnification === '' ? undefined : `${plainNumber(magnification)}x`,
      na === '' ? undefined : `NA ${plainNumber(na)}`,
      immersion === '' ? undefined : immersion,
    ].filter((f): f is string => f !== undefined);
    match.objective = facts.length === 0 ? name : `${name} (${facts.join(', ')})`;
  }
  const sources = params.wavelengths.flatMap((_, i) => {
    const text = row[`matchSource${i}`]?.value;
    if (text === undefined) return [];
    const at = text.lastIndexOf('\t');
    return [at === -1 ? text : `${text.slice(0, at)} (${plainNumber(text.slice(at + 1))} nm)`];
  });
  if (sources.length > 0) match.lightSource = [...new Set(sources)].join('; ');
  const detectors = params.detectors.flatMap((_, i) => {
    const text = row[`matchDetector${i}`]?.value;
    return text === undefined ? [] : [text];
  });
  if (detectors.length > 0) match.detector = [...new Set(detectors)].join('; ');
  const technique = row.matchTechnique?.value;
  if (technique !== undefined) match.technique = technique;
  const instruments = row.matchInstruments?.value;
  if (instruments !== undefined && instruments !== '') match.instruments = instruments;
  if (params.standType !== undefined && (row.type?.value === 'instrument' || row.type?.value === 'model')) match.stand = params.standType;
  return Object.keys(match).length === 0 ? undefined : match;
}
