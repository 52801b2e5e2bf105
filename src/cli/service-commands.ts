import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadConfig } from '../config/index.js';
import type { Config } from '../config/index.js';
import { parsePid } from '../domain/index.js';
import { PhdError } from '../errors/index.js';
import { getLogger } from '../logging/index.js';
import { createQueryEngine, databasePath, openServices } from '../app/index.js';
import { runningServicePid, startService } from '../main.js';
import type { ResultFormat } from '../query/index.js';
import { analyzeQuery } from '../query/index.js';
import { bulkLoad } from '../records/index.js';
import type { LoadProgress } from '../records/index.js';
import type { SparqlResults } from '../representation/index.js';
import { DATA_DIR } from '../validation/index.js';
import { unknownFlag } from './cli-io.js';
import type { CliIo, ParsedArgs } from './cli-io.js';

/** Refuses an option the command does not take (message on stderr). @returns true when refused. */
export function refuseUnknown(args: ParsedArgs, known: readonly string[], io: CliIo): boolean {
  const flag = unknownFlag(args, known);
  if (flag !== undefined) io.err(`unknown option --${flag} (this command takes ${known.map((k) => `--${k}`).join(', ')})`);
  return flag !== undefined;
}

/** Environment access stays here: config/loadConfig is the only reader of process.env. */
export function config(args: ParsedArgs): Config {
  return loadConfig(process.env, args.flags, { seedDir: DATA_DIR });
}

/**
 * `imaging-phd serve`: runs the HTTP service until SIGTERM/SIGINT.
 * @param args - flags: --port, --data-dir, --base-url.
 * @returns never resolves before shutdown; 0 after a clean shutdown.
 */
export async function serveCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['port', 'data-dir', 'base-url'], io)) return 2;
  const cfg = config(args);
  const logger = getLogger('imaging-phd', cfg.logLevel);
  const service = await startService(cfg, logger);
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

/** A progress bar on stderr (redrawn on a terminal, one line per 10 % elsewhere). */
export function progressReporter(io: CliIo): (p: LoadProgress) => void {
  let lastDecile = -1;
  let lastPhase = '';
  return (p) => {
    const width = 30;
    const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
    const line = `${p.phase.padEnd(8)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${p.done}/${p.total}`;
    if (io.tty === true) {
      process.stderr.write(`\r${line}${p.done === p.total ? '\n' : ''}`);
      return;
    }
    // Not a terminal (CI, logs): one line per phase per 10 %.
    const decile = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
    if (p.phase !== lastPhase || decile !== lastDecile) io.err(line);
    lastPhase = p.phase;
    lastDecile = decile;
  };
}

/**
 * `imaging-phd load <files|dirs…>`: validates and bulk-loads records into PHD_DATA_DIR.
 * @param args - positionals: files or directories.
 * @param io - output.
 * @returns 0 when everything loaded, 1 when some records were rejected, 2 on unusable input.
 */
export async function loadCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['data-dir', 'base-url'], io)) return 2;
  if (args.positionals.length === 0) {
    io.err('usage: imaging-phd load <files|dirs…> [--data-dir DIR]');
    return 2;
  }
  const cfg = config(args);
  const running = runningServicePid(cfg);
  if (running !== undefined) {
    io.err(`The service (pid ${running}) is running on ${cfg.dataDir}: records written behind it would not reach its query index. ` +
      'Stop it first, or send the records to POST /records.');
    return 2;
  }
  const { store, records: service } = await openServices(cfg, getLogger('imaging-phd', cfg.logLevel));
  try {
    const started = Date.now();
    const summary = await bulkLoad(args.positionals, { service, store, progress: progressReporter(io) });
    for (const { iri, issues } of summary.rejected) {
      io.err(`rejected ${iri}:`);
      for (const issue of issues.slice(0, 10)) io.err(`  ${issue.severity}: ${issue.message} (focus node ${issue.focusNode}${issue.path === undefined ? '' : `, path ${issue.path}`})`);
    }
    io.out(`loaded ${summary.records} records (${summary.triples} triples) from ${summary.files} files in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${summary.skippedExisting} already present, ${summary.rejected.length} rejected, ${summary.orphans} triples outside any record`);
    return summary.rejected.length > 0 || summary.orphans > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

/**
 * `imaging-phd token create|list|revoke`.
 * @param args - subcommand and flags.
 * @param io - output.
 * @returns exit code.
 */
export async function tokenCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['facility', 'label', 'expires', 'data-dir'], io)) return 2;
  const [sub, id] = args.positionals;
  const cfg = config(args);
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
        const created = tokens.create({ facility: pid.iri, ...(args.flags.label ? { label: args.flags.label } : {}), ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}) });
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

