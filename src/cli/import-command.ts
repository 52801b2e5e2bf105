import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ParseError, PhdError } from '../errors/phd-error.js';
import { MicrometaImporter } from '../importers/micrometa-import.js';
import type { ImportOutcome } from '../importers/micrometa-import.js';
import { loadNboqMapping } from '../importers/nbo-q-mapping.js';
import { openServices, runningServicePid } from '../main.js';
import { parseJson } from '../rdf/parse-json.js';
import type { Principal } from '../store/token-registry.js';
import type { ValidationIssue } from '../validation/validation-report.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { config, progressReporter, refuseUnknown } from './service-commands.js';

const USAGE = 'usage: imaging-phd import micrometa <file|dir…> [--instance <pid>] [--valid-from YYYY-MM-DD] [--pid <doi|handle>]';

/** The operator at the command line writes as the administrator, like `imaging-phd load`. */
const OPERATOR: Principal = { id: 'import', admin: true, facility: undefined };

/** A file that could not be imported, and why. */
interface Rejection {
  readonly source: string;
  readonly reason: string;
  readonly issues: readonly ValidationIssue[];
}

/**
 * The files to import: each file named, and in each directory (recursively, sorted) the files
 * with one of the extensions.
 */
async function inputFiles(paths: readonly string[], extensions: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new PhdError(2, 'not-found', `${path}: no such file or directory`);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    for (const name of (await readdir(path)).filter((n) => !n.startsWith('.')).sort()) {
      const child = join(path, name);
      if ((await stat(child)).isDirectory()) files.push(...(await inputFiles([child], extensions)));
      else if (extensions.some((ext) => name.toLowerCase().endsWith(ext))) files.push(child);
    }
  }
  return files;
}

/** The words of an error for a rejection line. */
function rejectionOf(source: string, error: unknown): Rejection {
  if (error instanceof PhdError) {
    const violations = (error.details as { violations?: ValidationIssue[] } | undefined)?.violations ?? [];
    return { source, reason: error.message, issues: violations };
  }
  throw error;
}

/**
 * `imaging-phd import micrometa <file|dir…>`: imports Micro-Meta App microscope files as hardware
 * configuration versions. Every file is read and parsed before anything is stored, so a malformed
 * file stops the run with its name and position and stores nothing. Then each file creates the
 * next configuration version of its instance, or nothing when the hardware is unchanged, or is
 * rejected with its reasons. Prints the IRI of each configuration created on stdout, one a line;
 * progress, warnings and the summary go to stderr.
 * @param args - `micrometa` and the files; --instance, --valid-from, --pid.
 * @param io - output.
 * @returns 0 when every file was imported or unchanged, 1 when some were rejected, 2 on unusable input.
 */
export async function importCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['instance', 'valid-from', 'pid', 'data-dir', 'base-url'], io)) return 2;
  const [format, ...paths] = args.positionals;
  if (format !== 'micrometa' || paths.length === 0) {
    io.err(format === undefined || format === 'micrometa' ? USAGE : `unknown import format "${format}"\n${USAGE}`);
    return 2;
  }
  for (const flag of ['instance', 'valid-from', 'pid'] as const) {
    if (args.flags[flag] === 'true' || args.flags[flag] === '') {
      io.err(`--${flag} needs a value\n${USAGE}`);
      return 2;
    }
  }
  const cfg = config(args);
  const running = runningServicePid(cfg);
  if (running !== undefined) {
    io.err(`The service (pid ${running}) is running on ${cfg.dataDir}: send the files to POST /import/micrometa instead, or stop it first.`);
    return 2;
  }
  const files = await inputFiles(paths, ['.json']);
  if (files.length === 0) {
    io.err(`no .json files in ${paths.join(', ')}`);
    return 2;
  }
  if (files.length > 1 && args.flags.pid !== undefined) {
    io.err('--pid names one configuration: import one file with it');
    return 2;
  }
  const progress = progressReporter(io);
  const parsed: { source: string; json: unknown }[] = [];
  for (const file of files) {
    try {
      parsed.push({ source: file, json: parseJson(await readFile(file, 'utf8'), file) });
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      io.err(`${file}:${error.line ?? 1}:${error.column ?? 1}: ${error.message.replace(/^.*?: /, '')}`);
      io.err('nothing was imported: fix the file and run the import again.');
      return 2;
    }
    progress({ phase: 'parse', done: parsed.length, total: files.length });
  }

  const { store, service } = openServices(cfg);
  try {
    const importer = new MicrometaImporter({ store, service, baseUrl: cfg.baseUrl, mapping: loadNboqMapping() });
    const outcomes: ImportOutcome[] = [];
    const rejected: Rejection[] = [];
    for (const { source, json } of parsed) {
      try {
        const outcome = await importer.importFile(json, {
          source, principal: OPERATOR,
          ...(args.flags.instance === undefined ? {} : { instance: args.flags.instance }),
          ...(args.flags['valid-from'] === undefined ? {} : { validFrom: args.flags['valid-from'] }),
          ...(args.flags.pid === undefined ? {} : { pid: args.flags.pid }),
        });
        outcomes.push(outcome);
        for (const warning of outcome.warnings) io.err(`${source}: warning: ${warning}`);
        if (outcome.status === 'created') io.out(outcome.iri);
      } catch (error) {
        rejected.push(rejectionOf(source, error));
      }
      progress({ phase: 'write', done: outcomes.length + rejected.length, total: parsed.length });
    }
    for (const { source, reason, issues } of rejected) {
      io.err(`rejected ${source}: ${reason}`);
      for (const issue of issues.slice(0, 10)) io.err(`  ${issue.severity}: ${issue.message} (focus node ${issue.focusNode}${issue.path === undefined ? '' : `, path ${issue.path}`})`);
      if (issues.length > 10) io.err(`  … and ${issues.length - 10} more`);
    }
    const created = outcomes.filter((o) => o.status === 'created');
    const versions = created.filter((o) => o.revises !== undefined).length;
    io.err(`imported ${files.length} file${files.length === 1 ? '' : 's'}: ${created.length - versions} new configuration${created.length - versions === 1 ? '' : 's'}, ` +
      `${versions} new version${versions === 1 ? '' : 's'}, ${outcomes.length - created.length} unchanged, ${rejected.length} rejected`);
    for (const o of outcomes) {
      io.err(`  ${o.status === 'unchanged' ? 'unchanged' : o.revises === undefined ? 'created  ' : 'version  '} ${o.source} → ${o.iri} (version ${o.version} of ${o.instance}, valid from ${o.validFrom}, tier ${o.tier}${o.warnings.length > 0 ? `, ${o.warnings.length} warning${o.warnings.length === 1 ? '' : 's'}` : ''})`);
    }
    return rejected.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
