import v8 from 'node:v8';

/**
 * Most processes a one-shot scan (ps, top -n 1) reads with V8's optimising compiler (TurboFan) off. A scan of a
 * few hundred processes is over before optimised code pays back the compiling (15-20 ms of CPU on V8's worker
 * threads at 100 processes, for the stat parser and the collector's loop); at 2,000 the two come out even.
 */
export const INTERPRETED_SCAN_MAX = 1000;

/**
 * Run `work` with TurboFan off when `processes` is at most {@link INTERPRETED_SCAN_MAX}, and turn it back on
 * after: the code cache the loader may write at exit is stamped with V8's flags, and must match the next start's.
 */
export function withSmallScanJit<T>(processes: number, work: () => T): T {
  if (processes > INTERPRETED_SCAN_MAX) return work();
  v8.setFlagsFromString('--no-turbofan');
  let result: T;
  try {
    result = work();
  } catch (err) {
    v8.setFlagsFromString('--turbofan');
    throw err;
  }
  if (result instanceof Promise) {
    return result.finally(() => v8.setFlagsFromString('--turbofan')) as T;
  }
  v8.setFlagsFromString('--turbofan');
  return result;
}
