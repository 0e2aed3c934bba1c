import type { Snapshot } from '../core/snapshot.js';
import type { FormatContext } from './registry.js';

/**
 * The facts a snapshot gives every cell. `top` style (top -b and the dashboard): %CPU since the previous tick,
 * sizes scaled as top scales them; `now` defaults to the snapshot's own time.
 */
export function snapshotFormatContext(s: Snapshot, style: 'ps' | 'top', now: number = s.time): FormatContext {
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
  };
}
