import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TERMINFO_MAGIC_LEGACY, TERMINFO_MAGIC_NUMBER32, toLegacyTerminfo } from '../../src/tui/terminfo.js';

interface Entry {
  names: string;
  bools: number[];
  numbers: number[];
  strings: string[];
  ext?: { bools: number[]; numbers: number[]; strings: string[]; names: string[] };
}

/** Compile an entry as term(5) describes, with 2-byte (legacy) or 4-byte (ncurses 6.1+) numbers. */
function compile(e: Entry, wide: boolean): Uint8Array {
  const out: number[] = [];
  const short = (v: number): void => {
    out.push(v & 0xff, (v >> 8) & 0xff);
  };
  const num = (v: number): void => {
    if (wide) out.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff);
    else short(v < 0 ? v & 0xffff : Math.min(v, 0x7fff));
  };
  const align = (): void => {
    if (out.length % 2) out.push(0);
  };
  const table = (strs: string[]): { offsets: number[]; bytes: number[] } => {
    const bytes: number[] = [];
    const offsets = strs.map((s) => {
      const at = bytes.length;
      for (const ch of Buffer.from(s, 'latin1')) bytes.push(ch);
      bytes.push(0);
      return at;
    });
    return { offsets, bytes };
  };
  const main = table(e.strings);
  short(wide ? TERMINFO_MAGIC_NUMBER32 : TERMINFO_MAGIC_LEGACY);
  short(e.names.length + 1);
  short(e.bools.length);
  short(e.numbers.length);
  short(e.strings.length);
  short(main.bytes.length);
  for (const ch of Buffer.from(e.names, 'latin1')) out.push(ch);
  out.push(0);
  out.push(...e.bools);
  align();
  e.numbers.forEach(num);
  main.offsets.forEach(short);
  out.push(...main.bytes);
  if (e.ext) {
    align();
    const strs = table(e.ext.strings);
    const names = table(e.ext.names);
    short(e.ext.bools.length);
    short(e.ext.numbers.length);
    short(e.ext.strings.length);
    short(e.ext.strings.length + e.ext.names.length);
    short(strs.bytes.length + names.bytes.length);
    out.push(...e.ext.bools);
    align();
    e.ext.numbers.forEach(num);
    strs.offsets.forEach(short);
    names.offsets.forEach(short);
    out.push(...strs.bytes, ...names.bytes);
  }
  return Uint8Array.from(out);
}

// bools: auto_left_margin, auto_right_margin; numbers: columns, init_tabs, lines, lines_of_memory,
// magic_cookie_glitch, padding_baud_rate, virtual_terminal, width_status_line, num_labels, label_height,
// label_width, max_attributes, maximum_windows, max_colors, max_pairs (term.h order); strings: back_tab, bell.
const entry: Entry = {
  names: 'test-256color|a test terminal!',
  bools: [0, 1, 1],
  numbers: [80, 8, 24, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 256, 65536],
  strings: ['\x1b[Z', '\x07'],
  ext: { bools: [1], numbers: [70000], strings: ['\x1b[4:%p1%dm'], names: ['AX', 'XNUM', 'Smulx'] },
};

describe('terminfo: extended number format to legacy', () => {
  it('rewrites 4-byte numbers as 2-byte ones, clamped to 32767', () => {
    expect(Buffer.from(toLegacyTerminfo(compile(entry, true)))).toEqual(Buffer.from(compile(entry, false)));
  });
  it('leaves legacy entries and other bytes alone', () => {
    const legacy = compile(entry, false);
    expect(toLegacyTerminfo(legacy)).toBe(legacy);
    const junk = Uint8Array.from([1, 2, 3]);
    expect(toLegacyTerminfo(junk)).toBe(junk);
  });
  it('handles an entry without an extended section and an odd names length', () => {
    const plain: Entry = { names: 'ab|x', bools: [1, 0], numbers: [100000, 8], strings: ['x'] };
    expect(Buffer.from(toLegacyTerminfo(compile(plain, true)))).toEqual(Buffer.from(compile(plain, false)));
  });
  it('throws on a truncated entry instead of reading past it', () => {
    expect(() => toLegacyTerminfo(compile(entry, true).slice(0, 40))).toThrow(/truncated/);
  });
  it('gives blessed the real numbers and strings', () => {
    const require = createRequire(import.meta.url);
    const Tput = require('blessed/lib/tput') as new (o: object) => {
      parseTerminfo(data: Buffer, file: string): { numbers: Record<string, number>; strings: Record<string, string>; bools: Record<string, boolean> };
    };
    const tput = new Tput({});
    const info = tput.parseTerminfo(Buffer.from(toLegacyTerminfo(compile(entry, true))), '/x/t/test-256color');
    expect(info.numbers.max_colors).toBe(256);
    expect(info.numbers.max_pairs).toBe(32767);
    expect(info.numbers.columns).toBe(80);
    expect(info.strings.back_tab).toBe('\x1b[Z');
    expect(info.strings.Smulx).toBe('\x1b[4:%p1%dm');
    expect(info.numbers.XNUM).toBe(32767);
  });
});
