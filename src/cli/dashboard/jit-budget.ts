import v8 from 'node:v8';

/**
 * V8's default `--interrupt-budget` (bytes of bytecode a function runs between two looks at whether to optimise
 * it), by V8 version: the value the flag is set back to before exit. Only versions listed here are changed.
 */
const DEFAULT_INTERRUPT_BUDGET: Readonly<Record<string, number>> = {
  // Node 20.
  '11.3': 67_584,
};

/**
 * How many times V8's default the dashboard's interrupt budget is. V8 tunes its budget for code that runs
 * continuously; the dashboard runs its code once a second, and with the default budget TurboFan compiled
 * once-a-tick glue (panels, parsers of small /proc files, the reducer) through the first minutes, on its worker
 * threads, at 15-50 ms of compiling a function to save microseconds a tick: at 100 processes that compiling
 * was about twice the main thread's own work over ticks 5 to 35 (callgrind, docs/performance.md). With 8x the
 * budget the per-process loops, which run hundreds of times a tick, still reach TurboFan within a few ticks.
 */
export const DASHBOARD_BUDGET_FACTOR = 8;

/** The default budget of the running V8, or null when it is not known here (the flag is then left alone). */
export function defaultInterruptBudget(v8Version = process.versions.v8): number | null {
  const m = /^(\d+\.\d+)\./.exec(v8Version);
  return m ? (DEFAULT_INTERRUPT_BUDGET[m[1]!] ?? null) : null;
}

/** True when node was started with its own `--interrupt-budget` (command line or NODE_OPTIONS): then it stays. */
function setByUser(): boolean {
  const opts = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  return /--interrupt[-_]budget\b/.test(opts);
}

/**
 * Raise V8's interrupt budget for the life of the dashboard; returns the function that sets it back to the
 * default, to call before exit. V8 stamps a code cache with a hash of its flags (flags at their defaults do not
 * count) and refuses one made under other flags; Node 20's V8 keeps the hash it computed at start, so a cache
 * bin/sysmon writes at exit is accepted either way (checked), but a V8 that recomputes it would stamp the cache
 * with the raised budget and every later start would refuse it. Does nothing (and the returned function
 * nothing) on a V8 whose default is not known, or when the user set the flag.
 */
export function raiseJitBudget(factor = DASHBOARD_BUDGET_FACTOR): () => void {
  const base = defaultInterruptBudget();
  if (base === null || setByUser() || factor === 1) return () => {};
  v8.setFlagsFromString(`--interrupt-budget=${base * factor}`);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    v8.setFlagsFromString(`--interrupt-budget=${base}`);
  };
}
