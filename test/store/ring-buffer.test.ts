import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/store/ring-buffer.js';

describe('RingBuffer', () => {
  it('holds values oldest to newest below capacity', () => {
    const r = new RingBuffer(4);
    r.push(1);
    r.push(2);
    expect(r.length).toBe(2);
    expect(r.toArray()).toEqual([1, 2]);
    expect(r.at(0)).toBe(1);
    expect(r.last()).toBe(2);
  });
  it('wraps around, dropping the oldest, never growing', () => {
    const r = new RingBuffer(3);
    for (let i = 1; i <= 7; i++) r.push(i);
    expect(r.length).toBe(3);
    expect(r.capacity).toBe(3);
    expect(r.toArray()).toEqual([5, 6, 7]);
    expect(r.at(-1)).toBe(7);
    expect(r.at(-3)).toBe(5);
    expect(r.at(3)).toBeUndefined();
    expect(r.at(-4)).toBeUndefined();
    expect(r.toArray(2)).toEqual([6, 7]);
    expect(r.toArray(10)).toEqual([5, 6, 7]);
  });
  it('wraps exactly at capacity', () => {
    const r = new RingBuffer(2);
    r.push(1);
    r.push(2);
    expect(r.toArray()).toEqual([1, 2]);
    r.push(3);
    expect(r.toArray()).toEqual([2, 3]);
  });
  it('keeps NaN as a gap marker and clears', () => {
    const r = new RingBuffer(2);
    r.push(NaN);
    expect(Number.isNaN(r.last())).toBe(true);
    r.clear();
    expect(r.length).toBe(0);
    expect(r.last()).toBeUndefined();
  });
  it('rejects a capacity below 1 or fractional', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
