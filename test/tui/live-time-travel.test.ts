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
import { proc, snapshot } from './snapshot-fixture.js';

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
  it('steps back through the moments kept in memory, with the chart history ending there, and forward to live', () => {
    const { tl, shown, comm } = live(30);
    expect(tl.step(1)).toBe('already live');
    expect(tl.step(-1)).toBeNull();
    expect(comm()).toBe('at-28');
    expect(tl.travelling).toBe(true);
    expect(shown[0]!.history.series('time').toArray().at(-1)).toBe(T0 + 28_000);
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
