import { parsePid } from '../domain/index.js';
import type { FormValues } from './form-graph.js';

/** An RRID written without its prefix (`SCR_017000`), as people copy it from SciCrunch's pages. */
const BARE_RRID = /^\s*SCR_([0-9]+)\s*$/i;

/**
 * A facility form's values with a bare RRID (`SCR_017000`) written as `RRID:SCR_017000`.
 * @param values - what the form sent.
 * @returns the values, the RRID prefixed where it lacked its prefix.
 */
export function withRridPrefix(values: FormValues): FormValues {
  const bare = BARE_RRID.exec(values.rrid ?? '');
  return bare === null ? values : { ...values, rrid: `RRID:SCR_${bare[1] ?? ''}` };
}

/**
 * What is wrong with a facility's RRID, in words about RRIDs only (not the other PID schemes).
 * @param values - the form's values (after {@link withRridPrefix}).
 * @returns the message, or undefined when the field is empty or an RRID.
 */
export function rridError(values: FormValues): string | undefined {
  const rrid = (values.rrid ?? '').trim();
  if (rrid === '') return undefined;
  try {
    parsePid(rrid, 'rrid');
    return undefined;
  } catch {
    return `“${rrid}” is not an RRID: write the facility's RRID, e.g. RRID:SCR_017000.`;
  }
}
