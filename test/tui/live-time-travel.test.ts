import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIVE_MOMENTS, LiveTimeline, provideReplayModules } from '../../src/cli/dashboard/time-travel.js';
import { ReplaySource } from '../../src/cli/replay/replay-source.js';
import { HistoryReader } from '../../src/store/history/reader.js';
import { HistoryWriter } from '../../src/store/history/writer.js';
import { MetricsStore } from '../../src/store/metrics-store.js';
import type { Moment } from '../../src/tui/moment.js';
import { processFields } from '../../src/fields/process-fields.js';
import type { DiskStats } from '../../src/core/io.js';
import { initialDashState, layoutOf, reduce, type ControllerContext, type DashState, type Effect } from '../../src/tui/controller.js';
import { chartWindow } from '../../src/tui/chart-view.js';
import { buildKeymap } from '../../src/tui/keymap.js';
import { MAIN_VIEWS } from '../../src/tui/main-views.js';
import { screenPanels } from '../../src/tui/screen-panels.js';
import { bareTheme } from '../../src/tui/theme.js';
import { initialViewState } from '../../src/tui/view-state.js';
import { pct, proc, snapshot } from './snapshot-fixture.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-live-tt-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 2, 3, 0, 0);
const snap = (i: number) => snapshot([proc(100 + i, { comm: `at-${i}` })], { time: T0 + i * 1000 });

function live(n: number, dbPath = path.join(tmp, 'none.db')) {
  const store = new MetricsStore({ retentionSeconds: 600, intervalSeconds: 1 });
  // The clock is the newest snapshot's time, as it is live.
  const tl = new LiveTimeline(store, dbPath, () => store.latest!.time);
  const shown: Moment[] = [];
  tl.show = (m) => shown.push(m);
  for (let i = 0; i < n; i++) {
    store.push(snap(i));
    tl.push(store.latest!);
  }
  return { store, tl, shown, comm: () => shown[shown.length - 1]!.snapshot.processes[0]!.comm };
}

describe('live dashboard time travel', () => {
  it('steps back through the moments kept in memory, the chart history around them, and forward to live', () => {
    const { tl, shown, comm } = live(30);
    expect(tl.step(1)).toBe('already live');
    expect(tl.step(-1)).toBeNull();
    expect(comm()).toBe('at-28');
    expect(tl.travelling).toBe(true);
    // The whole history, with the one point after the moment counted as ahead (the charts' window).
    const h = shown[0]!.history;
    expect(h.ahead).toBe(1);
    expect(h.series('time').toArray().at(-1 - h.ahead!)).toBe(T0 + 28_000);
    expect(tl.step(-5)).toBeNull();
    expect(comm()).toBe('at-23');
    expect(shown.at(-1)!.position).toMatch(/^past \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(-6; @ now: live\)$/);
    expect(tl.step(6)).toBeNull();
    expect(tl.travelling).toBe(false);
    expect(comm()).toBe('at-29');
    expect(shown.at(-1)!.position).toBeUndefined();
  });

  it('holds its moment while live ticks arrive; goes to a time; says where memory ends', () => {
    const { store, tl, comm } = live(30);
    tl.step(-2);
    store.push(snap(30));
    tl.push(store.latest!);
    tl.step(0);
    expect(tl.goto('5 sec ago')).toBeNull(); // now = T0 + 30 s
    expect(comm()).toBe('at-25');
    expect(tl.goto('now')).toBeNull();
    expect(tl.travelling).toBe(false);
    expect(tl.step(-(LIVE_MOMENTS + 5))).toBeNull();
    expect(comm()).toBe(`at-${30 - LIVE_MOMENTS + 1}`);
    expect(tl.step(-1)).toMatch(/^the oldest moment kept in memory/);
    expect(tl.goto('1 hour ago')).toMatch(/^no history to go back to .*: no recorder is writing /);
  });

  it('goes on into the recorder database before the moments in memory', () => {
    const db = path.join(tmp, 'h.db');
    const w = HistoryWriter.open(db, { retainMs: null, maxBytes: null });
    for (let i = 0; i < 10; i++) w.write(snapshot([proc(100 + i, { comm: `rec-${i}` })], { time: T0 - 60_000 + i * 1000 }));
    w.close();
    provideReplayModules({ HistoryReader, ReplaySource });
    const { tl, shown, comm } = live(30, db);
    expect(tl.goto('2026-01-02T02:59:05Z')).toBeNull();
    expect(comm()).toBe('rec-5');
    expect(shown.at(-1)!.position).toMatch(/^recorded .* 6\/10 \(@ now: live\)$/);
    expect(tl.step(-1)).toBeNull();
    expect(comm()).toBe('rec-4');
    expect(tl.step(10)).toBeNull();
    expect(comm()).toBe('rec-9');
    expect(tl.step(1)).toBeNull(); // past the newest recorded sample: live again
    expect(tl.travelling).toBe(false);
    expect(comm()).toBe('at-29');
    tl.close();
  });
});

