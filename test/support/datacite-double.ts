import { xsdErrors } from './datacite-xsd.js';
import { type DoubleRequest, type DoubleResponse, type DoubleServer, startDoubleServer } from './double-server.js';

export type { DoubleFault, LoggedRequest } from './double-server.js';

/** A DOI as the double holds it (DataCite's `state`, `url` and the decoded `xml`). */
export interface DataciteDoubleDoi {
  readonly doi: string;
  readonly state: 'draft' | 'registered' | 'findable';
  readonly url: string | undefined;
  /** The DataCite XML last received, decoded from base64. */
  readonly xml: string | undefined;
  /** How many requests changed it (creation included). */
  readonly writes: number;
}

/** Options of {@link startDataciteDouble}. */
export interface DataciteDoubleOptions {
  /** The repository id, the Basic user (default `PHD.TEST`). */
  readonly repository?: string;
  /** Default `double-secret`. */
  readonly password?: string;
  /** The prefixes the repository may create DOIs under (default `10.5072`). */
  readonly prefixes?: readonly string[];
}

/** A running DataCite REST API double. */
export interface DataciteDouble extends DoubleServer {
  /** DOI (lower case) → what the double holds. */
  readonly dois: Map<string, DataciteDoubleDoi>;
}

const JSON_API = 'application/vnd.api+json';

interface JsonApiError {
  readonly status?: string;
  readonly source?: string;
  readonly uid?: string;
  readonly title: string;
}

function errors(status: number, list: readonly JsonApiError[]): DoubleResponse {
  return { status, contentType: JSON_API, body: { errors: list } };
}

function resource(doi: DataciteDoubleDoi): unknown {
  const [prefix, ...rest] = doi.doi.split('/');
  return {
    data: {
      id: doi.doi,
      type: 'dois',
      attributes: {
        doi: doi.doi,
        prefix,
        suffix: rest.join('/'),
        state: doi.state,
        url: doi.url ?? null,
        xml: doi.xml === undefined ? null : Buffer.from(doi.xml, 'utf8').toString('base64'),
      },
    },
  };
}

/**
 * libxml2's messages as DataCite's API words them (Nokogiri's XSD errors: the message, then
 * "at line L, column C"), one JSON:API error each with `source: xml`.
 */
function schemaErrors(doi: string, lines: readonly string[]): JsonApiError[] {
  return lines.map((line) => {
    const match = /^-:(\d+): (?:element [^:]+: )?Schemas validity error : (.*)$/.exec(line);
    const title = match === null ? line : `${match[2] ?? ''} at line ${match[1] ?? ''}, column 0`;
    return { source: 'xml', uid: doi, title };
  });
}

type State = DataciteDoubleDoi['state'];

/** DataCite's state machine (lupo's aasm events); a transition it does not allow changes nothing, as there. */
function afterEvent(state: State | undefined, event: string | undefined): State {
  const from = state ?? 'draft';
  if (event === 'publish') return 'findable';
  if (event === 'register') return from === 'draft' ? 'registered' : from;
  if (event === 'hide') return from === 'findable' ? 'registered' : from;
  return from;
}

/**
 * Starts a local double of the DataCite REST API (`GET /dois/{doi}`, `POST /dois`,
 * `PUT /dois/{doi}`; JSON:API with `application/vnd.api+json`). It follows DataCite's published
 * formats and rules: HTTP Basic with the repository id and password (401 with a JSON:API error
 * otherwise; without credentials only findable DOIs can be read), DOIs only under the
 * repository's prefixes (403), `POST` of an existing DOI → 422 "This DOI has already been taken",
 * the events publish/register/hide (hide only from findable; a DOI never returns to draft), a URL
 * required outside draft, and the XML (base64 in `attributes.xml`) validated against the DataCite
 * 4.5 XSD with xmllint whenever the DOI is or becomes registered or findable — DataCite does not
 * validate drafts — answering 422 with the schema's messages. Listens on 127.0.0.1, port 0.
 * @param options - the repository account and its prefixes.
 * @returns the running double; `close()` it.
 * @example
 * ```ts
 * const datacite = await startDataciteDouble({ repository: 'PHD.TEST', password: 'secret' });
 * // PHD_DATACITE_API = datacite.url; later: datacite.dois.get('10.5072/phd-abcd-1234')?.state
 * ```
 */
