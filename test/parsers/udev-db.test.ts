import { describe, expect, it } from 'vitest';
import { decodeUdevHex, parseUdevDb } from '../../src/parsers/udev-db.js';

describe('parseUdevDb', () => {
  it('reads filesystem type, version, uuid and the encoded label', () => {
    const info = parseUdevDb('S:disk/by-uuid/1A2B\nE:ID_FS_TYPE=vfat\nE:ID_FS_VERSION=FAT32\nE:ID_FS_UUID=1A2B-3C4D\nE:ID_FS_LABEL=EFI_SYS\nE:ID_FS_LABEL_ENC=EFI\\x20SYS\nG:systemd\n');
    expect(info).toEqual({ fstype: 'vfat', fsver: 'FAT32', label: 'EFI SYS', uuid: '1A2B-3C4D', partLabel: null, partUuid: null });
  });

  it('gives null for what the record does not hold', () => {
    expect(parseUdevDb('E:DEVTYPE=disk\n')).toEqual({ fstype: null, fsver: null, label: null, uuid: null, partLabel: null, partUuid: null });
  });

  it('decodes \\xNN as UTF-8 bytes', () => {
    expect(decodeUdevHex('caf\\xc3\\xa9\\x20x')).toBe('café x');
  });
});
