import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers/host-tools.js';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// lsblk -M (--merge) draws the parents of a device that has several (RAID, LVM over several disks) as a group.
// This machine has no such device, so the test builds a sysfs tree the way the kernel lays it out (devices,
// /sys/block and /sys/dev/block links, holders and slaves): a RAID1 over two partitions, an LVM volume over
// that RAID and a third disk, and a volume of that disk alone. The real lsblk reads it with --sysroot, and so
// does sysmon: the outputs must be the same byte for byte.

const run = promisify(execFile);
const hasLsblk = hasCommand('lsblk');

let root: string;
let link: string;

function device(name: string, devno: string, sectors: number, under = ''): string {
  const dir = path.join(root, 'sys/devices/virtual/block', under, name);
  fs.mkdirSync(path.join(dir, 'holders'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dev'), `${devno}\n`);
  fs.writeFileSync(path.join(dir, 'size'), `${sectors}\n`);
  fs.writeFileSync(path.join(dir, 'ro'), '0\n');
  const rel = path.posix.join('../../devices/virtual/block', under, name);
  fs.symlinkSync(rel, path.join(root, 'sys/dev/block', devno));
  if (under === '') {
    fs.mkdirSync(path.join(dir, 'slaves'));
    fs.mkdirSync(path.join(dir, 'queue'));
    fs.writeFileSync(path.join(dir, 'removable'), '0\n');
    fs.symlinkSync(path.posix.join('../devices/virtual/block', name), path.join(root, 'sys/block', name));
  } else {
    fs.writeFileSync(path.join(dir, 'partition'), `${name.slice(-1)}\n`);
    fs.writeFileSync(path.join(dir, 'start'), '2048\n');
  }
  return dir;
}

/** `holder` is built on `slave` (paths under sys/devices/virtual/block). */
function stack(holder: string, slave: string): void {
  const base = path.join(root, 'sys/devices/virtual/block');
  fs.symlinkSync(path.relative(path.join(base, holder, 'slaves'), path.join(base, slave)), path.join(base, holder, 'slaves', path.basename(slave)));
  fs.symlinkSync(path.relative(path.join(base, slave, 'holders'), path.join(base, holder)), path.join(base, slave, 'holders', path.basename(holder)));
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-merge-'));
  fs.mkdirSync(path.join(root, 'sys/block'), { recursive: true });
  fs.mkdirSync(path.join(root, 'sys/dev/block'), { recursive: true });
  device('sda', '8:0', 2097152);
  device('sda1', '8:1', 2095104, 'sda');
  device('sdb', '8:16', 2097152);
  device('sdb1', '8:17', 2095104, 'sdb');
  device('sdc', '8:32', 4194304);
  const md = device('md0', '9:0', 2000000);
  fs.mkdirSync(path.join(md, 'md'));
  fs.writeFileSync(path.join(md, 'md/level'), 'raid1\n');
  stack('md0', 'sda/sda1');
  stack('md0', 'sdb/sdb1');
  for (const [name, devno, sectors, lv] of [['dm-0', '253:0', 6000000, 'vg-big'], ['dm-1', '253:1', 100000, 'vg-small']] as const) {
    const dm = device(name, devno, sectors);
    fs.mkdirSync(path.join(dm, 'dm'));
    fs.writeFileSync(path.join(dm, 'dm/name'), `${lv}\n`);
    fs.writeFileSync(path.join(dm, 'dm/uuid'), `LVM-${lv}\n`);
  }
  stack('dm-0', 'md0');
  stack('dm-0', 'sdc');
  stack('dm-1', 'sdc');
  link = path.join(root, 'lsblk');
  fs.symlinkSync(SYSMON_BIN, link);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const CASES = [
  '', '-M', '-M -o NAME,SIZE', '-M -o SIZE,NAME', '-M -TSIZE', '-M -w 20', '-M -w 50', '-M -i', '-M -n', '-M -p',
  '-M -l', '-M -r', '-M -P', '-M -J', '-M -l -J', '-M -x SIZE', '-M -T', '-M -d', '-M -e 8', '-M -e 9', '-M -I 8,253',
  '-l', '-r', '-P', '-J', '-x SIZE', '-x SIZE -r', '-r -x NAME', '-l -x NAME',
];

describe.skipIf(!hasLsblk)('lsblk -M on a crafted sysfs tree (RAID and LVM over several devices), against the real lsblk', () => {
  for (const locale of ['C.UTF-8', 'C']) {
    for (const c of CASES) {
      it(`lsblk --sysroot DIR ${c} (${locale})`, async () => {
        const args = ['--sysroot', root, ...c.split(' ').filter((w) => w !== '')];
        const env = cliEnv({ LANG: locale, LC_ALL: locale });
        const opts = { env, timeout: 60_000 };
        const exec = (file: string): Promise<{ stdout: string; stderr: string; code: number }> =>
          run(file, args, opts).then((r) => ({ ...r, code: 0 }), (e: { stdout: string; stderr: string; code: number }) =>
            ({ stdout: e.stdout, stderr: e.stderr, code: e.code }));
        const real = await exec('lsblk');
        const ours = await exec(link);
        expect(ours.code).toBe(real.code);
        expect(ours.stderr).toBe(real.stderr);
        expect(ours.stdout).toBe(real.stdout);
      }, 120_000);
    }
  }
});
