import { ProviderError } from '../../src/minting/index.js';
import { thrown } from './export-graphs.js';

/**
 * The ProviderError a provider call rejects with; fails the test on success or on another error.
 * @param action - the pending call.
 * @returns the error.
 */
export async function providerRejection(action: Promise<unknown>): Promise<ProviderError> {
  const error = await thrown(() => action);
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${error.name}: ${error.message}`);
  return error;
}
