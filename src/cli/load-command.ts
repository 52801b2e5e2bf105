import { openServices } from '../app/index.js';
import { getLogger } from '../logging/index.js';
import { runningServicePid } from '../main.js';
import { bulkLoad } from '../records/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { commandConfig } from './command-config.js';
import { loadProgressReporter } from './progress-reporter.js';

/**
 * `imaging-phd load <files|dirs…>`: validates and bulk-loads records into PHD_DATA_DIR.
 * @param args - positionals: files or directories.
 * @param io - output.
 * @returns 0 when everything loaded, 1 when some records were rejected, 2 on unusable input.
 */
export async function loadCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['data-dir', 'base-url', 'chunk'], io)) return 2;
  const chunk = args.flags.chunk === undefined ? undefined : Number(args.flags.chunk);
  if (chunk !== undefined && !(Number.isInteger(chunk) && chunk > 0)) {
    io.err('--chunk takes a number of triples per transaction (a positive integer)');
    return 2;
  }
  if (args.positionals.length === 0) {
    io.err('usage: imaging-phd load <files|dirs…> [--data-dir DIR] [--chunk TRIPLES]');
    return 2;
  }
  const cfg = commandConfig(args);
  const running = runningServicePid(cfg);
  if (running !== undefined) {
    io.err(`The service (pid ${running}) is running on ${cfg.dataDir}: records written behind it would not reach its query index. ` +
      'Stop it first, or send the records to POST /records.');
    return 2;
  }
  const logger = getLogger('imaging-phd', cfg.logLevel);
  const { store, records: service } = await openServices(cfg, logger);
  try {
    const started = Date.now();
    const summary = await bulkLoad(args.positionals, { service, store, progress: loadProgressReporter(io), validatorHeapMb: cfg.validatorHeapMb, ...(chunk === undefined ? {} : { chunkTriples: chunk }) });
    const seconds = (Date.now() - started) / 1000;
    if (io.tty === true) process.stderr.write('\n');
    logger.info({
      files: summary.files, records: summary.records, triples: summary.triples, skippedExisting: summary.skippedExisting,
      rejected: summary.rejected.length, orphans: summary.orphans, seconds, triplesPerSecond: Math.round(summary.triples / Math.max(seconds, 0.001)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }, 'load finished');
    for (const { iri, issues } of summary.rejected) {
      io.err(`rejected ${iri}:`);
      for (const issue of issues.slice(0, 10)) io.err(`  ${issue.severity}: ${issue.message} (focus node ${issue.focusNode}${issue.path === undefined ? '' : `, path ${issue.path}`})`);
    }
    io.out(`loaded ${summary.records} records (${summary.triples} triples) from ${summary.files} files in ${seconds.toFixed(1)} s; ` +
      `${summary.skippedExisting} already present, ${summary.rejected.length} rejected, ${summary.orphans} triples outside any record`);
    return summary.rejected.length > 0 || summary.orphans > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
