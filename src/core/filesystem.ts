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
  /** True when statfs timed out or failed: show `-`. */
  stale: boolean;
}
