import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { devMajorMinor, devNumber, ttyNr } from '../../src/core/devno.js';

/** glibc's makedev, in bigint. */
function makedev(major: bigint, minor: bigint): bigint {
  return (minor & 0xffn) | ((major & 0xfffn) << 8n) | ((minor & ~0xffn) << 12n) | ((major & ~0xfffn) << 32n);
}

describe('device numbers', () => {
  it('decode as stat(1) prints them, for the nodes this machine has', () => {
    const nodes = ['/dev/null', '/dev/zero', '/dev/tty', '/dev/random', ...fs.readdirSync('/dev').filter((n) => /^(vd|sd|nvme|loop)/.test(n)).map((n) => `/dev/${n}`)];
    for (const node of nodes.filter((n) => fs.existsSync(n))) {
      const want = execFileSync('stat', ['-L', '-c', '%Hr:%Lr', node], { encoding: 'utf8' }).trim();
      expect(devNumber(fs.statSync(node).rdev), node).toBe(want);
      expect(devNumber(fs.statSync(node, { bigint: true }).rdev), node).toBe(want);
    }
  });

  it('decode the high bits of large majors and minors, from a number and a bigint alike', () => {
    for (const [major, minor] of [[0, 0], [8, 1], [259, 1048575], [4095, 255], [4096, 256], [511, 0xfffff], [0xfffff000, 0xffffffff]] as const) {
      const dev = makedev(BigInt(major), BigInt(minor));
      expect(devMajorMinor(dev)).toEqual([major, minor]);
      if (dev <= BigInt(Number.MAX_SAFE_INTEGER)) expect(devMajorMinor(Number(dev))).toEqual([major, minor]);
    }
  });

  it('tty_nr packs a terminal as /proc/PID/stat does', () => {
    expect(ttyNr(136, 0)).toBe(34816); // pts/0
    expect(ttyNr(4, 1)).toBe(1025); // tty1
    expect(ttyNr(136, 300)).toBe((300 & 0xff) | (136 << 8) | ((300 & ~0xff) << 12));
  });
});
