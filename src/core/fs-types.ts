/**
 * Filesystem type knowledge shared by df, findmnt --df and the exporter: which types are "dummy" (no storage
 * of their own), which are remote. The lists are those of gnulib's mountlist.c (ME_DUMMY, ME_REMOTE), which
 * coreutils df uses.
 */

/** gnulib ME_DUMMY_0: df hides these without -a and does not even statfs them. */
const DUMMY_TYPES = new Set([
  'autofs', 'proc', 'subfs', 'debugfs', 'devpts', 'fusectl', 'fuse.portal', 'mqueue', 'rpc_pipefs', 'sysfs',
  'devfs', 'kernfs', 'ignore',
]);

/** gnulib ME_REMOTE types (besides sources with a ':' and //server shares). */
const REMOTE_TYPES = new Set(['acfs', 'afs', 'coda', 'auristorfs', 'fhgfs', 'gpfs', 'ibrix', 'ocfs2', 'vxfs']);

/**
 * libmount's pseudo filesystems (mnt_fstype_is_pseudofs), plus a few newer kernel ones of the same kind.
 * findmnt --df leaves them out, except types whose name contains "tmpfs" (tmpfs, devtmpfs), which it keeps.
 */
const PSEUDO_TYPES = new Set([
  'anon_inodefs', 'autofs', 'bdev', 'binfmt_misc', 'cgroup', 'cgroup2', 'configfs', 'cpuset', 'debugfs', 'devfs',
  'devpts', 'devtmpfs', 'dlmfs', 'efivarfs', 'fuse.gvfs-fuse-daemon', 'fusectl', 'hugetlbfs', 'mqueue', 'nfsd',
  'none', 'nsfs', 'overlay', 'pipefs', 'proc', 'pstore', 'ramfs', 'rootfs', 'rpc_pipefs', 'securityfs', 'sockfs',
  'spufs', 'sysfs', 'tmpfs',
  // Not in util-linux 2.38's list, but kernel-internal all the same.
  'apparmorfs', 'binder', 'bpf', 'resctrl', 'selinuxfs', 'smackfs', 'tracefs', 'xenfs',
]);

/** True for types df treats as dummy (hidden without -a). Type "none" counts too. */
export function isDummyFsType(fstype: string): boolean {
  return DUMMY_TYPES.has(fstype) || fstype === 'none';
}

/** gnulib ME_REMOTE: "host:path" sources, //server shares of smbfs/smb3/cifs, cluster types, "-hosts". */
export function isRemoteFs(source: string, fstype: string): boolean {
  if (source.includes(':')) return true;
  if (source.startsWith('//') && (fstype === 'smbfs' || fstype === 'smb3' || fstype === 'cifs')) return true;
  return REMOTE_TYPES.has(fstype) || source === '-hosts';
}

/** True for libmount's pseudo filesystems (proc, sysfs, cgroup, overlay, tmpfs, ...). */
export function isPseudoFsType(fstype: string): boolean {
  return PSEUDO_TYPES.has(fstype);
}

/** findmnt --df's filter without --all: anything with "tmpfs" in its type, else what is not pseudo. */
export function findmntDfWants(fstype: string): boolean {
  return fstype.includes('tmpfs') || !PSEUDO_TYPES.has(fstype);
}

/**
 * libmount's type list match (mnt_match_fstype): a comma list; a leading `no` negates the whole list, and an
 * item of its own spelled `noTYPE` excludes that type. `ignoreCase`: findmnt --verify compares the kernel's
 * names case-blind (util-linux match_fstype).
 */
export function matchFsTypes(fstype: string, pattern: string, ignoreCase = false): boolean {
  let negated = false;
  let p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? fstype.toLowerCase() : fstype;
  if (p.startsWith('no')) {
    negated = true;
    p = p.slice(2);
  }
  for (const item of p.split(',')) {
    if (item.startsWith('no') && item.slice(2) === t) return false;
    if (item === t) return !negated;
  }
  return negated;
}
