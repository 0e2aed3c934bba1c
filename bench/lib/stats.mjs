// Small statistics helpers for the benchmark: medians and ratios, never means of noisy wall times.

/** Median of a list of numbers; null for an empty list. */
export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** a / b, or null when either is missing or b is zero. */
export function ratio(a, b) {
  if (a == null || b == null || b === 0) return null;
  return a / b;
}

/** Round to `digits` decimals, keeping null. */
export function round(x, digits = 2) {
  if (x == null || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
