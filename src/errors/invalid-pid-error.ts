import { BadRequestError } from './phd-error.js';

/**
 * A persistent identifier failed its syntax or checksum rule.
 *
 * `rule` names the rule broken (e.g. `orcid-checksum`), so clients can act on it and the
 * 400 problem details say exactly why the PID was refused.
 */
export class InvalidPidError extends BadRequestError {
  public readonly rule: string;
  public readonly input: string;

  /**
   * @param input - the PID as given.
   * @param rule - stable name of the rule broken.
   * @param message - what is wrong and how a valid PID looks.
   */
  public constructor(input: string, rule: string, message: string) {
    super(message, { code: 'invalid-pid', details: { pid: input, rule } });
    this.rule = rule;
    this.input = input;
  }
}
