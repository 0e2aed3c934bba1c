import { describe, expect, it } from 'vitest';
import { looksLikeMountinfo, parseFstab, parseFstabReport, splitFstabOptions } from '../../src/parsers/fstab.js';
import { matchMountOptions } from '../../src/cli/mounts/run-mounts.js';

describe('fstab parser', () => {
  it('reads fields, skips comments and blank lines, decodes octal escapes, defaults freq and passno', () => {
    const t = '# comment\n\nUUID=ab-12 / ext4 defaults,noatime 0 1\nLABEL=My\\040Disk\t/mnt/my\\040disk vfat umask=0077\n';
    expect(parseFstab(t)).toEqual([
      { source: 'UUID=ab-12', target: '/', fstype: 'ext4', options: 'defaults,noatime', vfsOptions: 'noatime', fsOptions: '', freq: 0, passno: 1 },
      { source: 'LABEL=My Disk', target: '/mnt/my disk', fstype: 'vfat', options: 'umask=0077', vfsOptions: '', fsOptions: 'umask=0077', freq: 0, passno: 0 },
    ]);
  });

  it('reports the lines libmount cannot parse (fewer than three fields, a freq or passno not a number)', () => {
    // What findmnt -F printed for this file: `parse error at line 1`, `3`, `4`, and the one entry of line 2.
    const r = parseFstabReport('a b\nc d e\nf g h i j\ngarbage\n');
    expect(r.badLines).toEqual([1, 3, 4]);
    expect(r.entries).toMatchObject([{ source: 'c', target: 'd', fstype: 'e', options: '', freq: 0, passno: 0 }]);
  });

  it('tells mountinfo from fstab by its first line', () => {
    expect(looksLikeMountinfo('1 0 253:0 / / rw - ext4 /dev/vda rw\n')).toBe(true);
    expect(looksLikeMountinfo('# x\n/dev/vda / ext4 defaults 0 1\n')).toBe(false);
  });

  it('splits options as findmnt VFS-OPTIONS / FS-OPTIONS show them (mount(8) options in neither)', () => {
    expect(splitFstabOptions('defaults,noatime')).toEqual({ vfs: 'noatime', fs: '' });
    expect(splitFstabOptions('rw,_netdev,x-systemd.automount')).toEqual({ vfs: 'rw', fs: '' });
    expect(splitFstabOptions('umask=0077,nofail')).toEqual({ vfs: '', fs: 'umask=0077' });
  });
});

describe('findmnt -O matching (libmount mnt_match_options)', () => {
  const opts = 'rw,nosuid,relatime,mode=755';
  it('needs every item; a no prefix negates, + keeps it literal, NAME=VALUE needs the value', () => {
    expect(matchMountOptions(opts, 'rw')).toBe(true);
    expect(matchMountOptions(opts, 'ro')).toBe(false);
    // "nosuid" is the negation of suid, which is absent (findmnt -O nosuid lists every mount without a literal suid).
    expect(matchMountOptions(opts, 'rw,nosuid')).toBe(true);
    expect(matchMountOptions(opts, 'norelatime')).toBe(false);
    expect(matchMountOptions(opts, 'noexec')).toBe(true); // exec is absent
    expect(matchMountOptions(opts, '+nosuid')).toBe(true);
    expect(matchMountOptions(opts, 'mode=755')).toBe(true);
    expect(matchMountOptions(opts, 'mode=700')).toBe(false);
    expect(matchMountOptions(opts, 'nosuchopt')).toBe(true);
  });
});
