import { openMinting } from '../app/index.js';
import { adminPrincipal } from '../domain/index.js';
import { PhdError } from '../errors/index.js';
import { getLogger } from '../logging/index.js';
import { runningServicePid } from '../main.js';
import { MintingOffError, PROVIDERS } from '../minting/index.js';
import type { MintOptions, ProviderName } from '../minting/index.js';
import { recordIri } from '../pid/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { commandConfig } from './command-config.js';
import { registrationCells, REGISTRATION_COLUMNS } from './registration-text.js';

const MINT_USAGE = 'usage: imaging-phd mint <pid|iri> [--provider datacite|handle] [--pid <pid>] [--publish] [--json]';

/** Who the command acts as: the operator of the data directory, as the admin. */
const OPERATOR = adminPrincipal('operator');

const MINT_HELP = `${MINT_USAGE}

Gives a record (an instrument instance or a configuration) a registered PID, as the operator.
A record named under a prefix this service mints under is registered as it is; a record with a
local IRI adopts a new PID (or --pid), which becomes its name: the old IRI redirects to it.
The draft registration is sent to the provider before the command returns (or later, by the
service, when the provider cannot be reached).

  --provider datacite|handle   the provider (default PHD_MINT_PROVIDER, else the one configured)
  --pid <pid>                  adopt this PID (under a configured prefix) instead of a new one
  --publish                    make it findable at once (a record registered already is published)
  --json                       print the registration as JSON

Writes the store: stop the service first, or use POST /records/{id}/mint.
Exit 0 when minted, 1 when the record cannot be minted (unknown, not writable, already registered),
2 on bad usage or input.`;

/** The command's options from its flags; a message on stderr and undefined when one is wrong. */
function mintOptions(args: ParsedArgs, io: CliIo): MintOptions | undefined {
  const { provider, pid, publish } = args.flags;
  if (provider !== undefined && !(PROVIDERS as readonly string[]).includes(provider)) {
    io.err(`unknown provider "${provider === 'true' ? '' : provider}": use one of ${PROVIDERS.join(', ')}\n${MINT_USAGE}`);
    return undefined;
  }
  if (pid !== undefined && (pid === 'true' || pid.trim() === '')) {
    io.err(`--pid takes the PID to adopt, e.g. --pid 10.5072/phd-abcd-1234\n${MINT_USAGE}`);
    return undefined;
  }
  if (publish !== undefined && publish !== 'true') {
    io.err(`--publish takes no value\n${MINT_USAGE}`);
    return undefined;
  }
  return {
    ...(provider === undefined ? {} : { provider: provider as ProviderName }),
    ...(pid === undefined ? {} : { pid: pid.trim() }),
    ...(publish === undefined ? {} : { publish: true }),
  };
}

/**
 * `imaging-phd mint <pid|iri> [--provider datacite|handle] [--pid <pid>] [--publish] [--json]`:
 * mints (or adopts) a PID for a record on PHD_DATA_DIR as the operator, then sends the draft
 * registration. Refused while the service runs on the same data directory (a rename written behind
 * it would not reach its query index), like `load` and `import`.
 * @param args - the record; provider, PID and publish flags.
 * @param io - output: the registered PID on stdout (or the registration as JSON), a summary on stderr.
 * @returns 0 when minted, 1 when the record cannot be minted, 2 on bad usage or input.
 */
export async function mintCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['provider', 'pid', 'publish', 'json', 'help', 'data-dir', 'base-url'], io)) return 2;
  if (args.flags.help !== undefined) {
    io.out(MINT_HELP);
    return 0;
  }
  const [target, ...extra] = args.positionals;
  if (target === undefined || extra.length > 0) {
    io.err(target === undefined ? MINT_USAGE : `mint takes one record, not ${args.positionals.length}\n${MINT_USAGE}`);
    return 2;
  }
  const options = mintOptions(args, io);
  if (options === undefined) return 2;
  const cfg = commandConfig(args);
  if (cfg.minting === undefined) throw new MintingOffError();
  const running = runningServicePid(cfg);
  if (running !== undefined) {
    io.err(`The service (pid ${running}) is running on ${cfg.dataDir}: mint through it with POST /records/{id}/mint (a facility or admin token), or stop it first.`);
    return 2;
  }
  const iri = recordIri(target, cfg.baseUrl);
  const session = await openMinting(cfg, getLogger('imaging-phd', cfg.logLevel));
  try {
    const { minting } = session;
    // `mint --publish` of a record registered already publishes it: the command a core manager runs twice.
    const registered = options.publish === true && options.pid === undefined && options.provider === undefined && await minting.registration(iri) !== undefined;
    const minted = registered ? await minting.publish(iri, OPERATOR) : await minting.mint(iri, OPERATOR, options);
    await session.flush();
    const registration = await minting.registration(minted.pid) ?? minted;
    if (args.flags.json === undefined) {
      io.out(registration.pid);
      const cells = registrationCells(registration);
      io.err(`${iri === registration.pid ? 'registered' : `${iri} is now`} ${registration.pid}: ${REGISTRATION_COLUMNS.slice(1).map((c, i) => `${c} ${cells[i + 1] ?? '-'}`).join(', ')}`);
    } else io.out(JSON.stringify(registration, null, 2));
    return 0;
  } catch (error) {
    if (!PhdError.isInstance(error) || error.status === 400) throw error;
    io.err(`imaging-phd mint: ${error.message}`);
    return 1;
  } finally {
    await session.close();
  }
}
