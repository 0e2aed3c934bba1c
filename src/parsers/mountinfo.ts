import type { Mount } from '../core/filesystem.js';

/**
 * Parser for /proc/self/mountinfo (proc(5)). One line per mount:
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
 *
 * mount ID, parent ID, major:minor, root, mount point, per-mount options, zero or more optional fields
 * (shared:N, master:N, propagate_from:N, unbindable), a lone "-", filesystem type, source, per-superblock
 * options. The kernel writes space, tab, newline and backslash in root, mount point, type and source as
 * `\ooo` octal escapes; this parser decodes them, so `\040` comes back as a space.
 */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const m = parseMountinfoLine(line);
    if (m) mounts.push(m);
  }
  return mounts;
}

/** One mountinfo line, or null when it is blank or malformed (a torn read must not break the others). */
export function parseMountinfoLine(line: string): Mount | null {
  if (line.length === 0) return null;
  const f = line.split(' ');
  if (f.length < 10) return null;
  const sep = f.indexOf('-', 6);
  if (sep < 0 || f.length < sep + 4) return null;
  const id = Number(f[0]);
  const parentId = Number(f[1]);
  if (!Number.isInteger(id) || !Number.isInteger(parentId)) return null;
  return {
    id,
    parentId,
    majMin: f[2]!,
    root: decodeMountEscapes(f[3]!),
    target: decodeMountEscapes(f[4]!),
    mountOptions: f[5]!,
    optional: f.slice(6, sep).filter((s) => s.length > 0),
    fstype: decodeMountEscapes(f[sep + 1]!),
    source: decodeMountEscapes(f[sep + 2]!),
    superOptions: f.slice(sep + 3).join(' '),
  };
}

/**
 * Decode the `\ooo` octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash). They are
 * bytes: an escaped multi-byte character (`\303\251`, as fstab and crafted tables may spell é) is decoded
 * as UTF-8, as libmount hands the bytes on.
 */
export function decodeMountEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  let latin1 = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 3 < s.length && /^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
      const b = parseInt(s.slice(i + 1, i + 4), 8) & 0xff;
      bytes.push(b);
      latin1 += String.fromCharCode(b);
      i += 3;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      for (const b of encoder.encode(ch)) bytes.push(b);
      latin1 += ch;
      i += ch.length - 1;
    }
  }
  try {
    return decoder.decode(new Uint8Array(bytes));
  } catch {
    // Not UTF-8: each escaped byte stays one character.
    return latin1;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Split "major:minor" into numbers; [NaN, NaN] when malformed. */
export function splitMajMin(majMin: string): [number, number] {
  const i = majMin.indexOf(':');
  if (i < 0) return [NaN, NaN];
  return [Number(majMin.slice(0, i)), Number(majMin.slice(i + 1))];
}
