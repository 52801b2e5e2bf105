import { PhdError, ServiceUnavailableError } from '../errors/index.js';
import type { PhdErrorOptions } from '../errors/index.js';

/**
 * 422: a query would return more solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) than the
 * endpoint's result limit. `details.maxResults` carries the limit.
 */
export class ResultTooLargeError extends PhdError {
  public readonly maxResults: number;

  /**
   * @param maxResults - the limit that was exceeded.
   * @param unit - what was counted ("results" for SELECT, "triples" for graphs, "bytes" for the serialized answer).
   * @param options - cause and extra details.
   */
  public constructor(maxResults: number, unit: 'results' | 'triples' | 'bytes' = 'results', options: PhdErrorOptions = {}) {
    super(
      422,
      'result-too-large',
      unit === 'results'
        ? `The query has more than ${maxResults} results, the limit of this endpoint. Add LIMIT ${maxResults} (or less) and page with OFFSET, ideally with ORDER BY so pages are stable.`
        : unit === 'triples'
          ? `The query produces more than ${maxResults} triples, the limit of this endpoint. Narrow the pattern, or page it with a sub-SELECT using LIMIT and OFFSET.`
          : `The query's answer is larger than ${maxResults} bytes, the limit of this endpoint. Select fewer or shorter values, or page with LIMIT and OFFSET.`,
      { ...options, details: { ...options.details, maxResults, unit } },
    );
    this.maxResults = maxResults;
  }
}

/** 503: a query ran past the endpoint's time limit and was stopped. Clients may retry after 1 s. */
export class QueryTimeoutError extends ServiceUnavailableError {
  /**
   * @param timeoutMs - the time limit in milliseconds.
   * @param queued - true when the query never started because every worker stayed busy.
   * @param options - cause and extra details.
   */
  public constructor(timeoutMs: number, queued = false, options: PhdErrorOptions = {}) {
    super(
      queued
        ? `The query waited ${timeoutMs} ms for a free query worker and was dropped: the endpoint is busy. Retry shortly.`
        : `The query ran longer than the time limit of ${timeoutMs} ms and was stopped. Make it more selective (bind a subject or type, add FILTERs early, avoid cross products) or add a LIMIT.`,
      { ...options, code: 'query-timeout', retryAfterSeconds: 1, details: { ...options.details, timeoutMs } },
    );
  }
}

/**
 * 503: a query needed more memory than a query worker may use (PHD_QUERY_WORKER_MEMORY_MB) and was
 * stopped; its worker is replaced. The endpoint serves other queries meanwhile.
 */
export class QueryMemoryError extends ServiceUnavailableError {
  /**
   * @param limitMb - the memory limit of one query worker, in MiB.
   * @param options - cause and extra details.
   */
  public constructor(limitMb: number, options: PhdErrorOptions = {}) {
    super(
      `The query needed more memory than a query worker may use (${limitMb} MiB) and was stopped. ` +
        'Make it build smaller values (no strings doubled again and again), bind a subject or type, or add a LIMIT.',
      { ...options, code: 'query-memory-limit', retryAfterSeconds: 2, details: { ...options.details, limitMb } },
    );
  }
}
