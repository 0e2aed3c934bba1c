import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiskStats, NetDevStats } from '../../src/core/io.js';
import { HistoryWriter } from '../../src/store/history/writer.js';
import { pct, proc, snapshot } from './snapshot-fixture.js';
import { firstProcessRow, haveTmux, TmuxSession } from './tmux-harness.js';

if (!haveTmux()) throw new Error('tmux is not installed: the replay test needs it (apt-get install tmux)');

// A recorded history where each sample has its own busiest process (`phase-N`), so the screen says which
// sample is shown. Times in UTC, and the session runs with TZ=UTC, so the status line's clock is known.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-replay-'));
const db = path.join(tmp, 'h.db');
const T0 = Date.UTC(2026, 0, 2, 3, 0, 0);
const SAMPLES = 20;

// A second history for the charts: CPU 10% for 100 samples, a 90% spike at sample 100, then 50%.
const spikeDb = path.join(tmp, 'spike.db');
const SPIKE = 100;

beforeAll(() => {
  const sw = HistoryWriter.open(spikeDb, { retainMs: null, maxBytes: null });
  try {
    for (let i = 0; i < 2 * SPIKE; i++) {
      const busy = i === SPIKE ? 90 : i > SPIKE ? 50 : 10;
      sw.write(snapshot([proc(10, { comm: 'steady', cpuDeltaTicks: 50 })], { time: T0 + i * 5000, interval: 5, cpu: { total: pct(busy), perCpu: [pct(busy), pct(busy)] } }));
    }
  } finally {
    sw.close();
  }
  const w = HistoryWriter.open(db, { retainMs: null, maxBytes: null });
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const rows = [proc(10, { comm: 'steady', cpuDeltaTicks: 50 }), proc(100 + i, { comm: `phase-${i}`, cpuDeltaTicks: 400, starttime: 1000 + i })];
      w.write(snapshot(rows, { time: T0 + i * 5000, interval: 5 }));
    }
  } finally {
    w.close();
  }
});

