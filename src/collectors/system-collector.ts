import { RuntimeError } from '../core/errors.js';
import type { CpuPercent, LoadAvg, MemInfo, ProcStat } from '../core/system.js';
import { parseLoadavg } from '../parsers/loadavg.js';
import { checkedMeminfo } from '../parsers/meminfo.js';
import { emptyCpuTimes, parseProcStat } from '../parsers/proc-stat.js';
import { parseUptime } from '../parsers/uptime.js';
import { KeptFiles } from '../source/kept-files.js';
import type { ProcFs } from '../source/proc-fs.js';
import { cpuPercent } from './cpu-usage.js';

/** CPU use of one interval: all CPUs together, and each CPU in /proc/stat order. */
export interface CpuUsage {
  total: CpuPercent;
  perCpu: CpuPercent[];
}

/** One reading of the machine-wide /proc files. */
export interface SystemSample {
  stat: ProcStat;
  mem: MemInfo;
  load: LoadAvg;
  /** Seconds since boot. */
  uptime: number;
  /** CPU use since the previous {@link SystemCollector.sample}; null on the first. */
  cpu: CpuUsage | null;
}

/**
 * Reads /proc/stat, /proc/meminfo, /proc/loadavg and /proc/uptime through a {@link ProcFs} and keeps the
 * previous /proc/stat so each sample carries the CPU use of the interval since the last one. The four files
 * stay open between samples (KeptFiles: one pread each a tick).
 */
export class SystemCollector {
  private prev: ProcStat | null = null;
  private readonly files: KeptFiles;

  constructor(fs: ProcFs) {
    this.files = new KeptFiles(fs);
  }

  /** Read every system file; cpu is the delta against the previous call (null the first time). */
  sample(): SystemSample {
    const stat = this.readStat();
    const mem = this.readMem();
    const load = this.readLoad();
    const uptime = this.readUptime();
    const prev = this.prev;
    this.prev = stat;
    return { stat, mem, load, uptime, cpu: prev ? cpuDelta(prev, stat) : null };
  }

  /** Close the files kept open (a later sample opens them again). */
  close(): void {
    this.files.close();
  }

  /** Forget the previous sample, so the next sample's cpu is null again. */
  reset(): void {
    this.prev = null;
  }

  /** /proc/stat; a RuntimeError when it cannot be read (nothing works without it). */
  readStat(): ProcStat {
    return parseProcStat(this.required('/proc/stat'));
  }

  /** /proc/meminfo in bytes; a RuntimeError when it cannot be read. */
  readMem(): MemInfo {
    return checkedMeminfo(this.required('/proc/meminfo'));
  }

  /** /proc/loadavg; zeros when missing (some containers hide it). */
  readLoad(): LoadAvg {
    return parseLoadavg(this.files.readText('/proc/loadavg') ?? '');
  }

  /** Seconds since boot from /proc/uptime; 0 when missing. */
  readUptime(): number {
    return parseUptime(this.files.readText('/proc/uptime') ?? '').uptime;
  }

  private required(path: string): string {
    const text = this.files.readText(path);
    if (text === null) throw new RuntimeError(`cannot read ${path}`);
    return text;
  }
}

/**
 * CPU use between two /proc/stat readings. A CPU that came online since the previous reading has no
 * previous counters; it is measured from zero (its average since it first came up) rather than left out,
 * so perCpu always lines up with cur.perCpu.
 */
export function cpuDelta(prev: ProcStat, cur: ProcStat): CpuUsage {
  return {
    total: cpuPercent(prev.total, cur.total),
    perCpu: cur.perCpu.map((c, i) => cpuPercent(prev.perCpu[i] ?? emptyCpuTimes(), c)),
  };
}

