import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './sysmon-cli.js';

/**
 * A fixture root whose process and kernel text holds every character that must not reach a terminal raw:
 * C0 controls, DEL, C1 controls (as UTF-8), invalid UTF-8 (a lone continuation byte, a truncated sequence,
 * an encoded surrogate half) and wide CJK text. Processes, a user name, mount points, mount sources and a
 * udev label carry them. Built in a temp directory: the bytes are not all representable in a file name
 * inside the repository's own fixtures.
 */

const C0 = Buffer.from(Array.from({ length: 0x20 }, (_, i) => i).filter((b) => b !== 0x0a && b !== 0x09));
const C1 = Buffer.concat(Array.from({ length: 0x20 }, (_, i) => Buffer.from([0xc2, 0x80 + i])));
const INVALID = Buffer.from([0xff, 0x41, 0xc2, 0x42, 0xed, 0xa0, 0x80, 0x43, 0xe2, 0x82]);

/** Names, as bytes, each in one hostile process, mount and file. Newline and tab carry a marker after them. */
export const HOSTILE_NAMES: readonly Buffer[] = [
  Buffer.concat([Buffer.from('c0'), C0, Buffer.from([0x7f])]),
  Buffer.concat([Buffer.from('c1'), C1]),
  Buffer.concat([Buffer.from('nl\nINJECTED-LINE')]),
  Buffer.concat([Buffer.from('tab\tINJECTED-TAB')]),
  Buffer.concat([Buffer.from('bad'), INVALID]),
  Buffer.from('\x1b[31mred\x1b[0m\x1b]0;title\x07\r'),
  Buffer.concat([Buffer.from([0xc2, 0x9b]), Buffer.from('2J-csi')]),
];

/** A CJK name (display width 2 per character) in one process, to check alignment by columns. */
export const WIDE_COMM = '数据库服务';

export const HOSTILE_PIDS = HOSTILE_NAMES.map((_, i) => 300 + i);
export const WIDE_PID = 290;

function statLine(pid: number, comm: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`${pid} (`),
    comm,
    Buffer.from(') S 1 100 100 34816 120 4194560 1000 0 10 0 50 20 0 0 20 0 1 0 19640000 10240000 1250 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n'),
  ]);
}

function addProcess(root: string, pid: number, comm: Buffer, uid: number, cmdline: Buffer[]): void {
  const dir = path.join(root, 'proc', String(pid));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'stat'), statLine(pid, comm));
  fs.writeFileSync(
    path.join(dir, 'status'),
    Buffer.concat([
      Buffer.from('Name:\t'), comm, Buffer.from(`\nUmask:\t0022\nState:\tS\nTgid:\t${pid}\nPid:\t${pid}\nPPid:\t1\n`),
      Buffer.from(`Uid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${uid}\t${uid}\t${uid}\t${uid}\nVmRSS:\t5000 kB\nThreads:\t1\n`),
    ]),
  );
  fs.writeFileSync(path.join(dir, 'statm'), '2500 1250 500 100 0 2000 0\n');
  fs.writeFileSync(path.join(dir, 'cmdline'), Buffer.concat(cmdline.flatMap((a) => [a, Buffer.from([0])])));
  // Whoever makes a cgroup or loads an LSM profile names it: the name comes back in ps's lxc, cgroup and label.
  fs.writeFileSync(path.join(dir, 'cgroup'), Buffer.concat([Buffer.from('0::/lxc/'), comm, Buffer.from('\n')]));
  fs.mkdirSync(path.join(dir, 'attr'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'attr', 'current'), Buffer.concat([Buffer.from('profile-'), comm, Buffer.from(' (enforce)\n')]));
}

/** Octal-escape what the kernel escapes in mountinfo (space, tab, newline, backslash); other bytes stay raw. */
function mangle(b: Buffer): Buffer {
  const out: number[] = [];
  for (const c of b) {
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x5c) out.push(...Buffer.from(`\\${c.toString(8).padStart(3, '0')}`));
    else out.push(c);
  }
  return Buffer.from(out);
}

