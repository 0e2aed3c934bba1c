import { describe, expect, it } from 'vitest';
import { BoundedWait } from '../../../src/cli/serve/bounded-wait.js';
import { SharedSample } from '../../../src/cli/serve/shared-sample.js';

describe('SharedSample', () => {
  it('gives concurrent callers one collection, reuses it within the interval, then collects again', async () => {
    let clock = 0;
    let calls = 0;
    let release!: () => void;
    const shared = new SharedSample(
      () => {
        calls++;
        return new Promise<number>((resolve) => {
          release = () => resolve(calls);
        });
      },
      1000,
      () => clock,
    );
    const waiting = Array.from({ length: 50 }, () => shared.get());
    expect(calls).toBe(1);
    release();
    expect(await Promise.all(waiting)).toEqual(Array(50).fill(1));
    clock = 999;
    expect(await shared.get()).toBe(1);
    expect(calls).toBe(1);
    clock = 1000;
    const next = shared.get();
    release();
    expect(await next).toBe(2);
  });

  it('does not cache a failed collection', async () => {
    let n = 0;
    const shared = new SharedSample(async () => {
      n++;
      if (n === 1) throw new Error('boom');
      return n;
    }, 1000, () => 0);
    await expect(shared.get()).rejects.toThrow('boom');
    expect(await shared.get()).toBe(2);
  });
});

describe('BoundedWait', () => {
  it('answers with the last value when the reading hangs, and never starts a second reading meanwhile', async () => {
    let reads = 0;
    let finish: ((v: string) => void) | null = null;
    const w = new BoundedWait(
      () => {
        reads++;
        if (reads === 1) return Promise.resolve('first');
        return new Promise<string>((resolve) => {
          finish = resolve;
        });
      },
      30,
      'none',
    );
    expect(await w.get()).toBe('first');
    expect(w.lateLastTime).toBe(false);
    const t0 = performance.now();
    expect(await w.get()).toBe('first'); // the second reading hangs
    expect(performance.now() - t0).toBeLessThan(500);
    expect(w.lateLastTime).toBe(true);
    expect(await w.get()).toBe('first');
    expect(reads).toBe(2);
    finish!('second');
    await new Promise((r) => setTimeout(r, 0));
    expect(await w.get()).toBe('second');
    expect(reads).toBe(3);
  });

  it('keeps the last value when a reading fails', async () => {
    let n = 0;
    const w = new BoundedWait(async () => {
      n++;
      if (n === 2) throw new Error('EIO');
      return n;
    }, 100, 0);
    expect(await w.get()).toBe(1);
    expect(await w.get()).toBe(1);
    expect(await w.get()).toBe(3);
  });
});
