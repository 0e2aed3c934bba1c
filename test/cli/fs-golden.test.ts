import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon, type CliResult } from '../helpers/sysmon-cli.js';

// Golden output for df, mounts and lsblk on the fixture tree test/fixtures/fs-basic (captured by
// test/golden/capture-fs.sh). The mounts-* files come from the real util-linux findmnt -F reading the same
// mountinfo; df-* and lsblk-* were checked by hand (see the script) and are compared live elsewhere.
const repo = REPO;
const golden = path.join(repo, 'test', 'golden', 'fs');
const root = path.join(repo, 'test', 'fixtures', 'fs-basic');
// The goldens were captured in a UTF-8 locale (libsmartcols draws its tree in ASCII otherwise).
const env = cliEnv({ SYSMON_ROOT: root, LANG: 'C.UTF-8', LC_ALL: '' });

async function sysmon(args: string[]): Promise<CliResult & { out: string }> {
  // The capture script merged stderr into stdout (2>&1); stderr lines come first as sysmon writes them
  // before the table.
  const r = await runSysmon(args, { env });
  return { ...r, out: r.stderr + r.stdout };
}

const read = (name: string): string => fs.readFileSync(path.join(golden, name), 'utf8');

const textCases: Array<[string, string[], number]> = [
  ['mounts-tree.txt', ['mounts'], 0],
  ['mounts-list.txt', ['mounts', '-l'], 0],
  ['mounts-t-tmpfs.txt', ['mounts', '-t', 'tmpfs'], 0],
  ['mounts-t-negated.txt', ['mounts', '-t', 'nocgroup2,proc,tmpfs'], 0],
  ['mounts-S-tmpfs.txt', ['mounts', '-S', 'tmpfs'], 0],
  ['mounts-S-bind.txt', ['mounts', '-S', '/dev/mapper/vg-root'], 0],
  ['mounts-noheadings.txt', ['mounts', '-n'], 0],
  ['mounts-o-ids.txt', ['mounts', '-o', 'id,parent,maj:min,target,fsroot,propagation'], 0],
  ['mounts-o-options.txt', ['mounts', '-l', '-o', 'source,target,vfs-options,fs-options'], 0],
  ['mounts-df.txt', ['mounts', '--df', '--statfs-timeout', '100'], 1],
  ['df-default.txt', ['df', '--statfs-timeout', '100'], 1],
  ['df-hT.txt', ['df', '-hT', '--statfs-timeout', '100'], 1],
  ['df-H.txt', ['df', '-H', '--statfs-timeout', '100'], 1],
  ['df-i.txt', ['df', '-i', '--statfs-timeout', '100'], 1],
  ['df-a.txt', ['df', '-a', '--statfs-timeout', '100'], 1],
  ['df-local-total.txt', ['df', '-l', '-x', 'tmpfs', '--total', '-h'], 0],
  ['df-t-tmpfs-B1M.txt', ['df', '-t', 'tmpfs', '-B', '1M'], 0],
  ['df-output-sort.txt', ['df', '--output=source,target,pcent,size', '--sort=-pcent', '-l'], 0],
  ['df-paths.txt', ['df', '-h', '/home/user/My Docs/notes/todo.txt', '/srv/www/site', '/nonexistent', '/etc/hostname'], 1],
  ['lsblk-default.txt', ['lsblk'], 0],
  ['lsblk-f.txt', ['lsblk', '-f'], 0],
  ['lsblk-a-p-b.txt', ['lsblk', '-a', '-p', '-b'], 0],
  ['lsblk-J.json', ['lsblk', '-J'], 0],
  ['lsblk-J-b-f.json', ['lsblk', '-J', '-b', '-o', 'name,size,fsuse%,fsavail,mountpoints,pkname', '-f'], 0],
  ['lsblk-l-o.txt', ['lsblk', '-l', '-o', 'name,kname,pkname,path,type,start'], 0],
  ['lsblk-raw.txt', ['lsblk', '-r', '-o', 'name,maj:min,mountpoints'], 0],
  ['lsblk-pairs.txt', ['lsblk', '-P', '-o', 'name,size,label,mountpoints'], 0],
  ['lsblk-d.txt', ['lsblk', '-d', '-o', 'name,size,rota,sched,model'], 0],
  ['lsblk-x-size.txt', ['lsblk', '-x', 'size', '-o', 'name,size,type'], 0],
  // A fixture cannot hold device nodes: a file at /dev/NAME stands for the device NAME.
  // -E: the first device of each TYPE (RO) stays; the rest go with what only they lead to (vg-root under sda2).
  ['lsblk-E-type.txt', ['lsblk', '-E', 'TYPE', '-o', 'NAME,TYPE,RO,SIZE'], 0],
  ['lsblk-l-E-ro.txt', ['lsblk', '-l', '-E', 'RO', '-o', 'NAME,KNAME,TYPE'], 0],
  // -T: a tree sorted level by level with -x; the tree drawn in another column; NAME's tree when NAME is not first.
  ['lsblk-x-T.txt', ['lsblk', '-x', 'SIZE', '-T', '-o', 'NAME,SIZE'], 0],
  ['lsblk-tree-size.txt', ['lsblk', '--tree=SIZE', '-o', 'NAME,SIZE,TYPE'], 0],
  ['lsblk-o-size-name.txt', ['lsblk', '-o', 'SIZE,NAME,MOUNTPOINTS'], 0],
  ['lsblk-device-args.txt', ['lsblk', '/dev/sda', '/dev/nosuch'], 64],
  // From the real findmnt reading the fixture's mountinfo and fstab: the same bytes, escapes and JSON text.
  ['mounts-raw.txt', ['mounts', '-r'], 0],
  ['mounts-pairs.txt', ['mounts', '-P'], 0],
  ['mounts-raw-o.txt', ['mounts', '-r', '-n', '-o', 'target,maj:min,fsroot,id', '-t', 'tmpfs,vfat'], 0],
  ['mounts-pairs-o.txt', ['mounts', '-P', '-o', 'target,source,propagation,opt-fields,parent'], 0],
  ['mounts-json.json', ['mounts', '-J'], 0],
  ['mounts-list-json.json', ['mounts', '-l', '-J'], 0],
  ['mounts-o-json.json', ['mounts', '-J', '-o', 'target,fstype,maj:min'], 0],
  ['mounts-json-o-types.json', ['mounts', '-J', '-o', 'target,id,parent,maj:min,propagation,opt-fields,vfs-options'], 0],
  ['mounts-O-ro.txt', ['mounts', '-l', '-O', 'ro'], 0],
  ['mounts-O-plus.txt', ['mounts', '-l', '-O', '+noatime,rw'], 0],
  ['mounts-O-negated.txt', ['mounts', '-l', '-O', 'nosuid', '-o', 'target'], 0],
  ['mounts-M-over.txt', ['mounts', '--mountpoint', '/mnt/over'], 0],
  ['mounts-spec-boot.txt', ['mounts', '/boot'], 0],
  ['mounts-spec-two.txt', ['mounts', '/dev/sda1', '/mnt/efi'], 0],
  ['mounts-spec-source.txt', ['mounts', '-n', '-o', 'SOURCE', '/'], 0],
  ['mounts-uniq.txt', ['mounts', '-U', '-o', 'id,parent,target,source'], 0],
  ['mounts-backward.txt', ['mounts', '-d', 'backward', '-l'], 0],
  ['mounts-tree-t.txt', ['mounts', '--tree', '-t', 'tmpfs,vfat,ext4', '-o', 'target,id'], 0],
  ['mounts-tree-raw.txt', ['mounts', '--tree', '-r', '-o', 'target,fstype'], 0],
  ['mounts-shadowed.txt', ['mounts', '--shadowed', '-o', 'id,parent,target,source'], 0],
  ['mounts-vfs-all.txt', ['mounts', '--vfs-all', '-l', '-o', 'target,vfs-options'], 0],
  ['fstab.txt', ['mounts', '-s'], 0],
  ['fstab-vfs-all.txt', ['mounts', '-s', '--vfs-all', '-o', 'target,vfs-options'], 0],
  ['fstab.json', ['mounts', '-s', '-J'], 0],
  ['fstab-o.txt', ['mounts', '-s', '-o', 'target,source,freq,passno,label,uuid,partuuid,vfs-options,fs-options,id,maj:min'], 0],
  ['fstab-pairs.txt', ['mounts', '-s', '-P', '-t', 'xfs,vfat,swap'], 0],
  ['fstab-json-o.json', ['mounts', '-s', '-J', '-o', 'target,freq,passno,uuid,id'], 0],
  ['fstab-spec.txt', ['mounts', '-s', '/boot'], 0],
];

