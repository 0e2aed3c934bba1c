import { describe, expect, it } from 'vitest';
import type { ProcessDetails } from '../../src/core/process-details.js';
import { clipLine, humanBytes, renderDetails, textWidth } from '../../src/tui/details-view.js';
import { bareTheme, colourTheme, monoTheme, stripTags } from '../../src/tui/theme.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

function sample(): ProcessDetails {
  return {
    pid: 4242,
    comm: 'we ird) {bold}(x',
    cmdline: ['/opt/app/bin/server', '--config=/etc/app/{prod}.yaml', 'x'.repeat(150)],
    command: `/opt/app/bin/server --config=/etc/app/{prod}.yaml ${'x'.repeat(150)}`,
    state: 'S',
    stateName: 'sleeping',
    ppid: 1,
    parentComm: 'systemd',
    exe: '/opt/app/bin/server (deleted)',
    cwd: '/srv/{app}',
    threads: 12,
    nice: 5,
    priority: 25,
    uid: 1000,
    euid: 0,
    user: 'alice',
    startTime: NOW / 1000 - 3 * 3600 - 4 * 60,
    utime: 125.5,
    stime: 3.25,
    voluntaryCtxtSwitches: 1234,
    nonvoluntaryCtxtSwitches: 56,
    kernelThread: false,
    memory: { rss: 50 * 1024 * 1024, pss: 30 * 1024 * 1024, uss: 20 * 1024 * 1024, shared: 30 * 1024 * 1024, swap: 0, vsize: 2 * 1024 ** 3, source: 'smaps_rollup' },
    maps: {
      entries: [
        { start: '55b8289a7000', end: '55b8289a9000', size: 8192, perms: 'r--p', offset: 0, device: 'fe:00', inode: 260875, path: '/opt/app/bin/server', deleted: false, kind: 'file' },
        { start: '55b834ac4000', end: '55b834ae5000', size: 135168, perms: 'rw-p', offset: 0, device: '00:00', inode: 0, path: '[heap]', deleted: false, kind: 'pseudo' },
        { start: '7f0000000000', end: '7f0000100000', size: 1048576, perms: 'rw-p', offset: 0, device: '00:00', inode: 0, path: '', deleted: false, kind: 'anonymous' },
        { start: '7f0000100000', end: '7f0000101000', size: 4096, perms: 'rw-s', offset: 0x1000, device: '00:05', inode: 42, path: '/tmp/my file\nwith {braces} and a very long directory name/データ.bin', deleted: true, kind: 'file' },
        { start: 'ffffffffff600000', end: 'ffffffffff601000', size: 4096, perms: '--xp', offset: 0, device: '00:00', inode: 0, path: '[vsyscall]', deleted: false, kind: 'pseudo' },
      ],
      more: 1234,
    },
    openFiles: {
      entries: [
        { fd: 0, target: '/dev/null' },
        { fd: 3, target: 'socket:[1234]' },
        { fd: 17, target: null },
        { fd: 1023, target: '/var/log/app/a-rather-long-log-file-name-that-goes-on-and-on.log (deleted)' },
      ],
      more: 7,
    },
    cgroups: [
      { hierarchy: 0, controllers: [], path: '/system.slice/app.service' },
    ],
    limits: { memoryMax: 512 * 1024 * 1024, memoryMaxAt: '/system.slice', memoryCurrent: 100 * 1024 * 1024, cpuMax: { quotaUs: 50000, periodUs: 100000 }, cpuMaxAt: '/system.slice/app.service', version: 2 },
    problems: [{ what: 'command line', reason: 'permission denied' }],
  };
}

