import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../src/parsers/proc-stat.js';

const modern = `cpu  2425 3 2500 2546309 157 1 41 7 5 2
cpu0 802 1 719 1274534 5 0 17 2 3 1
cpu1 1622 2 1781 1271775 152 1 24 5 2 1
intr 354913 0 0 0 0 1 1 15
ctxt 623368
btime 1795638361
processes 4809
procs_running 3
procs_blocked 1
softirq 405757 0 129703 5 6120 29157 0 3 173290 0 67479
`;

describe('parseProcStat', () => {
  it('reads the cpu line and every cpuN line', () => {
    const s = parseProcStat(modern);
    expect(s.total).toEqual({ user: 2425, nice: 3, system: 2500, idle: 2546309, iowait: 157, irq: 1, softirq: 41, steal: 7, guest: 5, guestNice: 2 });
    expect(s.perCpu).toHaveLength(2);
    expect(s.perCpu[1]!.idle).toBe(1271775);
    expect(s.perCpu[0]!.guestNice).toBe(1);
  });
  it('reads btime, ctxt, processes, procs_running, procs_blocked', () => {
    const s = parseProcStat(modern);
    expect(s.btime).toBe(1795638361);
    expect(s.contextSwitches).toBe(623368);
    expect(s.processesForked).toBe(4809);
    expect(s.procsRunning).toBe(3);
    expect(s.procsBlocked).toBe(1);
  });
  it('tolerates old kernels with 4 or 7 cpu columns (missing columns are 0)', () => {
    const s = parseProcStat('cpu 10 20 30 40\ncpu0 10 20 30 40 5 6 7\nbtime 5\n');
    expect(s.total).toEqual({ user: 10, nice: 20, system: 30, idle: 40, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 });
    expect(s.perCpu[0]!.softirq).toBe(7);
    expect(s.perCpu[0]!.steal).toBe(0);
    expect(s.procsRunning).toBe(0);
  });
  it('keeps cpu lines in kernel order when a CPU is offline (cpu0, cpu2)', () => {
    const s = parseProcStat('cpu 1 1 1 1\ncpu0 1 0 0 0\ncpu2 0 1 0 0\n');
    expect(s.perCpu.map((c) => c.user)).toEqual([1, 0]);
    expect(s.cpuIds).toEqual([0, 2]);
  });
  it('survives empty text, missing trailing newline and garbage', () => {
    expect(parseProcStat('').perCpu).toEqual([]);
    expect(parseProcStat('').total.idle).toBe(0);
    const s = parseProcStat('cpu  1 2 3 x\ncpufreq 9\nbtime');
    expect(s.total.idle).toBe(0);
    expect(s.total.system).toBe(3);
    expect(s.perCpu).toEqual([]);
    expect(s.btime).toBe(0);
  });
  it('reads counters beyond 2^32', () => {
    expect(parseProcStat('ctxt 123456789012345\n').contextSwitches).toBe(123456789012345);
  });
});
