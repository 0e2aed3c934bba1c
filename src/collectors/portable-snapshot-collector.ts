import { monotonicMs } from '../core/monotonic.js';
import type { FsUsage, Mount } from '../core/filesystem.js';
import type { PortableCpuTimes, PortableFilesystem, PortableMemory, PortableNetInterface, PortableProcess } from '../core/portable.js';
import type { NetDevStats } from '../core/io.js';
import type { ProcessRow } from '../core/process.js';
import type { Snapshot } from '../core/snapshot.js';
import type { CpuTimes, MemInfo, ProcStat } from '../core/system.js';
import { emptyCpuTimes } from '../parsers/proc-stat.js';
import { USER_HZ } from '../source/machine.js';
import {
  readPortableCpus, readPortableFilesystems, readPortableLoad, readPortableMemory, readPortableNetwork, readPortableProcesses,
} from '../source/portable/portable-source.js';
import { cpuPercent } from './cpu-usage.js';
import { countTasks } from './process-collector.js';

/** Milliseconds per clock tick at USER_HZ. */
const MS_PER_TICK = 1000 / USER_HZ;
/** How far (clock ticks) a process's start may move between two readings and still be the same process. */
const START_SLACK = 3 * USER_HZ;

/** systeminformation's state words to the kernel's letters. */
const STATE_LETTER: Record<string, string> = {
  running: 'R', sleeping: 'S', blocked: 'D', stopped: 'T', zombie: 'Z', idle: 'I', traced: 't', dead: 'X',
};

/**
 * systeminformation's memory as /proc/meminfo keys (bytes), so free's arithmetic applies unchanged. Its `slab`
 * is all of Slab, reclaimable or not, so it is not counted as cache (free counts SReclaimable only): buff/cache
 * reads lower by the reclaimable slab than on the /proc backend; total, free, available and used are the same.
 */
function memInfoOf(m: PortableMemory): MemInfo {
  return {
    MemTotal: m.total, MemFree: m.free, MemAvailable: m.available, Buffers: m.buffers, Cached: m.cached,
    SwapTotal: m.swapTotal, SwapFree: m.swapFree,
  };
}

/** The portable backend's memory, as meminfo keys. Shmem and the low/high split are not known there. */
export async function portableMemInfo(): Promise<MemInfo> {
  return memInfoOf(await readPortableMemory());
}

function cpuTimes(t: PortableCpuTimes): CpuTimes {
  return {
    ...emptyCpuTimes(),
    user: t.user / MS_PER_TICK,
    nice: t.nice / MS_PER_TICK,
    system: t.sys / MS_PER_TICK,
    idle: t.idle / MS_PER_TICK,
    irq: t.irq / MS_PER_TICK,
  };
}

function sum(list: CpuTimes[]): CpuTimes {
  const total = emptyCpuTimes();
  for (const t of list) for (const k of Object.keys(total) as Array<keyof CpuTimes>) total[k] += t[k];
  return total;
}

/**
 * A kernel thread: no address space and no arguments. systeminformation takes the brackets off ps's
 * `[kworker/0:1]`; with no memory at all it can only be one (a zombie is told by its state).
 */
function isKernelThread(p: PortableProcess): boolean {
  return p.vsize === 0 && p.rss === 0 && p.params === '' && p.path === '' && p.state !== 'zombie';
}

/**
 * The short name: systeminformation's name is the executable's base name, which cuts a kernel thread's
 * `kworker/0:1` at its slash; the kernel's own name for those is the whole command.
 */
function commOf(p: PortableProcess): string {
  return isKernelThread(p) && p.command !== '' ? p.command : p.name;
}

/**
 * Kernel priority (20 + nice; below 0 for real-time) from systeminformation's: on Linux that is ps's `pri`
 * (39 minus the kernel's); elsewhere ps's priority scales differ, and 20 + nice is what Linux would show.
 */
function kernelPriority(p: PortableProcess): number {
  return process.platform === 'linux' ? 39 - p.priority : 20 + p.nice;
}

/**
 * ps's TTY column as systeminformation passes it on: `pts/0`, `tty1`, `ttys001`; none is `?` (Linux) or `??`
 * (macOS, BSD), which ps -o tty prints as `?`.
 */
function portableTty(tty: string): string {
  const t = tty.trim();
  return t === '' || /^\?+$/.test(t) ? '?' : t;
}

/**
 * The command line as systeminformation gives it: the executable split into path and name, the parameters as
 * one string (split again on spaces; an argument holding a space is split too). A path of `/` itself comes
 * back empty, so `/init` reads as `init`.
 */
function argv(p: PortableProcess): string[] {
  if (p.command === '' || isKernelThread(p)) return [];
  return [p.path ? `${p.path}/${p.command}` : p.command, ...p.params.split(' ').filter((a) => a !== '')];
}

/**
 * The same {@link Snapshot} as the /proc collectors, from systeminformation, pidusage and Node's os module: for
 * systems without /proc, and on Linux for comparing the two. Counters it has no source for (page faults,
 * context switches, process groups) are 0, and the fields that would show them print `-`: the rows are marked
 * `portable`, and fields without Field.portable print `-` on them. CPU time comes as one total, so it is all
 * counted as user time.
 */