describe('live time travel on screen: the charts show the window around the moment, marked', () => {
  const ctx: ControllerContext = {
    reg: processFields, keymap: buildKeymap(processFields).keymap, theme: bareTheme, views: MAIN_VIEWS, canThreads: false, canStep: true,
  };
  /** CPU busy i/2 % at tick i (below the top row of a chart: the mark shows there), with sda's reads one sector per second faster each tick. */
  const disk = (i: number): DiskStats => ({
    major: 8, minor: 0, device: 'sda', readsCompleted: 0, readsMerged: 0, sectorsRead: (i * (i + 1)) / 2, readTimeMs: 0, writesCompleted: 0,
    writesMerged: 0, sectorsWritten: 0, writeTimeMs: 0, ioInProgress: 0, ioTimeMs: 0, weightedIoTimeMs: 0, discardsCompleted: null, discardsMerged: null,
    sectorsDiscarded: null, discardTimeMs: null, flushRequests: null, flushTimeMs: null,
  });
  const busy = (i: number) => snapshot([proc(100 + i, { comm: `at-${i}` })], {
    time: T0 + i * 1000, interval: 1, cpu: { total: pct(i / 2), perCpu: [pct(i / 2), pct(i / 2)] }, disks: [disk(i)],
  });

  function setup(n: number) {
    const store = new MetricsStore({ retentionSeconds: 600, intervalSeconds: 1 });
    const tl = new LiveTimeline(store, path.join(tmp, 'none.db'), () => store.latest!.time);
    let s: DashState = reduce(initialDashState(initialViewState(), ctx, { width: 120, height: 40 }), { type: 'init' }, ctx).state;
    tl.show = (moment) => void (s = reduce(s, { type: 'moment', moment }, ctx).state);
    const tick = (i: number) => {
      store.push(busy(i));
      tl.push(store.latest!);
    };
    for (let i = 0; i < n; i++) tick(i);
    s = reduce(s, { type: 'moment', moment: { snapshot: store.latest!, history: store } }, ctx).state;
    const panel = (id: string) => screenPanels(s, ctx).find((p) => p.id === `panel:${id}`)!.content.split('\n');
    const feed = (...inputs: Parameters<typeof reduce>[1][]): Effect[] => {
      const effects: Effect[] = [];
      for (const i of inputs) {
        const r = reduce(s, i, ctx);
        s = r.state;
        effects.push(...r.effects);
      }
      return effects;
    };
    return { store, tl, tick, panel, feed, state: () => s };
  }

  /** Columns holding the moment's rule (the marked column draws │ in its empty cells). */
  const ruled = (lines: string[]): number[] => [...new Set(lines.slice(1).flatMap((l) => [...l].flatMap((c, x) => (c === '│' ? [x] : []))))];

  it('{ puts the moment 10 columns from the right with its value in the title; live ticks move it left; } returns', () => {
    const { tl, tick, panel, feed, state } = setup(90);
    const live = panel('cpu');
    expect(live[0]).toMatch(/^CPU history 44\.5% /);
    expect(ruled(live)).toEqual([]);

    expect(feed({ type: 'key', ch: '{', name: '{' })).toContainEqual({ type: 'step', delta: -1 });
    expect(tl.step(-10)).toBeNull();
    const w = layoutOf(state()).cpuChart!.width;
    let cpu = panel('cpu');
    expect(cpu[0]).toMatch(/^CPU history 39\.5% /);
    expect(ruled(cpu)).toEqual([w - 1 - 10]);
    expect(chartWindow(90, w, 10).cursor).toBe(w - 1 - 10);
    // The newest points are still drawn right of the mark.
    expect([...cpu.at(-1)!].at(-1)).not.toBe(' ');
    // The memory chart marks the same moment.
    expect(ruled(panel('memory'))).toEqual([layoutOf(state()).memoryChart!.width - 1 - 10]);
    // The disk panel: the moment's rates (sda read 79 sectors/s), not the newest ones.
    expect(panel('disk')[0]).toMatch(/^Disk read 39\.5K\/s /);
    expect(panel('disk').find((l) => l.includes(' sda '))).toMatch(/ sda\s+39\.5K\/s/);

    // Live ticks arrive: the moment stays, one more point after it.
    tick(90);
    tick(91);
    cpu = panel('cpu');
    expect(cpu[0]).toMatch(/^CPU history 39\.5% /);
    expect(ruled(cpu)).toEqual([w - 1 - 12]);

    // A click 4 columns right of the mark steps 4 newer.
    const r = layoutOf(state()).cpuChart!;
    expect(feed({ type: 'mouse', action: 'mousedown', x: r.left + w - 1 - 12 + 4, y: r.top + 2 }).filter((e) => e.type === 'step')).toEqual([{ type: 'step', delta: 4 }]);
    expect(tl.step(4)).toBeNull();
    expect(panel('cpu')[0]).toMatch(/^CPU history 41\.5% /);
    expect(ruled(panel('cpu'))).toEqual([w - 1 - 8]);

    expect(tl.goto('now')).toBeNull();
    expect(panel('cpu')[0]).toMatch(/^CPU history 45\.5% /);
    expect(ruled(panel('cpu'))).toEqual([]);
  });
});
