import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/snapshot.js';
import type { CpuPercent, CpuTimes } from '../../src/core/system.js';
import { MetricsStore } from '../../src/store/metrics-store.js';

const zeroTimes: CpuTimes = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
const pct = (busy: number): CpuPercent => ({ user: busy, nice: 0, system: 0, idle: 100 - busy, iowait: 0, irq: 0, softirq: 0, steal: 0, busy });

function snap(i: number, cores = 2, withCpu = true): Snapshot {
  return {
    time: 1000 * i,
    interval: withCpu ? 1 : null,
    uptime: i,
    hz: 100,
    pageSize: 4096,
    stat: { total: zeroTimes, perCpu: Array.from({ length: cores }, () => zeroTimes), cpuIds: Array.from({ length: cores }, (_, i) => i), btime: 0, contextSwitches: 0, processesForked: 0, procsRunning: 0, procsBlocked: 0 },
    cpu: withCpu ? { total: pct(i), perCpu: Array.from({ length: cores }, (_, c) => pct(i + c)) } : null,
    mem: { MemTotal: 1000, MemFree: 100, MemAvailable: 600 - i, Buffers: 10, Cached: 20, SReclaimable: 5, SwapTotal: 50, SwapFree: 40 },
    load: { one: i / 10, five: 0, fifteen: 0, running: 1, total: 1, lastPid: 1 },
    tasks: { total: 0, running: 0, sleeping: 0, stopped: 0, zombie: 0 },
    processes: [],
  };
}

describe('MetricsStore', () => {
  it('sizes every series as retention / interval', () => {
    expect(new MetricsStore({ retentionSeconds: 600, intervalSeconds: 1 }).capacity).toBe(600);
    expect(new MetricsStore({ retentionSeconds: 10, intervalSeconds: 3 }).capacity).toBe(4);
    expect(new MetricsStore({ retentionSeconds: 1e9, intervalSeconds: 0.1, maxPoints: 500 }).capacity).toBe(500);
    expect(() => new MetricsStore({ retentionSeconds: 0, intervalSeconds: 1 })).toThrow(RangeError);
  });
  it('keeps the newest snapshot and the series values of each push', () => {
    const s = new MetricsStore({ retentionSeconds: 5, intervalSeconds: 1 });
    expect(s.latest).toBeNull();
    s.push(snap(1, 2, false));
    s.push(snap(2));
    expect(s.latest!.time).toBe(2000);
    expect(s.series('time').toArray()).toEqual([1000, 2000]);
    const cpu = s.series('cpu').toArray();
    expect(Number.isNaN(cpu[0])).toBe(true);
    expect(cpu[1]).toBe(2);
    expect(s.core(1)!.last()).toBe(3);
    expect(s.series('mem.used').last()).toBe(1000 - 598);
    expect(s.series('mem.cache').last()).toBe(35);
    expect(s.series('mem.available').last()).toBe(598);
    expect(s.series('swap.used').last()).toBe(10);
    expect(s.series('load1').last()).toBeCloseTo(0.2);
  });
  it('stays bounded however many snapshots arrive (wraparound)', () => {
    const s = new MetricsStore({ retentionSeconds: 3, intervalSeconds: 1 });
    for (let i = 1; i <= 1000; i++) s.push(snap(i));
    expect(s.series('time').toArray()).toEqual([998000, 999000, 1000000]);
    expect(s.series('cpu').length).toBe(3);
    expect(s.core(0)!.toArray()).toEqual([998, 999, 1000]);
    expect(s.accepted).toBe(1000);
  });
  it('ignores pushes while frozen and resumes after thawing', () => {
    const s = new MetricsStore({ retentionSeconds: 10, intervalSeconds: 1 });
    s.push(snap(1));
    expect(s.toggleFrozen()).toBe(true);
    expect(s.push(snap(2))).toBe(false);
    expect(s.latest!.time).toBe(1000);
    expect(s.series('time').toArray()).toEqual([1000]);
    s.setFrozen(false);
    expect(s.frozen).toBe(false);
    expect(s.push(snap(3))).toBe(true);
    expect(s.series('time').toArray()).toEqual([1000, 3000]);
  });
  it('pads a CPU that appears later so its series lines up with time', () => {
    const s = new MetricsStore({ retentionSeconds: 10, intervalSeconds: 1 });
    s.push(snap(1, 1));
    s.push(snap(2, 3));
    expect(s.coreCount).toBe(3);
    const c2 = s.core(2)!.toArray();
    expect(c2).toHaveLength(2);
    expect(Number.isNaN(c2[0])).toBe(true);
    expect(c2[1]).toBe(4);
  });
});
