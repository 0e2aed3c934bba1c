import v8 from 'node:v8';

/**
 * Most of the young generation (new space) the dashboard grows to that V8 may keep, bytes. V8 starts the new
 * space small and doubles it whenever much of it survives a scavenge, up to 16 MiB a semi-space (32 MiB
 * resident) on 64-bit: at 2,000 processes the dashboard's tick (thousands of rows built, the snapshot kept)
 * grows it to 16 MiB within a minute, a third of the process's resident memory. Capped here, scavenges come
 * more often and each copies about as much (what survives is the tick in flight), so the CPU cost is small
 * (docs/performance.md has the figures).
 */
export const YOUNG_GENERATION_CAP_BYTES = 4 * 1024 * 1024;

/**
 * Holds V8's new space at about `cap` bytes: growing it is allowed (V8's default factor of 2) while it is
 * smaller, stopped once it has reached the cap (checked once a tick, so a tick that grows it twice may leave
 * it one doubling above until V8 shrinks it, which it does when the allocation rate falls). `--max-semi-space-size`
 * works only on node's command line, and there it would slow every command's start (V8 refuses node's
 * built-in code cache under other flags), so the dashboard steers the growth itself: V8 reads
 * `--semi-space-growth-factor` each time it grows the space, and a factor of 1 makes growing a no-op.
 * Returns the check to call once a tick (a few microseconds; the flag is set only when the side changes), with
 * `restore()` to set V8's default back before exit.
 */
export function youngGenerationCap(cap = YOUNG_GENERATION_CAP_BYTES): (() => void) & { restore(): void } {
  let stopped = false;
  const check = (): void => {
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (space === undefined) return;
    const stop = space.space_size >= cap;
    if (stop === stopped) return;
    stopped = stop;
    v8.setFlagsFromString(`--semi-space-growth-factor=${stop ? 1 : 2}`);
  };
  // Before exit: V8's default back, so the code cache bin/sysmon may write then is stamped with the flags the
  // next start has, on a V8 that hashes its flags again after a change (jit-budget.ts).
  const restore = (): void => {
    if (!stopped) return;
    stopped = false;
    v8.setFlagsFromString('--semi-space-growth-factor=2');
  };
  return Object.assign(check, { restore });
}