// A third for the disk and network panels: eth0 receives 1 MiB/s and sends 10 KiB/s throughout; sda reads
// 1 MiB/s and writes 2 MiB/s, with a 51 MiB/s read burst in sample IO_BURST; nvme0n1 reads 4 KiB/s.
const ioDb = path.join(tmp, 'io.db');
const IO_BURST = 30;
const MiB = 1024 * 1024;
function diskAt(device: string, minor: number, readBytes: number, writeBytes: number): DiskStats {
  return {
    major: 8, minor, device, readsCompleted: 0, readsMerged: 0, sectorsRead: readBytes / 512, readTimeMs: 0, writesCompleted: 0, writesMerged: 0,
    sectorsWritten: writeBytes / 512, writeTimeMs: 0, ioInProgress: 0, ioTimeMs: 0, weightedIoTimeMs: 0, discardsCompleted: null, discardsMerged: null,
    sectorsDiscarded: null, discardTimeMs: null, flushRequests: null, flushTimeMs: null,
  };
}
function netAt(device: string, rxBytes: number, txBytes: number): NetDevStats {
  return {
    device, rxBytes, rxPackets: 0, rxErrs: 0, rxDrop: 0, rxFifo: 0, rxFrame: 0, rxCompressed: 0, rxMulticast: 0, txBytes, txPackets: 0,
    txErrs: 0, txDrop: 0, txFifo: 0, txColls: 0, txCarrier: 0, txCompressed: 0,
  };
}
beforeAll(() => {
  const w = HistoryWriter.open(ioDb, { retainMs: null, maxBytes: null });
  try {
    for (let i = 0; i < 2 * IO_BURST; i++) {
      const sdaRead = (i * MiB + (i >= IO_BURST ? 50 * MiB : 0)) * 5;
      w.write(snapshot([proc(10, { comm: 'steady' })], {
        time: T0 + i * 5000, interval: 5,
        disks: [diskAt('sda', 0, sdaRead, i * 2 * MiB * 5), diskAt('nvme0n1', 1, i * 4096 * 5, 0)],
        network: [netAt('lo', i * 50 * MiB, i * 50 * MiB), netAt('eth0', i * MiB * 5, i * 10240 * 5)],
      }));
    }
  } finally {
    w.close();
  }
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const comm = (screen: string): string | undefined => firstProcessRow(screen)?.trim().split(/\s+/).pop();
const statusOf = (screen: string): string => screen.trimEnd().split('\n').pop() ?? '';

describe('sysmon replay in tmux', () => {
  const s = new TmuxSession({ width: 120, height: 40, env: { TZ: 'UTC' }, args: ['replay', '--db', db, '--at', '2026-01-02T03:00:12Z'] });
  beforeAll(() => s.start());
  afterAll(() => s.kill());

  it('opens at the nearest earlier sample, steps with t / T, jumps with g, plays with space, quits with q', async () => {
    let scr = await s.waitFor((x) => comm(x) === 'phase-2', 10_000, 'the sample of 03:00:10');
    expect(statusOf(scr)).toMatch(/replay 2026-01-02 03:00:10 3\/20/);
    expect(scr).toContain('nearest earlier sample: 2026-01-02 03:00:10');
    expect(statusOf(scr)).toContain('FROZEN');

    s.keys(['t']);
    scr = await s.waitFor((x) => comm(x) === 'phase-3', 5000, 'the next sample');
    expect(statusOf(scr)).toMatch(/replay 2026-01-02 03:00:15 4\/20/);
    s.keys(['T', 'T']);
    scr = await s.waitFor((x) => comm(x) === 'phase-1', 5000, 'two samples back');
    expect(statusOf(scr)).toMatch(/replay 2026-01-02 03:00:05 2\/20/);
    // 80% of a CPU over the recorded 5 s interval: the recorded %CPU, not a live one.
    expect(firstProcessRow(scr)).toMatch(/\s80\.0\s/);

    s.keys(['g']);
    await s.waitFor((x) => statusOf(x).startsWith('go to time'), 5000, 'the time prompt');
    s.keys(['2026-01-02T03:01:20Z'], true);
    s.keys(['Enter']);
    scr = await s.waitFor((x) => comm(x) === 'phase-16', 5000, 'the sample of 03:01:20');
    expect(statusOf(scr)).toMatch(/replay 2026-01-02 03:01:20 17\/20/);

    // Play at 8x (5 s samples every 0.625 s) until the end of the history.
    s.keys([']', ']', ']']);
    await s.waitFor((x) => statusOf(x).includes('speed 8x'), 5000, 'speed 8x');
    s.keys(['Space']);
    scr = await s.waitFor((x) => comm(x) === 'phase-19', 15_000, 'playing to the last sample');
    expect(statusOf(scr)).toMatch(/replay 2026-01-02 03:01:35 20\/20 playing 8x/);
    s.keys(['Space']);
    await s.waitFor((x) => statusOf(x).includes('FROZEN'), 5000, 'paused');

    expect(await s.quit()).toEqual({ status: 0, stderr: '' });
  });
});

describe('sysmon replay charts in tmux', () => {
  const s = new TmuxSession({ width: 120, height: 40, env: { TZ: 'UTC' }, args: ['replay', '--db', spikeDb, '--at', new Date(T0 + SPIKE * 5000).toISOString()] });
  beforeAll(() => s.start());
  afterAll(() => s.kill());

  /** The CPU chart under its title: its rows (the chart is the left half, up to the memory chart's title column). */
  const cpuChart = (screen: string): { title: string; rows: string[] } => {
    const lines = screen.split('\n');
    const at = lines.findIndex((l) => l.startsWith('CPU history'));
    const cut = lines[at]!.indexOf('Memory used');
    const rows = [];
    for (let i = at + 1; i < lines.length && /[▁▂▃▄▅▆▇█]/.test(lines[i]!.slice(0, cut)); i++) rows.push(lines[i]!.slice(0, cut));
    return { title: lines[at]!.slice(0, cut).trim(), rows };
  };
  /** Columns of the chart's top row that hold a block: the spike's. */
  const peak = (rows: string[]): number[] => [...rows[0]!].flatMap((c, i) => (/[▁▂▃▄▅▆▇█]/.test(c) ? [i] : []));

  it('show the window around the sample: the spike mid-chart with the samples after it to its right; t moves it left', async () => {
    let scr = await s.waitFor((x) => x.includes('CPU history 90.0%'), 10_000, 'the spike sample');
    let c = cpuChart(scr);
    const width = scr.split('\n').find((l) => l.startsWith('CPU history'))!.indexOf('Memory used');
    // Mid-chart (the chart is a column narrower than the half of the screen up to the memory title).
    const mid = peak(c.rows);
    expect(mid.length).toBe(1);
    expect(Math.abs(mid[0]! - width / 2)).toBeLessThanOrEqual(1);
    // The samples after the spike (50%) fill the right of the chart; the ones before (10%) the left.
    const bottom = c.rows.at(-1)!;
    expect(bottom.slice(peak(c.rows)[0]! + 1).trim().length).toBeGreaterThan(10);
    expect(c.rows[Math.floor(c.rows.length / 2)]!.slice(0, peak(c.rows)[0]!).trim()).toBe('');
    s.keys(['t']);
    scr = await s.waitFor((x) => x.includes('CPU history 50.0%'), 5000, 'the next sample');
    c = cpuChart(scr);
    // The moment stays mid-chart (history on both sides), so the spike moves one column to the left.
    expect(peak(c.rows)).toEqual([mid[0]! - 1]);
    s.keys(['q']);
    expect(await s.exitStatus(8000)).toBe(0);
  });
});

describe('sysmon replay disk and network panels in tmux', () => {
  const s = new TmuxSession({ width: 120, height: 40, env: { TZ: 'UTC' }, args: ['replay', '--db', ioDb, '--at', new Date(T0 + IO_BURST * 5000).toISOString()] });
  beforeAll(() => s.start());
  afterAll(() => s.kill());

  /** The panel whose title starts with `title`: its lines, cut to its half of the screen. */
  const panel = (screen: string, title: string): string[] => {
    const lines = screen.split('\n');
    const at = lines.findIndex((l) => l.includes(title));
    const left = lines[at]!.indexOf(title);
    const out: string[] = [];
    for (let i = at; i < lines.length && i < at + 6; i++) out.push(lines[i]!.slice(left, left + 60));
    return out;
  };

  it('show the recorded rates at the sample, per device and interface, and their history around it', async () => {
    let scr = await s.waitFor((x) => x.includes('Disk read 51.0M/s'), 10_000, 'the burst sample');
    const net = panel(scr, 'Network rx');
    expect(net[0]).toMatch(/^Network rx 1\.00M\/s tx 10\.0K\/s/);
    expect(net.find((l) => l.includes('eth0'))).toMatch(/eth0\s+1\.00M\/s\s+10\.0K\/s/);
    expect(net.join('\n')).not.toMatch(/\blo\b/);
    let disk = panel(scr, 'Disk read');
    expect(disk[0]).toMatch(/^Disk read 51\.0M\/s write 2\.00M\/s/);
    expect(disk.find((l) => l.includes('sda'))).toMatch(/sda\s+51\.0M\/s\s+2\.00M\/s/);
    expect(disk.find((l) => l.includes('nvme0n1'))).toMatch(/nvme0n1\s+4\.00K\/s/);
    // The burst is one full column in the read half, marked: its empty cells in the write half draw the rule.
    // The writes (2 MiB/s) show on both sides of it: the samples before and after the moment.
    // (The two panels share the 120 columns; the narrower chart is at least 33 wide.)
    const CHART = 33;
    const burstCols = (d: string[]) => [...d[1]!.slice(0, CHART)].flatMap((c, i) => (c === '█' ? [i] : []));
    const rule = (d: string[]) => [...new Set(d.slice(1).flatMap((l) => [...l.slice(0, CHART)].flatMap((c, i) => (c === '│' ? [i] : []))))];
    const col = burstCols(disk);
    expect(col).toHaveLength(1);
    expect(rule(disk)).toEqual(col);
    expect(Math.abs(col[0]! - CHART / 2)).toBeLessThanOrEqual(2);
    expect(disk[4]!.slice(0, col[0]!)).toMatch(/^▁{10,}$/);
    expect(disk[4]!.slice(col[0]! + 1, CHART)).toMatch(/^▁{10,}$/);
    // The network chart: the moment marked mid-chart, its steady receive history on both sides.
    expect(rule(net)).toHaveLength(1);
    expect(Math.abs(rule(net)[0]! - CHART / 2)).toBeLessThanOrEqual(2);
    expect(net[1]!.slice(0, CHART)).toMatch(/^█+$/);

    s.keys(['t']);
    scr = await s.waitFor((x) => x.includes('Disk read 1.00M/s'), 5000, 'the sample after the burst');
    disk = panel(scr, 'Disk read');
    expect(disk.find((l) => l.includes('sda'))).toMatch(/sda\s+1\.00M\/s\s+2\.00M\/s/);
    expect(burstCols(disk)).toEqual([col[0]! - 1]);
    expect(rule(disk)).toEqual(col);
    expect(await s.quit()).toEqual({ status: 0, stderr: '' });
  });
});
