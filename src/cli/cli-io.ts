/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress bars redraw in place there, print lines elsewhere). */
  readonly tty?: boolean;
}

/** Parsed arguments: positionals and `--flag value` / `--switch` options. */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Record<string, string>;
}

/**
 * Splits arguments into positionals and flags. Flags listed in `switches` take no value.
 * @param args - the arguments.
 * @param valued - flags that take a value.
 * @returns the parsed arguments; an unknown flag is returned in `flags` with value '' for the caller to refuse.
 */
export function parseArgs(args: readonly string[], valued: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) {
      const [name = '', inline] = arg.slice(2).split('=', 2);
      if (inline !== undefined) flags[name] = inline;
      else if (valued.includes(name)) flags[name] = args[++i] ?? '';
      else flags[name] = 'true';
    } else positionals.push(arg);
  }
  return { positionals, flags };
}

/**
 * The first flag a command does not know, so it can refuse it instead of ignoring it.
 * @param args - parsed arguments.
 * @param known - the flags the command takes (shared flags such as --data-dir included).
 * @returns the unknown flag, or undefined.
 */
export function unknownFlag(args: ParsedArgs, known: readonly string[]): string | undefined {
  return Object.keys(args.flags).find((flag) => !known.includes(flag));
}

/** Refuses an option the command does not take (message on stderr). @returns true when refused. */
export function refuseUnknown(args: ParsedArgs, known: readonly string[], io: CliIo): boolean {
  const flag = unknownFlag(args, known);
  if (flag !== undefined) io.err(`unknown option --${flag} (this command takes ${known.map((k) => `--${k}`).join(', ')})`);
  return flag !== undefined;
}
