import { existsSync } from 'node:fs';
import { EXPORT_FORMATS, ExportService } from '../exporters/index.js';
import type { ExportFormat } from '../exporters/index.js';
import { loadNboqMapping } from '../importers/index.js';
import { databasePath, openStore } from '../app/index.js';
import { PhdError } from '../errors/index.js';
import { recordIri } from '../pid/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { commandConfig } from './command-config.js';

const USAGE = 'usage: imaging-phd export micrometa|pidinst|datacite <pid> [--format xml|json] [--doi <doi>]';

/**
 * `imaging-phd export micrometa|pidinst|datacite <pid>`: writes a stored record to stdout as a
 * Micro-Meta App file (a configuration), PIDINST 1.0 JSON (an instance) or DataCite 4.5 XML or
 * JSON (an instance or a configuration). Reads the store only, so it may run beside the service.
 * @param args - format, PID; --format (DataCite xml|json), --doi.
 * @param io - output.
 * @returns 0, or 1 when the record cannot be exported (unknown, withdrawn, incomplete), 2 on bad usage.
 */
export async function exportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['format', 'doi', 'data-dir', 'base-url'], io)) return 2;
  const [format, pid, ...extra] = args.positionals;
  if (format === undefined || pid === undefined || extra.length > 0 || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    io.err(format !== undefined && !(EXPORT_FORMATS as readonly string[]).includes(format) ? `unknown export format "${format}"\n${USAGE}` : USAGE);
    return 2;
  }
  const variant = args.flags.format;
  if (variant !== undefined && (format !== 'datacite' ? variant !== 'json' : variant !== 'xml' && variant !== 'json')) {
    io.err(`--format takes ${format === 'datacite' ? 'xml or json' : 'json (the only form of this export)'}\n${USAGE}`);
    return 2;
  }
  const cfg = commandConfig(args);
  const path = databasePath(cfg);
  if (!existsSync(path)) throw new PhdError(2, 'no-store', `No store at ${path}: run \`imaging-phd load\` or \`imaging-phd serve\` first (PHD_DATA_DIR=${cfg.dataDir}).`);
  const iri = recordIri(pid, cfg.baseUrl);
  const store = await openStore(cfg);
  try {
    const exports = new ExportService({ store, baseUrl: cfg.baseUrl, mapping: loadNboqMapping });
    const document = await exports.export(format as ExportFormat, iri, {
      variant: variant === 'json' ? 'json' : 'xml',
      ...(args.flags.doi === undefined ? {} : { doi: args.flags.doi }),
    });
    io.out(document.body.trimEnd());
    return 0;
  } catch (error) {
    if (!(error instanceof PhdError) || error.status === 400) throw error;
    io.err(`imaging-phd export: ${error.message}`);
    return 1;
  } finally {
    await store.close();
  }
}