describe('renderDetails', () => {
  it('draws every section, in order, with their start lines', () => {
    const r = renderDetails(sample(), 100, { now: NOW, utc: true });
    expect(r.sections.map((s) => s.id)).toEqual(['summary', 'memory', 'maps', 'files', 'cgroup', 'problems']);
    for (const s of r.sections) expect(r.lines[s.line]).toBe(s.title);
    expect(r.sections[2]!.title).toBe('Memory maps (1239)');
    expect(r.sections[3]!.title).toBe('Open files (11)');
  });

  it('shows the summary facts', () => {
    const text = renderDetails(sample(), 100, { now: NOW, utc: true }).lines.join('\n');
    expect(text).toContain(' State      S (sleeping)');
    expect(text).toContain(' Executable /opt/app/bin/server (deleted)');
    expect(text).toContain(' Directory  /srv/{app}');
    expect(text).toContain(' Parent     PID 1 (systemd)');
    expect(text).toContain(' User       alice (uid 1000), effective uid 0');
    expect(text).toContain(' Started    2026-11-26 08:56:00 UTC (3h 04m ago)');
    expect(text).toContain('total 2:08.75');
    expect(text).toContain(' Threads    12    nice 5    priority 25');
    expect(text).toContain('1234 voluntary  56 involuntary');
  });

  it('shows memory in human units and KiB, and the share of the cgroup limit', () => {
    const lines = renderDetails(sample(), 100, { now: NOW }).lines;
    expect(lines).toContain(' RSS          50.0 MiB     51,200 KiB  resident in RAM');
    expect(lines).toContain(' USS          20.0 MiB     20,480 KiB  private to it');
    expect(lines.some((l) => l.includes('RSS is 9.8% of the cgroup limit 512.0 MiB'))).toBe(true);
  });

  it('draws the maps table with all columns when wide, the paths decoded and marked', () => {
    const lines = renderDetails(sample(), 160, { now: NOW }).lines;
    const header = lines.find((l) => l.includes('Address range'))!;
    expect(header.trimEnd()).toBe(' Address range                       Size Perms   Offset Device  Inode Path');
    expect(lines).toContain(' 55b8289a7000-55b8289a9000             8K r--p  00000000 fe:00  260875 /opt/app/bin/server');
    expect(lines).toContain(' ffffffffff600000-ffffffffff601000     4K --xp  00000000 00:00       0 [vsyscall]');
    expect(lines).toContain(' 7f0000000000-7f0000100000             1M rw-p  00000000 00:00       0 [anon]');
    const del = lines.find((l) => l.includes('rw-s'))!;
    expect(del).toContain('\\n');
    expect(del.endsWith('データ.bin (deleted)')).toBe(true);
    expect(lines).toContain(' (1234 more)');
  });

  it('drops columns on narrow screens but keeps size, perms and path', () => {
    const lines = renderDetails(sample(), 40, { now: NOW }).lines;
    const header = lines.find((l) => l.includes('Perms'))!;
    expect(header).not.toContain('Address');
    expect(header).toContain('Size');
    expect(lines.some((l) => l.includes('[heap]'))).toBe(true);
  });

  it('lists open files, unreadable links and the count of the rest', () => {
    const lines = renderDetails(sample(), 100, { now: NOW }).lines;
    expect(lines).toContain('    0 /dev/null');
    expect(lines).toContain('    3 socket:[1234]');
    expect(lines).toContain('   17 (unreadable)');
    expect(lines).toContain(' (7 more)');
  });

  it('says once that no target was readable, listing the descriptor numbers', () => {
    const d = sample();
    d.openFiles = { entries: [0, 1, 2, 5, 7, 8].map((fd) => ({ fd, target: null })), more: 3 };
    const r = renderDetails(d, 100, { now: NOW });
    const at = r.sections.find((s) => s.id === 'files')!.line;
    expect(r.lines.slice(at, at + 3)).toEqual(['Open files (9)', ' 9 descriptors (0-2, 5, 7-8 and 3 more); targets unreadable', '']);
  });

  it('keeps the end of a long path when cutting it', () => {
    const lines = renderDetails(sample(), 50, { now: NOW }).lines;
    const l = lines.find((x) => x.startsWith(' 1023 '))!;
    expect(l).toMatch(/^ 1023 ….*on-and-on\.log \(deleted\)$/);
    expect(textWidth(l)).toBe(50);
  });

  it('shows cgroup limits', () => {
    const lines = renderDetails(sample(), 100, { now: NOW }).lines;
    expect(lines).toContain(' v2 path    /system.slice/app.service');
    expect(lines).toContain(' Memory max 512.0 MiB (set at /system.slice)');
    expect(lines).toContain(' CPU max    0.50 CPU (50000/100000 us, set at /system.slice/app.service)');
    expect(lines).toContain(' Could not read'.trim());
    expect(lines).toContain(' command line: permission denied');
  });

  it('says n/a and where the figures came from when smaps_rollup was unreadable', () => {
    const d = sample();
    d.memory = { rss: 4096, pss: null, uss: null, shared: null, swap: 0, vsize: 8192, source: 'status' };
    d.maps = null;
    d.openFiles = null;
    d.limits = null;
    const text = renderDetails(d, 80, { now: NOW }).lines.join('\n');
    // The notes stay in their column when the KiB figure is missing.
    expect(text).toContain(` PSS${' '.repeat(15)}n/a${' '.repeat(17)}proportional share`);
    expect(text).toContain(` RSS           4.0 KiB          4 KiB  resident in RAM`);
    expect(text).toContain('(RSS and swap from status: smaps_rollup unreadable)');
    expect(text).toContain('Memory maps\n unreadable (see below)');
    expect(text).toContain('Open files\n unreadable (see below)');
    expect(text).toContain(' Limits     not readable');
  });

  it('describes a kernel thread without inventing memory', () => {
    const d = sample();
    d.kernelThread = true;
    d.maps = { entries: [], more: 0 };
    d.openFiles = { entries: [], more: 0 };
    const text = renderDetails(d, 80, { now: NOW }).lines.join('\n');
    expect(text).toContain('kernel thread: no user memory');
    expect(text).toContain('none (kernel thread)');
  });

  it('draws only the sections asked for', () => {
    const r = renderDetails(sample(), 80, { now: NOW, sections: ['memory', 'cgroup'] });
    expect(r.sections.map((s) => s.id)).toEqual(['memory', 'cgroup']);
    expect(r.sections[0]!.line).toBe(0);
  });

  for (const theme of [bareTheme, monoTheme, colourTheme]) {
    it(`never exceeds the width from 20 to 200 columns (${theme === bareTheme ? 'bare' : theme.color ? 'colour' : 'mono'})`, () => {
      for (let w = 20; w <= 200; w++) {
        const lines = renderDetails(sample(), w, { now: NOW, theme }).lines;
        for (const l of lines) {
          const visible = theme === bareTheme ? l : stripTags(l);
          expect(textWidth(visible), `width ${w}: ${JSON.stringify(l)}`).toBeLessThanOrEqual(w);
        }
      }
    });
  }

  it('escapes braces of process text so blessed cannot read them as tags', () => {
    const lines = renderDetails(sample(), 120, { now: NOW, theme: colourTheme }).lines;
    expect(lines[0]).toContain('{open}bold{close}');
    expect(lines.join('\n')).toContain('{open}prod{close}');
    // Every tag that opens is closed on the same line, so colour never leaks to the next one.
    for (const l of lines) if (/\{#[0-9a-f]{6}-fg\}/.test(l)) expect(l).toContain('{/}');
  });

  it('wraps a long command line within the value column', () => {
    const lines = renderDetails(sample(), 60, { now: NOW }).lines;
    const start = lines.findIndex((l) => l.startsWith(' Command'));
    expect(lines[start]).toBe(' Command    /opt/app/bin/server');
    expect(lines[start + 1]).toBe('            --config=/etc/app/{prod}.yaml');
    expect(lines[start + 2]).toBe(`            ${'x'.repeat(48)}`);
  });
});

describe('clipLine', () => {
  it('cuts tagged text by visible columns and closes the tags', () => {
    expect(clipLine('{bold}abcdef{/}', 3, true)).toBe('{bold}abc{/}');
    expect(clipLine('{open}x{close}yz', 2, true)).toBe('{open}x');
    expect(clipLine('abc', 5, true)).toBe('abc');
    expect(clipLine('abcdef', 4, false)).toBe('abc…');
  });

  it('counts wide characters as two columns', () => {
    expect(textWidth('データ')).toBe(6);
    expect(clipLine('データ', 5, true)).toBe('デー');
  });
});

describe('humanBytes', () => {
  it('formats binary units with one decimal', () => {
    expect(humanBytes(0)).toBe('0 B');
    expect(humanBytes(1023)).toBe('1023 B');
    expect(humanBytes(1536)).toBe('1.5 KiB');
    expect(humanBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });
});
