import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCgroupLimits, readProcessDetails } from '../../src/collectors/process-details-collector.js';
import { ProcFs, type ReadOutcome } from '../../src/source/proc-fs.js';
import { renderDetails } from '../../src/tui/details-view.js';

const root = path.resolve(__dirname, '..', 'fixtures', 'process-details');
const BTIME = 1795600000;

describe('readProcessDetails on the process-details fixture', () => {
  const procFs = new ProcFs(root);

  it('reads a user process in cgroup v2 completely', () => {
    expect(readProcessDetails(procFs, 4242)).toEqual({
      pid: 4242,
      comm: 'we ird) (x',
      cmdline: ['/opt/my app/bin/server', '--name=we ird) (x', '--flag'],
      command: '/opt/my app/bin/server --name=we ird) (x --flag',
      state: 'S',
      stateName: 'sleeping',
      ppid: 1,
      parentComm: 'systemd',
      exe: '/opt/my app/bin/server',
      cwd: '/srv/app',
      threads: 3,
      nice: 5,
      priority: 25,
      uid: 1000,
      euid: 1000,
      user: 'alice',
      startTime: BTIME + 3600,
      utime: 125.5,
      stime: 3.25,
      voluntaryCtxtSwitches: 1234,
      nonvoluntaryCtxtSwitches: 56,
      kernelThread: false,
      memory: { rss: 10240 * 1024, pss: 6000 * 1024, uss: 4000 * 1024, shared: 6240 * 1024, swap: 512 * 1024, vsize: 102400 * 1024, source: 'smaps_rollup' },
      maps: {
        entries: [
          { start: '55b8289a7000', end: '55b8289a9000', size: 0x2000, perms: 'r--p', offset: 0, device: 'fe:00', inode: 260875, path: '/opt/my app/bin/server', deleted: false, kind: 'file' },
          { start: '55b8289a9000', end: '55b8289ae000', size: 0x5000, perms: 'r-xp', offset: 0x2000, device: 'fe:00', inode: 260875, path: '/opt/my app/bin/server', deleted: false, kind: 'file' },
          { start: '55b834ac4000', end: '55b834ae5000', size: 0x21000, perms: 'rw-p', offset: 0, device: '00:00', inode: 0, path: '[heap]', deleted: false, kind: 'pseudo' },
          { start: '7f716e000000', end: '7f716e021000', size: 0x21000, perms: 'rw-p', offset: 0, device: '00:00', inode: 0, path: '', deleted: false, kind: 'anonymous' },
          { start: '7f716e0f6000', end: '7f716e14d000', size: 0x57000, perms: 'r--s', offset: 0, device: '00:05', inode: 1234, path: '/memfd:shared buffer', deleted: true, kind: 'file' },
          { start: '7f716e14d000', end: '7f716e14e000', size: 0x1000, perms: 'rw-s', offset: 0x1000, device: 'fe:00', inode: 99, path: '/tmp/line\nbreak.dat', deleted: false, kind: 'file' },
          { start: '7f716e14e000', end: '7f716e150000', size: 0x2000, perms: 'r--p', offset: 0, device: '00:00', inode: 0, path: '[anon:v8 heap (old space)]', deleted: false, kind: 'pseudo' },
          { start: '7ffc04325000', end: '7ffc04346000', size: 0x21000, perms: 'rw-p', offset: 0, device: '00:00', inode: 0, path: '[stack]', deleted: false, kind: 'pseudo' },
          { start: '7ffc043e3000', end: '7ffc043e5000', size: 0x2000, perms: 'r-xp', offset: 0, device: '00:00', inode: 0, path: '[vdso]', deleted: false, kind: 'pseudo' },
          { start: 'ffffffffff600000', end: 'ffffffffff601000', size: 0x1000, perms: '--xp', offset: 0, device: '00:00', inode: 0, path: '[vsyscall]', deleted: false, kind: 'pseudo' },
        ],
        more: 0,
      },
      openFiles: {
        entries: [
          { fd: 0, target: '/dev/null' },
          { fd: 1, target: 'socket:[1234]' },
          { fd: 2, target: 'pipe:[5678]' },
          { fd: 3, target: '/var/log/my app.log (deleted)' },
          { fd: 4, target: 'anon_inode:[eventfd]' },
          { fd: 10, target: '/nonexistent/data {x}.db' },
        ],
        more: 0,
      },
      cgroups: [{ hierarchy: 0, controllers: [], path: '/system.slice/app.service' }],
      limits: {
        memoryMax: 536870912,
        memoryMaxAt: '/system.slice',
        memoryCurrent: 104857600,
        cpuMax: { quotaUs: 50000, periodUs: 100000 },
        cpuMaxAt: '/system.slice/app.service',
        version: 2,
      },
      problems: [],
    });
  });

  it('caps maps and descriptors and counts the rest', () => {
    const d = readProcessDetails(procFs, 4242, { mapsLimit: 3, fdLimit: 2 })!;
    expect(d.maps!.entries.map((e) => e.path)).toEqual(['/opt/my app/bin/server', '/opt/my app/bin/server', '[heap]']);
    expect(d.maps!.more).toBe(7);
    expect(d.openFiles!.entries.map((f) => f.fd)).toEqual([0, 1]);
    expect(d.openFiles!.more).toBe(4);
  });

  it('reads a kernel thread: no memory, maps or files, and no complaints', () => {
    const d = readProcessDetails(procFs, 77)!;
    expect(d).toMatchObject({
      comm: 'kworker/0:1-events',
      cmdline: [],
      command: '[kworker/0:1-events]',
      state: 'I',
      stateName: 'idle',
      ppid: 2,
      parentComm: null,
      exe: null,
      cwd: null,
      kernelThread: true,
      user: 'root',
      startTime: BTIME + 2.5,
      memory: { rss: 0, pss: 0, uss: 0, swap: 0, source: null },
      maps: { entries: [], more: 0 },
      openFiles: { entries: [], more: 0 },
      // The root cgroup has no limit files: nothing limits it.
      limits: { memoryMax: null, memoryMaxAt: null, memoryCurrent: null, cpuMax: null, cpuMaxAt: null, version: 2 },
    });
    expect(d.problems).toEqual([]);
  });

  it('reads a zombie: <defunct>, no memory, no complaints', () => {
    const d = readProcessDetails(procFs, 666)!;
    expect(d).toMatchObject({
      command: '[sh] <defunct>',
      state: 'Z',
      stateName: 'zombie',
      parentComm: 'we ird) (x',
      user: 'alice',
      memory: { rss: 0, pss: 0, uss: 0, source: null },
      maps: { entries: [], more: 0 },
      openFiles: { entries: [], more: 0 },
      exe: null,
      problems: [],
    });
    expect(d.limits!.memoryMax).toBe(536870912);
  });

  it('falls back to status on a kernel without smaps_rollup and reads cgroup v1 limits', () => {
    const d = readProcessDetails(procFs, 555)!;
    expect(d.memory).toEqual({ rss: 4000 * 1024, pss: null, uss: null, shared: null, swap: 8 * 1024, vsize: 48828 * 1024, source: 'status' });
    expect(d.openFiles).toBeNull();
    expect(d.voluntaryCtxtSwitches).toBeNull();
    expect(d).toMatchObject({ exe: '/usr/bin/dockerd', cwd: null, parentComm: 'systemd' });
    expect(d.problems).toEqual([
      { what: 'PSS/USS (smaps_rollup)', reason: 'not present' },
      { what: 'open files', reason: 'not present' },
    ]);
    expect(d.limits).toEqual({
      memoryMax: 268435456,
      memoryMaxAt: '/docker',
      memoryCurrent: 52428800,
      cpuMax: { quotaUs: 200000, periodUs: 100000 },
      cpuMaxAt: '/docker/abc',
      version: 1,
    });
  });

  it('returns null for a pid that does not exist, and for nonsense pids', () => {
    expect(readProcessDetails(procFs, 9999)).toBeNull();
    expect(readProcessDetails(procFs, 0)).toBeNull();
    expect(readProcessDetails(procFs, -1)).toBeNull();
    expect(readProcessDetails(procFs, 1.5)).toBeNull();
  });

  it('renders the fixture process through the details view (golden text)', () => {
    const d = readProcessDetails(procFs, 4242)!;
    const text = renderDetails(d, 100, { now: (BTIME + 7200) * 1000, utc: true }).lines.join('\n') + '\n';
    const golden = path.join(root, 'expected-4242-w100.txt');
    expect(text).toBe(fs.readFileSync(golden, 'utf8'));
  });
});

