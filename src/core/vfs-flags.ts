/**
 * libmount's Linux VFS flag names (its MNT_LINUX_MAP order), for findmnt --vfs-all: each flag is printed
 * by the name that says its state, so `rw,relatime` becomes the whole list (`rw,exec,suid,...`).
 * `[name, flag, inverted]`: an inverted name clears the flag and is printed while the flag is clear.
 */
const VFS_NAMES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['ro', 'rdonly', false], ['rw', 'rdonly', true],
  ['exec', 'noexec', true], ['noexec', 'noexec', false],
  ['suid', 'nosuid', true], ['nosuid', 'nosuid', false],
  ['dev', 'nodev', true], ['nodev', 'nodev', false],
  ['sync', 'sync', false], ['async', 'sync', true],
  ['dirsync', 'dirsync', false],
  ['remount', 'remount', false],
  ['bind', 'bind', false],
  ['rbind', 'bind', false],
  ['silent', 'silent', false], ['loud', 'silent', true],
  ['mand', 'mand', false], ['nomand', 'mand', true],
  ['atime', 'noatime', true], ['noatime', 'noatime', false],
  ['iversion', 'iversion', false], ['noiversion', 'iversion', true],
  ['diratime', 'nodiratime', true], ['nodiratime', 'nodiratime', false],
  ['relatime', 'relatime', false], ['norelatime', 'relatime', true],
  ['strictatime', 'strictatime', false], ['nostrictatime', 'strictatime', true],
  ['lazytime', 'lazytime', false], ['nolazytime', 'lazytime', true],
  ['symfollow', 'nosymfollow', true], ['nosymfollow', 'nosymfollow', false],
];

/** Every VFS flag of a per-mount option string by the name of its state (findmnt --vfs-all). */
export function allVfsOptions(options: string): string {
  const set = new Set<string>();
  for (const opt of options.split(',')) {
    const e = VFS_NAMES.find(([name]) => name === opt);
    if (!e) continue;
    if (e[2]) set.delete(e[1]);
    else set.add(e[1]);
  }
  return VFS_NAMES.filter(([, flag, inverted]) => set.has(flag) !== inverted).map(([name]) => name).join(',');
}
