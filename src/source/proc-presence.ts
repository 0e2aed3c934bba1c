import fs from 'node:fs';
import { underRoot } from './root.js';

/** True when the root has a Linux /proc to read (/proc/stat exists). */
export function hasProc(root: string): boolean {
  return fs.existsSync(underRoot(root, '/proc/stat'));
}
