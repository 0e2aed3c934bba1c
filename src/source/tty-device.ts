import fs from 'node:fs';
import { devMajorMinor, ttyNr } from '../core/devno.js';
import type { ProcFs } from './proc-fs.js';

/**
 * The device number of a terminal path under the root (ps -t looks names up in /dev): its rdev when it is a
 * character device, 'not-tty' when it is something else, null when it does not exist.
 */
export function ttyDevice(procFs: ProcFs, systemPath: string): number | null | 'not-tty' {
  try {
    const st = fs.statSync(procFs.path(systemPath));
    if (!st.isCharacterDevice()) return 'not-tty';
    return ttyNr(...devMajorMinor(st.rdev));
  } catch {
    return null;
  }
}
