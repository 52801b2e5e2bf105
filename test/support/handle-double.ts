import { type DoubleRequest, type DoubleResponse, type DoubleServer, startDoubleServer } from './double-server.js';

export type { DoubleFault, LoggedRequest } from './double-server.js';

/** One typed value of a handle record, in the Handle.Net REST API's JSON. */
export interface HandleDoubleValue {
  readonly index: number;
  readonly type: string;
  readonly data: { readonly format: string; readonly value: unknown };
}

/** A handle as the double holds it. */
export interface HandleDoubleRecord {
  readonly handle: string;
  readonly values: readonly HandleDoubleValue[];
  /** How many requests wrote it (creation included). */
  readonly writes: number;
}

/** Options of {@link startHandleDouble}. */
export interface HandleDoubleOptions {
  /** The prefix the server is responsible for (default `21.T11998`). */
  readonly prefix?: string;
  /** The Basic user, a handle identity `index:handle` (default `300:21.T11998/ADMIN`). */
  readonly user?: string;
  /** Default `double-secret`. */
  readonly password?: string;
}

/** A running Handle.Net REST API double. */
export interface HandleDouble extends DoubleServer {
  /** handle (`prefix/suffix`, lower case: handles are case-insensitive) → its record. */
  readonly handles: Map<string, HandleDoubleRecord>;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

function answer(status: number, body: object): DoubleResponse {
  return { status, contentType: JSON_TYPE, body };
}

/** Why a value list is not one a Handle.Net server stores, or undefined when it is. */
function invalidValues(values: unknown): string | undefined {
  if (!Array.isArray(values) || values.length === 0) return 'values must be a non-empty array';
  const indexes = new Set<number>();
  for (const value of values as unknown[]) {
    const v = value as Partial<HandleDoubleValue> | null;
    if (v === null || typeof v !== 'object') return 'each value must be an object';
    if (typeof v.index !== 'number' || !Number.isInteger(v.index) || v.index <= 0) return `invalid index ${String(v.index)}`;
    if (indexes.has(v.index)) return `duplicate index ${v.index}`;
    indexes.add(v.index);
    if (typeof v.type !== 'string' || v.type === '') return `value ${v.index}: type must be a non-empty string`;
    if (v.data === null || typeof v.data !== 'object' || typeof v.data.format !== 'string' || !('value' in v.data)) {
      return `value ${v.index}: data must be {format, value}`;
    }
    if (v.data.format === 'string' && typeof v.data.value !== 'string') return `value ${v.index}: a string value must be a string`;
  }
  const urls = (values as HandleDoubleValue[]).filter((v) => v.type === 'URL');
  if (urls.length !== 1) return 'exactly one URL value is required';
  const url = urls[0]?.data.value;
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) return 'the URL value must be an http(s) URL';
  return undefined;
}

/**
 * Starts a local double of the Handle.Net (v9) HTTP JSON REST API as ePIC servers run it:
 * `GET /api/handles/{prefix}/{suffix}` (public; `responseCode` 1, or 100 with 404) and
 * `PUT /api/handles/{prefix}/{suffix}[?overwrite=true]` with `{values: [{index, type, data:
 * {format, value}}]}`. It checks HTTP Basic with the handle identity `index:handle` percent-encoded
 * as the user (401, `responseCode` 402), the prefix (400, 301 "server not responsible"), the shape
 * of the value list (400, `responseCode` 2: unique positive indexes, typed values, exactly one http(s)
 * URL), `overwrite=false` on an existing handle (409, 101), and adds a default HS_ADMIN at index 100
 * when the request carries none, as Handle.Net does. Listens on 127.0.0.1, port 0.
 * @param options - the prefix and the account.
 * @returns the running double; `close()` it.
 */
export async function startHandleDouble(options: HandleDoubleOptions = {}): Promise<HandleDouble> {
  const prefix = options.prefix ?? '21.T11998';
  const user = options.user ?? `300:${prefix}/ADMIN`;
  const password = options.password ?? 'double-secret';
  const handles = new Map<string, HandleDoubleRecord>();

  const put = (request: DoubleRequest, handle: string): DoubleResponse => {
    let payload: { values?: unknown };
    try {
      payload = JSON.parse(request.body) as typeof payload;
    } catch {
      return answer(400, { responseCode: 2, handle, message: 'Error parsing JSON request body' });
    }
    const problem = invalidValues(payload.values);
    if (problem !== undefined) return answer(400, { responseCode: 2, handle, message: `Invalid handle values: ${problem}` });
    const existing = handles.get(handle.toLowerCase());
    if (existing !== undefined && request.url.searchParams.get('overwrite') === 'false') {
      return answer(409, { responseCode: 101, handle, message: 'Handle already exists' });
    }
    const values = payload.values as HandleDoubleValue[];
    const admin = values.some((v) => v.type === 'HS_ADMIN')
      ? []
      : [{ index: 100, type: 'HS_ADMIN', data: { format: 'admin', value: { handle: user.slice(user.indexOf(':') + 1), index: Number(user.split(':')[0]), permissions: '011111110011' } } }];
    handles.set(handle.toLowerCase(), { handle, values: [...values, ...admin], writes: (existing?.writes ?? 0) + 1 });
    return answer(existing === undefined ? 201 : 200, { responseCode: 1, handle });
  };

  const handle = (request: DoubleRequest): DoubleResponse => {
    const match = /^\/api\/handles\/([^/]+)\/(.+)$/.exec(request.url.pathname);
    if (match === null) return answer(404, { responseCode: 2, message: 'Not found' });
    const name = `${decodeURIComponent(match[1] ?? '')}/${decodeURIComponent(match[2] ?? '')}`;
    // The Basic user is the handle identity, percent-encoded because it holds ':' and '/'.
    const authorized = request.basic !== undefined && decodeURIComponent(request.basic.user) === user && request.basic.password === password;
    if (request.basic !== undefined && !authorized) return answer(401, { responseCode: 402, handle: name, message: 'Authentication failed: unknown identity or wrong password' });
    if (name.split('/')[0]?.toUpperCase() !== prefix.toUpperCase()) {
      return answer(400, { responseCode: 301, handle: name, message: `Server not responsible for handle: prefix ${prefix} only` });
    }
    if (request.method === 'GET') {
      const found = handles.get(name.toLowerCase());
      return found === undefined
        ? answer(404, { responseCode: 100, handle: name })
        : answer(200, { responseCode: 1, handle: name, values: found.values });
    }
    if (request.method === 'PUT') {
      if (!authorized) return answer(401, { responseCode: 402, handle: name, message: 'Authentication needed' });
      return put(request, name);
    }
    return answer(405, { responseCode: 2, handle: name, message: `${request.method} is not supported here` });
  };

  const server = await startDoubleServer({
    handle,
    fault: (kind) => kind === '5xx'
      ? answer(500, { responseCode: 2, message: 'Internal server error' })
      : answer(400, { responseCode: 202, message: 'Invalid value (fault injected by the double)' }),
  });
  return { ...server, handles };
}
