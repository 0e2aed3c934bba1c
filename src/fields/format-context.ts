import type { Snapshot } from '../core/snapshot.js';
import type { FormatContext } from './registry.js';

/**
 * The facts a snapshot gives every cell. `top` style (top -b and the dashboard): %CPU since the previous tick,
 * sizes scaled as top scales them; `now` defaults to the snapshot's own time; `top` carries top -e and -S.
 */
export function snapshotFormatContext(
  s: Snapshot,
  style: 'ps' | 'top',
  now: number = s.time,
  top: { taskScale?: number; cumulative?: boolean } = {},
): FormatContext {
  // One literal with every field, never `{ ...snapshotFormatContext(...), more }`: TurboFan's code for a spread
  // made a new hidden class on every call, so each frame's context deoptimised every cell function that had
  // seen the previous one (top -b recompiled them frame after frame, ~10 ms of CPU a frame at 2,000 processes).
  return {
    now,
    uptime: s.uptime,
    btime: s.stat.btime,
    hz: s.hz,
    pageSize: s.pageSize,
    memTotal: s.mem.MemTotal ?? 0,
    interval: s.interval,
    cpuCount: Math.max(1, s.stat.perCpu.length),
    style,
    topTaskScale: top.taskScale ?? 0,
    topCumulative: top.cumulative ?? false,
  };
}