/** A ProcFs where some files answer EACCES, as /proc does for another user's process when not root. */
class DeniedProcFs extends ProcFs {
  constructor(root: string, private readonly denied: RegExp) {
    super(root);
  }
  override tryReadText(p: string): ReadOutcome<string> {
    return this.denied.test(p) ? { ok: false, code: 'EACCES' } : super.tryReadText(p);
  }
  override tryListDir(p: string): ReadOutcome<string[]> {
    return this.denied.test(p) ? { ok: false, code: 'EACCES' } : super.tryListDir(p);
  }
  override tryReadLink(p: string): ReadOutcome<string> {
    return this.denied.test(p) ? { ok: false, code: 'EACCES' } : super.tryReadLink(p);
  }
}

describe('readProcessDetails when parts are unreadable', () => {
  it('reports permission denied for smaps_rollup, maps and fd, keeping the rest', () => {
    const d = readProcessDetails(new DeniedProcFs(root, /\/(smaps_rollup|maps|fd|exe|cwd)$/), 4242)!;
    expect(d.memory).toEqual({ rss: 10240 * 1024, pss: null, uss: null, shared: null, swap: 512 * 1024, vsize: 102400 * 1024, source: 'status' });
    expect(d.maps).toBeNull();
    expect(d.openFiles).toBeNull();
    expect(d.comm).toBe('we ird) (x');
    expect(d.exe).toBeNull();
    expect(d.cwd).toBeNull();
    expect(d.problems).toEqual([
      { what: 'executable', reason: 'permission denied' },
      { what: 'working directory', reason: 'permission denied' },
      { what: 'PSS/USS (smaps_rollup)', reason: 'permission denied' },
      { what: 'memory maps', reason: 'permission denied' },
      { what: 'open files', reason: 'permission denied' },
    ]);
  });

  it('marks single unreadable descriptor links', () => {
    const d = readProcessDetails(new DeniedProcFs(root, /\/fd\/(1|3)$/), 4242)!;
    expect(d.openFiles!.entries.filter((f) => f.target === null).map((f) => f.fd)).toEqual([1, 3]);
    expect(d.problems).toEqual([{ what: '2 of 6 open file targets', reason: 'permission denied' }]);
  });

  it('lists the descriptors of a non-dumpable process whose links all refuse readlink', () => {
    const d = readProcessDetails(new DeniedProcFs(root, /\/fd\/\d+$/), 4242)!;
    expect(d.openFiles!.entries.map((f) => f.fd)).toEqual([0, 1, 2, 3, 4, 10]);
    expect(d.openFiles!.entries.every((f) => f.target === null)).toBe(true);
    expect(d.problems).toEqual([{ what: 'open file targets', reason: 'permission denied' }]);
  });
});

describe('readCgroupLimits', () => {
  const procFs = new ProcFs(root);
  it('ignores paths outside the cgroup namespace', () => {
    expect(readCgroupLimits(procFs, [{ hierarchy: 0, controllers: [], path: '/../../escape' }])).toBeNull();
  });
  it('says null when there is no cgroup filesystem at all', () => {
    const bare = new ProcFs(path.resolve(__dirname, '..', 'fixtures', 'process-details', 'proc'));
    expect(readCgroupLimits(bare, [{ hierarchy: 0, controllers: [], path: '/' }])).toBeNull();
    expect(readCgroupLimits(bare, [{ hierarchy: 4, controllers: ['memory'], path: '/x' }])).toBeNull();
  });

  it('takes the tightest limit up the tree', () => {
    expect(readCgroupLimits(procFs, [{ hierarchy: 0, controllers: [], path: '/system.slice/app.service' }])!.memoryMax).toBe(536870912);
  });
});
