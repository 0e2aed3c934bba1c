import { describe, expect, it } from 'vitest';
import { historyChart, titledChart } from '../../src/tui/chart-view.js';
import { cpuMeterLines, layout } from '../../src/tui/layout.js';
import { cpuMeters, formatUptime, headerLines, humanBytes, memoryMeters, meterBar } from '../../src/tui/summary-view.js';
import { bareTheme, colourTheme, escapeTags, monoTheme, stripTags, themeFor } from '../../src/tui/theme.js';
import { pct, proc, snapshot } from './snapshot-fixture.js';

describe('header', () => {
  it('formats uptime as top does', () => {
    expect(formatUptime(5 * 60)).toBe('5 min');
    expect(formatUptime(3 * 3600 + 4 * 60)).toBe(' 3:04');
    expect(formatUptime(86400 + 10 * 60)).toBe('1 day, 10 min');
    expect(formatUptime(2 * 86400 + 13 * 3600 + 4 * 60)).toBe('2 days, 13:04');
  });
  it('shows host, uptime, users, load and task counts', () => {
    const s = snapshot([proc(1), proc(2)]);
    const [first, second] = headerLines(s, { hostname: 'box', users: 1 }, 120, 2, bareTheme);
    expect(first).toMatch(/^box - \d\d:\d\d:\d\d up 3 days,  4:05,  1 user,  load average: 0\.50, 0\.25, 0\.13$/);
    expect(second).toBe('Tasks:   2 total,   1 running,   1 sleeping,   0 stopped,   0 zombie');
    expect(headerLines(s, { hostname: 'box', users: null }, 40, 1, bareTheme)).toHaveLength(1);
  });
});

