import { ttyNrMajorMinor } from './devno.js';

/* Lives in core so the field registry (which may import only core) can name terminals; parsers/tty.ts re-exports it. */
/**
 * Name of a controlling terminal from the tty_nr field of /proc/PID/stat, as ps prints it without /dev:
 * 0 -> `?`; Unix98 ptys (majors 136-143) -> `pts/N`; major 4 -> `ttyN` (minor < 64) or `ttySN`; major 5 ->
 * `tty`, `console`, `ptmx`; a few common serial drivers by their /dev names; anything else `major,minor`.
 */
export function ttyName(ttyNr: number): string {
  if (ttyNr === 0) return '?';
  const [major, minor] = ttyNrMajorMinor(ttyNr);
  if (major >= 136 && major <= 143) return `pts/${(major - 136) * 256 + minor}`;
  if (major === 4) return minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
  if (major === 5) {
    if (minor === 0) return 'tty';
    if (minor === 1) return 'console';
    if (minor === 2) return 'ptmx';
  }
  const named = NAMED_MAJORS[major];
  if (named !== undefined) return `${named}${minor - (named === 'ttyAMA' ? 64 : 0)}`;
  return `${major},${minor}`;
}

/** Serial/console drivers with a fixed major (Documentation/admin-guide/devices.txt). */
const NAMED_MAJORS: Record<number, string> = {
  166: 'ttyACM',
  188: 'ttyUSB',
  204: 'ttyAMA',
  229: 'hvc',
};
