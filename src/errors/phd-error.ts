/**
 * Options shared by every {@link PhdError}.
 */
export interface PhdErrorOptions {
  /** The underlying error, kept for logs; never shown to clients. */
  cause?: unknown;
  /** Extension members for the RFC 9457 problem details (e.g. `line`, `column`, `field`, `rule`). */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every error the service raises on purpose.
 *
 * Each subclass has a fixed HTTP `status` and a stable `code`, so domain code can throw without
 * knowing HTTP and the edge (HTTP problem details, CLI exit codes) maps it in one place.
 */
export class PhdError extends Error {
  public readonly status: number;
  public readonly code: string;
  public readonly details: Readonly<Record<string, unknown>>;

  /**
   * @param status - HTTP status this error maps to.
   * @param code - stable machine-readable code, used to mint the problem `type` URI.
   * @param message - human-readable text saying what went wrong and what to do next.
   * @param options - cause and extension members.
   */
  public constructor(status: number, code: string, message: string, options: PhdErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = options.details ?? {};
  }

  /**
   * Type guard that also works across module copies.
   * @param error - anything caught.
   * @returns whether `error` is a {@link PhdError}.
   */
  public static isInstance(error: unknown): error is PhdError {
    return error instanceof PhdError;
  }
}

/** 400: the request or input is malformed (syntax, bad PID, wrong parameter). */
export class BadRequestError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions & { code?: string } = {}) {
    super(400, options.code ?? 'bad-request', message, options);
  }
}

/** 400: input could not be parsed; `details` carries `line`/`column` (and `file` in the CLI). */
export class ParseError extends PhdError {
  public readonly line: number | undefined;
  public readonly column: number | undefined;

  public constructor(
    message: string,
    position: { line?: number; column?: number; file?: string } = {},
    options: PhdErrorOptions = {},
  ) {
    super(400, 'parse-error', message, { ...options, details: { ...options.details, ...position } });
    this.line = position.line;
    this.column = position.column;
  }
}

/** 404: the thing asked for is not known here. */
export class NotFoundError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions = {}) {
    super(404, 'not-found', message, options);
  }
}

/** 409: the request conflicts with the stored state (e.g. rewriting a published configuration). */
export class ConflictError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions = {}) {
    super(409, 'conflict', message, options);
  }
}

/** 401: no credentials, or credentials that are not valid. */
export class UnauthorizedError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions = {}) {
    super(401, 'unauthorized', message, options);
  }
}

/** 403: valid credentials that do not allow this write. */
export class ForbiddenError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions = {}) {
    super(403, 'forbidden', message, options);
  }
}

/** 405: the method is not supported on this resource. */
export class MethodNotAllowedError extends PhdError {
  public readonly allow: readonly string[];

  public constructor(message: string, allow: readonly string[], options: PhdErrorOptions = {}) {
    super(405, 'method-not-allowed', message, { ...options, details: { ...options.details, allow } });
    this.allow = allow;
  }
}

/** 406: none of the media types the client accepts can be produced. */
export class NotAcceptableError extends PhdError {
  public constructor(message: string, available: readonly string[], options: PhdErrorOptions = {}) {
    super(406, 'not-acceptable', message, { ...options, details: { ...options.details, available } });
  }
}

/** 410: the record existed and was withdrawn; a tombstone remains. */
export class GoneError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions = {}) {
    super(410, 'gone', message, options);
  }
}

/** 412: an If-Match precondition did not hold. */
export class PreconditionFailedError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions = {}) {
    super(412, 'precondition-failed', message, options);
  }
}

/** 413: the request body is larger than the configured limit. */
export class PayloadTooLargeError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions = {}) {
    super(413, 'payload-too-large', message, options);
  }
}

/** 415: the request body's media type is not one we read. */
export class UnsupportedMediaTypeError extends PhdError {
  public constructor(message: string, supported: readonly string[], options: PhdErrorOptions = {}) {
    super(415, 'unsupported-media-type', message, { ...options, details: { ...options.details, supported } });
  }
}

/** 422: well-formed input that breaks the model; `details.violations` lists the SHACL results. */
export class UnprocessableError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions & { code?: string } = {}) {
    super(422, options.code ?? 'unprocessable', message, options);
  }
}

/** 503: the service cannot answer now (a query ran past its time limit, the index is loading). */
export class ServiceUnavailableError extends PhdError {
  public readonly retryAfterSeconds: number | undefined;

  public constructor(message: string, options: PhdErrorOptions & { code?: string; retryAfterSeconds?: number } = {}) {
    super(503, options.code ?? 'service-unavailable', message, options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** 429: a client sent more than its share; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequestsError extends PhdError {
  public readonly retryAfterSeconds: number;

  public constructor(message: string, retryAfterSeconds: number, options: PhdErrorOptions = {}) {
    super(429, 'too-many-requests', message, { ...options, details: { ...options.details, retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 502: the external triple store answered a request with an error. */
export class StoreError extends PhdError {
  public constructor(message: string, options: PhdErrorOptions = {}) {
    super(502, 'store-error', message, options);
  }
}
