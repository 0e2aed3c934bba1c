import { describe, expect, it } from 'vitest';
import { parseProcPidCgroup } from '../../src/parsers/proc-pid-cgroup.js';

describe('parseProcPidCgroup', () => {
  it('reads the single cgroup v2 line', () => {
    expect(parseProcPidCgroup('0::/user.slice/user-1000.slice/session-2.scope\n')).toEqual([
      { hierarchy: 0, controllers: [], path: '/user.slice/user-1000.slice/session-2.scope' },
    ]);
  });

  it('reads v1 lines with controller lists and named hierarchies (hybrid layout)', () => {
    const r = parseProcPidCgroup('9:name=systemd:/\n4:memory:/process_api/9a88\n2:cpu,cpuacct:/\n0::/\n');
    expect(r).toEqual([
      { hierarchy: 9, controllers: ['name=systemd'], path: '/' },
      { hierarchy: 4, controllers: ['memory'], path: '/process_api/9a88' },
      { hierarchy: 2, controllers: ['cpu', 'cpuacct'], path: '/' },
      { hierarchy: 0, controllers: [], path: '/' },
    ]);
  });

  it('keeps colons and spaces inside the path', () => {
    expect(parseProcPidCgroup('0::/a:b/c d')[0]!.path).toBe('/a:b/c d');
  });

  it('skips malformed lines and empty text', () => {
    expect(parseProcPidCgroup('')).toEqual([]);
    expect(parseProcPidCgroup('garbage\nx::/y\n1:cpu\n')).toEqual([]);
  });
});
