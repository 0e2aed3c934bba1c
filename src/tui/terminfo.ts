/**
 * Compiled terminfo in the format blessed 0.1.81 can read.
 *
 * ncurses 6.1 and later (Debian 12 ships 6.4) write an entry in the "extended number" format (magic 01036)
 * whenever one of its numbers does not fit a signed 16-bit short: the 256-colour entries have `pairs#65536`.
 * Numbers are then 4 bytes each, in the main and in the extended section. blessed only knows the legacy
 * format (magic 0432, 2-byte numbers), so it reads every later offset wrong: with tmux-256color it falls back
 * to its built-in 8-colour xterm, with screen-256color it also prints `Error on ...` while compiling garbage.
 *
 * {@link toLegacyTerminfo} rewrites such an entry into the legacy format, clamping numbers to 32767 (what
 * ncurses itself reports to a legacy-ABI program), so blessed sees the real entry and its 256 colours.
 * See term(5), "Extended Number Format".
 */

/** Magic of the legacy format (octal 0432). */
export const TERMINFO_MAGIC_LEGACY = 0o432;
/** Magic of the extended number format (octal 01036): numbers are 32-bit. */
export const TERMINFO_MAGIC_NUMBER32 = 0o1036;

function short(b: Uint8Array, at: number): number {
  if (at + 1 >= b.length) throw new Error('truncated terminfo entry');
  return b[at]! | (b[at + 1]! << 8);
}

/** Copy `n` 32-bit little-endian numbers from `src` at `from` into 16-bit ones in `out`, clamped. */
function narrowNumbers(src: Uint8Array, from: number, n: number, out: number[]): void {
  for (let k = 0; k < n; k++) {
    const at = from + 4 * k;
    if (at + 3 >= src.length) throw new Error('truncated terminfo entry');
    const v = (src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24)) >> 0;
    // -1 = absent, -2 = cancelled: keep them; anything else is a count, at most 32767 in a short.
    const w = v < 0 ? v & 0xffff : Math.min(v, 0x7fff);
    out.push(w & 0xff, (w >> 8) & 0xff);
  }
}

/**
 * The entry in the legacy format: the same bytes when it already is one (or is not a terminfo entry at all),
 * else a rewritten copy. Throws on a truncated extended-number entry.
 */
export function toLegacyTerminfo(data: Uint8Array): Uint8Array {
  if (data.length < 12 || short(data, 0) !== TERMINFO_MAGIC_NUMBER32) return data;
  const namesSize = short(data, 2);
  const boolCount = short(data, 4);
  const numCount = short(data, 6);
  const strCount = short(data, 8);
  const strTableSize = short(data, 10);

  const out: number[] = [];
  const copy = (from: number, to: number): void => {
    if (to > data.length) throw new Error('truncated terminfo entry');
    for (let k = from; k < to; k++) out.push(data[k]!);
  };
  out.push(TERMINFO_MAGIC_LEGACY & 0xff, TERMINFO_MAGIC_LEGACY >> 8);
  copy(2, 12);
  let i = 12;
  copy(i, i + namesSize + boolCount);
  i += namesSize + boolCount;
  // Numbers start on an even byte; the padding's parity is the same in both formats.
  if (i % 2) {
    out.push(0);
    i++;
  }
  narrowNumbers(data, i, numCount, out);
  i += numCount * 4;
  copy(i, i + strCount * 2 + strTableSize);
  i += strCount * 2 + strTableSize;
  if (i % 2 && i < data.length) {
    out.push(0);
    i++;
  }
  if (i + 10 > data.length) {
    copy(i, data.length);
    return Uint8Array.from(out);
  }

  // Extended section: header of five shorts, booleans, numbers (32-bit here), then offsets and strings.
  const extBools = short(data, i);
  const extNums = short(data, i + 2);
  copy(i, i + 10 + extBools);
  i += 10 + extBools;
  if (i % 2) {
    out.push(0);
    i++;
  }
  narrowNumbers(data, i, extNums, out);
  i += extNums * 4;
  copy(i, data.length);
  return Uint8Array.from(out);
}