/** `--format` values and the result format each asks for (a graph query asked for a solution format gets Turtle). */
const QUERY_FORMATS: Readonly<Record<string, ResultFormat>> = {
  json: 'sparql-results+json',
  csv: 'sparql-results+csv',
  tsv: 'sparql-results+tsv',
  xml: 'sparql-results+xml',
  turtle: 'turtle',
  ntriples: 'n-triples',
  table: 'sparql-results+json',
};

function table(json: SparqlResults): string {
  if (json.boolean !== undefined) return String(json.boolean);
  const vars = json.head.vars ?? [];
  const rows = (json.results?.bindings ?? []).map((b) => vars.map((v) => b[v]?.value ?? ''));
  const widths = vars.map((v, i) => Math.min(60, Math.max(v.length, ...rows.map((r) => (r[i] ?? '').length))));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i] ?? 0)).join(' │ ');
  return [fmt(vars), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(fmt), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}

/**
 * `imaging-phd query <sparql|file> [--format table|json|csv|tsv|xml|turtle|ntriples]`: runs a
 * read-only query against the records in PHD_DATA_DIR (default graph = union of the records).
 * @param args - the query text or a file holding it.
 * @param io - output.
 * @returns exit code.
 */
export async function queryCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['format', 'data-dir', 'base-url'], io)) return 2;
  const [input] = args.positionals;
  if (input === undefined) {
    io.err('usage: imaging-phd query <sparql|file> [--format table|json|csv|tsv|xml|turtle|ntriples]');
    return 2;
  }
  const format = args.flags.format ?? 'table';
  const chosen = Object.hasOwn(QUERY_FORMATS, format) ? QUERY_FORMATS[format] : undefined;
  if (chosen === undefined) {
    io.err(`--format takes one of ${Object.keys(QUERY_FORMATS).join(', ')}`);
    return 2;
  }
  const text = existsSync(input) ? await readFile(input, 'utf8') : input;
  const cfg = config(args);
  const analyzed = analyzeQuery(text, { maxResults: cfg.queryMaxResults, baseIri: `${cfg.baseUrl}/sparql` });
  const graphQuery = analyzed.type === 'CONSTRUCT' || analyzed.type === 'DESCRIBE';
  const resultFormat: ResultFormat = graphQuery
    ? (chosen === 'n-triples' ? 'n-triples' : 'turtle')
    : (chosen === 'turtle' || chosen === 'n-triples' ? 'sparql-results+json' : chosen);
  if (cfg.store === 'embedded' && !existsSync(databasePath(cfg))) {
    throw new PhdError(2, 'no-store', `No store at ${databasePath(cfg)}: run \`imaging-phd load\` or \`imaging-phd serve\` first (PHD_DATA_DIR=${cfg.dataDir}).`);
  }
  // The engine /sparql runs, with its checks and limits (time, results, memory), on one worker.
  const engine = await createQueryEngine({ ...cfg, queryWorkers: 1 }, getLogger('imaging-phd', cfg.logLevel));
  let result: string;
  try {
    result = (await engine.query(text, { format: resultFormat })).body;
  } finally {
    await engine.close();
  }
  io.out(format === 'table' && !graphQuery ? table(JSON.parse(result) as SparqlResults) : result.trimEnd());
  return 0;
}
