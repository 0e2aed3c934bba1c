import { describe, expect, it } from 'vitest';
import { containerNote, cpuAgainstLimit, formatCpus } from '../../src/core/container.js';

const S = 1e9;
const at = (usageNs: number, userNs: number | null = null, systemNs: number | null = null) => ({ usageNs, userNs, systemNs });

describe('CPU against a cgroup limit (pure)', () => {
  it('is the usage delta over what the limit allows in the interval', () => {
    // Half a CPU used for 2 s under a 1.5-CPU limit: a third of the limit.
    const r = cpuAgainstLimit(at(10 * S), at(11 * S), 2, 1.5)!;
    expect(r.cpus).toBeCloseTo(0.5, 9);
    expect(r.percent.busy).toBeCloseTo(100 / 3, 9);
    expect(r.percent.idle).toBeCloseTo(100 - 100 / 3, 9);
    // A fractional limit: 0.4 s of CPU in 1 s under half a CPU is 80 %.
    expect(cpuAgainstLimit(at(0), at(0.4 * S), 1, 0.5)!.percent.busy).toBeCloseTo(80, 9);
  });

  it('clamps an overrun to 100 but keeps the CPUs actually used', () => {
    // CFS lets a cgroup run a little past its quota in a period; the reads are not exactly an interval apart.
    const r = cpuAgainstLimit(at(0), at(0.53 * S), 1, 0.5)!;
    expect(r.percent.busy).toBe(100);
    expect(r.percent.idle).toBe(0);
    expect(r.cpus).toBeCloseTo(0.53, 9);
  });

  it('splits busy between user and system in the counters\' proportion, else all user', () => {
    const r = cpuAgainstLimit(at(0, 0, 0), at(S, 0.75 * S, 0.25 * S), 1, 2)!;
    expect(r.percent.busy).toBeCloseTo(50, 9);
    expect(r.percent.user).toBeCloseTo(37.5, 9);
    expect(r.percent.system).toBeCloseTo(12.5, 9);
    expect(r.percent.nice + r.percent.iowait + r.percent.irq + r.percent.softirq + r.percent.steal).toBe(0);
    const unsplit = cpuAgainstLimit(at(0), at(S), 1, 2)!;
    expect(unsplit.percent.user).toBeCloseTo(50, 9);
    expect(unsplit.percent.system).toBe(0);
    // Ticks that did not move (v1 cpuacct.stat counts in 10 ms steps) leave it all user too.
    expect(cpuAgainstLimit(at(0, 5, 5), at(1000, 5, 5), 1, 1)!.percent.system).toBe(0);
  });

  it('nothing used is 0 %; no share without an interval, a limit, or with a counter that went back', () => {
    expect(cpuAgainstLimit(at(5 * S), at(5 * S), 1, 1)!.percent.busy).toBe(0);
    expect(cpuAgainstLimit(at(0), at(S), 0, 1)).toBeNull();
    expect(cpuAgainstLimit(at(0), at(S), -1, 1)).toBeNull();
    expect(cpuAgainstLimit(at(0), at(S), Number.NaN, 1)).toBeNull();
    expect(cpuAgainstLimit(at(0), at(S), 1, 0)).toBeNull();
    expect(cpuAgainstLimit(at(0), at(S), 1, Number.POSITIVE_INFINITY)).toBeNull();
    // The cgroup was removed and made again: its counter starts over.
    expect(cpuAgainstLimit(at(9 * S), at(S), 1, 1)).toBeNull();
  });

  it('prints a limit the way the header does', () => {
    expect(formatCpus(2)).toBe('2.0 CPUs');
    expect(formatCpus(0.5)).toBe('0.5 CPUs');
    expect(formatCpus(1.5)).toBe('1.5 CPUs');
    expect(formatCpus(0.25)).toBe('0.25 CPUs');
    expect(formatCpus(16)).toBe('16.0 CPUs');
    expect(containerNote({ memoryLimit: null, cpuLimit: 0.25, memoryUsage: null, fileCache: null, inactiveFile: null, shmem: null })).toBe('container: 0.25 CPUs');
  });
});
