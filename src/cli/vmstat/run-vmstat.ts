import { RuntimeError, ToolError } from '../../core/errors.js';
import type { DiskStats } from '../../core/io.js';
import type { MemInfo, ProcStat } from '../../core/system.js';
import { mayBeTerminal, out, outJson, outJsonLine } from '../../format/output.js';
import { parseDiskstats } from '../../parsers/diskstats.js';
import { parseMeminfo } from '../../parsers/meminfo.js';
import { parseProcStat } from '../../parsers/proc-stat.js';
import { parseProcVmstat, parseStatInterrupts } from '../../parsers/proc-vmstat.js';
import { parseSlabinfo } from '../../parsers/slabinfo.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { nowMs } from '../clock.js';
import {
  diskHeader, diskLine, diskSum, partitionHeader, partitionLine, slabHeader, slabLine, vmHeader, vmLine, type VmLayout,
} from './vmstat-lines.js';

/** Which report vmstat prints (one of its modes). */
export type VmMode = 'vm' | 'sum' | 'disk' | 'partition' | 'slab' | 'disksum' | 'forks';

/** Parsed options of `sysmon vmstat`. */
export interface VmstatOptions {
  mode: VmMode;
  /** -p's device, without /dev/. */
  partition: string | null;
  active: boolean;
  wide: boolean;
  timestamp: boolean;
  noFirst: boolean;
  oneHeader: boolean;
  /** -S: divisor of KiB figures (1024 = the default K) and its letter. */
  unit: { size: number; letter: string };
  /** Seconds between reports. */
  delay: number;
  /** Reports to print; Infinity with a delay and no count. */
  count: number;
  /** True when a delay was given (JSON is then NDJSON). */
  streaming: boolean;
  json: boolean;
}

/** USER_HZ: /proc/stat counts in it; 100 on every Linux architecture sysmon runs on. */
const HZ = 100;
/** KiB per page (4 KiB pages: x86-64, and the usual arm64 kernels). */
const KB_PER_PAGE = 4;

/** One reading of the files the main report needs. */
interface VmSample {
  stat: ProcStat;
  interrupts: number;
  vm: Map<string, number>;
  mem: MemInfo;
}

function read(fs: ProcFs, file: string): string {
  const text = fs.readText(file);
  if (text === null) throw new RuntimeError(`cannot read ${file}`);
  return text;
}

function sample(fs: ProcFs): VmSample {
  const statText = read(fs, '/proc/stat');
  return {
    stat: parseProcStat(statText),
    interrupts: parseStatInterrupts(statText),
    vm: parseProcVmstat(read(fs, '/proc/vmstat')),
    mem: parseMeminfo(read(fs, '/proc/meminfo')),
  };
}

/**
 * KiB -> the -S unit, through a C float as vmstat computes it: large figures lose their low bits exactly as
 * they do there (10995116277 KiB prints 10995116032).
 */
function unitConvert(kib: number, unit: number, slab = false): number {
  const f = Math.fround(Math.fround(kib) / unit);
  return Math.trunc(Math.fround(f * (slab ? 1 : 1024)));
}

/** The figures of one report line, in base units for JSON and in vmstat's units for the text. */
interface VmFigures {
  running: number;
  blocked: number;
  /** KiB. */
  swapUsed: number;
  free: number;
  buffers: number;
  cache: number;
  active: number;
  inactive: number;
  /** KiB/s. */
  swapIn: number;
  swapOut: number;
  /** si and so as the text shows them: vmstat converts the KiB to the -S unit before dividing. */
  swapInText: number;
  swapOutText: number;
  /** Blocks (KiB)/s. */
  blocksIn: number;
  blocksOut: number;
  /** Per second. */
  interrupts: number;
  contextSwitches: number;
  /** Percent of CPU time. */
  cpu: { user: number; system: number; idle: number; iowait: number; steal: number; guest: number };
}

function kib(mem: MemInfo, key: string): number {
  return (mem[key] ?? 0) / 1024;
}

