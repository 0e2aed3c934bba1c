import { describe, expect, it } from 'vitest';
import { allVfsOptions } from '../../src/core/vfs-flags.js';

// Expected strings are what util-linux 2.38.1 findmnt --vfs-all printed for the same options (findmnt -F of an
// fstab holding them).
describe('allVfsOptions (findmnt --vfs-all)', () => {
  it('names every flag by its state, in libmount order', () => {
    expect(allVfsOptions('rw,relatime')).toBe(
      'rw,exec,suid,dev,async,loud,nomand,atime,noiversion,diratime,relatime,nostrictatime,nolazytime,symfollow');
    expect(allVfsOptions('noexec,nosuid,sync,noatime,nodiratime,lazytime,mand,size=1k')).toBe(
      'rw,noexec,nosuid,dev,sync,loud,mand,noatime,noiversion,nodiratime,norelatime,nostrictatime,lazytime,symfollow');
  });
  it('prints both names that share a flag (bind, rbind) and lets a later option win', () => {
    expect(allVfsOptions('ro,bind,dirsync,strictatime,nosymfollow,iversion')).toBe(
      'ro,exec,suid,dev,async,dirsync,bind,rbind,loud,nomand,atime,iversion,diratime,norelatime,strictatime,nolazytime,nosymfollow');
    expect(allVfsOptions('ro,rw').startsWith('rw,')).toBe(true);
  });
});
