import { openMinting } from '../app/index.js';
import type { MintingSession } from '../app/index.js';
import { PhdError } from '../errors/index.js';
import { getLogger } from '../logging/index.js';
import { runningServicePid } from '../main.js';
import { recordIri } from '../pid/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { commandConfig } from './command-config.js';
import { registrationCells, REGISTRATION_COLUMNS } from './registration-text.js';
import { textTable } from './text-table.js';

const PID_USAGE = 'usage: imaging-phd pid status [<pid>] [--json] | pid retry [<pid>]';

const PID_HELP = `${PID_USAGE}

  pid status [<pid>] [--json]
      The PIDs this service registers (or one): provider, target state (draft, findable, hidden),
      the provider's confirmed state, sync (synced, pending, failed, dead), failed attempts, the
      next try and the last error. Exit 0; 1 when the PID asked for has no registration.
  pid retry [<pid>]
      Sends the failed and dead pushes again (all, or one PID's). Only the registrations are
      written, so it also runs beside the service, whose pusher sends them; without the service,
      the command sends them itself, with every other push that is due. Exit 0 when something was
      re-queued or sent, 1 when nothing was (or the PID is not registered here).`;

/**
 * `pid retry`: re-queues the failed and dead pushes (all, or one PID's). Beside a running service
 * that is all (its pusher reads the registrations and sends them); without one, the command sends
 * every push that is due itself — pending ones left by an earlier command too — and shows them.
 * @param session - the minting session.
 * @param iri - the PID (or record) to retry; all when undefined.
 * @param running - the pid of the service running on the data directory, if any.
 * @param io - output.
 * @returns 0 when something was re-queued or sent, 1 when there was nothing to do.
 */
async function retry(session: MintingSession, iri: string | undefined, running: number | undefined, io: CliIo): Promise<number> {
  const { minting } = session;
  const requeued = await minting.retry(iri);
  const pushes = (n: number) => `${n} push${n === 1 ? '' : 'es'}`;
  if (running !== undefined) {
    io.err(requeued === 0 ? `nothing to retry${iri === undefined ? '' : ` for ${iri}`}: no failed or dead push` : `re-queued ${pushes(requeued)}; the service (pid ${running}) sends them`);
    return requeued === 0 ? 1 : 0;
  }
  const sent = await session.flush();
  if (requeued === 0 && sent === 0) {
    io.err(`nothing to retry${iri === undefined ? '' : ` for ${iri}`}: no failed, dead or due push`);
    return 1;
  }
  io.err(`re-queued ${pushes(requeued)}; sent ${pushes(sent)}`);
  const shown = iri === undefined ? await minting.registrations() : [await minting.registration(iri)];
  io.out(textTable(REGISTRATION_COLUMNS, shown.flatMap((r) => (r === undefined ? [] : [registrationCells(r)]))));
  return 0;
}

/**
 * `imaging-phd pid status [<pid>] [--json]` and `imaging-phd pid retry [<pid>]`: the registrations
 * of PHD_DATA_DIR and their sync state, and sending failed pushes again.
 * @param args - the subcommand, an optional PID, --json.
 * @param io - output: the table (or JSON) on stdout, messages on stderr.
 * @returns 0; 1 when the PID asked for has no registration or nothing was retried; 2 on bad usage.
 */
export async function pidCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['json', 'help', 'data-dir', 'base-url'], io)) return 2;
  if (args.flags.help !== undefined) {
    io.out(PID_HELP);
    return 0;
  }
  const [sub, target, ...extra] = args.positionals;
  if ((sub !== 'status' && sub !== 'retry') || extra.length > 0) {
    io.err(sub === undefined || sub === 'status' || sub === 'retry' ? PID_USAGE : `unknown pid command "${sub}"\n${PID_USAGE}`);
    return 2;
  }
  if (sub === 'retry' && args.flags.json !== undefined) {
    io.err(`--json applies to pid status\n${PID_USAGE}`);
    return 2;
  }
  const cfg = commandConfig(args);
  const iri = target === undefined ? undefined : recordIri(target, cfg.baseUrl);
  const session = await openMinting(cfg, getLogger('imaging-phd', cfg.logLevel));
  try {
    if (sub === 'retry') return await retry(session, iri, runningServicePid(cfg), io);
    const { minting } = session;
    const one = iri === undefined ? undefined : await minting.registration(iri);
    if (iri !== undefined && one === undefined) {
      io.err(`${iri} has no registration here: mint it with \`imaging-phd mint ${target ?? iri}\``);
      return 1;
    }
    const registrations = one === undefined ? await minting.registrations() : [one];
    io.out(args.flags.json === undefined ? textTable(REGISTRATION_COLUMNS, registrations.map(registrationCells)) : JSON.stringify(iri === undefined ? registrations : one, null, 2));
    return 0;
  } catch (error) {
    // A PID that is not registered here, a store that refuses: the command could not do it (1); bad input stays 2.
    if (!PhdError.isInstance(error) || error.status === 400) throw error;
    io.err(`imaging-phd pid ${sub}: ${error.message}`);
    return 1;
  } finally {
    await session.close();
  }
}
