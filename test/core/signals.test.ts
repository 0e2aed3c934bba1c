import { describe, expect, it } from 'vitest';
import { parseSignal } from '../../src/core/signals.js';

describe('parseSignal', () => {
  it('accepts names with or without SIG, in any case', () => {
    expect(parseSignal('TERM')).toEqual({ name: 'TERM', number: 15 });
    expect(parseSignal('SIGTERM')).toEqual({ name: 'TERM', number: 15 });
    expect(parseSignal(' kill ')).toEqual({ name: 'KILL', number: 9 });
    expect(parseSignal('sigHup')).toEqual({ name: 'HUP', number: 1 });
    for (const [n, v] of [['INT', 2], ['STOP', 19], ['CONT', 18], ['USR1', 10], ['USR2', 12], ['QUIT', 3], ['WINCH', 28]] as const) {
      expect(parseSignal(n)).toEqual({ name: n, number: v });
    }
  });

  it('accepts numbers as text or number, and 0 (existence check)', () => {
    expect(parseSignal('15')).toEqual({ name: 'TERM', number: 15 });
    expect(parseSignal(9)).toEqual({ name: 'KILL', number: 9 });
    expect(parseSignal('0')).toEqual({ name: '0', number: 0 });
  });

  it('accepts aliases and real-time signals', () => {
    expect(parseSignal('IOT')).toEqual({ name: 'ABRT', number: 6 });
    expect(parseSignal('SIGCLD')).toEqual({ name: 'CHLD', number: 17 });
    expect(parseSignal('RTMIN')).toEqual({ name: 'RTMIN', number: 34 });
    expect(parseSignal('SIGRTMIN+2')).toEqual({ name: 'RTMIN+2', number: 36 });
    expect(parseSignal('RTMAX')).toEqual({ name: 'RTMAX', number: 64 });
    expect(parseSignal('RTMAX-1')!.number).toBe(63);
    expect(parseSignal(40)).toEqual({ name: 'RTMIN+6', number: 40 });
  });

  it('rejects bad names and numbers', () => {
    for (const bad of ['', 'TERMINATE', 'SIG', '-9', '65', '1.5', 'RTMIN-1', 'RTMAX+1', '32', 'KILL9', 'SIGSIGTERM']) {
      expect(parseSignal(bad), bad).toBeNull();
    }
    expect(parseSignal(-1)).toBeNull();
    expect(parseSignal(2.5)).toBeNull();
    expect(parseSignal(Number.NaN)).toBeNull();
  });
});
