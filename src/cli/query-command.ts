import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createQueryEngine, databasePath } from '../app/index.js';
import { PhdError } from '../errors/index.js';
import { getLogger } from '../logging/index.js';
import { analyzeQuery } from '../query/index.js';
import type { ResultFormat } from '../query/index.js';
import type { SparqlResults } from '../representation/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { commandConfig } from './command-config.js';
import { textTable } from './text-table.js';

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
  return textTable(vars, (json.results?.bindings ?? []).map((b) => vars.map((v) => b[v]?.value ?? '')));
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
  const cfg = commandConfig(args);
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
