import type { TestApp } from './test-app.js';
import { ADMIN_TOKEN } from './test-app.js';

/** A response as a test looks at it: redirects are not followed unless asked. */
export interface WorkspaceResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** The `Location` header of a redirect. */
  readonly location: string | undefined;
}

/** Options of one request. */
export interface WorkspaceRequestOptions {
  /** Follow a 303 (a POST's) with a GET, as a browser does (default false for POST, true never for GET). */
  readonly follow?: boolean;
  /** More request headers (`origin`, `accept`…). */
  readonly headers?: Readonly<Record<string, string>>;
}

const CSRF_FIELD = /name="_csrf" value="([^"]*)"/;

/**
 * A browser-like HTTP client of the workspace for integration tests: a cookie jar over fetch,
 * redirects handled by hand (`redirect: 'manual'`), and the `_csrf` field filled in on every POST
 * that does not give one — the session's token when signed in, else the last page's (a signed-out
 * form's pre-session token).
 * @example
 * const client = await signInAsAdmin(app);
 * const page = await client.get('/workspace');
 * const done = await client.post('/workspace/people', { name: 'Ada' }); // 303
 */
export class WorkspaceClient {
  /** The cookies the service set (name → value). */
  public readonly cookies = new Map<string, string>();
  /** The `_csrf` value of the last page that carried one. */
  public lastPageCsrf: string | undefined;
  private readonly app: TestApp;

  /** @param app - the running test app. */
  public constructor(app: TestApp) {
    this.app = app;
  }

  /** The session's secret (the session cookie's value), if signed in. */
  public get sessionToken(): string | undefined {
    return this.cookies.get('phd_session') ?? this.cookies.get('__Host-phd_session');
  }

  /** The CSRF token a form of this client carries: the live session's, else the last page's. */
  public get csrf(): string | undefined {
    const token = this.sessionToken;
    const session = token === undefined ? undefined : this.app.services.sessions.find(token);
    return session?.csrf ?? this.lastPageCsrf;
  }

  /**
   * @param path - a path of the app (or a full URL).
   * @param options - headers.
   * @returns the response (a redirect is not followed).
   */
  public async get(path: string, options: WorkspaceRequestOptions = {}): Promise<WorkspaceResponse> {
    const response = await this.send(path, { method: 'GET', headers: { accept: 'text/html', ...options.headers } });
    return options.follow === true && response.location !== undefined ? this.get(response.location) : response;
  }

  /**
   * Posts a form (`application/x-www-form-urlencoded`), with `_csrf` added unless given (give
   * `_csrf: ''` to send none).
   * @param path - the form's action.
   * @param fields - the fields.
   * @param options - follow the 303, headers.
   * @returns the response (or the page redirected to, with `follow`).
   */
  public async post(path: string, fields: Readonly<Record<string, string>> = {}, options: WorkspaceRequestOptions = {}): Promise<WorkspaceResponse> {
    const form = new URLSearchParams();
    const csrf = this.csrf;
    if (fields._csrf === undefined && csrf !== undefined) form.set('_csrf', csrf);
    for (const [name, value] of Object.entries(fields)) if (!(name === '_csrf' && value === '')) form.set(name, value);
    const response = await this.send(path, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      body: form.toString(),
    });
    return options.follow === true && response.location !== undefined ? this.get(response.location) : response;
  }

  /**
   * Sends any request with the jar's cookies, and keeps the cookies it sets.
   * @param path - a path of the app (or a full URL).
   * @param init - the fetch options (redirects are never followed).
   * @returns the response.
   */
  public async send(path: string, init: RequestInit): Promise<WorkspaceResponse> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(new URL(path, this.app.url), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.keep(line);
    const body = await response.text();
    const csrf = CSRF_FIELD.exec(body)?.[1];
    if (csrf !== undefined) this.lastPageCsrf = csrf;
    return { status: response.status, headers: response.headers, body, location: response.headers.get('location') ?? undefined };
  }

  private keep(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => {
      const [key = '', val = ''] = a.trim().split('=');
      return (key.toLowerCase() === 'max-age' && Number(val) <= 0) || (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now());
    });
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/**
 * @param app - the running test app.
 * @returns a client that is not signed in (it has fetched nothing yet).
 */
export function workspaceClient(app: TestApp): WorkspaceClient {
  return new WorkspaceClient(app);
}

/**
 * Signs in as the administrator through the sign-in page, as a person would: GET /signin (the
 * pre-session token), POST the admin token.
 * @param app - the running test app (started with PHD_ADMIN_TOKEN = {@link ADMIN_TOKEN}).
 * @returns the signed-in client.
 */
export async function signInAsAdmin(app: TestApp): Promise<WorkspaceClient> {
  const client = new WorkspaceClient(app);
  await client.get('/signin');
  const response = await client.post('/signin', { token: ADMIN_TOKEN });
  if (response.status !== 303 || client.sessionToken === undefined) throw new Error(`sign-in as administrator failed: ${response.status}`);
  return client;
}

/**
 * @param app - the running test app.
 * @returns how many administrator sessions are live (to show a refused sign-in opened none).
 */
export function liveAdminSessions(app: TestApp): number {
  return app.services.sessions.list({ kind: 'admin' }).length;
}
