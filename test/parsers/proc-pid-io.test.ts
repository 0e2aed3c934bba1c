import { describe, expect, it } from 'vitest';
import { parseProcPidIo } from '../../src/parsers/proc-pid-io.js';

describe('parseProcPidIo', () => {
  it('reads /proc/PID/io', () => {
    const text = 'rchar: 4292\nwchar: 12\nsyscr: 13\nsyscw: 1\nread_bytes: 8192\nwrite_bytes: 4096\ncancelled_write_bytes: 0\n';
    expect(parseProcPidIo(text)).toEqual({ rchar: 4292, wchar: 12, readBytes: 8192, writeBytes: 4096, cancelledWriteBytes: 0 });
  });
  it('is null without the storage counters (not an io file)', () => {
    expect(parseProcPidIo('rchar: 1\n')).toBeNull();
    expect(parseProcPidIo('')).toBeNull();
  });
});
