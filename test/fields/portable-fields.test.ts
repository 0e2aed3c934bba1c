import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../src/core/process.js';
import { FS_FIELDS, fsFormatContext } from '../../src/fields/fs-fields.js';
import { PROCESS_FIELDS, processFields } from '../../src/fields/process-fields.js';
import { psSpec, psSpecFields } from '../../src/fields/ps-specs.js';
import type { FormatContext } from '../../src/fields/registry.js';
import { portableFsUsage } from '../../src/collectors/portable-snapshot-collector.js';
import { psListFields } from '../../src/cli/ps/texts.js';

function row(over: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid: 100, comm: 'bash', state: 'S', ppid: 1, pgrp: 100, session: 100, ttyNr: 34816, tpgid: 100, flags: 0,
    minflt: 7, majflt: 0, utime: 50, stime: 0, priority: 20, nice: 0, numThreads: 1, starttime: 0, vsize: 8192,
    rssPages: 2, processor: 1, rtPriority: 0, policy: 0, uid: 1000, user: 'alice', vmLck: 0, sharedPages: 1,
    cmdline: ['-bash'], cpuDeltaTicks: null, ...over,
  };
}

const ctx: FormatContext = {
  now: 1764200000_000, uptime: 200000, btime: 1764000000, hz: 100, pageSize: 4096, memTotal: 8000000 * 1024,
  interval: null, cpuCount: 2, style: 'ps',
};

// What the portable backend fills is a property of each registry row (Field.portable); rows it made carry
// `portable`, and the other fields print - on them (null in JSON). Rows of the /proc backend are untouched.
describe('fields on rows of the portable backend', () => {
  const portable = row({ portable: true, uid: null, pgrp: 0, ttyNr: 0, sharedPages: null });

  it('columns the backend fills print as on /proc; the others print - and are null in JSON', () => {
    for (const key of ['pid', 'ppid', 'user', 'vsz', 'rss', 'comm', 'args', 'time', 'ni']) {
      const f = processFields.get(key);
      expect(f.portable, key).toBe(true);
      expect(f.text(portable, ctx), key).toBe(f.text(row({ uid: null, pgrp: 0, ttyNr: 0 }), ctx));
    }
    for (const key of ['pgid', 'sid', 'uid', 'stat', 'psr', 'nlwp', 'min_flt', 'shr']) {
      const f = processFields.get(key);
      expect(f.portable, key).toBeUndefined();
      expect(f.text(portable, ctx), key).toBe('-');
      expect(f.value(portable, ctx), key).toBeNull();
      // The same field on a /proc row is its own cell.
      expect(f.text(row(), ctx), key).not.toBe('-');
    }
  });

  it("ps's specifiers the same way; its user column prints the name the backend gives, with no uid", () => {
    expect(psSpec('user')!.text(portable, ctx)).toBe('alice');
    expect(psSpec('user')!.value(portable, ctx)).toBe('alice');
    expect(psSpec('uid')!.text(portable, ctx)).toBe('-');
    expect(psSpec('pgid')!.text(portable, ctx)).toBe('-');
    // The terminal: the name the backend gives (it has no device number), as ps spells it.
    const onTty = row({ portable: true, uid: null, pgrp: 0, ttyNr: 0, sharedPages: null, ttyName: 'pts/3' });
    expect(psSpec('tty')!.text(onTty, ctx)).toBe('pts/3');
    expect(psSpec('tty')!.value(onTty, ctx)).toBe('pts/3');
    expect(psSpec('tty4')!.text(onTty, ctx)).toBe('3');
    expect(psSpec('tty')!.text({ ...onTty, ttyName: '?' }, ctx)).toBe('?');
    expect(processFields.get('tty').text(onTty, ctx)).toBe('pts/3');
    expect(processFields.get('tty').portable).toBe(true);
    expect(psSpec('rss')!.text(portable, ctx)).toBe('8');
    expect(psSpec('maj_flt')!.text(portable, ctx)).toBe('-');
    // A specifier ps prints as - everywhere is never portable.
    for (const f of psSpecFields()) if (!f.psListed) expect(f.portable, f.key).toBeUndefined();
  });

  it('ps --list-fields marks every column by the same property', () => {
    const text = psListFields();
    const line = (key: string) => text.split('\n').find((l) => l.startsWith(`${key} `))!;
    expect(text).toMatch(/^KEY +HEADER +WIDTH PORTABLE READS$/m);
    expect(line('%cpu').split(/\s+/)[3]).toBe('yes');
    expect(line('pgid').split(/\s+/)[3]).toBe('no');
    // Every specifier line says yes or no, as its registry row does.
    for (const f of psSpecFields()) expect(line(f.key).split(/\s+/)[3], f.key).toBe(f.portable ? 'yes' : 'no');
    expect(PROCESS_FIELDS.filter((f) => f.portable).length).toBeGreaterThan(10);
  });

  it("df's inode columns print - on the backend's filesystems, sizes as df prints them", () => {
    const r = portableFsUsage({ source: '/dev/vda', fstype: 'ext4', target: '/', size: 4096 * 1024, used: 1024 * 1024, avail: 2048 * 1024, readOnly: false });
    const c = fsFormatContext();
    const cell = (key: string) => FS_FIELDS.find((f) => f.key === key)!.text(r, c);
    expect([cell('source'), cell('size'), cell('used'), cell('avail'), cell('pcent'), cell('target')]).toEqual(['/dev/vda', '4096', '1024', '2048', '34%', '/']);
    expect([cell('itotal'), cell('iused'), cell('iavail'), cell('ipcent'), cell('options')]).toEqual(['-', '-', '-', '-', '-']);
  });
});
