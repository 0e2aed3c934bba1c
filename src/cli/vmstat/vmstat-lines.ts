import type { DiskStats } from '../../core/io.js';
import type { SlabCache } from '../../parsers/slabinfo.js';

/**
 * vmstat(8)'s text, procps-ng 4.0.2 as it prints on this machine: pure functions of the numbers, so goldens
 * captured from the real vmstat check them on fixture trees.
 */

/** One column of the main report: header, normal width and `-w` width. `gu` exists only with -w. */
const COLUMNS: ReadonlyArray<readonly [string, number, number]> = [
  ['r', 2, 4], ['b', 2, 4], ['swpd', 6, 12], ['free', 6, 12], ['buff', 6, 12], ['cache', 6, 12],
  ['si', 4, 4], ['so', 4, 4], ['bi', 5, 5], ['bo', 5, 5], ['in', 4, 4], ['cs', 4, 4],
  ['us', 2, 3], ['sy', 2, 3], ['id', 2, 3], ['wa', 2, 3], ['st', 2, 3], ['gu', 2, 3],
];

const HEADER = 'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----';
const WIDE_HEADER =
  '--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------';
const TIMESTAMP_HEADER = ' -----timestamp-----';

/** Layout switches of the main report. */
export interface VmLayout {
  wide: boolean;
  /** -a: inact/active instead of buff/cache. */
  active: boolean;
  /** -t: the time zone's abbreviation for the header, or null without -t. */
  zone: string | null;
}

function columns(l: VmLayout): ReadonlyArray<readonly [string, number]> {
  const cols = l.wide ? COLUMNS : COLUMNS.slice(0, -1);
  return cols.map(([h, w, ww]) => [l.active && h === 'buff' ? 'inact' : l.active && h === 'cache' ? 'active' : h, l.wide ? ww : w]);
}

/** The two header lines. */
export function vmHeader(l: VmLayout): string {
  let top = l.wide ? WIDE_HEADER : HEADER;
  if (l.zone !== null) top += TIMESTAMP_HEADER;
  let names = columns(l).map(([h, w]) => h.padStart(w)).join(' ');
  if (l.zone !== null) names += ` ${l.zone.slice(0, TIMESTAMP_HEADER.length - 1).padStart(TIMESTAMP_HEADER.length - 1)}`;
  return `${top}\n${names}\n`;
}

/**
 * One line of numbers (in column order), each right-aligned in its column. A number wider than its column
 * pushes the rest of the line right: procps-ng 4.0.2 does not take the overflow back from later columns.
 */
export function vmLine(values: readonly number[], l: VmLayout, time: string | null): string {
  const cells = columns(l).map(([, w], i) => String(values[i] ?? 0).padStart(w));
  return `${cells.join(' ')}${time !== null ? ` ${time}` : ''}\n`;
}

/** `-d` header lines. */
export function diskHeader(wide: boolean, zone: string | null): string {
  let top = wide
    ? 'disk- -------------------reads------------------- -------------------writes------------------ ------IO-------'
    : 'disk- ------------reads------------ ------------writes----------- -----IO------';
  if (zone !== null) top += TIMESTAMP_HEADER;
  const w = wide ? [5, 9, 9, 11, 11, 9, 9, 11, 11, 7, 7] : [5, 6, 6, 7, 7, 6, 6, 7, 7, 6, 6];
  const names = [' ', 'total', 'merged', 'sectors', 'ms', 'total', 'merged', 'sectors', 'ms', 'cur', 'sec'];
  let line = names.map((n, i) => n.padStart(w[i]!)).join(' ');
  if (zone !== null) line += ` ${zone.padStart(TIMESTAMP_HEADER.length - 1)}`;
  return `${top}\n${line}\n`;
}

/** One `-d` line: the counters as the kernel gives them; cur and sec are divided by 1000 as vmstat does. */
export function diskLine(d: DiskStats, wide: boolean, time: string | null): string {
  const w = wide ? [9, 9, 11, 11, 9, 9, 11, 11, 7, 7] : [6, 6, 7, 7, 6, 6, 7, 7, 6, 6];
  const v = [
    d.readsCompleted, d.readsMerged, d.sectorsRead, d.readTimeMs, d.writesCompleted, d.writesMerged,
    d.sectorsWritten, d.writeTimeMs, Math.trunc(d.ioInProgress / 1000), Math.trunc(d.ioTimeMs / 1000),
  ];
  return `${d.device.padEnd(5)} ${v.map((x, i) => String(x).padStart(w[i]!)).join(' ')}${time !== null ? ` ${time}` : ''}\n`;
}

/** `-p` header. */
export function partitionHeader(name: string): string {
  return `${name.padEnd(10)} ${'reads'.padStart(10)}  ${'read sectors'.padStart(16)}  ${'writes'.padStart(10)}  ${'requested writes'.padStart(16)}\n`;
}

/** One `-p` line. */
export function partitionLine(d: DiskStats): string {
  return `${String(d.readsCompleted).padStart(21)}  ${String(d.sectorsRead).padStart(16)}  ${String(d.writesCompleted).padStart(10)}  ${String(d.sectorsWritten).padStart(16)}\n`;
}

/** `-D`: sums over the disks (partitions only counted); in-progress and the times are divided by 1000. */
export function diskSum(disks: readonly DiskStats[], partitions: number): string {
  const sum = (f: (d: DiskStats) => number): number => disks.reduce((a, d) => a + f(d), 0);
  const rows: Array<[number, string]> = [
    [disks.length, 'disks'],
    [partitions, 'partitions'],
    [sum((d) => d.readsCompleted), 'total reads'],
    [sum((d) => d.readsMerged), 'merged reads'],
    [sum((d) => d.sectorsRead), 'read sectors'],
    [sum((d) => d.readTimeMs), 'milli reading'],
    [sum((d) => d.writesCompleted), 'writes'],
    [sum((d) => d.writesMerged), 'merged writes'],
    [sum((d) => d.sectorsWritten), 'written sectors'],
    [sum((d) => d.writeTimeMs), 'milli writing'],
    [sum((d) => Math.trunc(d.ioInProgress / 1000)), 'inprogress IO'],
    [sum((d) => Math.trunc(d.ioTimeMs / 1000)), 'milli spent IO'],
    [sum((d) => Math.trunc(d.weightedIoTimeMs / 1000)), 'milli weighted IO'],
  ];
  return rows.map(([n, label]) => `${String(n).padStart(13)} ${label}\n`).join('');
}

/** `-m` header. */
export function slabHeader(): string {
  return `${'Cache'.padEnd(24)} ${'Num'.padStart(6)} ${'Total'.padStart(6)} ${'Size'.padStart(6)} ${'Pages'.padStart(6)}\n`;
}

/** One `-m` line (the name cut to 24 characters). */
export function slabLine(s: SlabCache): string {
  const n = (x: number): string => String(x).padStart(6);
  return `${s.name.slice(0, 24).padEnd(24)} ${n(s.activeObjs)} ${n(s.numObjs)} ${n(s.objSize)} ${n(s.objPerSlab)}\n`;
}
