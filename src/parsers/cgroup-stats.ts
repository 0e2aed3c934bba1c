import type { PressureFigures } from '../core/container.js';

/*
 * The counter files of a cgroup (Documentation/admin-guide/cgroup-v2.rst and the v1 controller documents):
 * memory.stat and cpu.stat are flat keyed ("key value" lines); io.stat is nested keyed per device; v1
 * blkio.throttle.io_service_bytes is "MAJ:MIN Op value" lines; *.pressure are PSI lines. Pure parsers.
 */

/** A flat-keyed file ("inactive_file 4096" per line) as a map of numbers; malformed lines are skipped. */
export function parseFlatKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const v = line.slice(sp + 1).trim();
    if (!/^-?\d+$/.test(v)) continue;
    out.set(line.slice(0, sp), Number(v));
  }
  return out;
}

/** Read and written bytes summed over devices. */
export interface IoBytes {
  read: number;
  write: number;
}

/** cgroup v2 io.stat: `8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0` per device. */
export function parseIoStat(text: string): IoBytes {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    for (const kv of line.split(' ')) {
      if (kv.startsWith('rbytes=')) read += Number(kv.slice(7)) || 0;
      else if (kv.startsWith('wbytes=')) write += Number(kv.slice(7)) || 0;
    }
  }
  return { read, write };
}

/**
 * cgroup v1 blkio.throttle.io_service_bytes (or blkio.io_service_bytes): `8:0 Read 4096` lines per device and
 * operation, and a closing `Total N` line that is not a device and is left out.
 */
export function parseBlkioServiceBytes(text: string): IoBytes {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 3 || !/^\d+:\d+$/.test(f[0]!)) continue;
    const v = Number(f[2]) || 0;
    if (f[1] === 'Read') read += v;
    else if (f[1] === 'Write') write += v;
  }
  return { read, write };
}

/**
 * A PSI file (cpu.pressure, memory.pressure, io.pressure, /proc/pressure/*):
 * `some avg10=0.12 avg60=0.05 avg300=0.01 total=12345` and a `full` line (absent for cpu before 5.13).
 */
export function parsePressure(text: string): PressureFigures | null {
  let some: { avg10: number; total: number } | null = null;
  let full: { avg10: number; total: number } | null = null;
  for (const line of text.split('\n')) {
    const m = /^(some|full)\s+avg10=([\d.]+)\s+avg60=[\d.]+\s+avg300=[\d.]+\s+total=(\d+)/.exec(line);
    if (!m) continue;
    const v = { avg10: Number(m[2]), total: Number(m[3]) };
    if (m[1] === 'some') some = v;
    else full = v;
  }
  if (some === null) return null;
  return { someAvg10: some.avg10, someTotalUs: some.total, fullAvg10: full?.avg10 ?? null, fullTotalUs: full?.total ?? null };
}

/** pids.max: "max" (null: no limit) or a count; undefined when malformed. */
export function parsePidsMax(text: string): number | null | undefined {
  const t = text.trim();
  if (t === 'max') return null;
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** The pids listed in cgroup.procs, one per line. */
export function parseCgroupProcs(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const n = Number(line);
    if (Number.isInteger(n) && n > 0) out.push(n);
  }
  return out;
}
