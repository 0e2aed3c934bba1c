import type { Snapshot } from '../../../src/core/snapshot.js';
import { proc, snapshot } from '../../tui/snapshot-fixture.js';

/**
 * A machine of `n` processes whose counters move a little every sample, and a few processes that come and go,
 * so key frames and deltas both carry something. Deterministic: sample i is always the same.
 */
export function syntheticSample(i: number, n = 200, t0 = Date.UTC(2026, 0, 2), stepMs = 1000): Snapshot {
  const rows = [];
  for (let k = 0; k < n; k++) {
    // Every 50th process is replaced every 20 samples: new static rows keep appearing.
    const gen = k % 50 === 0 ? Math.floor(i / 20) : 0;
    const pid = 100 + k * 7 + gen * 100_000;
    rows.push(proc(pid, {
      comm: `worker-${k}`,
      starttime: 1000 + k + gen * 2000,
      utime: 10 * k + i * (k % 5),
      stime: k + Math.floor(i / 3),
      minflt: 1000 * k + i * 17,
      rssPages: 1000 + k * 3 + (i % 11),
      state: (i + k) % 13 === 0 ? 'R' : 'S',
      cpuDeltaTicks: k % 5,
      cmdline: [`/usr/lib/app/worker`, `--id=${k}`, `--gen=${gen}`],
    }));
  }
  return snapshot(rows, { time: t0 + i * stepMs });
}