/** The fixture trees procs + fs-basic merged into a temp root, with the hostile processes, user, mounts and files. */
export function makeHostileRoot(): { root: string; files: string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-hostile-'));
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'procs'), root, { recursive: true });
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'fs-basic'), root, { recursive: true });

  const evilUser = Buffer.concat([Buffer.from('ev'), Buffer.from([0x1b, 0xc2, 0x9b]), Buffer.from('il')]);
  fs.appendFileSync(path.join(root, 'etc', 'passwd'), Buffer.concat([evilUser, Buffer.from(':x:4242:4242::/home/e:/bin/sh\n')]));

  HOSTILE_NAMES.forEach((name, i) => {
    addProcess(root, HOSTILE_PIDS[i]!, name, i === 0 ? 4242 : 1000, [Buffer.concat([Buffer.from('/usr/bin/'), name]), name, Buffer.from('--end')]);
  });
  addProcess(root, WIDE_PID, Buffer.from(WIDE_COMM), 1000, [Buffer.from(`/opt/${WIDE_COMM}/bin`), Buffer.from('-x')]);

  // Each name as a tmpfs mount point and source (a device of its own, so df lists every one), and as a mount
  // point of /dev/sda1 (8:1), so lsblk shows it among that partition's MOUNTPOINTS.
  const statfs = JSON.parse(fs.readFileSync(path.join(root, 'statfs.json'), 'utf8')) as Record<string, unknown>;
  statfs['/mnt/nfs'] = { bsize: 4096, blocks: 100, bfree: 50, bavail: 50, files: 10, ffree: 5 }; // answers here
  const lines: Buffer[] = [];
  HOSTILE_NAMES.forEach((name, i) => {
    const target = Buffer.concat([Buffer.from('/mnt/'), name]);
    const bind = Buffer.concat([Buffer.from('/srv/'), name]);
    lines.push(Buffer.concat([
      Buffer.from(`${400 + i} 1 0:${100 + i} / `), mangle(target), Buffer.from(' rw,relatime shared:9 - tmpfs '),
      mangle(Buffer.concat([Buffer.from('src-'), name])), Buffer.from(' rw\n'),
      Buffer.from(`${450 + i} 1 8:1 / `), mangle(bind), Buffer.from(' rw,relatime shared:9 - vfat /dev/sda1 rw\n'),
    ]));
    statfs[target.toString('utf8')] = { type: 16914836, bsize: 4096, blocks: 1000 + i, bfree: 500, bavail: 400, files: 100, ffree: 50 };
  });
  lines.push(Buffer.from(`420 1 0:120 / /mnt/${WIDE_COMM} rw,relatime shared:9 - tmpfs ${WIDE_COMM} rw\n`));
  statfs[`/mnt/${WIDE_COMM}`] = { type: 16914836, bsize: 4096, blocks: 2000, bfree: 500, bavail: 400, files: 100, ffree: 50 };
  fs.appendFileSync(path.join(root, 'proc', 'self', 'mountinfo'), Buffer.concat(lines));
  fs.writeFileSync(path.join(root, 'statfs.json'), JSON.stringify(statfs, null, 1));
  fs.appendFileSync(path.join(root, 'run', 'udev', 'data', 'b8:1'), 'E:ID_FS_LABEL_ENC=lab\\x1bel\\xc2\\x9b\n');

  // A real directory tree with the hostile names as file and directory names, for du.
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-hostile-files-'));
  for (const name of HOSTILE_NAMES) {
    // A file name cannot hold NUL: leave it out there.
    const p = Buffer.concat([Buffer.from(files + '/'), Buffer.from(name.filter((b) => b !== 0))]);
    fs.mkdirSync(p);
    fs.writeFileSync(Buffer.concat([p, Buffer.from('/'), Buffer.from('f')]), 'x'.repeat(5000));
  }
  return {
    root,
    files,
    cleanup: () => {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(files, { recursive: true, force: true });
    },
  };
}
