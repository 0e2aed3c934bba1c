import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { RuntimeError } from '../../core/errors.js';
import type { PortableCpuTimes, PortableFilesystem, PortableMemory, PortableNetInterface, PortableProcess } from '../../core/portable.js';

/*
 * The portable backend's only contact with the machine: systeminformation and pidusage where there is no
 * /proc (macOS, FreeBSD), or on Linux when asked (`--backend portable`). systeminformation's processes() and
 * fsSize() spawn ps and df, so this path is never the Linux default and never loaded by it: the modules are
 * imported inside these functions.
 */

type SI = typeof import('systeminformation');
type PidUsage = typeof import('pidusage').default;
// require, not import(): the bundle runs as a vm.Script (for V8's code cache), which has no dynamic import.
const load = createRequire(import.meta.url);
let si: SI | null = null;
async function systeminformation(): Promise<SI> {
  si ??= load('systeminformation') as SI;
  return si;
}

/** Memory, from systeminformation's mem(). */
export async function readPortableMemory(): Promise<PortableMemory> {
  const m = await (await systeminformation()).mem();
  return {
    total: m.total,
    free: m.free,
    available: m.available,
    buffers: m.buffers ?? 0,
    cached: m.cached ?? 0,
    slab: m.slab ?? 0,
    swapTotal: m.swaptotal,
    swapFree: m.swapfree,
  };
}

/** Per-CPU cumulative times, from Node's os.cpus() (no child process on any system). */
export function readPortableCpus(): PortableCpuTimes[] {
  return os.cpus().map((c) => ({ ...c.times }));
}

/** Load averages and uptime, from Node's os module. */
export function readPortableLoad(): { load: [number, number, number]; uptime: number } {
  const [a, b, c] = os.loadavg();
  return { load: [a ?? 0, b ?? 0, c ?? 0], uptime: os.uptime() };
}

/** `YYYY-MM-DD HH:MM:SS` local time (systeminformation's started) to milliseconds since the epoch. */
function startedMs(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)/.exec(text);
  if (!m) return NaN;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])).getTime();
}

/** The longest argument Linux takes for one exec (MAX_ARG_STRLEN, 32 pages): `sh -c`'s command is one. */
const MAX_ARG_STRLEN = 131072;

/**
 * The length of the shell command systeminformation's processes() builds on Linux for these pids: one
 * `cat /proc/PID/stat` each after `cat /proc/stat | grep "cpu "`. Past MAX_ARG_STRLEN its exec fails with
 * E2BIG inside a callback of its own, where no caller can catch it.
 */
export function linuxProcessCommandLength(pids: readonly number[]): number {
  let n = 'cat /proc/stat | grep "cpu "'.length;
  for (const pid of pids) n += ';cat /proc//stat'.length + String(pid).length;
  return n;
}

/**
 * On Linux, refuse before systeminformation does it badly: with some thousands of processes its command
 * line would be too long. A tenth is kept in hand for processes that start between this count and its own.
 */
function checkLinuxProcessCount(): void {
  if (os.platform() !== 'linux') return;
  let pids: number[];
  try {
    pids = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return;
  }
  if (linuxProcessCommandLength(pids) > MAX_ARG_STRLEN * 0.9) {
    throw new RuntimeError(
      `the portable backend cannot list ${pids.length} processes on Linux (systeminformation puts every pid in one command line, which the kernel refuses); use --backend proc`,
    );
  }
}

/**
 * Every process: the list (names, users, states, command lines) from systeminformation, CPU time, resident
 * memory and exact start from pidusage. A process that ended between the two reads is dropped.
 */
export async function readPortableProcesses(): Promise<PortableProcess[]> {
  checkLinuxProcessCount();
  const list = (await (await systeminformation()).processes()).list;
  const pidusage = load('pidusage') as PidUsage;
  const pids = list.map((p) => p.pid);
  let usage: Record<string, { ctime: number; memory: number; elapsed: number; timestamp: number } | undefined> = {};
  try {
    usage = await pidusage(pids);
  } catch {
    // One vanished pid fails the batch: ask one by one.
    for (const pid of pids) {
      try {
        usage[pid] = await pidusage(pid);
      } catch {
        // gone
      }
    }
  }
  const out: PortableProcess[] = [];
  for (const p of list) {
    const u = usage[p.pid];
    if (!u) continue;
    out.push({
      pid: p.pid,
      ppid: p.parentPid,
      name: p.name,
      command: p.command,
      path: p.path,
      params: p.params,
      user: p.user,
      state: p.state,
      nice: p.nice,
      priority: p.priority,
      vsize: p.memVsz * 1024,
      rss: u.memory,
      cpuMs: u.ctime,
      startedMs: Number.isFinite(u.elapsed) && u.elapsed > 0 ? u.timestamp - u.elapsed : startedMs(p.started),
      tty: p.tty,
    });
  }
  return out;
}

/** Mounted filesystems with their sizes, from systeminformation's fsSize(). */
export async function readPortableFilesystems(): Promise<PortableFilesystem[]> {
  const list = await (await systeminformation()).fsSize();
  return list.map((f) => ({
    source: f.fs,
    fstype: f.type,
    target: f.mount,
    size: f.size,
    used: f.used,
    avail: f.available,
    readOnly: f.rw === false,
  }));
}

/** Logged-in sessions, as `who` lists them (systeminformation's users()). */
export async function readPortableUsers(): Promise<number> {
  return (await (await systeminformation()).users()).length;
}

/** How often the interface list is asked for again, milliseconds (systeminformation runs several commands for it). */
const IFACES_EVERY_MS = 60_000;
let ifaces: { at: number; names: string[] } | null = null;

/**
 * Every network interface's counters, from systeminformation's networkStats(). The names come from its
 * networkInterfaces() at most once a minute; counters that do not parse (an interface that went away) leave
 * the interface out rather than report a 0.
 */
export async function readPortableNetwork(now = Date.now()): Promise<PortableNetInterface[]> {
  const s = await systeminformation();
  if (ifaces === null || now - ifaces.at >= IFACES_EVERY_MS) {
    const list = await s.networkInterfaces();
    ifaces = { at: now, names: [...new Set((Array.isArray(list) ? list : [list]).map((i) => i.iface).filter((n) => /^[\w.:@-]+$/.test(n)))] };
  }
  if (ifaces.names.length === 0) return [];
  const stats = await s.networkStats(ifaces.names.join(','));
  const out: PortableNetInterface[] = [];
  for (const n of stats) {
    const v = [n.rx_bytes, n.tx_bytes, n.rx_errors, n.rx_dropped, n.tx_errors, n.tx_dropped];
    if (!v.every((x) => Number.isFinite(x) && x >= 0)) continue;
    out.push({ device: n.iface, rxBytes: n.rx_bytes, txBytes: n.tx_bytes, rxErrors: n.rx_errors, rxDropped: n.rx_dropped, txErrors: n.tx_errors, txDropped: n.tx_dropped });
  }
  return out;
}
