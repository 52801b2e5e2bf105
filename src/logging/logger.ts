import type { LogLevel } from '../config/index.js';

/** A structured logger: one JSON object per line on stderr. */
export interface Logger {
  debug: (fields: object, msg?: string) => void;
  info: (fields: object, msg?: string) => void;
  warn: (fields: object, msg?: string) => void;
  error: (fields: object, msg?: string) => void;
  child: (name: string) => Logger;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Creates a logger writing JSON lines (`time`, `level`, `name`, `msg`, fields).
 * @param name - component name.
 * @param level - minimum level written.
 * @param write - sink (stderr by default).
 * @returns the logger.
 */
export function getLogger(name: string, level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>) => (fields: object, msg?: string) => {
    if (RANK[at] < RANK[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: at, name, ...(msg === undefined ? {} : { msg }), ...fields })}\n`);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (sub) => getLogger(`${name}.${sub}`, level, write),
  };
}
