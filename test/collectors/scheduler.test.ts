import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, Scheduler, type SchedulerTimers, type TickSource } from '../../src/collectors/scheduler.js';
import { SnapshotCollector } from '../../src/collectors/snapshot-collector.js';
import type { Snapshot } from '../../src/core/snapshot.js';
import { ProcFs } from '../../src/source/proc-fs.js';

const fixture = path.resolve(__dirname, '..', 'fixtures', 'procs');

function fakeSource(): TickSource & { ticks: number } {
  const src = {
    ticks: 0,
    async tick(): Promise<Snapshot> {
      src.ticks++;
      return { time: src.ticks } as unknown as Snapshot;
    },
  };
  return src;
}

/**
 * A clock that only moves when the test says so, and timers on it: the schedule is checked exactly, on any
 * machine however loaded. Each armed timer is recorded with its length (a real one longer than 2^31-1 ms
 * would fire at once).
 */
function fakeTimers(): SchedulerTimers & { advance(ms: number): Promise<void>; armed: number[]; pending(): number } {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const armed: number[] = [];
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    armed,
    now: () => now,
    setTimeout(fn, ms) {
      armed.push(ms);
      due.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout(h) {
      due.delete(h as number);
    },
    pending: () => due.size,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await flush();
        const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        now = next[1].at;
        due.delete(next[0]);
        next[1].fn();
      }
      now = end;
      await flush();
    },
  };
}

describe('Scheduler', () => {
  it('ticks at once, then every interval; pushes to the store, then the listeners', async () => {
    const src = fakeSource();
    const timers = fakeTimers();
    const pushed: number[] = [];
    const heard: number[] = [];
    const s = new Scheduler(src, { intervalSeconds: 0.02, store: { push: (x) => pushed.push(x.time) }, timers });
    s.onSnapshot((x) => heard.push(x.time));
    s.start();
    await timers.advance(0);
    expect(src.ticks).toBe(1);
    await timers.advance(19);
    expect(src.ticks).toBe(1);
    await timers.advance(1);
    expect(src.ticks).toBe(2);
    await timers.advance(40);
    expect(src.ticks).toBe(4);
    s.stop();
    expect(pushed).toEqual([1, 2, 3, 4]);
    expect(pushed).toEqual(heard);
    await timers.advance(1000);
    expect(src.ticks).toBe(4); // stopped means stopped
    expect(timers.pending()).toBe(0);
  });

  it('waits out a delay longer than one Node timer holds as a chain of timers (top -d 1e9)', async () => {
    const src = fakeSource();
    const timers = fakeTimers();
    const s = new Scheduler(src, { intervalSeconds: 1e9, timers });
    s.start();
    await timers.advance(0);
    expect(src.ticks).toBe(1);
    expect(Math.max(...timers.armed)).toBeLessThanOrEqual(MAX_TIMER_MS);
    await timers.advance(1e12 - 1);
    expect(src.ticks).toBe(1);
    await timers.advance(1);
    expect(src.ticks).toBe(2);
    s.stop();
    expect(Math.max(...timers.armed)).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it('reports a failing tick and keeps going', async () => {
    let calls = 0;
    const src: TickSource = {
      async tick() {
        calls++;
        if (calls === 1) throw new Error('boom');
        return { time: calls } as unknown as Snapshot;
      },
    };
    const errors: unknown[] = [];
    const s = new Scheduler(src, { intervalSeconds: 0.01 });
    s.onError((e) => errors.push(e));
    const got = new Promise<Snapshot>((resolve) => s.onSnapshot(resolve));
    s.start();
    expect((await got).time).toBe(2);
    s.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });

  it('rejects a bad interval', () => {
    expect(() => new Scheduler(fakeSource(), { intervalSeconds: 0 })).toThrow(RangeError);
    expect(() => new Scheduler(fakeSource(), { intervalSeconds: Number.NaN })).toThrow(RangeError);
  });
});

describe('SnapshotCollector', () => {
  it('combines system and process readings; the second tick has an interval and deltas', async () => {
    const c = new SnapshotCollector(new ProcFs(fixture), { processNeeds: new Set(['stat', 'uid']) });
    const a = await c.tick();
    expect(a.interval).toBeNull();
    expect(a.cpu).toBeNull();
    expect(a.uptime).toBe(200000);
    expect(a.hz).toBe(100);
    expect(a.mem.MemTotal).toBe(8000000 * 1024);
    expect(a.tasks).toEqual({ total: 8, running: 1, sleeping: 6, stopped: 0, zombie: 1 });
    expect(a.processes.find((p) => p.pid === 120)!.user).toBe('alice');
    const b = await c.tick();
    expect(b.interval).toBeGreaterThanOrEqual(0);
    expect(b.cpu).not.toBeNull();
    expect(b.processes.every((p) => p.cpuDeltaTicks === 0)).toBe(true);
  });

  it('without process needs, reads no processes; extensions add their family', async () => {
    const c = new SnapshotCollector(new ProcFs(fixture));
    c.addExtension({ name: 'filesystems', collect: (s) => { s.filesystems = []; } });
    const s = await c.tick();
    expect(s.processes).toEqual([]);
    expect(s.tasks.total).toBe(0);
    expect(s.filesystems).toEqual([]);
  });
});
