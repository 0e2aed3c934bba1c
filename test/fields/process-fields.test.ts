import { psStart } from '../../src/fields/start-time.js';
import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../src/core/process.js';
import {
  PROCESS_FIELDS, processFields, psEtime, psTime, topScaleKib, topTimePlus,
} from '../../src/fields/process-fields.js';
import { neededSources, sortRows, type FormatContext } from '../../src/fields/registry.js';
import { procpsLine } from '../../src/format/procps-layout.js';

function row(over: Partial<ProcessRow> = {}): ProcessRow {
  return {
    pid: 100, comm: 'bash', state: 'S', ppid: 1, pgrp: 100, session: 100, ttyNr: 34816, tpgid: 100, flags: 0,
    minflt: 0, majflt: 0, utime: 0, stime: 0, priority: 20, nice: 0, numThreads: 1, starttime: 0, vsize: 0,
    rssPages: 0, processor: 0, rtPriority: 0, policy: 0, uid: 1000, user: 'alice', vmLck: 0, sharedPages: null,
    cmdline: ['-bash'], cpuDeltaTicks: null, ...over,
  };
}

// 2025-11-26 23:33:20 UTC; boot 200000 s earlier.
const ctx: FormatContext = {
  now: 1764200000_000, uptime: 200000, btime: 1764000000, hz: 100, pageSize: 4096, memTotal: 8000000 * 1024,
  interval: null, cpuCount: 2, style: 'ps',
};
const top: FormatContext = { ...ctx, style: 'top', interval: 2 };

const text = (key: string, r: ProcessRow, c: FormatContext = ctx): string => processFields.get(key).text(r, c);
const value = (key: string, r: ProcessRow, c: FormatContext = ctx): unknown => processFields.get(key).value(r, c);

describe('process field registry', () => {
  it('has the columns ps and top need, with unique keys', () => {
    const keys = PROCESS_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of ['pid', 'ppid', 'uid', 'user', 'pcpu', 'pmem', 'vsz', 'rss', 'tty', 'stat', 'start', 'time', 'etime',
      'comm', 'args', 'nlwp', 'ni', 'pri', 'psr', 'virt', 'res', 'shr', 'state', 'time+', 'c', 'pr']) {
      expect(keys).toContain(k);
    }
  });
  it('resolves procps and top spellings', () => {
    expect(processFields.get('%cpu').key).toBe('pcpu');
    expect(processFields.get('%MEM').key).toBe('pmem');
    expect(processFields.get('mem').key).toBe('pmem');
    expect(processFields.get('rsz').key).toBe('rss');
    expect(processFields.get('start_time').key).toBe('start');
    expect(processFields.get('TIME+').key).toBe('time+');
    expect(processFields.get('RES').key).toBe('res');
    expect(processFields.get('cmd').key).toBe('args');
  });
  it('parses sort specs: -key descending, first key primary', () => {
    const keys = processFields.parseSort('-mem,+pid');
    expect(keys.map((k) => [k.field.key, k.desc])).toEqual([['pmem', true], ['pid', false]]);
    expect(() => processFields.parseSort('-bogus')).toThrow(/unknown sort key 'bogus'/);
  });
  it('top hotkeys P M N T', () => {
    const hot = Object.fromEntries(PROCESS_FIELDS.filter((f) => f.hotkey).map((f) => [f.hotkey, f.key]));
    expect(hot).toEqual({ P: 'pcpu', M: 'pmem', N: 'pid', T: 'time+' }); // top's T sorts its TIME+ column
  });
  it('needs: stat-only columns cost stat; others say what they read', () => {
    expect([...neededSources([processFields.get('pid'), processFields.get('comm')])]).toEqual(['stat']);
    expect(neededSources([processFields.get('args')]).has('cmdline')).toBe(true);
    expect(neededSources([processFields.get('stat')]).has('locked')).toBe(true); // VmLck for L, not the whole of status every tick
    expect(neededSources([processFields.get('shr')]).has('statm')).toBe(true);
    expect(neededSources([processFields.get('user')]).has('uid')).toBe(true);
    expect(neededSources([processFields.get('rss')]).has('rss')).toBe(true);
  });
});

