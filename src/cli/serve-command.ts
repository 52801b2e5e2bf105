import { getLogger } from '../logging/index.js';
import { startService } from '../main.js';
import { announceAdminLink } from '../workspace/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { collectStartUpGarbage } from './collect-start-up-garbage.js';
import { commandConfig } from './command-config.js';

/**
 * `imaging-phd serve`: runs the HTTP service until SIGTERM/SIGINT.
 * @param args - flags: --port, --data-dir, --base-url.
 * @returns never resolves before shutdown; 0 after a clean shutdown.
 */
export async function serveCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['port', 'data-dir', 'base-url'], io)) return 2;
  const cfg = commandConfig(args);
  const logger = getLogger('imaging-phd', cfg.logLevel);
  const service = await startService(cfg, logger);
  announceAdminLink({ config: cfg, sessions: service.services.sessions, logger }, io.err);
  collectStartUpGarbage();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'signal received');
      void service.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
