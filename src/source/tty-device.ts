import fs from 'node:fs';
import type { ProcFs } from './proc-fs.js';

/**
 * The device number of a terminal path under the root (ps -t looks names up in /dev): its rdev when it is a
 * character device, 'not-tty' when it is something else, null when it does not exist.
 */
export function ttyDevice(procFs: ProcFs, systemPath: string): number | null | 'not-tty' {
  try {
    const st = fs.statSync(procFs.path(systemPath));
    if (!st.isCharacterDevice()) return 'not-tty';
    // Linux's dev_t as the kernel encodes tty_nr in /proc/PID/stat: minor low byte, major, minor high bits.
    const major = Math.floor(st.rdev / 256) & 0xfff;
    const minor = (st.rdev & 0xff) | ((st.rdev >>> 12) & 0xfff00);
    return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
  } catch {
    return null;
  }
}
