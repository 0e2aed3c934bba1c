import type { ProcessRow } from '../core/process.js';
import { utilLinuxSize } from '../core/size-units.js';
import type { Field, FormatContext } from './registry.js';

/**
 * Per-process disk I/O columns (htop's DISK READ / DISK WRITE): bytes per second the process caused to be
 * read from or written to storage since the previous tick, from /proc/PID/io. The file is read only while
 * one of these columns is shown, sorted on or filtered on (needs: io). It is readable for one's own processes
 * (root: all); another user's shows `-`. value(): bytes per second, null when unknown.
 */

function rate(r: ProcessRow, ctx: FormatContext, pick: 'read' | 'write'): number | null {
  const d = r.ioDelta;
  if (!d || ctx.interval === null || !(ctx.interval > 0)) return null;
  return d[pick] / ctx.interval;
}

function text(v: number | null): string {
  if (v === null) return '-';
  return v < 1 ? '0' : `${utilLinuxSize(v)}/s`;
}

function ioField(key: string, aliases: string[], header: string, pick: 'read' | 'write', what: string): Field<ProcessRow> {
  return {
    key, aliases, header, width: 8, align: 'right', descByDefault: true, needs: ['stat', 'io'],
    description: `storage bytes ${what} per second since the previous tick (/proc/PID/io; - when unreadable)`,
    value: (r, ctx) => rate(r, ctx, pick),
    text: (r, ctx) => text(rate(r, ctx, pick)),
  };
}

/** The I/O columns, appended to the process registry. */
export const PROCESS_IO_FIELDS: readonly Field<ProcessRow>[] = [
  ioField('io-read', ['disk-read', 'rbytes/s'], 'DISK R/s', 'read', 'read'),
  ioField('io-write', ['disk-write', 'wbytes/s'], 'DISK W/s', 'write', 'written'),
];
