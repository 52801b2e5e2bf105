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

const n = (value: number): string => Math.round(value).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Progress of a streaming load on stderr: bytes read of the files (compressed bytes for gzip),
 * triples read, records committed, rate and an estimate of the time left. Redrawn at most four
 * times a second on a terminal; elsewhere (CI, logs) one line every ten seconds at most (and the
 * first report at once).
 * @param io - where to write.
 * @param now - the clock, in ms.
 * @returns the progress callback.
 */
export function loadProgressReporter(io: CliIo, now: () => number = Date.now): (p: LoadProgress) => void {
  const started = now();
  let last = -Infinity;
  return (p) => {
    const t = now();
    if (t - last < (io.tty === true ? 250 : 10_000)) return;
    last = t;
    const seconds = (t - started) / 1000;
    const fraction = p.total === 0 ? 1 : p.done / p.total;
    const rate = seconds > 0 ? (p.triples ?? 0) / seconds : 0;
    const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Infinity;
    const line = `load ${(fraction * 100).toFixed(1).padStart(5)}% ${n(p.triples ?? 0)} triples read, ${n(p.records ?? 0)} records committed, ${n(rate)} triples/s, ETA ${duration(eta)}`;
    // The last line is the structured log line of the command; a terminal's redrawn line is ended by it.
    if (io.tty === true) process.stderr.write(`\r${line}`);
    else io.err(line);
  };
}
