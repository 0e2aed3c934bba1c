import { describe, expect, it } from 'vitest';
import { parseSchedstatBytes } from '../../src/parsers/proc-pid-schedstat.js';

describe('parseSchedstatBytes', () => {
  const parse = (text: string) => {
    const out = { runNs: -1, slices: -1 };
    const b = Buffer.from(text);
    return parseSchedstatBytes(b, b.length, out) ? out : null;
  };
  it('reads the run time and the timeslices, skipping the wait time', () => {
    expect(parse('123456789012 9876543 4242\n')).toEqual({ runNs: 123456789012, slices: 4242 });
    expect(parse('0 0 0\n')).toEqual({ runNs: 0, slices: 0 });
  });
  it('refuses a malformed or short file', () => {
    expect(parse('')).toBeNull();
    expect(parse('12 34\n')).toBeNull();
    expect(parse('x y z\n')).toBeNull();
  });
});
