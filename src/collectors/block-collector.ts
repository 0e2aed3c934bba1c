import path from 'node:path';
import type { BlockDevice, BlockNode, Mount } from '../core/filesystem.js';
import { parseUdevDb, parseUdevProperties, decodeUdevHex, type UdevFsInfo } from '../parsers/udev-db.js';
import { devNumber } from '../core/devno.js';
import { SysFs } from '../source/sysfs.js';

/**
 * Block devices as lsblk lists them: /sys/block (disks, loop, md, dm, zram), partitions (subdirectories
 * holding a `partition` file), holders (dm/md devices stacked on a device) as children; SIZE = sysfs size
 * times 512; RO, RM from sysfs; MOUNTPOINTS from mountinfo by device number (newest mount first, as lsblk);
 * FSTYPE/FSVER/LABEL/UUID from the udev database /run/udev/data/b<maj>:<min>, else the /dev/disk/by-uuid
 * and by-label links; null when neither exists (no guessing from the disk's bytes).
 */

/** Options of {@link collectBlockDevices}. */
export interface BlockOptions {
  /** lsblk -a: also empty devices (loop devices without a backing file). */
  all?: boolean;
}

/** SCSI peripheral types (sysfs device/type) by number, as util-linux names them. */
const SCSI_TYPES: Record<number, string> = {
  0: 'disk', 1: 'tape', 2: 'printer', 3: 'processor', 4: 'worm', 5: 'rom', 6: 'scanner', 7: 'mo-disk',
  8: 'changer', 9: 'comm', 12: 'raid', 13: 'enclosure', 14: 'rbc', 17: 'osd', 127: 'no-lun',
};

interface Raw {
  kname: string;
  /** sysfs directory (system path). */
  dir: string;
  majMin: string;
  size: number;
  partition: boolean;
}

/** Links in /dev/disk/by-X: device kname -> decoded link name. */
function byLinks(sys: SysFs, kind: 'by-uuid' | 'by-label'): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of sys.listDir(`/dev/disk/${kind}`) ?? []) {
    const target = sys.readLink(`/dev/disk/${kind}/${name}`);
    if (target !== null) map.set(path.posix.basename(target), decodeUdevHex(name));
  }
  return map;
}

