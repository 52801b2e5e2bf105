import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a double can be told to do to the next requests instead of answering them. */
export type DoubleFault = 'timeout' | '5xx' | '4xx' | undefined;

/** One request a double received: never its headers, so never a credential. */
export interface LoggedRequest {
  readonly method: string;
  /** Path and query as received (still percent-encoded). */
  readonly path: string;
  /** The status answered; undefined for a request held by the `timeout` fault. */
  readonly status: number | undefined;
}

/** A request as a double's handler sees it. */
export interface DoubleRequest {
  readonly method: string;
  readonly url: URL;
  /** The HTTP Basic credentials, decoded; undefined without a Basic Authorization header. */
  readonly basic: { readonly user: string; readonly password: string } | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A double's answer. */
export interface DoubleResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

/** The common part of the PID provider doubles. */
export interface DoubleServer {
  /** The base URL: `http://127.0.0.1:{port}`. */
  readonly url: string;
  readonly requests: LoggedRequest[];
  /**
   * Makes the next `count` requests (all of them when undefined) fail: `timeout` holds them without
   * an answer until the client gives up, `5xx` and `4xx` answer the double's error for that class.
   * `undefined` clears the fault.
   */
  setFault: (kind: DoubleFault, count?: number) => void;
  close: () => Promise<void>;
}

/** How a double answers: its routes, and its error body for an injected fault. */
export interface DoubleHandlers {
  readonly handle: (request: DoubleRequest) => DoubleResponse;
  readonly fault: (kind: '5xx' | '4xx') => DoubleResponse;
}

function basicOf(header: string | undefined): DoubleRequest['basic'] {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, answer: DoubleResponse): void {
  response.writeHead(answer.status, { 'content-type': answer.contentType });
  response.end(JSON.stringify(answer.body));
}

/**
 * Starts an HTTP server on loopback (port 0) for a provider double: reads bodies, decodes Basic
 * credentials, logs each request without its headers and applies the injected faults.
 * @param handlers - the double's routes and fault answers.
 * @returns the running server.
 */
export async function startDoubleServer(handlers: DoubleHandlers): Promise<DoubleServer> {
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let fault: DoubleFault;
  let faultsLeft = 0;

  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      const current = fault;
      if (current !== undefined) {
        faultsLeft -= 1;
        if (faultsLeft <= 0) fault = undefined;
      }
      if (current === 'timeout') {
        // Never answered: the client's time limit ends the exchange (close() drops the socket).
        requests.push({ method, path, status: undefined });
        return;
      }
      const answer = current === undefined
        ? handlers.handle({ method, url: new URL(path, 'http://127.0.0.1'), basic: basicOf(request.headers.authorization), contentType: request.headers['content-type'], body })
        : handlers.fault(current);
      requests.push({ method, path, status: answer.status });
      send(response, answer);
    })().catch((error: unknown) => {
      requests.push({ method: request.method ?? 'GET', path: request.url ?? '/', status: 500 });
      send(response, { status: 500, contentType: 'text/plain', body: String(error) });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault: (kind, count) => {
      fault = kind;
      faultsLeft = kind === undefined ? 0 : count ?? Number.POSITIVE_INFINITY;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
