import type { LoadProgress } from '../records/index.js';
import type { CliIo } from './cli-io.js';

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
