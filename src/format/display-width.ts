/**
 * Display width: how many terminal columns text takes, as wcwidth(3) counts them in a UTF-8 locale (procps
 * and libsmartcols pad by it). East Asian wide and fullwidth characters and emoji take 2 columns, combining
 * marks and other zero-width format characters 0, everything else 1. Every padding and cutting of text for a
 * terminal or the dashboard goes through this module, so a CJK name never shifts a row.
 *
 * Control characters are not given a width here: text is escaped (escape.ts) before it is measured.
 */

// East Asian Width W and F ranges (Unicode 15), inclusive pairs, sorted: binary-searched.
const WIDE: readonly number[] = [
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3,
  0x25fd, 0x25fe, 0x2614, 0x2615, 0x2648, 0x2653, 0x267f, 0x267f, 0x2693, 0x2693, 0x26a1, 0x26a1,
  0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea,
  0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b,
  0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
  0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55, 0x2e80, 0x303e,
  0x3041, 0x33ff, 0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xa000, 0xa4cf, 0xa960, 0xa97f, 0xac00, 0xd7a3,
  0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe6f, 0xff00, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16fe4,
  0x17000, 0x18cff, 0x1aff0, 0x1b2ff, 0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e,
  0x1f191, 0x1f19a, 0x1f200, 0x1f202, 0x1f210, 0x1f23b, 0x1f240, 0x1f248, 0x1f250, 0x1f251,
  0x1f260, 0x1f265, 0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c, 0x1f37e, 0x1f393,
  0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f43e,
  0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567,
  0x1f57a, 0x1f57a, 0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f, 0x1f680, 0x1f6c5,
  0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d7, 0x1f6dc, 0x1f6df, 0x1f6eb, 0x1f6ec,
  0x1f6f4, 0x1f6fc, 0x1f7e0, 0x1f7eb, 0x1f7f0, 0x1f7f0, 0x1f90c, 0x1f93a, 0x1f93c, 0x1f945,
  0x1f947, 0x1f9ff, 0x1fa70, 0x1faff, 0x20000, 0x2fffd, 0x30000, 0x3fffd,
];

// Made at its first use: V8 parses a regular expression when its literal is evaluated, and these Unicode
// property classes cost 1.7-2 M instructions of every start that loads this module (df, ps, top, lsblk) even
// though ASCII text never reaches them.
let zero: RegExp | undefined;
// Text that is all printable ASCII is as wide as it is long: the common case, checked without a loop.
const ASCII = /^[\x20-\x7e]*$/;

function inWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < WIDE[mid * 2]!) hi = mid - 1;
    else if (cp > WIDE[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Terminal columns of one code point: 0 (combining, zero-width format), 1, or 2 (wide, fullwidth, emoji). */
export function codePointWidth(cp: number): number {
  if (cp < 0x300 || cp === 0xad) return 1; // Latin-1 (the soft hyphen too, as wcwidth counts it)
  if (inWide(cp)) return 2;
  if ((zero ??= /[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]/u).test(String.fromCodePoint(cp))) return 0;
  return 1;
}

/** Terminal columns a string takes (of already escaped text). */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let n = 0;
  for (const ch of text) n += codePointWidth(ch.codePointAt(0)!);
  return n;
}

/** Pad with blanks to `width` columns on the side the alignment asks; never cut. */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = width - displayWidth(text);
  if (fill <= 0) return text;
  const blanks = ' '.repeat(fill);
  return align === 'right' ? blanks + text : text + blanks;
}

/**
 * The longest start of `text` that fits in `width` columns. A wide character that would straddle the edge is
 * left out (and, with `fill`, the cut filled with a blank, so the result is exactly `width` columns when text
 * was wider; without it, as libsmartcols's mbs_truncate leaves it).
 */
export function cutToWidth(text: string, width: number, fill = true): string {
  if (width <= 0) return '';
  if (ASCII.test(text)) return text.length > width ? text.slice(0, width) : text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    const w = codePointWidth(ch.codePointAt(0)!);
    if (n + w > width) return fill && n < width ? out + ' '.repeat(width - n) : out;
    out += ch;
    n += w;
  }
  return out;
}

/** Exactly `width` columns: cut when wider, padded on the alignment's side when narrower. */
export function fitToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  return padToWidth(cutToWidth(text, width), width, align);
}

/** The end of `text` that fits in `width` columns (for paths, whose end matters most). */
export function cutStartToWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const chars = [...text];
  let out = '';
  let n = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const w = codePointWidth(chars[i]!.codePointAt(0)!);
    if (n + w > width) break;
    out = chars[i]! + out;
    n += w;
  }
  return out;
}
