import { getLogger } from '../logging/index.js';
import { readFile } from 'node:fs/promises';
import { ParseError, PhdError } from '../errors/index.js';
import { MicrometaImporter } from '../importers/index.js';
import { loadNboqMapping } from '../importers/index.js';
import { notMappedLine } from '../importers/index.js';
import { parseOmeXml } from '../importers/index.js';
import { OmeXmlImporter } from '../importers/index.js';
import { openServices } from '../app/index.js';
import type { StoreServices } from '../app/index.js';
import { runningServicePid } from '../main.js';
import { parseJson } from '../rdf/index.js';
import { filesUnder } from '../records/index.js';
import { adminPrincipal } from '../domain/index.js';
import type { PlannedComponent, PlannedRecord } from '../importers/index.js';
import type { ValidationIssue } from '../validation/index.js';
import { describeIssues } from '../workspace/index.js';
import type { CliIo, ParsedArgs } from './cli-io.js';
import { refuseUnknown } from './cli-io.js';
import { commandConfig } from './command-config.js';
import { progressReporter } from './progress-reporter.js';

const USAGE = 'usage: imaging-phd import micrometa <file|dir…> [--instance <pid>] [--valid-from YYYY-MM-DD] [--pid <doi|handle>] [--dry-run]\n       imaging-phd import ome-xml <file|dir…> [--instance <pid>] [--acquired-on YYYY-MM-DD] [--no-new-version] [--dry-run]';

/** The operator at the command line writes as the administrator, like `imaging-phd load`. */
const OPERATOR = adminPrincipal('import');

/** A file that could not be imported, and why. */
interface Rejection {
  readonly source: string;
  readonly reason: string;
  readonly issues: readonly ValidationIssue[];
}

/** The words of an error for a rejection line. */
function rejectionOf(source: string, error: unknown): Rejection {
  if (error instanceof PhdError) {
    const violations = (error.details as { violations?: ValidationIssue[] } | undefined)?.violations ?? [];
    return { source, reason: error.message, issues: violations };
  }
  throw error;
}

/** What one format's import does with the files, after all were parsed. */
interface FormatImport {
  /** Parses a file, throwing ParseError with its position (nothing is stored before all files parsed). */
  readonly parse: (text: string, source: string) => unknown;
  /** Imports one parsed file; returns the IRIs of the records created and a summary line. */
  readonly run: (parsed: unknown, text: string, source: string) => Promise<{ created: string[]; line: string; warnings: readonly string[]; tally: string[]; notice?: readonly string[]; notMapped?: readonly string[] }>;
  /** The summary of all files' tallies. */
  readonly summary: (tallies: readonly string[]) => string;
  /** The dry run of one parsed file: what it would store, in lines, and whether it would import cleanly. */
  readonly plan: (parsed: unknown, text: string, source: string) => Promise<{ lines: string[]; clean: boolean }>;
}

/** The lines of a plan's validation issues, in words. */
function issueLines(issues: readonly ValidationIssue[], records: readonly PlannedRecord[]): string[] {
  if (issues.length === 0) return ['  validation: no issues'];
  const quads = records.flatMap((r) => r.quads);
  return [`  validation: ${plural(issues.length, 'issue')} — fix ${issues.length === 1 ? 'it' : 'them'} and run the import again:`, ...describeIssues(issues, quads).map((w) => `    ${w.severity === 'Violation' ? '' : `${w.severity.toLowerCase()}: `}${w.text}`)];
}

