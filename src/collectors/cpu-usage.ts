import type { CpuPercent, CpuTimes } from '../core/system.js';

/**
 * CPU use between two /proc/stat samples, as top computes its `%Cpu(s)` line (procps-ng top.c): the delta of
 * each mode (user, system, nice, idle, iowait, irq, softirq, steal) over the delta of their sum.
 *
 * guest and guest_nice are already counted inside user and nice by the kernel, so they are not added again.
 * A counter that went backwards (CPU hot-unplug, a buggy hypervisor, iowait which the kernel does not keep
 * monotonic) counts as 0 for the interval rather than a negative share (classic top's TRIMz); the other modes
 * keep their deltas. (libproc2 instead drops the whole interval of that CPU, showing it 100 % idle for one
 * tick; a momentary iowait dip should not blank a busy CPU.) An interval with no ticks at all reads as
 * 100 % idle, as top shows it.
 */
export function cpuPercent(prev: CpuTimes, cur: CpuTimes): CpuPercent {
  const user = trim(cur.user - prev.user);
  const nice = trim(cur.nice - prev.nice);
  const system = trim(cur.system - prev.system);
  let idle = trim(cur.idle - prev.idle);
  const iowait = trim(cur.iowait - prev.iowait);
  const irq = trim(cur.irq - prev.irq);
  const softirq = trim(cur.softirq - prev.softirq);
  const steal = trim(cur.steal - prev.steal);
  let total = user + nice + system + idle + iowait + irq + softirq + steal;
  if (total < 1) idle = total = 1;
  const scale = 100 / total;
  const idlePct = idle * scale;
  const iowaitPct = iowait * scale;
  return {
    user: user * scale,
    nice: nice * scale,
    system: system * scale,
    idle: idlePct,
    iowait: iowaitPct,
    irq: irq * scale,
    softirq: softirq * scale,
    steal: steal * scale,
    busy: Math.max(0, 100 - idlePct - iowaitPct),
  };
}

function trim(delta: number): number {
  return delta > 0 ? delta : 0;
}
