/**
 * Linux device numbers. A dev_t (st_dev, st_rdev) packs major and minor as glibc's gnu_dev_major/minor read
 * them: major in bits 8-19 and 44-63, minor in bits 0-7 and 20-43. /proc/PID/stat's tty_nr packs a terminal
 * the kernel's 32-bit way: minor low byte, major in bits 8-19, the minor's higher bits above.
 */

/** Major and minor of a dev_t, as a number (exact up to 2^53, as fs.stat gives it) or a bigint. */
export function devMajorMinor(dev: number | bigint): [major: number, minor: number] {
  const hi = typeof dev === 'bigint' ? Number((dev >> 32n) & 0xffffffffn) : Math.floor(dev / 2 ** 32);
  const lo = typeof dev === 'bigint' ? Number(dev & 0xffffffffn) : dev % 2 ** 32;
  const major = (((lo >>> 8) & 0xfff) | (hi & 0xfffff000)) >>> 0;
  // Added, not or-ed: the minor's top 12 bits take it past 2^31, where | would turn it negative.
  const minor = ((lo & 0xff) | (((lo >>> 20) & 0xfff) << 8)) + (hi & 0xfff) * 2 ** 20;
  return [major, minor];
}

/** `major:minor` of a dev_t, as lsblk, findmnt and /proc/self/mountinfo print it. */
export function devNumber(dev: number | bigint): string {
  const [major, minor] = devMajorMinor(dev);
  return `${major}:${minor}`;
}

/** Major and minor of a /proc/PID/stat tty_nr. */
export function ttyNrMajorMinor(ttyNr: number): [major: number, minor: number] {
  return [(ttyNr >>> 8) & 0xfff, (ttyNr & 0xff) | ((ttyNr >>> 12) & 0xfff00)];
}

/** The tty_nr of /proc/PID/stat for a terminal's major and minor. */
export function ttyNr(major: number, minor: number): number {
  return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
}
