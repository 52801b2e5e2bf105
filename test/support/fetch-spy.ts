import { vi } from 'vitest';

/** What the code under test passed to fetch. */
export interface FetchCalls {
  readonly urls: string[];
  /** The Authorization header of each call ('' when none). */
  readonly authorizations: string[];
}

/**
 * Records every fetch call's URL and Authorization header, still sending the request. Undo with
 * `vi.restoreAllMocks()`.
 * @returns the calls, filled as they happen.
 */
export function spyOnFetch(): FetchCalls {
  const calls: FetchCalls = { urls: [], authorizations: [] };
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    calls.urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    calls.authorizations.push(new Headers(init?.headers).get('authorization') ?? '');
    return realFetch(input, init);
  });
  return calls;
}
