import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Quad } from 'n3';
import { ParseError, PhdError } from '../errors/index.js';
import { parseRdf } from '../rdf/index.js';
import { rdfFiles } from '../records/index.js';
import { formatFromPath } from '../rdf/index.js';
import { RecordValidator } from '../validation/index.js';
import { TIERS } from '../validation/index.js';
import type { Tier } from '../validation/index.js';
import type { ValidationIssue } from '../validation/index.js';

import { unknownFlag } from './cli-io.js';
import type { CliIo, ParsedArgs } from './cli-io.js';

/** Exit codes of `validate`: all conform, violations found, input unusable. */
export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_UNUSABLE = 2;

const USAGE = 'usage: imaging-phd validate <files|dirs…> [--tier 1|2|3] [--format text|json]';

function formatIssue(issue: ValidationIssue): string {
  const path = issue.path === undefined ? '' : `\n    path: ${issue.path}`;
  const value = issue.value === undefined ? '' : `\n    value: ${issue.value}`;
  return `${issue.severity}: ${issue.message}\n    focus node: ${issue.focusNode}${path}${value}`;
}

/**
 * `imaging-phd validate`: parses the files (Turtle, TriG, N-Triples, N-Quads, JSON-LD) and validates
 * them together against shapes/, each configuration at its declared tier (or `--tier`).
 *
 * @param args - parsed arguments: paths, --tier, --format.
 * @param io - output sinks.
 * @returns the exit code: 0 conforms, 1 violations, 2 unparsable input or bad usage.
 */
export async function validateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const flag = unknownFlag(args, ['tier', 'format']);
  if (flag !== undefined) {
    io.err(`unknown option --${flag}\n${USAGE}`);
    return EXIT_UNUSABLE;
  }
  const paths = args.positionals;
  let tier: Tier | undefined;
  if (args.flags.tier !== undefined) {
    const value = Number(args.flags.tier);
    if (!(TIERS as readonly number[]).includes(value)) {
      io.err(`--tier takes 1, 2 or 3\n${USAGE}`);
      return EXIT_UNUSABLE;
    }
    tier = value as Tier;
  }
  const format = args.flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.err(`--format takes text or json\n${USAGE}`);
    return EXIT_UNUSABLE;
  }
  if (paths.length === 0) {
    io.err(USAGE);
    return EXIT_UNUSABLE;
  }

  const quads: Quad[] = [];
  try {
    const files = await rdfFiles(paths);
    for (const file of files) {
      const rdfFormat = formatFromPath(file);
      if (rdfFormat === undefined) {
        io.err(`${file}: unknown file type (use .ttl, .trig, .nt, .nq, .jsonld or .json)`);
        return EXIT_UNUSABLE;
      }
      const source = relative(process.cwd(), file) || file;
      for (const q of await parseRdf(await readFile(file, 'utf8'), rdfFormat, { source })) quads.push(q);
    }
  } catch (error) {
    if (error instanceof ParseError) {
      const { file, line, column } = { file: '', ...error.details } as { file?: string; line?: number; column?: number };
      const where = line === undefined ? '' : `:${line}:${column ?? 1}`;
      const prefix = /^([^:]+): /.exec(error.message)?.[1] ?? file ?? '';
      io.err(`${prefix}${where}: ${error.message.replace(/^[^:]+: /, '')}`);
      return EXIT_UNUSABLE;
    }
    if (PhdError.isInstance(error)) {
      io.err(error.message);
      return EXIT_UNUSABLE;
    }
    throw error;
  }

  if (quads.length === 0) {
    // An empty document is almost always a mistake (a truncated download, `null` as JSON-LD).
    io.err(`${paths.join(', ')}: no triples to validate`);
    return EXIT_UNUSABLE;
  }
  // Offline: the files are all there is, so a link to a record they lack is missing from them.
  const report = await new RecordValidator().validate(quads, tier === undefined ? { references: 'given' } : { tier, references: 'given' });
  if (format === 'json') {
    io.out(JSON.stringify({ conforms: report.conforms, triples: quads.length, violations: report.issues }, null, 2));
  } else {
    for (const issue of report.issues) io.out(formatIssue(issue));
    io.out(report.conforms
      ? `conforms: ${quads.length} triples checked, no violations`
      : `does not conform: ${report.issues.filter((i) => i.severity === 'Violation').length} violation(s) in ${quads.length} triples`);
  }
  return report.conforms ? EXIT_OK : EXIT_VIOLATIONS;
}
