import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runSysmon } from '../helpers/sysmon-cli.js';

// findmnt -e (tags to device names, through udev's /dev/disk/by-* links) and -c (canonical source paths,
// device-mapper nodes by their /dev/mapper name) on a fixture root: this machine has no udev links or
// device-mapper devices. The rules were checked against the real findmnt: an fstab tag with no device
// prints an empty SOURCE with -e, and SOURCES follows SOURCE.

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-evaluate-'));
  const mk = (p: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  };
  mk('etc/fstab', [
    'LABEL=EFI\\040SYS /boot vfat umask=0077 0 1',
    'UUID=9e8d-3827 /data xfs defaults 0 2',
    'PARTUUID=0a1b2c3d-01 none swap sw 0 0',
    'LABEL=nosuch /x ext4 defaults 0 0',
    '/dev/dm-0 / ext4 errors=remount-ro 0 1',
    '/dev/../dev/sda1 /efi vfat defaults 0 0',
    'tmpfs /tmp tmpfs defaults 0 0',
    '',
  ].join('\n'));
  mk('proc/self/mountinfo', '20 1 253:0 / / rw - ext4 /dev/dm-0 rw\n21 20 8:1 /EFI /efi rw - vfat /dev/sda1 rw\n');
  mk('sys/block/dm-0/dm/name', 'vg-root\n');
  mk('dev/sda1', '');
  mk('dev/dm-0', '');
  fs.mkdirSync(path.join(root, 'dev/disk/by-label'), { recursive: true });
  fs.mkdirSync(path.join(root, 'dev/disk/by-uuid'), { recursive: true });
  fs.mkdirSync(path.join(root, 'dev/disk/by-partuuid'), { recursive: true });
  fs.symlinkSync('../../sda1', path.join(root, 'dev/disk/by-label/EFI\\x20SYS'));
  fs.symlinkSync('../../dm-0', path.join(root, 'dev/disk/by-uuid/9e8d-3827'));
  fs.symlinkSync('../../sda2', path.join(root, 'dev/disk/by-partuuid/0a1b2c3d-01'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const mounts = async (args: string[]): Promise<string> => {
  const r = await runSysmon(['mounts', ...args], { env: cliEnv({ SYSMON_ROOT: root, LANG: 'C.UTF-8' }) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};

describe('findmnt -e and -c', () => {
  it('-e prints the device each tag names, a device-mapper node by its name, nothing for an unknown tag', async () => {
    expect(await mounts(['-s', '-e', '-o', 'SOURCE,SOURCES,TARGET'])).toBe([
      'SOURCE              SOURCES             TARGET',
      '/dev/sda1           /dev/sda1           /boot',
      '/dev/mapper/vg-root /dev/mapper/vg-root /data',
      '/dev/sda2           /dev/sda2           none',
      '                                        /x',
      '/dev/dm-0           /dev/dm-0           /',
      '/dev/../dev/sda1    /dev/../dev/sda1    /efi',
      'tmpfs               tmpfs               /tmp',
      '',
    ].join('\n'));
  });

  it('-c canonicalizes paths but leaves tags; with -e both', async () => {
    expect(await mounts(['-s', '-c', '-o', 'SOURCE,TARGET'])).toBe([
      'SOURCE               TARGET',
      'LABEL=EFI SYS        /boot',
      'UUID=9e8d-3827       /data',
      'PARTUUID=0a1b2c3d-01 none',
      'LABEL=nosuch         /x',
      '/dev/mapper/vg-root  /',
      '/dev/sda1            /efi',
      'tmpfs                /tmp',
      '',
    ].join('\n'));
    expect(await mounts(['-s', '-c', '-e', '-r', '-n', '-o', 'SOURCE'])).toBe(
      ['/dev/sda1', '/dev/mapper/vg-root', '/dev/sda2', '', '/dev/mapper/vg-root', '/dev/sda1', 'tmpfs', ''].join('\n'));
  });

  it('-c keeps the [/dir] of a bind mount after the canonical source', async () => {
    expect(await mounts(['-c', '-l', '-o', 'SOURCE,TARGET'])).toBe(
      'SOURCE              TARGET\n/dev/mapper/vg-root /\n/dev/sda1[/EFI]     /efi\n');
  });
});
