import { describe, expect, it } from 'vitest';
import { parseMaps, parseMapsLine } from '../../src/parsers/proc-pid-maps.js';

describe('parseMapsLine', () => {
  it('reads a file mapping', () => {
    expect(parseMapsLine('7f69dd2e2000-7f69dd30a000 r--p 00000000 fd:01 1835042                    /usr/lib/x86_64-linux-gnu/libc.so.6')).toEqual({
      start: '7f69dd2e2000',
      end: '7f69dd30a000',
      size: 0x28000,
      perms: 'r--p',
      offset: 0,
      device: 'fd:01',
      inode: 1835042,
      path: '/usr/lib/x86_64-linux-gnu/libc.so.6',
      deleted: false,
      kind: 'file',
    });
  });

  it('keeps spaces inside a path, decodes \\012 and strips " (deleted)"', () => {
    const e = parseMapsLine('7f0000001000-7f0000002000 rw-s 00001000 00:05 42                         /tmp/my file\\012two  (deleted)')!;
    expect(e.path).toBe('/tmp/my file\ntwo ');
    expect(e.deleted).toBe(true);
    expect(e.offset).toBe(0x1000);
    expect(e.perms).toBe('rw-s');
  });

  it('does not strip "(deleted)" that is part of a name without the leading space', () => {
    expect(parseMapsLine('1000-2000 r--p 00000000 08:01 7 /x/(deleted)')!.path).toBe('/x/(deleted)');
  });

  it('classifies pseudo paths and anonymous mappings', () => {
    const heap = parseMapsLine('55c558a1b000-55c558a3c000 rw-p 00000000 00:00 0                          [heap]')!;
    expect(heap).toMatchObject({ path: '[heap]', kind: 'pseudo', inode: 0, device: '00:00' });
    expect(parseMapsLine('7ffc04325000-7ffc04346000 rw-p 00000000 00:00 0                          [stack]')!.kind).toBe('pseudo');
    expect(parseMapsLine('7f1-7f2 rw-p 00000000 00:00 0 [anon:v8 heap]')!).toMatchObject({ path: '[anon:v8 heap]', kind: 'pseudo' });
    const anon = parseMapsLine('7f69dd2df000-7f69dd2e2000 rw-p 00000000 00:00 0 ')!;
    expect(anon).toMatchObject({ path: '', kind: 'anonymous', size: 0x3000 });
    expect(parseMapsLine('7f69dd2df000-7f69dd2e2000 rw-p 00000000 00:00 0')!.kind).toBe('anonymous');
  });

  it('computes sizes exactly above 2^53 ([vsyscall])', () => {
    const e = parseMapsLine('ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]')!;
    expect(e.start).toBe('ffffffffff600000');
    expect(e.size).toBe(4096);
  });

  it('rejects lines of another shape', () => {
    expect(parseMapsLine('')).toBeNull();
    expect(parseMapsLine('hello world')).toBeNull();
    expect(parseMapsLine('1000-2000 r--p zz 08:01 7 /x')).toBeNull();
  });
});

describe('parseMaps', () => {
  const text = ['1000-2000 r--p 00000000 08:01 7 /a', 'junk', '3000-5000 rw-p 00000000 00:00 0', '6000-7000 r-xp 00000000 00:00 0 [vdso]', ''].join('\n');

  it('parses all lines and skips malformed ones', () => {
    const r = parseMaps(text);
    expect(r.total).toBe(3);
    expect(r.entries.map((e) => e.start)).toEqual(['1000', '3000', '6000']);
  });

  it('keeps at most `limit` entries but counts every line', () => {
    const r = parseMaps(text, 1);
    expect(r.entries).toHaveLength(1);
    expect(r.total).toBe(3);
  });

  it('reads nothing from empty text', () => {
    expect(parseMaps('')).toEqual({ entries: [], total: 0 });
  });
});
