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
}
