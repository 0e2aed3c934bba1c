/**
 * Most processes a one-shot scan (ps, top -n 1) reads with V8's optimising compiler (TurboFan) off. A scan of a
 * few hundred processes is over before optimised code pays back the compiling (15-20 ms of CPU on V8's worker
 * threads at 100 processes, for the stat parser and the collector's loop); at 2,000 the two come out even.
 */
export const INTERPRETED_SCAN_MAX = 1000;

/** V8's flag setter, found on first use (see v8Flags). */
type SetFlags = (flags: string) => void;
let setFlags: SetFlags | null | undefined;

/** The part of Node's internal v8 binding used here. */
interface V8Binding {
  setFlagsFromString(flags: string): void;
}

/**
 * V8's flag setter. node:v8 exports it, but loading node:v8 loads node:stream and its graph too: 7.6 M
 * instructions, ~2 ms of a ~100-process `ps aux`, for one call. process.binding('v8') is the same native
 * function without them (0.6 M). It is deprecated (DEP0111) and would print a warning, which is held back for
 * that one call only; where it is gone or refuses, node:v8 is used, and without either (a Node 20 before
 * 20.16 has no process.getBuiltinModule) the scan runs with TurboFan on, as a large scan does.
 */
function v8Flags(): SetFlags | null {
  if (setFlags !== undefined) return setFlags;
  // Both are real properties of process; @types/node 20 does not declare them.
  const proc = process as unknown as { noDeprecation?: boolean; binding(name: string): V8Binding };
  const quiet = proc.noDeprecation;
  try {
    proc.noDeprecation = true;
    const binding = proc.binding('v8');
    if (typeof binding.setFlagsFromString === 'function') {
      setFlags = (flags) => binding.setFlagsFromString(flags);
      return setFlags;
    }
  } catch {
    // removed, or refused (a permission model): below
  } finally {
    proc.noDeprecation = quiet;
  }
  const v8 = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:v8') : undefined;
  setFlags = v8 ? (flags) => v8.setFlagsFromString(flags) : null;
  return setFlags;
}

/**
 * Run `work` with TurboFan off when `processes` is at most {@link INTERPRETED_SCAN_MAX}, and turn it back on
 * after: the code cache the loader may write at exit is stamped with V8's flags, and must match the next start's.
 * A larger scan looks for no flag setter at all. `work` is told whether TurboFan is off (`interpreted`), for code
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