/** The lines of a plan's components. */
function componentLines(components: readonly PlannedComponent[]): string[] {
  return components.map((c) => `    ${c.kind} “${c.label}”${c.fields.length === 0 ? '' : `: ${c.fields.filter((f) => f.name !== 'identifier').slice(0, 6).map((f) => `${f.name} ${f.value}`).join('; ')}`}`);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function counted(tallies: readonly string[], key: string): number {
  return tallies.filter((t) => t === key).length;
}

function formats(args: ParsedArgs, store: StoreServices['store'], service: StoreServices['records'], baseUrl: string): Record<'micrometa' | 'ome-xml', () => FormatImport> {
  const flag = (name: string) => args.flags[name];
  const micrometaOptions = (source: string) => ({
    source, principal: OPERATOR,
    ...(flag('instance') === undefined ? {} : { instance: flag('instance') }),
    ...(flag('valid-from') === undefined ? {} : { validFrom: flag('valid-from') }),
    ...(flag('pid') === undefined ? {} : { pid: flag('pid') }),
  });
  const omeOptions = (source: string) => ({
    source, principal: OPERATOR,
    ...(flag('instance') === undefined ? {} : { instance: flag('instance') }),
    ...(flag('acquired-on') === undefined ? {} : { acquiredOn: flag('acquired-on') }),
    allowNewVersion: flag('no-new-version') === undefined,
  });
  return {
    micrometa: () => {
      const importer = new MicrometaImporter({ store, service, baseUrl, mapping: loadNboqMapping() });
      return {
        parse: (text, source) => parseJson(text, source),
        run: async (json, _text, source) => {
          const o = await importer.importFile(json, micrometaOptions(source));
          const what = o.status === 'unchanged' ? 'unchanged' : o.revises === undefined ? 'created  ' : 'version  ';
          return {
            created: o.status === 'created' ? [o.iri] : [],
            warnings: o.warnings,
            notMapped: o.notMapped.map(notMappedLine),
            tally: [o.status === 'unchanged' ? 'unchanged' : o.revises === undefined ? 'configuration' : 'version'],
            line: `${what} ${source} → ${o.iri} (version ${o.version} of ${o.instance}, valid from ${o.validFrom}, tier ${o.tier}${o.warnings.length > 0 ? `, ${plural(o.warnings.length, 'warning')}` : ''})`,
          };
        },
        summary: (t) => `${plural(counted(t, 'configuration'), 'new configuration')}, ${plural(counted(t, 'version'), 'new version')}, ${counted(t, 'unchanged')} unchanged`,
        plan: async (json, _text, source) => {
          const p = await importer.planFile(json, micrometaOptions(source));
          if (p.status === 'unchanged') {
            return { clean: true, lines: [`${source}: unchanged — ${p.iri ?? p.instance} (version ${p.version}) already describes this hardware; nothing would be stored.`] };
          }
          const what = p.revises === undefined ? `the first configuration of ${p.instance}` : `version ${p.version} of ${p.instance}, revising ${p.revises}`;
          return {
            clean: p.conforms,
            lines: [
              `${source}: would create ${p.iri ?? 'a new configuration'}: ${what}, valid from ${p.validFrom}, tier ${p.tier}, ${plural(p.components.length, 'component')}:`,
              ...componentLines(p.components),
              ...(p.revises === undefined ? [] : p.changes.length === 0 ? ['  changes: none field by field (the file differs in names or tier)'] : ['  changes from the version in effect:', ...p.changes.map((line) => `    ${line}`)]),
              ...issueLines(p.issues, p.records),
              ...p.warnings.map((w) => `  warning: ${w}`),
              ...p.notMapped.map((n) => `  ${notMappedLine(n)}`),
            ],
          };
        },
      };
    },
    'ome-xml': () => {
      const importer = new OmeXmlImporter({ store, service, baseUrl, mapping: loadNboqMapping() });
      return {
        parse: (text, source) => parseOmeXml(text, source),
        run: async (_parsed, text, source) => {
          const o = await importer.importDocument(text, omeOptions(source));
          const created = [...o.configurations.filter((c) => c.status === 'created').map((c) => c.iri), ...o.datasets.filter((d) => d.status === 'created').map((d) => d.iri)];
          const configurations = o.configurations.map((c) => `${c.status === 'created' ? 'new configuration version' : 'configuration'} ${c.iri}`).join(', ');
          const fresh = o.datasets.filter((d) => d.status === 'created').length;
          return {
            created,
            // A new configuration version is said first, with its field-level changes.
            notice: o.notice === undefined ? [] : [o.notice, ...o.configurations.flatMap((c) => c.changes.map((line) => `  ${line}`))],
            notMapped: o.notMapped.map(notMappedLine),
            warnings: o.warnings,
            tally: [...o.configurations.map((c) => (c.status === 'created' ? 'version' : 'matched')), ...o.datasets.map((d) => (d.status === 'created' ? 'dataset' : 'existing'))],
            line: `imported  ${source} → ${plural(fresh, 'dataset')} (${o.datasets.length - fresh} already imported)${configurations === '' ? '' : `; ${configurations}`}`,
          };
        },
        summary: (t) => `${plural(counted(t, 'dataset'), 'new dataset')}, ${counted(t, 'existing')} already imported, ` +
          `${plural(counted(t, 'matched'), 'instrument')} matched to a configuration, ${plural(counted(t, 'version'), 'new configuration version')}`,
        plan: async (_parsed, text, source) => {
          const p = await importer.planDocument(text, omeOptions(source));
          const fresh = p.datasets.filter((d) => d.status === 'created');
          return {
            clean: p.conforms,
            lines: [
              `${source}: would create ${plural(fresh.length, 'dataset')} (${p.datasets.length - fresh.length} already imported)`,
              ...p.datasets.map((d) => `    ${d.status === 'created' ? 'new     ' : 'existing'} “${d.title}”, acquired ${d.acquired}`),
              ...p.configurations.flatMap((c) => (c.status === 'matched'
                ? [`  Instrument ${c.instrument}: unchanged — matches ${c.iri}; no new hardware version`]
                : [
                    `  Instrument ${c.instrument}: a new hardware version of ${c.instance}, valid from ${c.validFrom}${c.revises === undefined ? '' : `, revising ${c.revises}`}:`,
                    ...componentLines(c.components),
                    ...c.changes.map((line) => `    ${line}`),
                  ])),
              ...issueLines(p.issues, p.records),
              ...p.warnings.map((w) => `  warning: ${w}`),
            ],
          };
        },
      };
    },
  };
}

/**
 * `--dry-run`: each file's plan on stdout — what would be created, the issues in words, the changes
 * from the version in effect or "unchanged" — and nothing stored.
 * @param handler - the format's import.
 * @param parsed - the files, parsed.
 * @param io - output.
 * @returns 0 when every file would import cleanly, 1 otherwise.
 */
async function dryRun(handler: FormatImport, parsed: readonly { source: string; text: string; value: unknown }[], io: CliIo): Promise<number> {
  let failed = 0;
  for (const { source, text, value } of parsed) {
    try {
      const { lines, clean } = await handler.plan(value, text, source);
      for (const line of lines) io.out(line);
      if (!clean) failed += 1;
    } catch (error) {
      const { reason } = rejectionOf(source, error);
      io.out(`${source}: would be rejected: ${reason}`);
      failed += 1;
    }
  }
  io.err(`dry run of ${plural(parsed.length, 'file')}: nothing was stored; ${failed === 0 ? 'every file would import cleanly' : `${plural(failed, 'file')} would not import — fix ${failed === 1 ? 'it' : 'them'} first`}.`);
  return failed === 0 ? 0 : 1;
}

/**
 * `imaging-phd import micrometa|ome-xml <file|dir…>`: imports Micro-Meta App microscope files as
 * hardware configuration versions, or OME-XML documents as datasets acquired with a
 * configuration. Every file is read and parsed before anything is stored, so a malformed file
 * stops the run with its name and position and stores nothing. Then each file is imported on its
 * own (one transaction each), or rejected with its reasons. Prints the IRI of each record created
 * on stdout, one a line; progress, a new configuration version's notice (first), warnings, the
 * OME-XML "not mapped" lines and the summary go to stderr. `--no-new-version` (OME-XML) rejects a
 * file that would create a configuration version. `--dry-run` prints what each file would store
 * (see {@link dryRun}) and stores nothing.
 * @param args - the format and the files; --instance, --valid-from, --pid (Micro-Meta App), --acquired-on (OME-XML).
 * @param io - output.
 * @returns 0 when every file was imported (or unchanged), 1 when some were rejected, 2 on unusable input.
 */
export async function importCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (refuseUnknown(args, ['instance', 'valid-from', 'pid', 'acquired-on', 'no-new-version', 'dry-run', 'data-dir', 'base-url'], io)) return 2;
  if (args.flags['dry-run'] !== undefined && args.flags['dry-run'] !== 'true') {
    io.err(`--dry-run takes no value\n${USAGE}`);
    return 2;
  }
  const [format, ...paths] = args.positionals;
  if ((format !== 'micrometa' && format !== 'ome-xml') || paths.length === 0) {
    io.err(format === undefined || format === 'micrometa' || format === 'ome-xml' ? USAGE : `unknown import format "${format}"\n${USAGE}`);
    return 2;
  }
  const own = format === 'micrometa' ? ['instance', 'valid-from', 'pid'] : ['instance', 'acquired-on', 'no-new-version'];
  const noNewVersion = args.flags['no-new-version'];
  if (noNewVersion !== undefined && format === 'ome-xml' && noNewVersion !== 'true') {
    io.err(`--no-new-version takes no value\n${USAGE}`);
    return 2;
  }
  for (const name of ['instance', 'valid-from', 'pid', 'acquired-on', 'no-new-version']) {
    const value = args.flags[name];
    if (value === undefined) continue;
    if (!own.includes(name)) {
      io.err(`--${name} does not apply to ${format} imports\n${USAGE}`);
      return 2;
    }
    if (name !== 'no-new-version' && (value === 'true' || value === '')) {
      io.err(`--${name} needs a value\n${USAGE}`);
      return 2;
    }
  }
  const cfg = commandConfig(args);
  const running = runningServicePid(cfg);
  if (running !== undefined) {
    io.err(`The service (pid ${running}) is running on ${cfg.dataDir}: send the files to POST /import/${format} instead, or stop it first.`);
    return 2;
  }
  const extensions = format === 'micrometa' ? ['.json'] : ['.xml', '.ome'];
  const files = await filesUnder(paths, (name) => extensions.some((ext) => name.toLowerCase().endsWith(ext)));
  if (files.length === 0) {
    io.err(`no ${extensions.join(' or ')} files in ${paths.join(', ')}`);
    return 2;
  }
  if (files.length > 1 && args.flags.pid !== undefined) {
    io.err('--pid names one configuration: import one file with it');
    return 2;
  }

  const { store, records: service } = await openServices(cfg, getLogger('imaging-phd', cfg.logLevel));
  try {
    const handler = formats(args, store, service, cfg.baseUrl)[format]();
    const progress = progressReporter(io);
    const parsed: { source: string; text: string; value: unknown }[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      try {
        parsed.push({ source: file, text, value: handler.parse(text, file) });
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        io.err(`${file}:${error.line ?? 1}:${error.column ?? 1}: ${error.message.replace(/^.*?: /, '')}`);
        io.err('nothing was imported: fix the file and run the import again.');
        return 2;
      }
      progress({ phase: 'parse', done: parsed.length, total: files.length });
    }
    if (args.flags['dry-run'] !== undefined) return await dryRun(handler, parsed, io);
    const lines: string[] = [];
    const tallies: string[] = [];
    const rejected: Rejection[] = [];
    for (const { source, text, value } of parsed) {
      try {
        const outcome = await handler.run(value, text, source);
        for (const line of outcome.notice ?? []) io.err(line.startsWith(' ') ? line : `notice: ${line}`);
        for (const warning of outcome.warnings) io.err(`${source}: warning: ${warning}`);
        for (const line of outcome.notMapped ?? []) io.err(`${source}: ${line}`);
        for (const iri of outcome.created) io.out(iri);
        lines.push(outcome.line);
        tallies.push(...outcome.tally);
      } catch (error) {
        rejected.push(rejectionOf(source, error));
      }
      progress({ phase: 'write', done: lines.length + rejected.length, total: parsed.length });
    }
    for (const { source, reason, issues } of rejected) {
      io.err(`rejected ${source}: ${reason}`);
      for (const issue of issues.slice(0, 10)) io.err(`  ${issue.severity}: ${issue.message} (focus node ${issue.focusNode}${issue.path === undefined ? '' : `, path ${issue.path}`})`);
      if (issues.length > 10) io.err(`  … and ${issues.length - 10} more`);
    }
    io.err(`imported ${plural(files.length, 'file')}: ${handler.summary(tallies)}, ${rejected.length} rejected`);
    for (const line of lines) io.err(`  ${line}`);
    return rejected.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