describe('ps cells', () => {
  it('%CPU: lifetime average, truncated to tenths', () => {
    // 36 s of CPU over 60 s of life = 60 %
    const r = row({ utime: 3000, stime: 600, starttime: (200000 - 60) * 100 });
    expect(text('pcpu', r)).toBe('60.0');
    // 0.0999.. truncates to 0.0, not 0.1
    expect(text('pcpu', row({ utime: 999, starttime: (200000 - 10000) * 100 }))).toBe('0.0');
    expect(text('pcpu', row({ utime: 1999, starttime: (200000 - 10000) * 100 }))).toBe('0.1');
    // above 100 % the decimals go (procps prints the integer from 1000 tenths up)
    expect(text('pcpu', row({ utime: 25000, starttime: (200000 - 100) * 100 }))).toBe('250');
    // started this very second: 0
    expect(text('pcpu', row({ utime: 5, starttime: 200000 * 100 }))).toBe('0.0');
  });
  it('%MEM: truncated; top rounds', () => {
    const r = row({ rssPages: 1250 }); // 5000 KiB of 8000000
    expect(text('pmem', r)).toBe('0.0');
    expect(text('pmem', r, top)).toBe('0.1');
    expect(value('pmem', r)).toBeCloseTo(0.0625, 2);
  });
  it('STAT flags in procps order', () => {
    expect(text('stat', row())).toBe('Ss+');
    expect(text('stat', row({ pid: 120, pgrp: 120, tpgid: 120, numThreads: 3, state: 'R' }))).toBe('Rl+');
    expect(text('stat', row({ pid: 5, nice: -20, state: 'I', tpgid: -1, session: 0 }))).toBe('I<');
    expect(text('stat', row({ pid: 140, session: 140, nice: 5, vmLck: 65536, numThreads: 2, tpgid: 1 }))).toBe('SNLsl');
    // A thread of a session leader is marked as its process is (procps compares the session with the tgid).
    expect(text('stat', row({ pid: 141, tgid: 140, session: 140, numThreads: 2, tpgid: 1 }))).toBe('Ssl');
  });
  it('TTY, USER truncation, NI for real-time', () => {
    expect(text('tty', row())).toBe('pts/0');
    expect(text('user', row({ user: 'averyverylongname' }))).toBe('averyve+');
    expect(text('user', row({ user: 'eightchr' }))).toBe('eightchr');
    expect(text('user', row({ user: null, uid: null }))).toBe('?');
    expect(text('ni', row({ policy: 1 }))).toBe('-');
    expect(text('ni', row({ policy: 1 }), top)).toBe('0');
    expect(text('pr', row({ priority: -100 }))).toBe('rt');
    expect(text('pri', row({ priority: 20 }))).toBe('19');
  });
  it('COMMAND: [comm] for an empty cmdline, <defunct> for zombies in args, control characters as ?', () => {
    expect(text('args', row({ cmdline: [], comm: 'kthreadd' }))).toBe('[kthreadd]');
    expect(text('args', row({ state: 'Z', comm: 'kid', cmdline: [] }))).toBe('[kid] <defunct>');
    // procps 4.0.2 marks a zombie in args only: `ps -o comm` prints the bare name (checked on a live zombie).
    expect(text('comm', row({ state: 'Z', comm: 'kid' }))).toBe('kid');
    expect(text('comm', row({ state: 'Z', comm: 'kid' }), top)).toBe('kid');
    // The cell is raw; every output escapes it (ps: `?`, as procps prints control characters).
    expect(text('args', row({ cmdline: ['a\nb', 'c'] }))).toBe('a\nb c');
    expect(procpsLine([{ header: 'COMMAND', width: 0, align: 'left' }], [text('args', row({ cmdline: ['a\nb', 'c'] }))])).toBe('a?b c');
  });
  it('START: time today, MonDD this year, else the year (local time)', () => {
    const now = new Date(2025, 10, 26, 23, 33, 20).getTime();
    expect(psStart(new Date(2025, 10, 26, 8, 5, 0).getTime() / 1000, now)).toBe('08:05');
    expect(psStart(new Date(2025, 10, 20, 12, 0, 0).getTime() / 1000, now)).toBe('Nov20');
    expect(psStart(new Date(2025, 0, 2, 12, 0, 0).getTime() / 1000, now)).toBe('Jan02');
    expect(psStart(new Date(2023, 5, 1, 12, 0, 0).getTime() / 1000, now)).toBe('2023');
  });
  it('TIME formats', () => {
    expect(psTime(0)).toBe('00:00:00');
    expect(psTime(3723)).toBe('01:02:03');
    expect(psTime(90061)).toBe('1-01:01:01');
    expect(text('bsdtime', row({ utime: 7500, stime: 500 }))).toBe('1:20');
    expect(psEtime(59)).toBe('00:59');
    expect(psEtime(3600)).toBe('01:00:00');
    expect(psEtime(90061)).toBe('1-01:01:01');
  });
});