describe('filesystem commands on the fs-basic fixture', () => {
  for (const [file, args, code] of textCases) {
    it(`${args.join(' ')} matches ${file}`, async () => {
      const r = await sysmon(args);
      expect(r.out).toBe(read(file));
      expect(r.code).toBe(code);
    });
  }

  it('mounts --json is the document findmnt -J gives', async () => {
    expect(JSON.parse((await sysmon(['mounts', '--json'])).stdout)).toEqual(JSON.parse(read('mounts-json.json')));
    expect(JSON.parse((await sysmon(['mounts', '-l', '-J'])).stdout)).toEqual(JSON.parse(read('mounts-list-json.json')));
    expect(JSON.parse((await sysmon(['mounts', '-J', '-o', 'target,fstype,maj:min'])).stdout)).toEqual(
      JSON.parse(read('mounts-o-json.json')),
    );
  });

  it('lsblk --json has sizes in bytes, booleans, mountpoints and nested children', async () => {
    const doc = JSON.parse((await sysmon(['lsblk', '--json'])).stdout);
    expect(doc).toEqual(JSON.parse(read('lsblk-json.json')));
    const sda = doc.blockdevices.find((d: { name: string }) => d.name === 'sda');
    expect(sda).toMatchObject({ 'maj:min': '8:0', rm: false, ro: false, size: 21474836480, type: 'disk', mountpoints: [null] });
    expect(sda.children[1].children[0]).toMatchObject({ name: 'vg-root', type: 'lvm', mountpoints: ['/srv/www', '/'] });
  });

  it('lsblk and findmnt fail with the real tools\' words and statuses', async () => {
    const cases: Array<[string[], string, number]> = [
      [['lsblk', '/dev/nosuch'], 'sysmon: /dev/nosuch: not a block device\n', 32],
      [['lsblk', '/dev/hostname'], 'sysmon: /dev/hostname: not a block device\n', 32],
      [['lsblk', '-o', 'NAME,NOSUCH,SIZE'], 'sysmon: unknown column: NOSUCH,SIZE\n', 1],
      [['lsblk', '-x', 'NOSUCH'], "sysmon: unknown column: NOSUCH\nTry 'sysmon lsblk --help' for more information.\n", 1],
      [['lsblk', '-e', '7,x'], "sysmon: failed to parse list '7,x'\n", 1],
      [['lsblk', '-o', ''], '', 1],
      [['lsblk', '-E', 'NOSUCH'], "sysmon: unknown column: NOSUCH\nTry 'sysmon lsblk --help' for more information.\n", 1],
      [['lsblk', '-T', '-l'], 'sysmon: mutually exclusive arguments: --pairs --tree --list --raw\n', 1],
      [['lsblk', '-O', '-o', 'NAME'], 'sysmon: mutually exclusive arguments: --output-all --output\n', 1],
      // A system root without a /sys holds no block devices: nothing printed, not even the header.
      [['lsblk', '--sysroot', '/nonexistent'], '', 0],
      [['mounts', '-o', 'TARGET,NOSUCH'], 'sysmon: unknown column: NOSUCH\n', 1],
      [['mounts', '-o', ''], '', 1],
      [['mounts', '-F', '/nonexistent/fstab'], "sysmon: can't read /nonexistent/fstab: No such file or directory\n", 1],
      [['mounts', '-l', '-t', 'xfs,btrfs', '-O', 'ro'], '', 1],
      [['mounts', '-t', 'btrfs'], '', 0],
    ];
    for (const [args, stderr, code] of cases) {
      const r = await sysmon(args);
      expect({ args, stderr: r.stderr, code: r.code, stdout: r.stdout }).toEqual({ args, stderr, code, stdout: '' });
    }
  });

  it('lsblk --sysroot reads the devices under the directory given (inside sysmon\'s root)', async () => {
    const plain = await sysmon(['lsblk', '-o', 'NAME,TYPE,SIZE']);
    expect((await sysmon(['lsblk', '--sysroot', '/', '-o', 'NAME,TYPE,SIZE'])).out).toBe(plain.out);
    // The fixture's tree seen from the real root: the same devices (the mounts are the real root's).
    const outside = await runSysmon(['lsblk', '--sysroot', root, '-o', 'NAME,TYPE,SIZE,MOUNTPOINTS', '-J'], { env: cliEnv({ LANG: 'C.UTF-8', LC_ALL: '' }) });
    const names = (JSON.parse(outside.stdout) as { blockdevices: { name: string }[] }).blockdevices;
    expect(names.map((d) => d.name)).toEqual(plain.stdout.split('\n').slice(1).filter((l) => /^[a-z0-9]/.test(l)).map((l) => l.split(' ')[0]));
  });

  it('lsblk -f takes FSTYPE/LABEL/UUID from udev, else the by-uuid/by-label links, else nothing', async () => {
    const doc = JSON.parse((await sysmon(['lsblk', '-f', '--json'])).stdout);
    const flat: Record<string, unknown>[] = [];
    const walk = (ds: Record<string, unknown>[]): void => {
      for (const d of ds) {
        flat.push(d);
        walk((d.children as Record<string, unknown>[]) ?? []);
      }
    };
    walk(doc.blockdevices);
    const by = (n: string) => flat.find((d) => d.name === n)!;
    expect(by('sda1')).toMatchObject({ fstype: 'vfat', label: 'EFI SYS', uuid: '1A2B-3C4D', fsavail: 400000 * 1024, 'fsuse%': 24 });
    expect(by('nvme0n1p1')).toMatchObject({ fstype: null, label: 'bulk data', uuid: '9e8d7c6b-5a49-3827-1605-f4e3d2c1b0a9' });
    expect(by('sr0')).toMatchObject({ fstype: null, label: null, uuid: null, fsavail: null });
  });

  it('df --json gives bytes, percent numbers, null and stale for the hung mount, and a total', async () => {
    const r = await sysmon(['df', '--json', '--total', '--statfs-timeout', '100']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('sysmon: /mnt/nfs: statfs did not answer within 100 ms; shown as stale (-)\n');
    const doc = JSON.parse(r.stdout);
    const rootFs = doc.filesystems[0];
    expect(rootFs).toMatchObject({
      source: '/dev/mapper/vg-root', fstype: 'ext4', target: '/', size: 5110784 * 4096, used: (5110784 - 3145728) * 4096,
      avail: 2883584 * 4096, pcent: 41, itotal: 1310720, iused: 262144, iavail: 1048576, ipcent: 20, stale: false,
    });
    expect(doc.filesystems.find((f: { target: string }) => f.target === '/mnt/nfs')).toMatchObject({
      size: null, pcent: null, stale: true, error: 'ETIMEDOUT',
    });
    expect(doc.total.size).toBeGreaterThan(rootFs.size);
  });

  it('df with a hung mount ends soon after the time limit instead of waiting for it', async () => {
    const t0 = Date.now();
    const r = await sysmon(['df', '--statfs-timeout', '300']);
    expect(r.code).toBe(1);
    // Generous: node's start on a loaded 2-core machine; the hung statfs itself would never end.
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('mounts -T finds the mount holding a path (a space in it), every entry on an over-mounted point', async () => {
    const r = await sysmon(['mounts', '-T', '/home/user/My Docs/notes/todo.txt']);
    expect(r.stdout).toBe(
      'TARGET             SOURCE   FSTYPE OPTIONS\n/home/user/My Docs docs tmp tmpfs  rw,nosuid,nodev,relatime,size=1024k\n',
    );
    const j = JSON.parse((await sysmon(['mounts', '-T', '/srv/www/site', '--json'])).stdout);
    expect(j).toEqual({ filesystems: [{ target: '/srv/www', source: '/dev/mapper/vg-root[/srv]', fstype: 'ext4', options: 'rw,relatime,errors=remount-ro' }] });
  });
});
