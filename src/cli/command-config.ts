import { loadConfig } from '../config/index.js';
import type { Config } from '../config/index.js';
import { DATA_DIR } from '../validation/index.js';
import type { ParsedArgs } from './cli-io.js';

/**
 * The configuration a command runs with: the environment, overridden by the command's flags.
 * Environment access stays in config/loadConfig, the only reader of process.env.
 * @param args - the command's flags (--data-dir, --base-url, --port …).
 * @returns the configuration.
 */
export function commandConfig(args: ParsedArgs): Config {
  return loadConfig(process.env, args.flags, { seedDir: DATA_DIR });
}