/** Read the block device forest. `mounts` gives MOUNTPOINTS (pass [] to skip). */
export function collectBlockDevices(root: string, mounts: Mount[], opts: BlockOptions = {}): BlockDevice[] {
  const sys = new SysFs(root);
  const byUuid = byLinks(sys, 'by-uuid');
  const byLabel = byLinks(sys, 'by-label');
  const mountsByDev = new Map<string, Mount[]>();
  for (let i = mounts.length - 1; i >= 0; i--) {
    const m = mounts[i]!;
    const list = mountsByDev.get(m.majMin) ?? [];
    list.push(m);
    mountsByDev.set(m.majMin, list);
  }

  const readRaw = (kname: string, dir: string, partition: boolean): Raw | null => {
    const majMin = sys.read(`${dir}/dev`);
    if (majMin === null) return null;
    const sectors = Number(sys.read(`${dir}/size`) ?? '0');
    return { kname, dir, majMin, size: (Number.isFinite(sectors) ? sectors : 0) * 512, partition };
  };

  const udev = (majMin: string): { info: UdevFsInfo; all: ReadonlyMap<string, string> } | null => {
    const text = sys.read(`/run/udev/data/b${majMin}`);
    return text === null ? null : { info: parseUdevDb(text), all: parseUdevProperties(text) };
  };

  const typeOf = (r: Raw): string => {
    if (r.partition) return 'part';
    if (r.kname.startsWith('dm-')) {
      const uuid = sys.read(`${r.dir}/dm/uuid`);
      const prefix = uuid ? uuid.split('-')[0]! : '';
      if (prefix === '') return 'dm';
      return (prefix.toLowerCase().startsWith('part') ? prefix.slice(0, 4) : prefix).toLowerCase();
    }
    if (r.kname.startsWith('loop')) return 'loop';
    if (r.kname.startsWith('md')) return (sys.read(`${r.dir}/md/level`) ?? 'md').toLowerCase();
    const scsi = sys.read(`${r.dir}/device/type`);
    return (scsi !== null && SCSI_TYPES[Number(scsi)]) || 'disk';
  };

  const toDevice = (r: Raw, children: BlockDevice[], diskDir: string): BlockDevice => {
    const dmName = r.kname.startsWith('dm-') ? sys.read(`${r.dir}/dm/name`) : null;
    const name = dmName ?? r.kname.replace(/!/g, '/');
    const u = udev(r.majMin);
    const info = u?.info;
    const own = mountsByDev.get(r.majMin) ?? [];
    const devPath = dmName !== null ? `/dev/mapper/${dmName}` : `/dev/${name}`;
    let subsystems: string[] | null = null;
    return {
      kname: r.kname,
      name,
      path: devPath,
      majMin: r.majMin,
      size: r.size,
      removable: sys.read(`${r.dir}/removable`) === '1',
      readOnly: sys.read(`${r.dir}/ro`) === '1',
      type: typeOf(r),
      mountpoints: own.map((m) => m.target),
      fsroots: own.map((m) => m.root),
      firstMount: own[0] ?? null,
      fstype: info?.fstype ?? null,
      fsver: info?.fsver ?? null,
      label: info?.label ?? byLabel.get(r.kname) ?? null,
      uuid: info?.uuid ?? byUuid.get(r.kname) ?? null,
      children,
      partition: r.partition,
      udev: u?.all ?? new Map(),
      attr: (rel) => sys.read(rel.startsWith('queue/') ? `${diskDir}/${rel}` : `${r.dir}/${rel}`),
      hctl: () => (r.partition ? null : (sys.listDir(`${r.dir}/device/scsi_device`) ?? [])[0] ?? null),
      subsystems: () => (subsystems ??= subsystemChain(sys, r.dir)),
      node: (): BlockNode | null => {
        const st = sys.stat(devPath);
        return 'error' in st ? null : { mode: st.mode, uid: st.uid, gid: st.gid };
      },
    };
  };

  const empty = (r: Raw): boolean =>
    r.size === 0 && r.kname.startsWith('loop') && !sys.exists(`${r.dir}/loop/backing_file`);

  const visiting = new Set<string>();
  const holdersOf = (dir: string): BlockDevice[] => {
    const out: BlockDevice[] = [];
    for (const h of sys.listDir(`${dir}/holders`) ?? []) {
      const d = build(h, `/sys/block/${h}`, false);
      if (d) out.push(d);
    }
    return out;
  };
  const build = (kname: string, dir: string, partition: boolean, diskDir = dir): BlockDevice | null => {
    if (visiting.has(kname)) return null;
    const r = readRaw(kname, dir, partition);
    if (!r || (!opts.all && empty(r))) return null;
    // Hidden devices (the per-path nodes of NVMe multipath) are not shown, as lsblk does.
    if (sys.read(`${dir}/hidden`) === '1') return null;
    visiting.add(kname);
    const children: BlockDevice[] = [];
    if (!partition) {
      for (const e of sys.listDir(dir) ?? []) {
        if (!sys.exists(`${dir}/${e}/partition`)) continue;
        const p = build(e, `${dir}/${e}`, true, dir);
        if (p) children.push(p);
      }
    }
    children.push(...holdersOf(dir));
    visiting.delete(kname);
    return toDevice(r, children, diskDir);
  };

  const roots: BlockDevice[] = [];
  const byDevno = (a: BlockDevice, b: BlockDevice): number => {
    const [am, an] = a.majMin.split(':').map(Number) as [number, number];
    const [bm, bn] = b.majMin.split(':').map(Number) as [number, number];
    return am - bm || an - bn;
  };
  for (const kname of sys.listDir('/sys/block') ?? []) {
    // Stacked devices (dm, md) appear under the devices they are built on.
    if ((sys.listDir(`/sys/block/${kname}/slaves`) ?? []).length > 0) continue;
    const d = build(kname, `/sys/block/${kname}`, false);
    if (d) roots.push(d);
  }
  // lsblk lists devices by device number (loop0..7 7:N, zram0 253:0, vda 254:0), whatever readdir says.
  return roots.sort(byDevno);
}

/**
 * lsblk's SUBSYSTEMS: from the device's real sysfs directory up to /sys/devices, the name each `subsystem`
 * link points to, a repeat of the one before left out.
 */
function subsystemChain(sys: SysFs, dir: string): string[] {
  const out: string[] = [];
  let real = sys.realPath(dir);
  while (real !== null && real.startsWith('/sys/devices/')) {
    const link = sys.readLink(`${real}/subsystem`);
    if (link !== null) {
      const name = path.posix.basename(link);
      if (out[out.length - 1] !== name) out.push(name);
    }
    real = path.posix.dirname(real);
  }
  return out;
}

/**
 * Which device the node at `userPath` is (symlinks followed): its device number ("major:minor"), or null when
 * it is missing or not a block device. Under a fixture root, which cannot hold device nodes, a regular file at
 * /dev/NAME stands for the device whose kernel name is NAME.
 */
export function blockDeviceOf(root: string, userPath: string): { devno: string } | { kname: string } | null {
  const sys = new SysFs(root);
  const abs = path.posix.resolve(userPath);
  const st = sys.stat(abs);
  if ('error' in st) return null;
  if ((st.mode & 0o170000) === 0o060000) return { devno: devNumber(st.rdev) };
  if (root !== '/' && abs.startsWith('/dev/') && (st.mode & 0o170000) === 0o100000) {
    return { kname: path.posix.basename(abs) };
  }
  return null;
}
