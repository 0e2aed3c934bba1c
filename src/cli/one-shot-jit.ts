/**
 * Most processes a one-shot scan (ps, top -n 1) reads with V8's optimising compiler (TurboFan) off. A scan of a
 * few hundred processes is over before optimised code pays back the compiling (15-20 ms of CPU on V8's worker
 * threads at 100 processes, for the stat parser and the collector's loop); at 2,000 the two come out even.
 */
export const INTERPRETED_SCAN_MAX = 1000;

/** The flag setter of node:v8, loaded on first use: node:v8 loads node:stream too, ~2 ms a start. */
type SetFlags = (flags: string) => void;
let setFlags: SetFlags | null | undefined;

function v8Flags(): SetFlags | null {
  if (setFlags === undefined) {
    // process.getBuiltinModule is Node 20.16+; an older Node scans with TurboFan on, as a large scan does.
    const v8 = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:v8') : undefined;
    setFlags = v8 ? (flags) => v8.setFlagsFromString(flags) : null;
  }
  return setFlags;
}

/**
 * Run `work` with TurboFan off when `processes` is at most {@link INTERPRETED_SCAN_MAX}, and turn it back on
 * after: the code cache the loader may write at exit is stamped with V8's flags, and must match the next start's.
 * A larger scan does not load node:v8 at all. `work` is told whether TurboFan is off (`interpreted`), for code
 * that has a faster way to do its work in the interpreter (ProcessCollectOptions.interpreted).
 */
export function withSmallScanJit<T>(processes: number, work: (interpreted: boolean) => T): T {
  const set = processes > INTERPRETED_SCAN_MAX ? null : v8Flags();
  if (set === null) return work(false);
  set('--no-turbofan');
  let result: T;
  try {
    result = work(true);
  } catch (err) {
    set('--turbofan');
    throw err;
  }
  if (result instanceof Promise) {
    return result.finally(() => set('--turbofan')) as T;
  }
  set('--turbofan');
  return result;
}
