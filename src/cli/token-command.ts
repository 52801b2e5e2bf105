import { openServices } from '../app/index.js';
import { parsePid } from '../domain/index.js';
import { PhdError } from '../errors/index.js';
import { getLogger } from '../logging/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { commandConfig } from './command-config.js';

/**
 * `imaging-phd token create|list|revoke`.
 * @param args - subcommand and flags.
 * @param io - output.
 * @returns exit code.
 */
export async function tokenCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['facility', 'label', 'expires', 'data-dir'], io)) return 2;
  const [sub, id] = args.positionals;
  const cfg = commandConfig(args);
  const { store, tokens } = await openServices(cfg, getLogger('imaging-phd', cfg.logLevel));
  try {
    switch (sub) {
      case 'create': {
        const facility = args.flags.facility;
        if (facility === undefined || facility === 'true') {
          io.err('usage: imaging-phd token create --facility <RRID> [--label TEXT] [--expires YYYY-MM-DD]');
          return 2;
        }
        const pid = parsePid(facility, 'rrid');
        const expires = args.flags.expires;
        if (expires !== undefined && Number.isNaN(Date.parse(expires))) throw new PhdError(2, 'bad-date', `--expires ${expires} is not a date`);
        const created = tokens.create({ facility: pid.iri, createdBy: 'admin', ...(args.flags.label ? { label: args.flags.label } : {}), ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}) });
        io.out(created.token);
        io.err(`token ${created.id} writes ${pid.iri}; it is shown once and stored only as a hash.`);
        return 0;
      }
      case 'list':
        for (const t of tokens.list()) io.out(`${t.id}\t${t.facility ?? '-'}\t${t.createdAt}\t${t.revokedAt === undefined ? (t.expiresAt === undefined ? 'active' : `expires ${t.expiresAt}`) : `revoked ${t.revokedAt}`}\t${t.label ?? ''}`);
        return 0;
      case 'revoke':
        if (id === undefined) {
          io.err('usage: imaging-phd token revoke <id>');
          return 2;
        }
        if (!tokens.revoke(id)) {
          io.err(`no active token ${id}`);
          return 1;
        }
        io.out(`revoked ${id}`);
        return 0;
      default:
        io.err('usage: imaging-phd token create --facility <RRID> | token list | token revoke <id>');
        return 2;
    }
  } finally {
    await store.close();
  }
}
