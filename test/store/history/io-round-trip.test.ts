import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplaySource } from '../../../src/cli/replay/replay-source.js';
import { recordingCollector } from '../../../src/cli/record/run.js';
import type { IoRates } from '../../../src/core/io-rates.js';
import { processFields } from '../../../src/fields/process-fields.js';
import { ProcFs } from '../../../src/source/proc-fs.js';
import { HistoryReader } from '../../../src/store/history/reader.js';
import { openDatabase } from '../../../src/store/history/sqlite-driver.js';
import { HistoryWriter } from '../../../src/store/history/writer.js';
import { MetricsStore, type SeriesKey } from '../../../src/store/metrics-store.js';
import { initialDashState, reduce, type ControllerContext } from '../../../src/tui/controller.js';
import { buildKeymap } from '../../../src/tui/keymap.js';
import { MAIN_VIEWS } from '../../../src/tui/main-views.js';
import type { Moment } from '../../../src/tui/moment.js';
import { screenPanels } from '../../../src/tui/screen-panels.js';
import { bareTheme } from '../../../src/tui/theme.js';
import { initialViewState } from '../../../src/tui/view-state.js';

// Disk and network traffic through a recording: the fixture root's /proc/diskstats and /proc/net/dev move
// between ticks; each tick is recorded and pushed to a live MetricsStore. The replay must give back the
// store's chart series, its per-device rates at every sample, and draw the same disk and network panels.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-history-io-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const root = path.join(tmp, 'root');
const db = path.join(tmp, 'io.db');
const T0 = Date.UTC(2026, 0, 2, 3, 0, 0);
const N = 30;
const KEYS: SeriesKey[] = ['disk.read', 'disk.write', 'net.rx', 'net.tx'];
const store = new MetricsStore({ retentionSeconds: 600, intervalSeconds: 1 });
const liveRates: (IoRates | null)[] = [];
const liveSnapshots: Moment['snapshot'][] = [];

/** Counters at tick i: each device moves at its own rate, and sda's reads spike at tick 12. */
function writeCounters(i: number): void {
  const sda = { rd: 1000 * i + (i >= 12 ? 40_000 : 0), wr: 300 * i };
  const disk = (maj: number, min: number, name: string, rd: number, wr: number) =>
    `${String(maj).padStart(4)} ${String(min).padStart(7)} ${name} 10 0 ${rd} 5 20 0 ${wr} 7 0 9 12 0 0 0 0 0 0`;
  fs.writeFileSync(path.join(root, 'proc/diskstats'), [
    disk(7, 0, 'loop0', 8 * i, 0),
    disk(8, 0, 'sda', sda.rd, sda.wr),
    disk(8, 1, 'sda1', sda.rd - 10 * i, sda.wr),
    disk(259, 0, 'nvme0n1', 50 * i * i, 2000 * i),
  ].join('\n') + '\n');
  const net = (name: string, rx: number, tx: number) => `${name.padStart(6)}: ${rx} 10 0 0 0 0 0 0 ${tx} 10 0 0 0 0 0 0`;
  fs.writeFileSync(path.join(root, 'proc/net/dev'), [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    net('lo', 999 * i, 999 * i),
    net('eth0', 150_000 * i + (i % 7) * 3000, 20_000 * i),
    net('wlan0', 700 * i * i, 90 * i),
  ].join('\n') + '\n');
}

beforeAll(async () => {
  fs.cpSync(path.resolve(__dirname, '../../fixtures/procs'), root, { recursive: true });
  fs.mkdirSync(path.join(root, 'proc/net'), { recursive: true });
  const collector = recordingCollector(new ProcFs(root));
  const writer = HistoryWriter.open(db, { retainMs: null, maxBytes: null });
  try {
    for (let i = 0; i < N; i++) {
      writeCounters(i);
      const s = await collector.tick();
      // Exact seconds between samples: the writer divides by the time between them, the store by the interval.
      s.time = T0 + i * 1000;
      s.interval = i === 0 ? null : 1;
      writer.write(s);
      store.push(s);
      liveRates.push(store.ioRates());
      liveSnapshots.push(s);
    }
  } finally {
    writer.close();
    collector.close();
  }
});

const ctx: ControllerContext = {
  reg: processFields, keymap: buildKeymap(processFields).keymap, theme: bareTheme, views: MAIN_VIEWS, canThreads: false, canStep: true,
};

/** The disk and network panels' text for a moment, on a 120 x 40 screen. */
function trafficPanels(m: Moment): Record<string, string> {
  let s = initialDashState(initialViewState(), ctx, { width: 120, height: 40 });
  s = reduce(s, { type: 'init' }, ctx).state;
  s = reduce(s, { type: 'moment', moment: m }, ctx).state;
  const out: Record<string, string> = {};
  for (const p of screenPanels(s, ctx)) if (p.id === 'panel:network' || p.id === 'panel:disk') out[p.id] = p.content;
  return out;
}