export async function startDataciteDouble(options: DataciteDoubleOptions = {}): Promise<DataciteDouble> {
  const repository = options.repository ?? 'PHD.TEST';
  const password = options.password ?? 'double-secret';
  const prefixes = (options.prefixes ?? ['10.5072']).map((p) => p.toLowerCase());
  const dois = new Map<string, DataciteDoubleDoi>();

  const write = (request: DoubleRequest, pathDoi: string | undefined): DoubleResponse => {
    if (!(request.contentType ?? '').startsWith(JSON_API) && !(request.contentType ?? '').startsWith('application/json')) {
      return errors(415, [{ status: '415', title: `The content type is not recognized: send ${JSON_API}.` }]);
    }
    let payload: { data?: { type?: unknown; id?: unknown; attributes?: Record<string, unknown> } };
    try {
      payload = JSON.parse(request.body) as typeof payload;
    } catch {
      return errors(400, [{ status: '400', title: 'You need to provide a payload following the JSONAPI spec' }]);
    }
    const data = payload.data;
    if (data?.type !== 'dois' || typeof data.attributes !== 'object') {
      return errors(400, [{ status: '400', title: 'You need to provide a payload following the JSONAPI spec' }]);
    }
    const attributes = data.attributes;
    const named = typeof attributes.doi === 'string' ? attributes.doi : typeof data.id === 'string' ? data.id : pathDoi;
    if (named === undefined || named === '') return errors(422, [{ source: 'doi', title: "Can't be blank" }]);
    const doi = named.toLowerCase();
    if (pathDoi !== undefined && doi !== pathDoi) return errors(422, [{ source: 'doi', uid: doi, title: 'Does not match the DOI in the URL' }]);
    if (!/^10\.\d{4,9}\/\S+$/.test(doi)) return errors(422, [{ source: 'doi', uid: doi, title: 'Is invalid' }]);
    if (!prefixes.includes(doi.split('/')[0] ?? '')) return errors(403, [{ status: '403', title: 'You are not authorized to access this resource.' }]);
    const existing = dois.get(doi);
    if (pathDoi === undefined && existing !== undefined) return errors(422, [{ source: 'doi', uid: doi, title: 'This DOI has already been taken' }]);

    const event = typeof attributes.event === 'string' ? attributes.event : undefined;
    if (event !== undefined && !['publish', 'register', 'hide'].includes(event)) return errors(422, [{ source: 'event', uid: doi, title: 'Is invalid' }]);
    let xml = existing?.xml;
    if (typeof attributes.xml === 'string') {
      xml = Buffer.from(attributes.xml, 'base64').toString('utf8');
      if (!xml.trimStart().startsWith('<')) return errors(422, [{ source: 'xml', uid: doi, title: 'Is invalid: not base64-encoded XML' }]);
    }
    const url = typeof attributes.url === 'string' ? attributes.url : existing?.url;
    if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) return errors(422, [{ source: 'url', uid: doi, title: 'Is invalid' }]);
    const state = afterEvent(existing?.state, event);
    if (state !== 'draft') {
      if (url === undefined) return errors(422, [{ source: 'url', uid: doi, title: "Can't be blank" }]);
      if (xml === undefined) return errors(422, [{ source: 'xml', uid: doi, title: "Can't be blank" }]);
      const invalid = xsdErrors(xml);
      if (invalid.length > 0) return errors(422, schemaErrors(doi, invalid));
    }
    const stored: DataciteDoubleDoi = { doi, state, url, xml, writes: (existing?.writes ?? 0) + 1 };
    dois.set(doi, stored);
    return { status: existing === undefined ? 201 : 200, contentType: JSON_API, body: resource(stored) };
  };

  const handle = (request: DoubleRequest): DoubleResponse => {
    const path = request.url.pathname;
    const authorized = request.basic !== undefined && request.basic.user === repository && request.basic.password === password;
    if (request.basic !== undefined && !authorized) return errors(401, [{ status: '401', title: 'Bad credentials.' }]);
    const one = /^\/dois\/(.+)$/.exec(path);
    const pathDoi = one === null ? undefined : decodeURIComponent(one[1] ?? '').toLowerCase();
    if (request.method === 'GET' && pathDoi !== undefined) {
      const found = dois.get(pathDoi);
      // Without credentials DataCite shows only findable DOIs; with them, the repository's own.
      if (found === undefined || (!authorized && found.state !== 'findable')) {
        return errors(404, [{ status: '404', title: "The resource you are looking for doesn't exist." }]);
      }
      return { status: 200, contentType: JSON_API, body: resource(found) };
    }
    if ((request.method === 'POST' && path === '/dois') || (request.method === 'PUT' && pathDoi !== undefined)) {
      if (!authorized) return errors(401, [{ status: '401', title: 'Bad credentials.' }]);
      return write(request, pathDoi);
    }
    return errors(404, [{ status: '404', title: "The resource you are looking for doesn't exist." }]);
  };

  const server = await startDoubleServer({
    handle,
    fault: (kind) => kind === '5xx'
      ? errors(503, [{ status: '503', title: 'The service is temporarily unavailable.' }])
      : errors(422, [{ source: 'metadata', title: 'Is invalid (fault injected by the double)' }]),
  });
  return { ...server, dois };
}