describe('meters', () => {
  it('draws a bar with segments in order and the text inside', () => {
    const bar = meterBar('CPU', [{ percent: 50, role: 'user' }, { percent: 25, role: 'system' }], '75.0%', 25, bareTheme);
    expect(bar).toBe('CPU[||||||||||#####75.0%]');
    expect(bar).toHaveLength(25);
    expect(meterBar('CPU', [], 'x', 3, bareTheme)).toBe('CPU');
    expect(meterBar('CPU', [{ percent: 500, role: 'user' }], '', 10, bareTheme)).toBe('CPU[|||||]');
  });
  it('colours segments apart in colour and with distinct characters without', () => {
    const segs = [{ percent: 40, role: 'user' as const }, { percent: 40, role: 'system' as const }];
    const c = meterBar('CPU', segs, '', 15, colourTheme);
    expect(c).toContain('{77-fg}||||{/}');
    expect(c).toContain('{167-fg}||||{/}');
    expect(stripTags(meterBar('CPU', segs, '', 15, monoTheme))).toBe('CPU[||||####  ]');
  });
  it('has a total CPU line and one per CPU with 1 on', () => {
    const s = snapshot([]);
    expect(cpuMeters(s, false, 40, 5, bareTheme)).toHaveLength(1);
    const per = cpuMeters(s, true, 40, 5, bareTheme);
    expect(per).toHaveLength(3);
    expect(per[1]).toMatch(/^ {2}0\[/);
    expect(per[1]).toMatch(/40\.0%\]$/);
    expect(per[2]).toMatch(/13\.0%\]$/); // busy excludes iowait
    for (const l of per) expect(l).toHaveLength(40);
  });
  it('labels each bar with the kernel\'s CPU number when one is offline', () => {
    const base = snapshot([]);
    const s = { ...base, stat: { ...base.stat, cpuIds: [0, 2] } };
    const per = cpuMeters(s, true, 40, 5, bareTheme);
    expect(per[1]).toMatch(/^ {2}0\[/);
    expect(per[2]).toMatch(/^ {2}2\[/);
  });
  it('memory figures fit their width: one space when two do not fit, then only whole pairs', () => {
    const s = snapshot([]);
    const wide = memoryMeters(s, 60, 4, bareTheme).map(stripTags);
    expect(wide[2]).toMatch(/^used \S+ {2}buff\/cache \S+ {2}avail \S+$/);
    for (const w of [30, 36, 39, 41]) {
      const lines = memoryMeters(s, w, 4, bareTheme).map(stripTags);
      for (const l of lines.slice(2)) {
        expect(l.length, `${w}: ${l}`).toBeLessThanOrEqual(w);
        expect(l, `${w}: a number is never cut`).toMatch(/^(\S+ \S+)( {1,2}\S+ \S+)*$/);
      }
    }
  });
  it('packs many CPUs into columns', () => {
    const s = snapshot([], { cpu: { total: pct(10), perCpu: Array.from({ length: 16 }, (_, i) => pct(i)) } });
    const lines = cpuMeters(s, true, 100, 5, bareTheme);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^ {2}0\[.* {2}4\[.* {2}8\[.* 12\[/);
  });
  it('shows free\'s numbers: used = total - available, buff/cache = buffers + cache', () => {
    const lines = memoryMeters(snapshot([]), 60, 4, bareTheme);
    expect(lines[0]).toMatch(/^Mem\[.*3\.00G\/8\.00G\]$/);
    expect(lines[1]).toMatch(/^Swp\[.*512M\/2\.00G\]$/);
    expect(lines[2]).toBe('used 3.00G  buff/cache 2.50G  avail 5.00G');
    expect(lines[3]).toBe('total 8.00G  free 2.00G  shared 64.0M');
    expect(memoryMeters(snapshot([]), 60, 2, bareTheme)).toHaveLength(2);
  });
  it('before the second tick the bars are empty, not broken', () => {
    const lines = cpuMeters(snapshot([], { cpu: null }), true, 30, 3, bareTheme);
    expect(lines[0]).toBe('CPU[                     0.0%]');
  });
  it('prints sizes compactly', () => {
    expect(humanBytes(0)).toBe('0B');
    expect(humanBytes(1536)).toBe('1.50K');
    expect(humanBytes(123 * 1024 * 1024)).toBe('123M');
    expect(humanBytes(NaN)).toBe('-');
  });
});

describe('history chart', () => {
  it('draws the newest values on the right in eighth blocks', () => {
    const lines = historyChart([0, 50, 100], 5, 2, 100, bareTheme, 'chartCpu');
    expect(lines).toEqual(['    █', '   ██']);
    expect(historyChart([25], 1, 1, 100, bareTheme, 'chartCpu')).toEqual(['▂']);
  });
  it('skips unknown values and clips to the width', () => {
    const lines = historyChart([NaN, 100, ...Array(10).fill(0)], 4, 1, 100, bareTheme, 'chartCpu');
    expect(lines).toEqual(['    ']);
    expect(titledChart('CPU', [100], 3, 1, 100, bareTheme, 'chartCpu')).toEqual(['CPU']);
    expect(historyChart([1], 0, 3, 1, bareTheme, 'chartCpu')).toEqual([]);
  });
});

describe('layout', () => {
  it('shows every panel from 80x24 up', () => {
    for (const [w, h] of [[80, 24], [120, 40], [200, 60]] as const) {
      const L = layout({ width: w, height: h, cpuCount: 2, perCpu: true });
      expect(L.header?.height).toBe(2);
      expect(L.cpu).not.toBeNull();
      expect(L.memory).not.toBeNull();
      expect(L.cpuChart).not.toBeNull();
      expect(L.main.height).toBeGreaterThanOrEqual(11);
      expect(L.status.top).toBe(h - 1);
      expect(L.main.top + L.main.height).toBe(h - 1);
    }
  });
  it('drops panels as the terminal shrinks, down to 40x12 and below', () => {
    const small = layout({ width: 40, height: 12, cpuCount: 2, perCpu: true });
    expect(small.cpuChart).toBeNull();
    expect(small.header?.height).toBe(1);
    expect(small.cpu?.height).toBe(1);
    expect(small.main.height).toBeGreaterThanOrEqual(7);
    const tiny = layout({ width: 10, height: 3, cpuCount: 64, perCpu: true });
    expect(tiny.header).toBeNull();
    expect(tiny.cpu).toBeNull();
    expect(tiny.main.height).toBe(2);
    const zero = layout({ width: 0, height: 0, cpuCount: 1, perCpu: false });
    expect(zero.main.height).toBe(0);
  });
  it('gives many CPUs at most a third of the screen', () => {
    expect(cpuMeterLines(64, true)).toBe(65);
    expect(cpuMeterLines(64, false)).toBe(1);
    const L = layout({ width: 200, height: 60, cpuCount: 64, perCpu: true });
    expect(L.cpu!.height).toBeLessThanOrEqual(20);
  });
});

describe('theme', () => {
  it('escapes braces so process names cannot inject tags', () => {
    expect(escapeTags('a{b}c')).toBe('a{open}b{close}c');
    expect(stripTags(colourTheme.paint('error', escapeTags('{x}')))).toBe('{x}');
  });
  it('follows NO_COLOR', () => {
    expect(themeFor({}).color).toBe(true);
    expect(themeFor({ NO_COLOR: '' }).color).toBe(true);
    expect(themeFor({ NO_COLOR: '1' }).color).toBe(false);
    expect(monoTheme.paint('user', 'x')).toBe('x');
    expect(monoTheme.paint('selected', 'x')).toBe('{inverse}x{/}');
  });
});