function memFigures(m: MemInfo) {
  const swapUsed = Math.max(0, kib(m, 'SwapTotal') - kib(m, 'SwapFree'));
  return {
    swapUsed,
    free: kib(m, 'MemFree'),
    buffers: kib(m, 'Buffers'),
    cache: kib(m, 'Cached') + kib(m, 'SReclaimable'),
    active: kib(m, 'Active'),
    inactive: kib(m, 'Inactive'),
  };
}

/** The CPU split of a tick interval: user+nice less guest, system+irq+softirq, idle, iowait, steal, guest. */
function cpuSplit(t: ProcStat['total'], idleDebt = 0) {
  let use = t.user + t.nice;
  const sys = t.system + t.irq + t.softirq;
  const idl = Math.max(0, t.idle + idleDebt);
  const gue = t.guest + t.guestNice;
  let div = use + sys + idl + t.iowait + t.steal;
  let idle = idl;
  if (!div) {
    div = 1;
    idle = 1;
  }
  use = use >= gue ? use - gue : 0;
  const half = Math.floor(div / 2);
  const pct = (x: number): number => Math.floor((100 * x + half) / div);
  return {
    div,
    half,
    cpu: { user: pct(use), system: pct(sys), idle: pct(idle), iowait: pct(t.iowait), steal: pct(t.steal), guest: pct(gue) },
  };
}

function diff(a: ProcStat['total'], b: ProcStat['total']): ProcStat['total'] {
  const o = { ...a };
  for (const k of Object.keys(o) as Array<keyof typeof o>) o[k] = a[k] - b[k];
  return o;
}

/** The first line: averages since boot, over the CPU ticks counted (as vmstat divides them). */
function sinceBoot(s: VmSample, unit: number): VmFigures {
  const { div, half, cpu } = cpuSplit(s.stat.total);
  const rate = (x: number): number => Math.floor((x * HZ + half) / div);
  const g = (k: string): number => s.vm.get(k) ?? 0;
  return {
    running: s.stat.procsRunning,
    blocked: s.stat.procsBlocked,
    ...memFigures(s.mem),
    swapIn: rate(g('pswpin') * KB_PER_PAGE),
    swapOut: rate(g('pswpout') * KB_PER_PAGE),
    swapInText: rate(unitConvert(g('pswpin') * KB_PER_PAGE, unit)),
    swapOutText: rate(unitConvert(g('pswpout') * KB_PER_PAGE, unit)),
    blocksIn: rate(g('pgpgin')),
    blocksOut: rate(g('pgpgout')),
    interrupts: rate(s.interrupts),
    contextSwitches: rate(s.stat.contextSwitches),
    cpu,
  };
}

/** A later line: the change since the previous sample, per second of the delay (rounded as vmstat does). */
function delta(s: VmSample, prev: VmSample, delay: number, unit: number): VmFigures {
  const { cpu } = cpuSplit(diff(s.stat.total, prev.stat.total));
  const half = Math.floor(delay / 2);
  const per = (x: number): number => Math.floor((Math.max(0, x) + half) / delay);
  const d = (k: string): number => (s.vm.get(k) ?? 0) - (prev.vm.get(k) ?? 0);
  return {
    running: s.stat.procsRunning,
    blocked: s.stat.procsBlocked,
    ...memFigures(s.mem),
    swapIn: per(d('pswpin') * KB_PER_PAGE),
    swapOut: per(d('pswpout') * KB_PER_PAGE),
    swapInText: per(unitConvert(Math.max(0, d('pswpin')) * KB_PER_PAGE, unit)),
    swapOutText: per(unitConvert(Math.max(0, d('pswpout')) * KB_PER_PAGE, unit)),
    blocksIn: per(d('pgpgin')),
    blocksOut: per(d('pgpgout')),
    interrupts: per(s.interrupts - prev.interrupts),
    contextSwitches: per(s.stat.contextSwitches - prev.stat.contextSwitches),
    cpu,
  };
}

