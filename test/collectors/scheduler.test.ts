import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scheduler, type TickSource } from '../../src/collectors/scheduler.js';
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

describe('Scheduler', () => {
  it('ticks at once, then every interval; pushes to the store, then the listeners', async () => {
    const src = fakeSource();
    const pushed: number[] = [];
    const heard: number[] = [];
    const s = new Scheduler(src, { intervalSeconds: 0.02, store: { push: (x) => pushed.push(x.time) } });
    s.onSnapshot((x) => heard.push(x.time));
    s.start();
    await new Promise((r) => setTimeout(r, 110));
    s.stop();
    const n = src.ticks;
    expect(n).toBeGreaterThanOrEqual(3);
    expect(pushed).toEqual(heard);
    await new Promise((r) => setTimeout(r, 60));
    expect(src.ticks).toBe(n); // stopped means stopped
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
