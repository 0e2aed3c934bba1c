/** One line of /proc/self/mountinfo, escapes (`\040` ...) already decoded. */
export interface Mount {
  id: number;
  parentId: number;
  /** Device number of the filesystem, "major:minor". */
  majMin: string;
  /** Path inside the filesystem that is mounted here ("/" unless a bind mount of a subdirectory). */
  root: string;
  /** Mount point. */
  target: string;
  /** Per-mount options (rw,nosuid,...). */
  mountOptions: string;
  /** Optional fields (shared:N, master:N, ...). */
  optional: string[];
  fstype: string;
  source: string;
  /** Per-superblock options. */
  superOptions: string;
}

/** statfs(2) of one mount, in bytes and inode counts; null fields mean the call did not answer in time. */
export interface FsUsage {
  mount: Mount;
  /** Fragment size used for the block counts, bytes. */
  blockSize: number;
  /** Total size, bytes. */
  size: number;
  /** Free for root, bytes. */
  free: number;
  /** Free for unprivileged users, bytes. */
  avail: number;
  files: number;
  filesFree: number;
  /** True when statfs timed out or failed: show `-`. The numbers are then 0 and mean nothing. */
  stale: boolean;
  /**
   * Why the numbers are missing when stale: 'ETIMEDOUT' (did not answer within the time limit, e.g. a hung
   * NFS or FUSE server), an errno code ('EACCES', 'ENOENT'), or 'SHADOWED' (df -a: the mount point now shows
   * another filesystem). Absent when the numbers are good.
   */
  error?: string;
  /** Made by the portable backend (systeminformation): inode counts and options are unknown (`-`). */
  portable?: boolean;
}

/**
 * One block device from /sys/block (a whole disk, loop, md, dm or zram device) or one of its partitions, as
 * lsblk shows it. Sizes in bytes; FSTYPE/LABEL/UUID come from the udev database and are null when it has no
 * record (no udev on the machine): never guessed.
 */
export interface BlockDevice {
  /** Kernel name ("vda", "sda1", "dm-0"); for dm devices lsblk shows the mapper name instead (see {@link name}). */
  kname: string;
  /** Name to show: kname, or the device-mapper name (dm/name) for dm-N devices. */
  name: string;
  /** Device node path ("/dev/sda1", "/dev/mapper/vg-root"). */
  path: string;
  /** "major:minor". */
  majMin: string;
  /** Size, bytes (sysfs `size` in 512-byte sectors times 512). */
  size: number;
  /** sysfs `removable`. */
  removable: boolean;
  /** sysfs `ro`. */
  readOnly: boolean;
  /** disk, part, loop, rom, raid1 (md level), lvm/crypt/dm (dm uuid prefix), ... as lsblk names them. */
  type: string;
  /** Where the device is mounted (mountinfo entries with its device number), in mountinfo order. */
  mountpoints: string[];
  /** Filesystem type from udev (ID_FS_TYPE), or null when unknown. */
  fstype: string | null;
  /** Filesystem version from udev (ID_FS_VERSION), or null. */
  fsver: string | null;
  /** Filesystem label from udev (ID_FS_LABEL_ENC decoded) or /dev/disk/by-label, or null. */
  label: string | null;
  /** Filesystem UUID from udev (ID_FS_UUID) or /dev/disk/by-uuid, or null. */
  uuid: string | null;
  /** Partitions (and holders such as dm devices stacked on it). */
  children: BlockDevice[];
  /** True for a partition (its sysfs directory holds a `partition` file). */
  partition: boolean;
  /** The filesystem root mounted at each of {@link mountpoints} (mountinfo's root field), in the same order. */
  fsroots: string[];
  /** The first mount of the device, for statfs (lsblk -f's FSAVAIL, FSUSE%); null when unmounted. */
  firstMount: Mount | null;
  /** Every udev property of the device (E: lines of /run/udev/data/b<maj>:<min>); empty without udev. */
  udev: ReadonlyMap<string, string>;
  /**
   * Reads one sysfs attribute on demand, relative to the device's directory (`ro`, `device/model`); a path
   * under `queue/` is read from the whole disk's queue for a partition, as lsblk reads it. Null when absent.
   */
  attr(rel: string): string | null;
  /** Subsystems from the device up to the root of sysfs, repeats merged (`block`, `virtio`, `pci`). */
  subsystems(): string[];
  /** Host:Channel:Target:Lun of a SCSI device (its device/scsi_device entry), or null. */
  hctl(): string | null;
  /** Mode and owner of the device node (/dev/NAME), or null when it cannot be stat'ed. */
  node(): BlockNode | null;
}

/** stat(2) of a device node: the st_mode bits (type included), owner and group ids. */
export interface BlockNode {
  mode: number;
  uid: number;
  gid: number;
}

/** One line of fstab(5) (/etc/fstab, or a file given to findmnt -F). */
export interface FstabEntry {
  /** fs_spec as written: a device, `UUID=...`, `LABEL=...`, a remote `host:/dir`, a pseudo name. */
  source: string;
  /** fs_file: the mount point (`none` for swap). */
  target: string;
  fstype: string;
  /** fs_mntops as written (`defaults,noatime`). */
  options: string;
  /** The per-mount (VFS) options among them, as findmnt's VFS-OPTIONS shows them (`noatime`). */
  vfsOptions: string;
  /** The filesystem-specific ones, as FS-OPTIONS shows them (`umask=0077`); mount(8)'s own are in neither. */
  fsOptions: string;
  /** fs_freq (dump); 0 when absent. */
  freq: number;
  /** fs_passno (fsck order); 0 when absent. */
  passno: number;
}
