/**
 * Measures shared by the store benchmark's parts: quantiles, and a process's memory read from
 * /proc (a Node process's worker threads are threads of that process, so its figures include them).
 */
import { readFileSync } from 'node:fs';

/**
 * The p-quantile of a list of numbers (the value at rank ⌊q·n⌋).
 * @param values - the numbers.
 * @param q - between 0 and 1.
 * @returns the quantile, NaN for an empty list.
 */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/**
 * A field of /proc/<pid>/status in MB: `VmRSS` (resident now) or `VmHWM` (the peak resident size).
 * @param pid - the process.
 * @param field - the field.
 * @returns megabytes, or undefined once the process is gone.
 */
export function procMemoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Follows a process's peak RSS (VmHWM) while it runs: the kernel forgets it when the process
 * exits, so it is read every `intervalMs`; being a high-water mark, a read after the peak sees it.
 * @param pid - the process.
 * @param intervalMs - how often to read.
 * @returns `stop()`, which gives the last peak read, in MB.
 */
export function watchPeakRss(pid: number, intervalMs = 100): { stop: () => number } {
  let peak = 0;
  const read = () => {
    peak = Math.max(peak, procMemoryMb(pid, 'VmHWM') ?? 0);
  };
  const timer = setInterval(read, intervalMs);
  read();
  return { stop: () => { clearInterval(timer); return peak; } };
}
