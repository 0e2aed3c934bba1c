import { describe, expect, it } from 'vitest';
import { parseLoadavg } from '../../src/parsers/loadavg.js';
import { parseUptime } from '../../src/parsers/uptime.js';

describe('parseLoadavg', () => {
  it('reads the three averages, running/total and last pid', () => {
    expect(parseLoadavg('0.02 0.04 1.50 3/84 4809\n')).toEqual({ one: 0.02, five: 0.04, fifteen: 1.5, running: 3, total: 84, lastPid: 4809 });
  });
  it('reads missing parts as 0', () => {
    expect(parseLoadavg('')).toEqual({ one: 0, five: 0, fifteen: 0, running: 0, total: 0, lastPid: 0 });
    expect(parseLoadavg('1.00 2.00 3.00')).toMatchObject({ one: 1, five: 2, fifteen: 3, running: 0, total: 0 });
  });
});

describe('parseUptime', () => {
  it('reads uptime and idle seconds', () => {
    expect(parseUptime('12776.92 25463.09\n')).toEqual({ uptime: 12776.92, idle: 25463.09 });
  });
  it('reads garbage and empty text as 0', () => {
    expect(parseUptime('')).toEqual({ uptime: 0, idle: 0 });
    expect(parseUptime('abc')).toEqual({ uptime: 0, idle: 0 });
  });
});
