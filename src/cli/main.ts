import { validateCommand } from './validate-command.js';
import type { CliIo } from './validate-command.js';

const HELP = `imaging-phd — Persistent Hardware Descriptors for microscopy

usage: imaging-phd <command> [options]

commands:
  validate <files|dirs…> [--tier N] [--format text|json]
      Validate Turtle, TriG, N-Triples, N-Quads or JSON-LD against the SHACL shapes.
      Exit 0 when all conform, 1 on violations, 2 on unparsable input.
  help
      Show this text.`;

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

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
  switch (command) {
    case 'validate':
      return validateCommand(rest, io);
    case 'serve':
      io.err('The HTTP service (records, SPARQL, PID dereferencing) is not built yet; this version offers `imaging-phd validate`.');
      return 2;
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
}
