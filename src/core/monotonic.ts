/**
 * A monotonic clock in milliseconds (arbitrary origin; only differences mean anything). The same clock as
 * `performance.now()`, without it: the first use of the `performance` global loads perf_hooks and a dozen
 * internal modules (~1 ms of a one-shot `top -b -n 1`).
 */
export function monotonicMs(): number {
  const t = process.hrtime();
  return t[0] * 1e3 + t[1] / 1e6;
}
