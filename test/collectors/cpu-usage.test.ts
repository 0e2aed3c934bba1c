import { describe, expect, it } from 'vitest';
import type { CpuTimes } from '../../src/core/system.js';
import { cpuPercent } from '../../src/collectors/cpu-usage.js';

const t = (p: Partial<CpuTimes>): CpuTimes => ({ user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0, ...p });

describe('cpuPercent', () => {
  it('divides each mode delta by the total delta, as top does', () => {
    const p = cpuPercent(t({}), t({ user: 20, system: 10, nice: 5, idle: 50, iowait: 5, irq: 4, softirq: 4, steal: 2 }));
    expect(p.user).toBeCloseTo(20);
    expect(p.system).toBeCloseTo(10);
    expect(p.nice).toBeCloseTo(5);
    expect(p.idle).toBeCloseTo(50);
    expect(p.iowait).toBeCloseTo(5);
    expect(p.irq).toBeCloseTo(4);
    expect(p.softirq).toBeCloseTo(4);
    expect(p.steal).toBeCloseTo(2);
    expect(p.busy).toBeCloseTo(45);
  });
  it('does not count guest on top of user (the kernel already includes it)', () => {
    const p = cpuPercent(t({}), t({ user: 50, idle: 50, guest: 40, guestNice: 10 }));
    expect(p.user).toBeCloseTo(50);
    expect(p.idle).toBeCloseTo(50);
  });
  it('uses deltas, not absolute counters', () => {
    const p = cpuPercent(t({ user: 1000, idle: 9000 }), t({ user: 1075, idle: 9025 }));
    expect(p.user).toBeCloseTo(75);
    expect(p.busy).toBeCloseTo(75);
  });
  it('treats a counter that went backwards as 0, never negative', () => {
    const p = cpuPercent(t({ user: 100, idle: 100, iowait: 50 }), t({ user: 150, idle: 150, iowait: 40 }));
    expect(p.iowait).toBe(0);
    expect(p.user).toBeCloseTo(50);
    expect(p.idle).toBeCloseTo(50);
    for (const v of Object.values(p)) expect(v).toBeGreaterThanOrEqual(0);
  });
  it('reads an interval without ticks as 100% idle', () => {
    const same = t({ user: 5, idle: 5 });
    const p = cpuPercent(same, same);
    expect(p.idle).toBe(100);
    expect(p.busy).toBe(0);
    expect(p.user).toBe(0);
  });
});