function textValues(f: VmFigures, o: VmstatOptions): number[] {
  const u = (x: number): number => unitConvert(x, o.unit.size);
  // bi/bo stay blocks whatever -S says.
  return [
    f.running, f.blocked, u(f.swapUsed), u(f.free), u(o.active ? f.inactive : f.buffers), u(o.active ? f.active : f.cache),
    f.swapInText, f.swapOutText, f.blocksIn, f.blocksOut, f.interrupts, f.contextSwitches,
    f.cpu.user, f.cpu.system, f.cpu.idle, f.cpu.iowait, f.cpu.steal, f.cpu.guest,
  ];
}

function jsonOf(f: VmFigures, o: VmstatOptions, at: number): Record<string, unknown> {
  const b = (x: number): number => Math.round(x * 1024);
  return {
    timestamp: Math.round(at / 1000),
    procs: { running: f.running, blocked: f.blocked },
    memory: {
      swap_used: b(f.swapUsed), free: b(f.free), buffers: b(f.buffers), cache: b(f.cache),
      active: b(f.active), inactive: b(f.inactive),
    },
    swap: { in_bytes_per_second: b(f.swapIn), out_bytes_per_second: b(f.swapOut) },
    io: { in_bytes_per_second: b(f.blocksIn), out_bytes_per_second: b(f.blocksOut) },
    system: { interrupts_per_second: f.interrupts, context_switches_per_second: f.contextSwitches },
    cpu: f.cpu,
  };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `%Y-%m-%d %H:%M:%S` in local time. */
function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The local time zone's abbreviation (`%Z`): UTC, CET, or the offset where Intl knows no name. */
function zoneName(ms: number): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(new Date(ms));
  return part.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

function sleep(seconds: number): Promise<void> {
  return new Promise((r) => setTimeout(r, seconds * 1000));
}

/** Rows between repeated headers: the terminal's height less 3, or 21 when stdout is not a terminal. */
function headerEvery(): number {
  const rows = mayBeTerminal(1) && process.stdout.isTTY && process.stdout.rows > 0 ? process.stdout.rows : 24;
  return rows - 3 > 0 ? rows - 3 : 22;
}

/** Block devices that are disks (have /sys/block/NAME), as vmstat tells disks from partitions. */
function disks(fs: ProcFs, all: DiskStats[]): { disk: DiskStats[]; isDisk: (d: DiskStats) => boolean } {
  const names = new Set(fs.listDir('/sys/block') ?? []);
  const isDisk = (d: DiskStats): boolean => names.has(d.device.replace(/\//g, '!'));
  return { disk: all.filter(isDisk), isDisk };
}

/** Run one vmstat report, streaming as vmstat does with a delay. */
export async function runVmstat(fs: ProcFs, o: VmstatOptions): Promise<void> {
  switch (o.mode) {
    case 'forks': {
      const n = parseProcStat(read(fs, '/proc/stat')).processesForked;
      if (o.json) outJson({ forks: n });
      else out(`${String(n).padStart(13)} forks\n`);
      return;
    }
    case 'sum':
      return sumReport(fs, o);
    case 'disksum': {
      const all = parseDiskstats(read(fs, '/proc/diskstats'));
      const { disk } = disks(fs, all);
      if (o.json) {
        outJson({ disks: disk.length, partitions: all.length - disk.length, devices: disk.map(diskJson) });
      } else out(diskSum(disk, all.length - disk.length));
      return;
    }
    case 'disk':
      return diskReport(fs, o);
    case 'partition':
      return partitionReport(fs, o);
    case 'slab':
      return slabReport(fs, o);
    case 'vm':
      return vmReport(fs, o);
  }
}

function diskJson(d: DiskStats): Record<string, unknown> {
  return {
    name: d.device, reads: d.readsCompleted, reads_merged: d.readsMerged, read_bytes: d.sectorsRead * 512,
    read_time_ms: d.readTimeMs, writes: d.writesCompleted, writes_merged: d.writesMerged,
    written_bytes: d.sectorsWritten * 512, write_time_ms: d.writeTimeMs, io_in_progress: d.ioInProgress,
    io_time_ms: d.ioTimeMs, weighted_io_time_ms: d.weightedIoTimeMs,
  };
}

async function repeat(o: VmstatOptions, body: (i: number) => void): Promise<void> {
  for (let i = 0; i < o.count; i++) {
    body(i);
    if (i + 1 < o.count) await sleep(o.delay);
  }
}

async function vmReport(fs: ProcFs, o: VmstatOptions): Promise<void> {
  const layout: VmLayout = { wide: o.wide, active: o.active, zone: o.timestamp ? zoneName(nowMs()) : null };
  const every = o.oneHeader ? Infinity : headerEvery();
  const emit = (f: VmFigures): void => {
    const at = nowMs();
    if (o.json) {
      const doc = jsonOf(f, o, at);
      if (o.streaming) outJsonLine(doc);
      else outJson(doc);
    } else out(vmLine(textValues(f, o), layout, o.timestamp ? stamp(at) : null));
  };
  if (!o.json) out(vmHeader(layout));
  let prev = sample(fs);
  let updates = o.count;
  if (!o.noFirst) emit(sinceBoot(prev, o.unit.size));
  else updates++;
  for (let i = 1; i < updates; i++) {
    await sleep(o.delay);
    if (!o.json && i % every === 0) out(vmHeader(layout));
    const s = sample(fs);
    emit(delta(s, prev, o.delay, o.unit.size));
    prev = s;
  }
}

async function diskReport(fs: ProcFs, o: VmstatOptions): Promise<void> {
  const zone = o.timestamp ? zoneName(nowMs()) : null;
  const every = o.oneHeader ? Infinity : headerEvery();
  if (o.oneHeader && !o.json) out(diskHeader(o.wide, zone));
  await repeat(o, () => {
    const all = parseDiskstats(read(fs, '/proc/diskstats'));
    const { isDisk } = disks(fs, all);
    const time = o.timestamp ? stamp(nowMs()) : null;
    if (o.json) {
      const doc = { timestamp: Math.round(nowMs() / 1000), disks: all.filter(isDisk).map(diskJson) };
      if (o.streaming) outJsonLine(doc);
      else outJson(doc);
      return;
    }
    all.forEach((d, j) => {
      if (!isDisk(d)) return;
      if (j % every === 0) out(diskHeader(o.wide, zone));
      out(diskLine(d, o.wide, time));
    });
  });
}

async function partitionReport(fs: ProcFs, o: VmstatOptions): Promise<void> {
  const name = o.partition ?? '';
  const find = (): DiskStats => {
    const d = parseDiskstats(read(fs, '/proc/diskstats')).find((x) => x.device === name);
    if (!d) throw new ToolError(`Disk/Partition ${name} not found`, 1);
    return d;
  };
  find();
  if (!o.json) out(partitionHeader(name));
  await repeat(o, () => {
    const d = find();
    if (o.json) {
      const doc = { name, reads: d.readsCompleted, read_bytes: d.sectorsRead * 512, writes: d.writesCompleted, written_bytes: d.sectorsWritten * 512 };
      if (o.streaming) outJsonLine(doc);
      else outJson(doc);
    } else out(partitionLine(d));
  });
}

async function slabReport(fs: ProcFs, o: VmstatOptions): Promise<void> {
  const every = o.oneHeader ? Infinity : headerEvery();
  const load = () => {
    const r = fs.tryReadText('/proc/slabinfo');
    if (!r.ok) {
      const why = r.code === 'EACCES' ? 'Permission denied' : r.code === 'ENOENT' ? 'No such file or directory' : r.code;
      throw new ToolError(`Unable to create slabinfo structure: ${why}`, 1);
    }
    // Byte order of the names, as strcmp sorts them.
    return parseSlabinfo(r.value).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
  load();
  if (o.oneHeader && !o.json) out(slabHeader());
  await repeat(o, () => {
    const caches = load();
    if (o.json) {
      const doc = { caches: caches.map((c) => ({ name: c.name, active_objects: c.activeObjs, objects: c.numObjs, object_size_bytes: c.objSize, objects_per_slab: c.objPerSlab, pages_per_slab: c.pagesPerSlab })) };
      if (o.streaming) outJsonLine(doc);
      else outJson(doc);
      return;
    }
    caches.forEach((c, j) => {
      if (j % every === 0) out(slabHeader());
      out(slabLine(c));
    });
  });
}

function sumReport(fs: ProcFs, o: VmstatOptions): void {
  const s = sample(fs);
  const m = s.mem;
  const t = s.stat.total;
  const g = (k: string): number => s.vm.get(k) ?? 0;
  const total = kib(m, 'MemTotal');
  const avail = m.MemAvailable !== undefined ? kib(m, 'MemAvailable') : kib(m, 'MemFree');
  const used = total >= avail ? total - avail : total - kib(m, 'MemFree');
  const mf = memFigures(m);
  if (o.json) {
    const b = (x: number): number => Math.round(x * 1024);
    outJson({
      memory: { total: b(total), used: b(used), active: b(mf.active), inactive: b(mf.inactive), free: b(mf.free), buffers: b(mf.buffers), cache: b(mf.cache) },
      swap: { total: b(kib(m, 'SwapTotal')), used: b(mf.swapUsed), free: b(kib(m, 'SwapFree')) },
      cpu_ticks: { user: t.user, nice: t.nice, system: t.system, idle: t.idle, iowait: t.iowait, irq: t.irq, softirq: t.softirq, steal: t.steal, guest: t.guest, guest_nice: t.guestNice },
      paged_in_bytes: g('pgpgin') * 1024, paged_out_bytes: g('pgpgout') * 1024,
      pages_swapped_in: g('pswpin'), pages_swapped_out: g('pswpout'),
      interrupts: s.interrupts, context_switches: s.stat.contextSwitches, boot_time: s.stat.btime, forks: s.stat.processesForked,
    });
    return;
  }
  const u = (x: number): number => unitConvert(x, o.unit.size);
  const L = o.unit.letter;
  const rows: Array<[number, string]> = [
    [u(total), `${L} total memory`], [u(used), `${L} used memory`], [u(mf.active), `${L} active memory`],
    [u(mf.inactive), `${L} inactive memory`], [u(mf.free), `${L} free memory`], [u(mf.buffers), `${L} buffer memory`],
    [u(mf.cache), `${L} swap cache`], [u(kib(m, 'SwapTotal')), `${L} total swap`], [u(mf.swapUsed), `${L} used swap`],
    [u(kib(m, 'SwapFree')), `${L} free swap`],
    [t.user, 'non-nice user cpu ticks'], [t.nice, 'nice user cpu ticks'], [t.system, 'system cpu ticks'],
    [t.idle, 'idle cpu ticks'], [t.iowait, 'IO-wait cpu ticks'], [t.irq, 'IRQ cpu ticks'], [t.softirq, 'softirq cpu ticks'],
    [t.steal, 'stolen cpu ticks'], [t.guest, 'non-nice guest cpu ticks'], [t.guestNice, 'nice guest cpu ticks'],
    [g('pgpgin'), 'K paged in'], [g('pgpgout'), 'K paged out'], [g('pswpin'), 'pages swapped in'],
    [g('pswpout'), 'pages swapped out'], [s.interrupts, 'interrupts'], [s.stat.contextSwitches, 'CPU context switches'],
    [s.stat.btime, 'boot time'], [s.stat.processesForked, 'forks'],
  ];
  out(rows.map(([n, label]) => `${String(n).padStart(13)} ${label}\n`).join(''));
}
