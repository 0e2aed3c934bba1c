/**
 * `v.toFixed(1)`, without toFixed's call into the runtime (about 1 us) for the values top's %CPU and %MEM cells
 * hold: every frame formats two for each of thousands of processes. toFixed rounds the exact binary value of
 * `v`, `Math.round(v * 10)` the rounded product; for 0 <= v < 1e6 the product is off by less than 1e-9, so the
 * two agree unless `v * 10` lies within that of a half, and those values (and any other) go to toFixed.
 */
export function fixed1(v: number): string {
  if (!(v >= 0 && v < 1e6)) return v.toFixed(1);
  const t = v * 10;
  if (Math.abs(t - Math.floor(t) - 0.5) < 1e-6) return v.toFixed(1);
  const n = Math.round(t);
  return `${Math.floor(n / 10)}.${n % 10}`;
}
