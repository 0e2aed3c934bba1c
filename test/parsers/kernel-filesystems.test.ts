import { describe, expect, it } from 'vitest';
import { parseModulesDepFilesystems, parseProcFilesystems } from '../../src/parsers/kernel-filesystems.js';
import { decodeUdevHex, encodeUdevHex, udevTagLink } from '../../src/parsers/udev-db.js';

describe('what findmnt --verify takes for supported file systems', () => {
  it('reads /proc/filesystems with and without nodev', () => {
    expect(parseProcFilesystems('nodev\tsysfs\nnodev\ttmpfs\n\text4\n\tvfat\n')).toEqual(['sysfs', 'tmpfs', 'ext4', 'vfat']);
  });
  it('takes kernel/fs modules from modules.dep, not nls', () => {
    const dep = 'kernel/fs/xfs/xfs.ko.xz: kernel/lib/libcrc32c.ko\nkernel/fs/nls/nls_utf8.ko:\nkernel/drivers/net/x.ko:\nkernel/fs/btrfs/btrfs.ko:\n';
    expect(parseModulesDepFilesystems(dep)).toEqual(['xfs', 'btrfs']);
  });
});

describe('udev tag links', () => {
  it('name the by-* link of a tag, its value encoded as udev does', () => {
    expect(udevTagLink('LABEL=my disk')).toBe('/dev/disk/by-label/my\\x20disk');
    expect(udevTagLink('UUID="0a-1b"')).toBe('/dev/disk/by-uuid/0a-1b');
    expect(udevTagLink('PARTLABEL=caf\u00e9')).toBe('/dev/disk/by-partlabel/caf\\xc3\\xa9');
    expect(udevTagLink('FOO=bar')).toBeNull();
    expect(udevTagLink('LABEL=')).toBeNull();
    expect(udevTagLink('/dev/sda1')).toBeNull();
  });
  it('encode what decode reads back', () => {
    for (const v of ['plain', 'a b/c', 'caf\u00e9', 'x\\y', '#+-.:=@_']) expect(decodeUdevHex(encodeUdevHex(v))).toBe(v);
  });
});
