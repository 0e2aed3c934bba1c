import { UsageError } from './errors.js';

/**
 * How df/du print sizes: in blocks of a fixed size (`-k`, `-m`, `-B SIZE`: rounded up, as coreutils does),
 * or human-readable (`-h` powers of 1024, `-H` powers of 1000, rounded up to one decimal below 10).
 */
export type SizeStyle =
  | {
      kind: 'blocks';
      blockSize: number;
      /** Unit printed after every number when SIZE was a unit alone (`-BK` prints `12334492K`), as coreutils. */
      suffix?: string;
    }
  | { kind: 'human'; base: 1024 | 1000 };

/** coreutils' default: 1K blocks. */
export const KIB_BLOCKS: SizeStyle = { kind: 'blocks', blockSize: 1024 };

const LETTERS = 'KMGTPEZY';

/**
 * gnulib human_readable() with human_autoscale and the ceiling rounding df and du use: `4.0K`, `252G`, `1.1M`.
 * `amount` is a whole number (bytes, or inodes); values below the base print as they are.
 */
export function humanCeil(amount: number, base: 1024 | 1000): string {
  let amt = Math.max(0, Math.floor(amount));
  let exponent = 0;
  let tenths = 0;
  let rounding = 0;
  let frac = '';
  if (base <= amt) {
    do {
      const r10 = (amt % base) * 10 + tenths;
      const r2 = (r10 % base) * 2 + (rounding >> 1);
      amt = Math.floor(amt / base);
      tenths = Math.floor(r10 / base);
      rounding = r2 < base ? (r2 + rounding !== 0 ? 1 : 0) : 2 + (base < r2 + rounding ? 1 : 0);
      exponent++;
    } while (base <= amt && exponent < LETTERS.length);
    if (amt < 10) {
      if (rounding > 0) {
        tenths++;
        rounding = 0;
        if (tenths === 10) {
          amt++;
          tenths = 0;
        }
      }
      if (amt < 10) {
        frac = `.${tenths}`;
        tenths = 0;
        rounding = 0;
      }
    }
  }
  if (tenths + rounding > 0) {
    amt++;
    if (amt === base && exponent < LETTERS.length) {
      exponent++;
      frac = '.0';
      amt = 1;
    }
  }
  const suffix = exponent === 0 ? '' : base === 1000 && exponent === 1 ? 'k' : LETTERS[exponent - 1]!;
  return `${amt}${frac}${suffix}`;
}

/** A size in bytes as df/du print it in a style: blocks rounded up, or human-readable. */
export function formatSize(bytes: number, style: SizeStyle): string {
  if (style.kind === 'human') return humanCeil(bytes, style.base);
  return String(Math.ceil(bytes / style.blockSize)) + (style.suffix ?? '');
}

/**
 * Parse a coreutils SIZE argument (`-B 1K`, `--block-size=MB`, `4096`): an optional number then an optional
 * unit K M G T P E Z Y, with `B` for powers of 1000 (`KB`) and `iB` for powers of 1024 (`KiB`);
 * `human-readable` and `si` ask for -h and -H. Zero, garbage and overflow are usage errors.
 */
export function parseSizeSpec(spec: string, what = '-B'): SizeStyle {
  if (spec === 'human-readable') return { kind: 'human', base: 1024 };
  if (spec === 'si') return { kind: 'human', base: 1000 };
  const m = /^'?(\d*)([KMGTPEZYkmgtpezy]?)(iB|B)?$/.exec(spec);
  const bad = (): UsageError => new UsageError(`invalid ${what} argument '${spec}'`);
  if (!m || spec.replace(/^'/, '') === '') throw bad();
  const [, digits, unit, b] = m;
  if (!unit && b) throw bad();
  const n = digits === '' ? 1 : Number(digits);
  const power = unit ? LETTERS.indexOf(unit.toUpperCase()) + 1 : 0;
  const base = b === 'B' ? 1000 : 1024;
  const size = n * base ** power;
  if (!Number.isSafeInteger(size) || size <= 0) throw bad();
  if (digits === '' && unit) {
    // A unit alone: every number carries it (gnulib humblock sets human_SI).
    const letter = base === 1000 && unit.toUpperCase() === 'K' ? 'k' : unit.toUpperCase();
    return { kind: 'blocks', blockSize: size, suffix: letter + (b ?? '') };
  }
  return { kind: 'blocks', blockSize: size };
}

/** gnulib's label for a block size in df/du headers: 1024 -> `1K`, 1000 -> `1kB`, 512 -> `512B`, 1536 -> `1.6kB`. */
export function blockSizeLabel(blockSize: number, suffix?: string): string {
  let q1000 = blockSize;
  let q1024 = blockSize;
  let by1000: boolean;
  let by1024: boolean;
  do {
    by1000 = q1000 % 1000 === 0;
    q1000 = Math.floor(q1000 / 1000);
    by1024 = q1024 % 1024 === 0;
    q1024 = Math.floor(q1024 / 1024);
  } while (by1000 && by1024);
  const base: 1024 | 1000 = by1024 && !by1000 ? 1024 : 1000;
  const text = humanCeil(blockSize, base).replace(/\.0(?=[A-Za-z]*$)/, '');
  if (base === 1000) return `${text}B`;
  // A unit alone spelled with iB (-BKiB) keeps it in the header, as gnulib's human_B does.
  return suffix?.endsWith('iB') ? `${text}iB` : text;
}

/**
 * util-linux size_to_human_string() as lsblk and findmnt print sizes: powers of 1024 with a one-letter
 * suffix, one decimal rounded half up, trailing `.0` dropped (`256G`, `11.8G`, `4K`, `0B`).
 */
export function utilLinuxSize(bytes: number): string {
  const n = Math.max(0, Math.floor(bytes));
  let exp = 0;
  while (exp < 60 && n >= 2 ** (exp + 10)) exp += 10;
  const letter = 'BKMGTPE'[exp / 10]!;
  let dec = exp ? Math.floor(n / 2 ** exp) : n;
  let frac = exp ? n % 2 ** exp : 0;
  if (frac) {
    frac = Math.floor((frac * 1000) / 2 ** exp);
    frac = Math.floor((frac + 50) / 100) * 10;
    if (frac === 100) {
      dec++;
      frac = 0;
    }
  }
  if (frac) {
    let s = `${dec}.${String(frac).padStart(2, '0')}`;
    if (s.endsWith('0')) s = s.slice(0, -1);
    return `${s}${letter}`;
  }
  return `${dec}${letter}`;
}