export class PortableSnapshotCollector {
  private prevCpus: CpuTimes[] | null = null;
  private prevTotal: CpuTimes | null = null;
  private lastMono: number | null = null;
  /** CPU ticks used and start (ticks after boot) of each pid at the previous tick. */
  private prevTicks = new Map<number, { used: number; starttime: number }>();

  constructor(private readonly opts: { processes: boolean; pageSize?: number } = { processes: true }) {}

  async tick(): Promise<Snapshot> {
    const time = Date.now();
    const mono = monotonicMs();
    const interval = this.lastMono === null ? null : (mono - this.lastMono) / 1000;
    this.lastMono = mono;
    const pageSize = this.opts.pageSize ?? 4096;
    const [memory, procs] = await Promise.all([readPortableMemory(), this.opts.processes ? readPortableProcesses() : []]);
    const { load, uptime } = readPortableLoad();
    // Boot time from the clock read together with the uptime: listing processes can take seconds under load.
    const btime = Math.round(Date.now() / 1000 - uptime);
    const perCpu = readPortableCpus().map(cpuTimes);
    const total = sum(perCpu);
    const cpu =
      this.prevCpus && this.prevTotal && this.prevCpus.length === perCpu.length
        ? { total: cpuPercent(this.prevTotal, total), perCpu: perCpu.map((c, i) => cpuPercent(this.prevCpus![i]!, c)) }
        : null;
    this.prevCpus = perCpu;
    this.prevTotal = total;

    const ticks = new Map<number, { used: number; starttime: number }>();
    const processes: ProcessRow[] = procs.map((p) => {
      const starttime = Math.max(0, Math.round((p.startedMs - btime * 1000) / MS_PER_TICK));
      const used = Math.round(p.cpuMs / MS_PER_TICK);
      ticks.set(p.pid, { used, starttime });
      // The start comes in whole seconds from two clocks (pidusage's elapsed, os.uptime), so it moves by a
      // second or two between readings: the same pid within START_SLACK ticks is the same process.
      const prev = this.prevTicks.get(p.pid);
      const before = prev !== undefined && Math.abs(prev.starttime - starttime) <= START_SLACK ? prev.used : undefined;
      return {
        pid: p.pid, comm: commOf(p), state: STATE_LETTER[p.state] ?? 'S', ppid: p.ppid, pgrp: 0, session: 0, ttyNr: 0,
        tpgid: -1, flags: 0, minflt: 0, majflt: 0, utime: used, stime: 0, priority: kernelPriority(p), nice: p.nice,
        numThreads: 1, starttime, vsize: p.vsize, rssPages: Math.round(p.rss / pageSize), processor: 0,
        rtPriority: 0, policy: 0, uid: null, user: p.user || null, cmdline: argv(p),
        cpuDeltaTicks: before === undefined ? null : Math.max(0, used - before), portable: true, ttyName: portableTty(p.tty),
      };
    });
    this.prevTicks = ticks;

    const stat: ProcStat = {
      total, perCpu, cpuIds: perCpu.map((_, i) => i), btime, contextSwitches: 0, processesForked: 0,
      procsRunning: processes.filter((p) => p.state === 'R').length, procsBlocked: processes.filter((p) => p.state === 'D').length,
    };
    const mem = memInfoOf(memory);
    return {
      time, portable: true, interval, uptime, hz: USER_HZ, pageSize, stat, cpu, mem,
      load: { one: load[0], five: load[1], fifteen: load[2], running: stat.procsRunning, total: processes.length, lastPid: 0 },
      tasks: countTasks(processes),
      processes,
    };
  }
}

/** A filesystem of systeminformation's fsSize() as df's usage; inode counts are unknown there (`-`). */
export function portableFsUsage(f: PortableFilesystem): FsUsage {
  const opts = f.readOnly ? 'ro' : 'rw';
  const mount: Mount = {
    id: 0, parentId: 0, majMin: '0:0', root: '/', target: f.target, mountOptions: opts, optional: [],
    fstype: f.fstype, source: f.source, superOptions: opts,
  };
  return { mount, blockSize: 1024, size: f.size, free: f.size - f.used, avail: f.avail, files: 0, filesFree: 0, stale: false, portable: true };
}

/** The filesystems systeminformation lists (its fsSize() runs df: local disks, no pseudo filesystems). */
export async function portableFilesystems(): Promise<FsUsage[]> {
  return (await readPortableFilesystems()).map(portableFsUsage);
}

/**
 * An interface of systeminformation's networkStats() as a /proc/net/dev row. Bytes, errors and drops are its;
 * the packet, FIFO, frame, compression, multicast, collision and carrier counters are not given there: 0 in the
 * row, and `sysmon serve` leaves those families out on portable snapshots (node-families.ts).
 */
export function portableNetDev(n: PortableNetInterface): NetDevStats {
  return {
    device: n.device, rxBytes: n.rxBytes, rxPackets: 0, rxErrs: n.rxErrors, rxDrop: n.rxDropped, rxFifo: 0, rxFrame: 0,
    rxCompressed: 0, rxMulticast: 0, txBytes: n.txBytes, txPackets: 0, txErrs: n.txErrors, txDrop: n.txDropped,
    txFifo: 0, txColls: 0, txCarrier: 0, txCompressed: 0,
  };
}

/** Every interface's counters on the portable backend (an empty list when systeminformation has none). */
export async function portableNetwork(): Promise<NetDevStats[]> {
  return (await readPortableNetwork()).map(portableNetDev);
}
