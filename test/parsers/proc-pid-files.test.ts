import { describe, expect, it } from 'vitest';
import { parsePasswd } from '../../src/parsers/passwd.js';
import { parseProcPidCmdline } from '../../src/parsers/proc-pid-cmdline.js';
import { parseProcPidStatm, parseStatmBytes } from '../../src/parsers/proc-pid-statm.js';
import { parseProcPidStatus, parseStatusBytes, parseStatusText } from '../../src/parsers/proc-pid-status.js';
import { ttyName } from '../../src/parsers/tty.js';
import { countUtmpUsers, UTMP_RECORD_SIZE } from '../../src/parsers/utmp.js';

const enc = new TextEncoder();

const STATUS = `Name:\tbash
Umask:\t0022
State:\tS (sleeping)
Tgid:\t2229
Pid:\t2229
PPid:\t2228
Uid:\t1000\t1001\t1002\t1003
Gid:\t100\t100\t100\t100
VmPeak:\t    5252 kB
VmSize:\t    5252 kB
VmLck:\t      64 kB
VmPin:\t       0 kB
VmHWM:\t    4180 kB
VmRSS:\t    4180 kB
Threads:\t1
`;
const KTHREAD_STATUS = `Name:\tkthreadd
State:\tS (sleeping)
PPid:\t0
Uid:\t0\t0\t0\t0
Gid:\t0\t0\t0\t0
Threads:\t1
`;

describe('parseProcPidStatus', () => {
  it('reads ids, sizes in bytes and threads', () => {
    expect(parseProcPidStatus(STATUS)).toEqual({
      name: 'bash', state: 'S', ppid: 2228, uid: [1000, 1001, 1002, 1003], gid: [100, 100, 100, 100],
      vmLck: 64 * 1024, vmRss: 4180 * 1024, vmSize: 5252 * 1024, threads: 1,
    });
  });
  it('leaves the Vm lines of a kernel thread null', () => {
    const s = parseProcPidStatus(KTHREAD_STATUS);
    expect(s.vmRss).toBeNull();
    expect(s.vmLck).toBeNull();
    expect(s.uid).toEqual([0, 0, 0, 0]);
  });
  it('byte scanner: effective uid, VmLck, VmRSS', () => {
    const out = { uid: 0, vmLck: 0, vmRss: 0 };
    const b = enc.encode(STATUS);
    expect(parseStatusBytes(b, b.length, out)).toBe(true);
    expect(out).toEqual({ uid: 1001, vmLck: 64 * 1024, vmRss: 4180 * 1024 });
    const k = enc.encode(KTHREAD_STATUS);
    expect(parseStatusBytes(k, k.length, out)).toBe(true);
    expect(out).toEqual({ uid: 0, vmLck: -1, vmRss: -1 });
    const e = enc.encode('Name:\tx\n');
    expect(parseStatusBytes(e, e.length, out)).toBe(false);
  });
  it('text scanner gives the same answers', () => {
    const out = { uid: 0, vmLck: 0, vmRss: 0 };
    expect(parseStatusText(STATUS, out)).toBe(true);
    expect(out).toEqual({ uid: 1001, vmLck: 64 * 1024, vmRss: 4180 * 1024 });
    expect(parseStatusText(KTHREAD_STATUS, out)).toBe(true);
    expect(out).toEqual({ uid: 0, vmLck: -1, vmRss: -1 });
    expect(parseStatusText('Name:\tx\n', out)).toBe(false);
  });
});

describe('parseProcPidStatm', () => {
  it('reads pages', () => {
    expect(parseProcPidStatm('1313 1045 783 5 0 328 0\n')).toEqual({ size: 1313, resident: 1045, shared: 783, text: 5, data: 328 });
    expect(parseProcPidStatm('')).toBeNull();
  });
  it('byte scanner: resident and shared', () => {
    const out = { resident: 0, shared: 0 };
    const b = enc.encode('1313 1045 783 5 0 328 0\n');
    expect(parseStatmBytes(b, b.length, out)).toBe(true);
    expect(out).toEqual({ resident: 1045, shared: 783 });
    const bad = enc.encode('12\n');
    expect(parseStatmBytes(bad, bad.length, out)).toBe(false);
  });
});

describe('parseProcPidCmdline', () => {
  it('splits on NUL and drops the trailing ones', () => {
    expect(parseProcPidCmdline('/bin/sleep\u0000100\u0000')).toEqual(['/bin/sleep', '100']);
    expect(parseProcPidCmdline('nginx: worker process\u0000\u0000\u0000')).toEqual(['nginx: worker process']);
    expect(parseProcPidCmdline('a\u0000\u0000b\u0000')).toEqual(['a', '', 'b']);
    expect(parseProcPidCmdline('no-terminator')).toEqual(['no-terminator']);
  });
  it('is empty for kernel threads and zombies', () => {
    expect(parseProcPidCmdline('')).toEqual([]);
  });
});

describe('parsePasswd', () => {
  it('maps uid to name, first entry wins, junk skipped', () => {
    const m = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment\n\nbad line\ntoor:x:0:0::/:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/bash\nnouid:x::1::/:/bin/sh\n');
    expect([...m]).toEqual([[0, 'root'], [1000, 'alice']]);
  });
});

describe('ttyName', () => {
  it('names terminals as ps does', () => {
    expect(ttyName(0)).toBe('?');
    expect(ttyName((136 << 8) | 0)).toBe('pts/0');
    expect(ttyName((136 << 8) | 5)).toBe('pts/5');
    expect(ttyName((137 << 8) | 3)).toBe('pts/259');
    // minor above 255: high bits live at 20-31
    expect(ttyName((136 << 8) | (0x1 << 20) | 4)).toBe('pts/260');
    expect(ttyName((4 << 8) | 1)).toBe('tty1');
    expect(ttyName((4 << 8) | 64)).toBe('ttyS0');
    expect(ttyName((5 << 8) | 1)).toBe('console');
    expect(ttyName((188 << 8) | 0)).toBe('ttyUSB0');
    expect(ttyName((250 << 8) | 3)).toBe('250,3');
  });
});

describe('countUtmpUsers', () => {
  function record(type: number, user: string): Uint8Array {
    const r = new Uint8Array(UTMP_RECORD_SIZE);
    new DataView(r.buffer).setInt16(0, type, true);
    r.set(enc.encode(user), 44);
    return r;
  }
  it('counts USER_PROCESS records with a user name', () => {
    const parts = [record(7, 'alice'), record(6, 'LOGIN'), record(7, 'root'), record(8, 'gone'), record(7, '')];
    const all = new Uint8Array(parts.length * UTMP_RECORD_SIZE + 100); // + a partial record
    parts.forEach((p, i) => all.set(p, i * UTMP_RECORD_SIZE));
    expect(countUtmpUsers(all)).toBe(2);
    expect(countUtmpUsers(new Uint8Array(0))).toBe(0);
  });
});
