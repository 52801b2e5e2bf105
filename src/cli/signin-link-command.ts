import { SqlitePeopleRegistry, SqliteSessionStore } from '../accounts/index.js';
import { openServices } from '../app/index.js';
import { getLogger } from '../logging/index.js';
import { adminLinkGrant, createSigninLink } from '../workspace/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { commandConfig } from './command-config.js';

/**
 * `imaging-phd signin-link [--person <id>]`: prints a new one-time sign-in link to the workspace —
 * the administrator's, or a person's — for whoever holds the console (no e-mail server needed).
 * @param args - flags: --person, --data-dir, --base-url.
 * @param io - output: the link on stdout, what it is on stderr.
 * @returns exit code (1: no such person, or disabled).
 */
export async function signinLinkCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['person', 'data-dir', 'base-url'], io)) return 2;
  const cfg = commandConfig(args);
  const id = args.flags.person;
  if (id === 'true' || id === '') {
    io.err('usage: imaging-phd signin-link [--person <id>]');
    return 2;
  }
  const { store } = await openServices(cfg, getLogger('imaging-phd', cfg.logLevel));
  try {
    const person = id === undefined ? undefined : new SqlitePeopleRegistry(store.database).get(id);
    if (id !== undefined && (person === undefined || person.disabledAt !== undefined)) {
      io.err(person === undefined ? `no person ${id} (the workspace's People page lists them with their ids)` : `${person.name} (${id}) is disabled and cannot sign in`);
      return 1;
    }
    const grant = person === undefined ? adminLinkGrant('cli') : { person: person.id, facility: undefined, role: undefined, createdBy: 'cli' };
    const { url, expiresAt } = createSigninLink(new SqliteSessionStore(store.database), grant, { baseUrl: cfg.baseUrl, ttlMs: cfg.workspace.linkTtlMs });
    io.out(url);
    io.err(`a one-time sign-in link ${person === undefined ? 'as the administrator' : `for ${person.name}`}: it works once, until ${expiresAt}, and is shown only now (stored as a hash).`);
    return 0;
  } finally {
    await store.close();
  }
}
