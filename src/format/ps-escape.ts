/*
 * Text from a process (names, command lines, environments, paths) made safe for a terminal the way procps ps
 * does it in a UTF-8 locale: C0 controls, DEL and the C1 controls U+0080-U+009F (0x9b is CSI to some
 * terminals) become `?`, as do bytes that were not UTF-8 (read as U+FFFD); wide characters count two cells.
 * ps cuts the text to the cells its column may take, never inside a character.
 */

/** Display cells of one code point: 0 for combining marks, 2 for East Asian wide and emoji, else 1. */
export function codePointCells(cp: number): number {
  if (cp === 0) return 0;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

function unsafe(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xfffd;
}

/** Display cells of text that is already escaped. */
export function textCells(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x300) {
      n++;
      continue;
    }
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    n += codePointCells(cp);
  }
  return n;
}

/** Escape `text` and cut it to `maxCells` cells; returns the text and the cells it takes. */
export function escapeProcText(text: string, maxCells: number): { text: string; cells: number } {
  let out = '';
  let cells = 0;
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) {
    const t = text.length > maxCells ? text.slice(0, Math.max(0, maxCells)) : text;
    return { text: t, cells: t.length };
  }
  for (const ch of text) {
    if (cells >= maxCells) break;
    const cp = ch.codePointAt(0)!;
    if (unsafe(cp)) {
      out += '?';
      cells++;
      continue;
    }
    const w = codePointCells(cp);
    if (w > maxCells - cells) break;
    out += ch;
    cells += w;
  }
  return { text: out, cells };
}
