/**
 * node_exporter's default exclusions (upstream flags' defaults, node_exporter 1.5 to 1.9), so a sysmon target
 * and a node_exporter target export the same filesystems and disks. Debian's packaged node_exporter patches two
 * of them (it also hides /run, /mnt, /media mounts and the `lo` interface); the upstream defaults are what
 * dashboards are written against.
 */

/** `--collector.filesystem.mount-points-exclude`. */
export const MOUNT_POINTS_EXCLUDE = /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;

/** `--collector.filesystem.fs-types-exclude`. */
export const FS_TYPES_EXCLUDE =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$/;

/** `--collector.diskstats.device-exclude`: RAM disks, loop devices, floppies and partitions. */
export const DISK_DEVICES_EXCLUDE = /^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;

/** `--collector.netdev.device-exclude`: upstream excludes no interface. */
export const NET_DEVICES_EXCLUDE: RegExp | null = null;

/** True when node_exporter's default filesystem exclusions keep this mount. */
export function isExportedMount(m: { target: string; fstype: string }): boolean {
  return !MOUNT_POINTS_EXCLUDE.test(m.target) && !FS_TYPES_EXCLUDE.test(m.fstype);
}
