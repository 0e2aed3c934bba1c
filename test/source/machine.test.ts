import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearestPageSize, pageSize, USER_HZ } from '../../src/source/machine.js';
import { ProcFs } from '../../src/source/proc-fs.js';

describe('machine facts', () => {
  it('USER_HZ is 100', () => {
    expect(USER_HZ).toBe(100);
  });
  it('page size is 4096 on x86 without reading anything', () => {
    expect(pageSize(new ProcFs(path.resolve(__dirname, 'no-such-root')), 'x64')).toBe(4096);
  });
  it('derives the page size from /proc/self on other architectures, as the kernel reports it', () => {
    // This process's own statm/status: on this (x86) machine the answer must be 4096 as well.
    expect(pageSize(new ProcFs('/'), 'arm64')).toBe(4096);
    expect(pageSize(new ProcFs(path.resolve(__dirname, 'no-such-root')), 'arm64')).toBe(4096);
  });
  it('rounds a measured ratio to a real page size', () => {
    expect(nearestPageSize(4100)).toBe(4096);
    expect(nearestPageSize(16000)).toBe(16384);
    expect(nearestPageSize(65000)).toBe(65536);
    expect(nearestPageSize(1e9)).toBe(65536);
  });
});
