import { PhdError, ServiceUnavailableError } from '../errors/phd-error.js';
import type { PhdErrorOptions } from '../errors/phd-error.js';

/**
 * 422: a query would return more solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) than the
 * endpoint's result limit. `details.maxResults` carries the limit.
 */
export class ResultTooLargeError extends PhdError {
  public readonly maxResults: number;

  /**
   * @param maxResults - the limit that was exceeded.
   * @param unit - what was counted ("results" for SELECT, "triples" for graphs).
   * @param options - cause and extra details.
   */
  public constructor(maxResults: number, unit: 'results' | 'triples' = 'results', options: PhdErrorOptions = {}) {
    super(
      422,
      'result-too-large',
      unit === 'results'
        ? `The query has more than ${maxResults} results, the limit of this endpoint. Add LIMIT ${maxResults} (or less) and page with OFFSET, ideally with ORDER BY so pages are stable.`
        : `The query produces more than ${maxResults} triples, the limit of this endpoint. Narrow the pattern, or page it with a sub-SELECT using LIMIT and OFFSET.`,
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
