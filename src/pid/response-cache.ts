import type { SignpostingLink } from './signposting.js';

/** A computed answer of /pid: its Signposting links, body and entity tag. */
export interface PidResponse {
  readonly links: readonly SignpostingLink[];
  readonly body: Buffer;
  readonly etag: string;
}

/** Limits of a {@link ResponseCache}. */
export interface ResponseCacheOptions {
  /** Bytes of bodies held; past it the cache starts over. */
  readonly maxBytes: number;
  /** Entries held; past it the cache starts over. */
  readonly maxEntries: number;
}

/**
 * The answers of /pid until the next write, keyed by record version and format (never by the
 * spelling of the request), bounded in bytes and entries.
 */
export class ResponseCache {
  private readonly entries = new Map<string, PidResponse>();
  private bytes = 0;

  /** @param options - the bounds (default 64 MiB and 5000 answers). */
  public constructor(private readonly options: ResponseCacheOptions = { maxBytes: 64 * 1024 * 1024, maxEntries: 5000 }) {}

  /**
   * @param key - record IRI, version tag and format.
   * @returns the answer, when held.
   */
  public get(key: string): PidResponse | undefined {
    return this.entries.get(key);
  }

  /**
   * Holds an answer; a full cache is emptied first.
   * @param key - record IRI, version tag and format.
   * @param response - the answer.
   */
  public set(key: string, response: PidResponse): void {
    if (this.bytes + response.body.length > this.options.maxBytes || this.entries.size > this.options.maxEntries) this.clear();
    this.entries.set(key, response);
    this.bytes += response.body.length;
  }

  /** Forgets every answer. */
  public clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
