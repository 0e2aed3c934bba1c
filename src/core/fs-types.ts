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
 * Types findmnt --df leaves out as pseudo filesystems. They all report zero blocks as well; tmpfs, devtmpfs
 * and overlay hold data and stay (as util-linux 2.38 shows them).
 */
const PSEUDO_TYPES = new Set([
  'anon_inodefs', 'apparmorfs', 'autofs', 'bdev', 'binder', 'binfmt_misc', 'bpf', 'cgroup', 'cgroup2',
  'configfs', 'cpuset', 'debugfs', 'devfs', 'devpts', 'dlmfs', 'efivarfs', 'fusectl', 'hugetlbfs', 'mqueue',
  'nfsd', 'none', 'nsfs', 'pipefs', 'proc', 'pstore', 'resctrl', 'rpc_pipefs', 'securityfs', 'selinuxfs',
  'smackfs', 'sockfs', 'spufs', 'sysfs', 'tracefs', 'xenfs',
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

/** True for the pseudo filesystems findmnt --df leaves out. */
export function isPseudoFsType(fstype: string): boolean {
  return PSEUDO_TYPES.has(fstype);
}
