import { PhdError } from '../errors/index.js';
import { parseArgs } from './cli-io.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import type { CliIo } from './cli-io.js';
import { loadCommand } from './load-command.js';
import { mintCommand } from './mint-command.js';
import { pidCommand } from './pid-command.js';
import { queryCommand } from './query-command.js';
import { serveCommand } from './serve-command.js';
import { signinLinkCommand } from './signin-link-command.js';
import { tokenCommand } from './token-command.js';
import { validateCommand } from './validate-command.js';

const HELP = `imaging-phd — Persistent Hardware Descriptors for microscopy

usage: imaging-phd <command> [options]

commands:
  serve [--port N] [--data-dir DIR] [--base-url URL]
      Run the HTTP service (records, SPARQL). An empty store is seeded from data/.
  load <files|dirs…> [--chunk TRIPLES]
      Validate and bulk-load records into the store (PHD_DATA_DIR), with progress and a summary.
      Streams files of any size (.nt .nq .ttl .trig, also gzipped as .gz), committing a chunk of
      records at a time (default 40000 triples); rerun a stopped load with the same files to continue.
  query <sparql|file> [--format table|json|csv|tsv|xml|turtle|ntriples]
      Run a read-only SPARQL query against the store.
  validate <files|dirs…> [--tier N] [--format text|json]
      Validate Turtle, TriG, N-Triples, N-Quads or JSON-LD against the SHACL shapes.
      Exit 0 when all conform, 1 on violations, 2 on unparsable input.
  import micrometa <file|dir…> [--instance <pid>] [--valid-from YYYY-MM-DD] [--pid <doi|handle>]
      Import Micro-Meta App microscope files as hardware configurations of an instance: a changed
      file creates the next version, an unchanged one nothing. Prints the IRI of each record created.
  import ome-xml <file|dir…> [--instance <pid>] [--acquired-on YYYY-MM-DD]
      Import OME-XML (OME-TIFF headers): each Image becomes a dataset acquired with the configuration
      in effect (matched to the Instrument, or a new tier-0 version).
  export micrometa|pidinst|datacite <pid> [--format xml|json] [--doi <doi>]
      Write a record to stdout: a configuration as a Micro-Meta App file, an instance as PIDINST 1.0
      JSON, an instance or configuration as DataCite 4.5 XML (or JSON) for minting a DOI.
  token create --facility <RRID> [--label TEXT] [--expires DATE] | token list | token revoke <id>
      Manage write tokens (stored hashed).
  mint <pid|iri> [--provider datacite|handle] [--pid <pid>] [--publish] [--json]
      Register a PID for an instance or configuration (a local record adopts it as its name; the
      old IRI redirects). Needs PHD_DATACITE_* or PHD_HANDLE_*; stop the service first.
  pid status [<pid>] [--json] | pid retry [<pid>]
      The registrations and their sync with the provider; send failed or dead pushes again.
  signin-link [--person <id>]
      Print a new one-time link to sign in to the workspace: as the administrator, or as a person.
  help
      Show this text.

environment: PORT, PHD_DATA_DIR, PHD_BASE_URL, PHD_ADMIN_TOKEN, PHD_DATACITE_*, PHD_HANDLE_*, LOG_LEVEL (see README.md).
imaging-phd mint --help and imaging-phd pid --help describe those commands.`;

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  tty: process.stderr.isTTY,
};

const VALUED_FLAGS = ['port', 'data-dir', 'base-url', 'format', 'facility', 'label', 'expires', 'tier', 'instance', 'valid-from', 'pid', 'doi', 'acquired-on', 'provider', 'person', 'chunk'];

/**
 * Entry point of the `imaging-phd` command.
 * @param argv - arguments after the program name.
 * @param io - output sinks (stdout/stderr by default).
 * @returns the process exit code.
 * @example
 * process.exitCode = await main(['validate', 'data/']);
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'serve':
        return await serveCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'load':
        return await loadCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'query':
        return await queryCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'import':
        return await importCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'export':
        return await exportCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'token':
        return await tokenCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'mint':
        return await mintCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'pid':
        return await pidCommand(parseArgs(rest, VALUED_FLAGS), io);
      case 'signin-link':
        return await signinLinkCommand(parseArgs(rest, VALUED_FLAGS), io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      default:
        io.err(`unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    if (PhdError.isInstance(error)) {
      const { line, column } = error.details as { line?: number; column?: number };
      const where = line === undefined ? '' : ` (line ${line}, column ${column ?? 1})`;
      io.err(`imaging-phd ${command ?? ''}: ${error.message}${error.message.includes('line ') ? '' : where}`);
      return 2;
    }
    throw error;
  }
}
