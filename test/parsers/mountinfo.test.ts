import { describe, expect, it } from 'vitest';
import { decodeMountEscapes, parseMountinfo, parseMountinfoLine } from '../../src/parsers/mountinfo.js';

describe('parseMountinfo', () => {
  it('reads every field of a line, optional fields included', () => {
    const m = parseMountinfoLine('36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue');
    expect(m).toEqual({
      id: 36, parentId: 35, majMin: '98:0', root: '/mnt1', target: '/mnt2', mountOptions: 'rw,noatime',
      optional: ['master:1', 'shared:7'], fstype: 'ext3', source: '/dev/root', superOptions: 'rw,errors=continue',
    });
  });

  it('takes a line without optional fields', () => {
    const m = parseMountinfoLine('22 27 0:21 / /proc rw,relatime - proc proc rw')!;
    expect(m.optional).toEqual([]);
    expect(m.fstype).toBe('proc');
  });

  it('decodes octal escapes in root, target, type and source: space, tab, newline, backslash', () => {
    const m = parseMountinfoLine(
      '42 27 0:39 /a\\040dir /tmp/a\\040b\\011c\\012d\\134e rw - fuse\\040x src\\04030794 rw,size=1024k',
    )!;
    expect(m.root).toBe('/a dir');
    expect(m.target).toBe('/tmp/a b\tc\nd\\e');
    expect(m.fstype).toBe('fuse x');
    expect(m.source).toBe('src 30794');
  });

  it('leaves a backslash that starts no escape alone', () => {
    expect(decodeMountEscapes('a\\9b\\')).toBe('a\\9b\\');
    expect(decodeMountEscapes('plain')).toBe('plain');
  });

  it('decodes escaped bytes as UTF-8 (an é spelled \\303\\251), and keeps raw UTF-8 beside escapes', () => {
    expect(decodeMountEscapes('/home/\\303\\251l\\303\\250ve/Photos\\040d\\047\\303\\251t\\303\\251')).toBe("/home/élève/Photos d'été");
    expect(decodeMountEscapes('/mnt/été\\040日本')).toBe('/mnt/été 日本');
    // Bytes that are not UTF-8 stay one character each.
    expect(decodeMountEscapes('/x\\377y')).toBe('/x\u00ffy');
  });

  it('skips blank and malformed lines, keeps the rest', () => {
    const text = '\n1 0 8:1 / / rw - ext4 /dev/sda1 rw\ngarbage\n2 1 0:5 / /dev rw no-separator here x y\n3 1 0:6 / /run rw - tmpfs tmpfs rw\n';
    expect(parseMountinfo(text).map((m) => m.target)).toEqual(['/', '/run']);
  });

  it('parses hundreds of mounts quickly', () => {
    const lines = ['1 0 8:1 / / rw - ext4 /dev/sda1 rw'];
    for (let i = 0; i < 500; i++) lines.push(`${10 + i} 1 0:${100 + i} / /run/user/${i} rw - tmpfs tmpfs rw,size=1024k`);
    const t0 = performance.now();
    const ms = parseMountinfo(lines.join('\n'));
    expect(ms).toHaveLength(501);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
