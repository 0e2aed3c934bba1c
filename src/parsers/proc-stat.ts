import type { CpuTimes, ProcStat } from '../core/system.js';

/**
 * Parser for /proc/stat (proc(5)): the aggregate `cpu` line, one `cpuN` line per online CPU, and the
 * `btime`, `ctxt`, `processes`, `procs_running`, `procs_blocked` lines. Other lines (intr, softirq) are skipped.
 *
 * Old kernels print fewer cpu columns (steal since 2.6.11, guest since 2.6.24, guest_nice since 2.6.33);
 * a missing column reads as 0. Per-CPU lines are indexed by their number, so an offline CPU in the middle
 * (`cpu0`, `cpu2`) leaves no hole: perCpu holds the lines in the order the kernel printed them, and cpuIds
 * their numbers.
 */
export function parseProcStat(text: string): ProcStat {
  const out: ProcStat = {
    total: emptyCpuTimes(),
    perCpu: [],
    cpuIds: [],
    btime: 0,
    contextSwitches: 0,
    processesForked: 0,
    procsRunning: 0,
    procsBlocked: 0,
  };
  let start = 0;
  const len = text.length;
  while (start < len) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = len;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.startsWith('cpu')) {
      const sp = line.indexOf(' ');
      if (sp < 0) continue;
      const name = line.slice(0, sp);
      const times = parseCpuColumns(line.slice(sp + 1));
      if (name === 'cpu') out.total = times;
      else if (/^cpu\d+$/.test(name)) {
        out.perCpu.push(times);
        out.cpuIds.push(Number(name.slice(3)));
      }
      continue;
    }
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    const key = line.slice(0, sp);
    switch (key) {
      case 'btime':
        out.btime = num(line.slice(sp + 1));
        break;
      case 'ctxt':
        out.contextSwitches = num(line.slice(sp + 1));
        break;
      case 'processes':
        out.processesForked = num(line.slice(sp + 1));
        break;
      case 'procs_running':
        out.procsRunning = num(line.slice(sp + 1));
        break;
      case 'procs_blocked':
        out.procsBlocked = num(line.slice(sp + 1));
        break;
      default:
        break;
    }
  }
  return out;
}

/** All-zero CPU counters. */
export function emptyCpuTimes(): CpuTimes {
  return { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
}

function parseCpuColumns(rest: string): CpuTimes {
  const c = rest.trim().split(/\s+/);
  return {
    user: num(c[0]),
    nice: num(c[1]),
    system: num(c[2]),
    idle: num(c[3]),
    iowait: num(c[4]),
    irq: num(c[5]),
    softirq: num(c[6]),
    steal: num(c[7]),
    guest: num(c[8]),
    guestNice: num(c[9]),
  };
}

/** A decimal counter, 0 when absent or not a number. */
function num(s: string | undefined): number {
  if (s === undefined) return 0;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : 0;
}
