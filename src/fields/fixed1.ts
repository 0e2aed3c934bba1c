/**
 * printf("%.1f") of `v`: its exact binary value rounded to one decimal, an exact tie (8.25 is exactly
 * representable) to even as glibc rounds it; toFixed would round that tie up. One implementation for top's
 * %CPU/%MEM cells and free's scaled sizes.
 *
 * Fast path, without toFixed's call into the runtime (about 1 us), for the values top formats twice for each
 * of thousands of processes every frame: `Math.round(v * 10)` rounds the product, which for 0 <= v < 1e6 is
 * off the exact value by less than 1e-9, so it agrees with the exact rounding unless `v * 10` lies within that
 * of a half; those values go the exact way.
 */
export function fixed1(v: number): string {
  if (v >= 0 && v < 1e6) {
    const t = v * 10;
    if (Math.abs(t - Math.floor(t) - 0.5) >= 1e-6) {
      const n = Math.round(t);
      return `${Math.floor(n / 10)}.${n % 10}`;
    }
  }
  // An exact tie is an odd multiple of 0.25 (the only decimals ending in 5 at the second place that a double
  // holds exactly); the product v * 10 landing on a half proves nothing (0.05 * 10 rounds to 0.5).
  const q = v * 4;
  if (Number.isInteger(q) && q % 2 !== 0) {
    const fl = Math.floor(v * 10);
    const even = fl % 2 === 0 ? fl : fl + 1;
    const s = (Math.abs(even) / 10).toFixed(1);
    return even < 0 || (even === 0 && v < 0) ? `-${s}` : s;
  }
  return v.toFixed(1);
}