describe('disk and network rates through a recording', () => {
  it('the replay gives back the live chart series and per-device rates of every sample', () => {
    const reader = HistoryReader.open(db);
    try {
      const src = new ReplaySource(reader, reader.last()!);
      for (const k of KEYS) {
        const replayed = src.series(k).toArray();
        expect(replayed).toHaveLength(N);
        expect(replayed).toEqual(store.series(k).toArray());
        expect(replayed.slice(1).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      }
      // Random order: each sample's rates need the sample before it, across key frames.
      for (const i of [29, 0, 12, 11, 13, 1, 24, 23, 5]) {
        expect(src.goto(new Date(T0 + i * 1000).toISOString())).toBeNull();
        expect(src.ioRates()).toEqual(liveRates[i]);
      }
      expect(liveRates[12]!.disks.find((d) => d.device === 'sda')!.read).toBe((1000 + 40_000) * 512);
    } finally {
      reader.close();
    }
  });

  it('replay draws the disk and network panels as live did; back in time, the window around the sample, marked', () => {
    const reader = HistoryReader.open(db);
    try {
      const src = new ReplaySource(reader, reader.last()!);
      const live = trafficPanels({ snapshot: store.latest!, history: store });
      expect(trafficPanels(src.moment())).toEqual(live);
      // eth0 153,000 + wlan0 39,900 B/s (lo left out); 20,000 + 90.
      expect(live['panel:network']).toMatch(/^Network rx 188K\/s tx 19\.6K\/s/);
      expect(live['panel:network']).toContain('eth0');
      expect(live['panel:disk']).toContain('nvme0n1');
      expect(live['panel:network']).not.toMatch(/\blo\b/);
      expect(live['panel:disk']).not.toContain('loop0');

      // Sample 12, sda's read spike: the legend and the device list give its rates, the chart marks it.
      expect(src.goto(new Date(T0 + 12_000).toISOString())).toBeNull();
      const disk = trafficPanels(src.moment())['panel:disk']!.split('\n');
      // Whole disks: sda 41,000 sectors/s read (sda1 is a partition of it, loop0 no disk) + nvme0n1 1,150.
      expect(disk[0]).toMatch(/^Disk read 20\.6M\/s write 1\.12M\/s /);
      expect(disk.find((l) => l.includes(' sda '))).toMatch(/ sda\s+20\.0M\/s\s+150K\/s/);
      expect(disk.find((l) => l.includes(' nvme0n1 '))).toMatch(/ nvme0n1\s+575K\/s\s+1000K\/s/);
      // 30 samples in a chart wider than that: drawn right-aligned, the moment 17 columns from the newest.
      const chartWidth = 120 / 2 - 26;
      const markCol = chartWidth - 1 - (N - 1 - 12);
      const rows = disk.slice(1).map((l) => [...l]);
      // The spike's column: full in the read half.
      expect(rows[0]![markCol]).toBe('█');
      expect(rows.every((r) => r[markCol] !== ' ')).toBe(true);
      expect(rows.some((r) => r[markCol] === '│')).toBe(true);
      expect(rows.every((r) => r.slice(chartWidth - N, chartWidth).filter((c) => c === '│').length <= 1)).toBe(true);
    } finally {
      reader.close();
    }
  });

  it('a history recorded before the rate columns (schema 1) still opens: empty charts, per-device rates from the counters', () => {
    const old = path.join(tmp, 'v1.db');
    fs.copyFileSync(db, old);
    const d = openDatabase(old);
    for (const c of ['disk_read', 'disk_write', 'net_rx', 'net_tx']) d.exec(`ALTER TABLE samples DROP COLUMN ${c}`);
    d.exec('UPDATE schema_version SET version = 1');
    d.close();
    const reader = HistoryReader.open(old);
    try {
      const src = new ReplaySource(reader, reader.last()!);
      expect(src.series('net.rx').toArray().every((v) => Number.isNaN(v))).toBe(true);
      expect(src.series('cpu').toArray()).toHaveLength(N);
      expect(src.ioRates()).toEqual(liveRates[N - 1]);
    } finally {
      reader.close();
    }
    // A recorder migrates it and records the rates from then on.
    const w = HistoryWriter.open(old, { retainMs: null, maxBytes: null });
    try {
      w.write({ ...liveSnapshots[N - 2]!, time: T0 + N * 1000 });
      w.write({ ...liveSnapshots[N - 1]!, time: T0 + (N + 1) * 1000 });
    } finally {
      w.close();
    }
    const r2 = HistoryReader.open(old);
    try {
      const rx = new ReplaySource(r2, r2.last()!).series('net.rx').toArray();
      expect(rx).toHaveLength(N + 2);
      expect(Number.isNaN(rx[N]!)).toBe(true);
      expect(rx[N + 1]).toBe(store.series('net.rx').toArray()[N - 1]);
    } finally {
      r2.close();
    }
  });
});
