import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canUnshareMounts, hasCommand } from '../helpers/host-tools.js';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// lsblk and findmnt fit their tables to the terminal (libsmartcols): on a pty of N columns, sysmon must print
// what the real tools print on the same pty, byte for byte. The terminal is made with script(1) and sized with
// stty. The real findmnt reads a crafted mountinfo (-F), so the edge cases of the layout are there whatever
// this machine mounts: a mount point far longer than the others (no-extremes columns), long options (cut),
// deep trees (the tree's art kept), multi-byte names. lsblk runs in a private mount namespace with bind
// mounts, so that a disk has several long mount points (MOUNTPOINTS items, one a line, overflowing).

const run = promisify(execFile);
const has = hasCommand;
const canUnshare = canUnshareMounts();
const ready = has('script') && has('findmnt') && has('lsblk');

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** stdout of `argv` on a pty `cols` wide (script writes \r\n; the \r are the pty's, not the program's). */
async function onPty(cols: number, argv: string[]): Promise<string> {
  const cmd = `stty cols ${cols} rows 60; exec ${argv.map(q).join(' ')} 2>&1`;
  const r = await run('script', ['-qfec', cmd, '/dev/null'], {
    env: cliEnv({ SHELL: '/bin/sh', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }),
    timeout: 60_000,
    maxBuffer: 16 << 20,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return r.stdout.replace(/\r/g, '');
}

let dir: string;
let links: string;
let mountinfo: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-scols-tty-'));
  links = path.join(dir, 'bin');
  fs.mkdirSync(links);
  for (const t of ['lsblk', 'findmnt']) fs.symlinkSync(SYSMON_BIN, path.join(links, t));
  mountinfo = path.join(dir, 'mountinfo');
  const long = '/srv/' + 'a-very-long-directory-name/'.repeat(4) + 'data';
  fs.writeFileSync(mountinfo, [
    '20 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro',
    '21 20 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=8123456k,nr_inodes=2030864,mode=755,inode64',
    '22 21 0:20 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts rw,gid=5,mode=620,ptmxmode=000',
    '23 20 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:4 - proc proc rw',
    '24 20 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:5 - sysfs sysfs rw',
    '25 24 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:6 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot',
    `26 20 8:3 /exports/data ${long} rw,noatime shared:7 - xfs /dev/sda3 rw,attr2,inode64,logbufs=8,logbsize=32k,noquota`,
    '27 20 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:8 - tmpfs tmpfs rw,size=1628288k,mode=755,inode64',
    '28 27 0:25 / /run/user/1000 rw,nosuid,nodev,relatime shared:9 - tmpfs tmpfs rw,size=1628284k,nr_inodes=407071,mode=700,uid=1000,gid=1000,inode64',
    '29 20 8:1 / /boot/efi rw,relatime shared:10 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro',
    '30 20 0:26 / /home/\\303\\251l\\303\\250ve/Photos\\040d\\047\\303\\251t\\303\\251 rw,relatime shared:11 - fuse.sshfs eleve@host:/photos rw,user_id=1000,group_id=1000',
    '',
  ].join('\n'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!ready)('libsmartcols layout on a terminal: sysmon against the real lsblk and findmnt on a pty', () => {
  const widths = [24, 40, 60, 80, 132];
  const findmntCases = [
    [],
    ['-l'],
    ['-o', 'TARGET,SOURCE,FSROOT,OPTIONS'],
    ['-o', 'SOURCE,TARGET,VFS-OPTIONS,FS-OPTIONS,PROPAGATION'],
    ['-l', '-o', 'ID,PARENT,TARGET,FSTYPE,OPT-FIELDS'],
    ['-n', '-o', 'TARGET,FSTYPE'],
    ['-a'],
    ['-u'],
    ['-u', '-l', '-o', 'TARGET,OPTIONS,FSTYPE'],
  ];
  for (const cols of widths) {
    for (const args of findmntCases) {
      it(`findmnt -F (crafted) ${args.join(' ')} at ${cols} columns`, async () => {
        const argv = ['-F', mountinfo, ...args];
        const real = await onPty(cols, ['findmnt', ...argv]);
        const ours = await onPty(cols, [path.join(links, 'findmnt'), ...argv]);
        expect(real.length).toBeGreaterThan(0);
        expect(ours).toBe(real);
      }, 120_000);
    }
    // Columns that do not change between the two runs (FSAVAIL and FSUSE% of -f and -O would).
    const stable = 'NAME,KNAME,PATH,MAJ:MIN,RM,SIZE,RO,TYPE,FSTYPE,LABEL,UUID,MOUNTPOINTS,SCHED,MODEL,SERIAL,STATE,RA,LOG-SEC';
    for (const args of [[], ['-o', 'NAME,FSTYPE,FSVER,LABEL,UUID,MOUNTPOINTS'], ['-o', 'NAME,MODEL,SERIAL,STATE,TYPE'], ['-o', stable]]) {
      it(`lsblk ${args.join(' ')} at ${cols} columns`, async () => {
        const real = await onPty(cols, ['lsblk', ...args]);
        const ours = await onPty(cols, [path.join(links, 'lsblk'), ...args]);
        expect(ours).toBe(real);
      }, 120_000);
    }
  }

  it.skipIf(!canUnshare)('lsblk with several long mount points of one disk, on a pty and with -w, in a private mount namespace', async () => {
    // The disk of / gets two more mount points by binding a directory of it.
    const a = path.join(dir, 'a-rather-long-directory-name-for-a-mount-point');
    const b = path.join(dir, 'mid-size-name');
    const src = path.join(dir, 'src');
    for (const d of [a, b, src]) fs.mkdirSync(d, { recursive: true });
    const script = path.join(dir, 'ns.sh');
    const lines = [
      'set -e',
      `mount --bind ${q(src)} ${q(a)}`,
      `mount --bind ${q(src)} ${q(b)}`,
      'set +e',
    ];
    const cases: string[] = [];
    for (const cols of [20, 35, 50, 70, 100]) {
      for (const args of ['', '-o NAME,MOUNTPOINTS,SIZE', '-o MOUNTPOINTS,NAME', '-o NAME,FSROOTS,MOUNTPOINTS']) {
        for (const tool of ['lsblk', path.join(links, 'lsblk')]) {
          cases.push(`${cols} ${tool} ${args}`);
          lines.push(`echo "@@ ${cols} ${tool} ${args}"`);
          lines.push(`SHELL=/bin/sh script -qfec "stty cols ${cols} rows 60; exec ${tool} ${args} 2>&1" /dev/null | tr -d '\\r'`);
          lines.push(`echo "@@ -w ${cols} ${tool} ${args}"`);
          lines.push(`${tool} -w ${cols} ${args} 2>&1`);
        }
      }
    }
    fs.writeFileSync(script, lines.join('\n') + '\n');
    const r = await run('unshare', ['-m', '--propagation', 'private', 'sh', script], {
      env: cliEnv({ LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }), timeout: 240_000, maxBuffer: 16 << 20,
    });
    const blocks = new Map<string, string>();
    for (const part of r.stdout.split(/^@@ /m).slice(1)) {
      const nl = part.indexOf('\n');
      blocks.set(part.slice(0, nl).replace(path.join(links, 'lsblk'), 'SYSMON'), part.slice(nl + 1));
    }
    let compared = 0;
    for (const [key, real] of blocks) {
      if (key.includes('SYSMON')) continue;
      const ours = blocks.get(key.replace(' lsblk', ' SYSMON'));
      expect(real.length, key).toBeGreaterThan(0);
      expect(ours, key).toBe(real);
      compared++;
    }
    expect(compared).toBe(40);
  }, 300_000);
});