describe('top cells', () => {
  it('%CPU: delta over the interval, per one CPU, capped at 100 x threads', () => {
    expect(text('pcpu', row({ cpuDeltaTicks: 50 }), top)).toBe('25.0');
    expect(value('pcpu', row({ cpuDeltaTicks: 50 }), top)).toBe(25);
    expect(text('pcpu', row({ cpuDeltaTicks: 500, numThreads: 1 }), top)).toBe('100.0');
    expect(text('pcpu', row({ cpuDeltaTicks: null }), top)).toBe('0.0');
    // 5 threads busy on many CPUs: 450 % fits 5 wide as 450.0; 1234 % does not and loses the decimal
    expect(text('pcpu', row({ cpuDeltaTicks: 900, numThreads: 5 }), top)).toBe('450.0');
    expect(text('pcpu', row({ cpuDeltaTicks: 2468, numThreads: 20 }), top)).toBe('1234');
  });
  it('VIRT/RES/SHR scale like top when the KiB number does not fit', () => {
    expect(topScaleKib(41688, 7)).toBe('41688');
    expect(topScaleKib(1117176, 7)).toBe('1117176');
    expect(topScaleKib(34288000, 7)).toBe('32.7g');
    expect(topScaleKib(12345678, 6)).toBe('11.8g');
    expect(topScaleKib(2048000, 6)).toBe('2.0g');
    expect(text('shr', row({ sharedPages: 1588 }), top)).toBe('6352');
    expect(text('shr', row({ sharedPages: null }), top)).toBe('-');
  });
  it('TIME+ as M:SS.hh, then H,MM', () => {
    expect(topTimePlus(1904, 100)).toBe('0:19.04');
    expect(topTimePlus(100 * 3599 + 99, 100)).toBe('59:59.99');
    expect(topTimePlus(100 * 3600 * 16, 100)).toBe('960:00.00');
    expect(topTimePlus(100 * 3600 * 30, 100)).toBe('30,00');
    expect(topTimePlus(100 * 3600 * 2000, 100)).toBe('2000,00');
  });
});

describe('sorting with registry values', () => {
  it('--sort -rss then pid, ties keep pid order', () => {
    const rows = [row({ pid: 1, rssPages: 10 }), row({ pid: 2, rssPages: 30 }), row({ pid: 3, rssPages: 10 }), row({ pid: 4, rssPages: 20 })];
    expect(sortRows(rows, processFields.parseSort('-rss'), ctx).map((r) => r.pid)).toEqual([2, 4, 1, 3]);
    expect(sortRows(rows, processFields.parseSort('rss,-pid'), ctx).map((r) => r.pid)).toEqual([3, 1, 4, 2]);
  });
});
