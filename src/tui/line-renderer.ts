import { codePointWidth } from '../format/display-width.js';

/**
 * sysmon's own drawing of tagged lines, instead of blessed's content parser and cell buffer. A CPU profile of
 * the dashboard spent most of its non-reading time in blessed's `parseContent`, `_parseTags`, `Element.render`
 * and `attrCode` on every tick, for lines that had not changed (docs/performance.md has the figures). Here a
 * screen line that did not change costs one string comparison; a changed one is turned into SGR once.
 *
 * The tags are the small set the themes write (theme.ts): `{bold}` `{underline}` `{inverse}` `{N-fg}` `{N-bg}`
 * (palette indices 0-255), `{/}` (reset), and `{open}` `{close}` for literal braces.
 */

/** How a terminal shows colours: 256 palette entries, 16, 8, or none. */
export type ColourDepth = 256 | 16 | 8 | 0;

/** xterm's 256-colour palette as RGB (16 system colours, the 6x6x6 cube, the grey ramp). */
function paletteRgb(n: number): [number, number, number] {
  if (n < 16) {
    const base: [number, number, number][] = [
      [0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205], [229, 229, 229],
      [127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255], [255, 0, 255], [0, 255, 255], [255, 255, 255],
    ];
    return base[n]!;
  }
  if (n < 232) {
    const i = n - 16;
    const step = (v: number): number => (v === 0 ? 0 : 55 + v * 40);
    return [step(Math.floor(i / 36)), step(Math.floor(i / 6) % 6), step(i % 6)];
  }
  const g = 8 + (n - 232) * 10;
  return [g, g, g];
}

/** The nearest of the first `count` palette colours (16 or 8) to palette colour `n`. */
export function reduceColour(n: number, count: 16 | 8): number {
  if (n < count) return n;
  if (n < 16) return n - 8;
  const [r, g, b] = paletteRgb(n);
  let best = 0;
  let dist = Infinity;
  for (let i = 0; i < count; i++) {
    const [r2, g2, b2] = paletteRgb(i);
    const d = (r - r2) ** 2 + (g - g2) ** 2 + (b - b2) ** 2;
    if (d < dist) {
      dist = d;
      best = i;
    }
  }
  return best;
}

function colourSgr(n: number, bg: boolean, depth: ColourDepth): string {
  if (depth === 0) return '';
  if (depth === 256) return `${bg ? 48 : 38};5;${n}`;
  const c = reduceColour(n, depth);
  return c < 8 ? String((bg ? 40 : 30) + c) : String((bg ? 100 : 90) + c - 8);
}

/** `ESC [ code m` of palette colour n as foreground (0-255) or background (256-511), per depth, made once. */
const SGR_CACHE = new Map<ColourDepth, string[]>();
function colourCode(n: number, bg: boolean, depth: ColourDepth): string {
  let cache = SGR_CACHE.get(depth);
  if (cache === undefined) SGR_CACHE.set(depth, (cache = []));
  const i = bg ? n + 256 : n;
  let code = cache[i];
  if (code === undefined) {
    const c = colourSgr(n, bg, depth);
    cache[i] = code = c === '' ? '' : `\x1b[${c}m`;
  }
  return code;
}

/** Widths of the non-ASCII code points met so far (chart blocks, box drawing, names): codePointWidth is a search. */
const WIDTHS = new Map<number, number>();
function widthOf(cp: number): number {
  let w = WIDTHS.get(cp);
  if (w === undefined) {
    w = codePointWidth(cp);
    if (WIDTHS.size >= 4096) WIDTHS.clear();
    WIDTHS.set(cp, w);
  }
  return w;
}

/** Printable ASCII from `lastIndex` on (sticky): one column a character. */
const PRINTABLE_RUN = /[\x20-\x7e]*/y;

/** What {@link tagAt} found, in the low 12 bits of its answer (the tag's length is above them). */
const T_RESET = 0;
const T_OPEN = 1;
const T_CLOSE = 2;
const T_BOLD = 3;
const T_UNDERLINE = 4;
const T_INVERSE = 5;
/** 0x100 + N: `{N-fg}`; 0x200 + N: `{N-bg}`. */
const T_FG = 0x100;
const T_BG = 0x200;

/**
 * The tag at `at` (a `{`) of `s` as `length << 12 | what`, or -1 when the brace starts no tag (it is then
 * text). Tags: `{/}` `{open}` `{close}` `{bold}` `{underline}` `{inverse}` `{N-fg}` `{N-bg}` (N 1-3 digits,
 * at most 255). A number, not an object or a RegExp match: this runs for every tag of every changed line.
 */
function tagAt(s: string, at: number): number {
  const end = s.indexOf('}', at + 1);
  if (end < 0 || end - at > 10) return -1;
  const len = (end - at + 1) << 12;
  const c = s.charCodeAt(at + 1);
  const bodyLength = end - at - 1;
  if (c === 0x2f) return bodyLength === 1 ? len | T_RESET : -1; // '/'
  if (c > 0x39) {
    // a word tag
    const body = s.slice(at + 1, end);
    if (body === 'bold') return len | T_BOLD;
    if (body === 'open') return len | T_OPEN;
    if (body === 'close') return len | T_CLOSE;
    if (body === 'inverse') return len | T_INVERSE;
    if (body === 'underline') return len | T_UNDERLINE;
    return -1;
  }
  // N-fg / N-bg
  const digits = bodyLength - 3;
  if (digits < 1 || digits > 3 || s.charCodeAt(at + 1 + digits) !== 0x2d) return -1;
  const f = s.charCodeAt(end - 2);
  if (s.charCodeAt(end - 1) !== 0x67 || (f !== 0x66 && f !== 0x62)) return -1; // 'fg' / 'bg'
  let n = 0;
  for (let i = at + 1; i < at + 1 + digits; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return len | (f === 0x66 ? T_FG : T_BG) | Math.min(255, n);
}

/**
 * One tagged line as terminal output exactly `width` columns wide: text past the width is cut, a short line
 * is padded with spaces in the default look, and the attributes are reset at the end. Control characters
 * (C0, DEL, C1) never reach the terminal: they show as `?` (views escape them before; this is the backstop).
 * Widths follow src/format/display-width.ts (CJK 2 columns, combining marks 0); without a UTF-8 terminal
 * every non-ASCII character shows as `?`.
 *
 * Copies runs of printable ASCII with one slice and walks the rest by UTF-16 code unit: the dashboard
 * renders every changed line of every tick through here, and a character-by-character string iterator was
 * the largest allocation of an idle tick (one string per character).
 */
export function renderTaggedLine(tagged: string, width: number, depth: ColourDepth, unicode = true): string {
  let out = '';
  let col = 0;
  let styled = false;
  // Text of tagged[from, to): each segment between tags is cut on its own, as a run of characters stops at
  // the first that does not fit (a later, narrower segment may still fit after it).
  const text = (from: number, to: number): void => {
    let i = from;
    // Start of the characters passed on as they are but not yet copied to `out`.
    let run = from;
    while (i < to) {
      const c = tagged.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f) {
        // A run of printable ASCII (most of every line) is found by the RegExp engine and copied whole.
        if (i > run) out += tagged.slice(run, i);
        PRINTABLE_RUN.lastIndex = i;
        PRINTABLE_RUN.test(tagged);
        const end = Math.min(PRINTABLE_RUN.lastIndex, to);
        const take = Math.min(end - i, width - col);
        if (take > 0) {
          out += tagged.slice(i, i + take);
          col += take;
        }
        if (take < end - i) return;
        i = run = end;
        continue;
      }
      let cp = c;
      let len = 1;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
        const d = tagged.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          len = 2;
        }
      }
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (!unicode && cp >= 0x80)) {
        if (i > run) out += tagged.slice(run, i);
        if (col >= width) return;
        out += '?';
        col++;
        i = run = i + len;
        continue;
      }
      const w = widthOf(cp);
      // A wide character that would straddle the edge is left out (the padding fills its cell).
      if (col + w > width) break;
      col += w;
      i += len;
    }
    if (i > run) out += tagged.slice(run, i);
  };
  let at = 0;
  let scan = 0;
  const n = tagged.length;
  while (scan < n) {
    const brace = tagged.indexOf('{', scan);
    if (brace < 0) break;
    const tag = tagAt(tagged, brace);
    if (tag < 0) {
      scan = brace + 1;
      continue;
    }
    if (brace > at) text(at, brace);
    at = scan = brace + (tag >> 12);
    const what = tag & 0xfff;
    if (what === T_OPEN || what === T_CLOSE) {
      // A literal brace: one column.
      if (col + 1 <= width) {
        out += what === T_OPEN ? '{' : '}';
        col++;
      }
    } else if (what === T_RESET) {
      if (styled) out += '\x1b[0m';
      styled = false;
    } else {
      const code =
        what === T_BOLD ? '\x1b[1m' : what === T_UNDERLINE ? '\x1b[4m' : what === T_INVERSE ? '\x1b[7m' : colourCode(what & 0xff, what >= T_BG, depth);
      if (code !== '') {
        out += code;
        styled = true;
      }
    }
  }
  if (at < n) text(at, n);
  if (styled) out += '\x1b[0m';
  if (col < width) out += ' '.repeat(width - col);
  return out;
}

/** A rectangle of the screen with its lines. */
export interface DrawArea {
  key: string;
  top: number;
  left: number;
  width: number;
  height: number;
  /** Tagged lines, top first; missing lines are blank. */
  lines: readonly string[];
}

/**
 * What the terminal shows, line by line, so a frame sends only the lines that changed. `frame()` returns
 * the bytes to write (empty when nothing changed); `invalidate()` forgets everything (resize, Ctrl-L, an
 * overlay that closed), and the next frame clears the screen and draws it all.
 */
export class LineDiff {
  /** Per area (key and place): the lines it was given and the `height` lines it shows (never changed in place). */
  private shown = new Map<string, { given: readonly string[]; lines: readonly string[] }>();
  private full = true;

  constructor(
    private readonly depth: ColourDepth,
    private readonly unicode = true,
  ) {}

  invalidate(): void {
    this.full = true;
  }

  frame(areas: readonly DrawArea[]): string {
    let out = '';
    const next = new Map<string, { given: readonly string[]; lines: readonly string[] }>();
    const full = this.full;
    if (full) out += '\x1b[0m\x1b[H\x1b[2J';
    for (const a of areas) {
      if (a.width <= 0 || a.height <= 0) continue;
      const geo = `${a.key}@${a.top},${a.left},${a.width}`;
      const before = full ? undefined : this.shown.get(geo);
      // An area that shrank leaves old lines behind: clear and draw everything once.
      if (before !== undefined && before.lines.length > a.height) return this.redrawAll(areas);
      // The same lines as the last frame (a panel whose text did not change): nothing to compare.
      if (before !== undefined && before.given === a.lines && before.lines.length === a.height) {
        next.set(geo, before);
        continue;
      }
      const lines = a.lines.length === a.height ? a.lines : Array.from({ length: a.height }, (_, r) => a.lines[r] ?? '');
      next.set(geo, { given: a.lines, lines });
      for (let r = 0; r < a.height; r++) {
        const line = lines[r]!;
        if (before !== undefined && before.lines[r] === line) continue;
        out += `\x1b[${a.top + r + 1};${a.left + 1}H${renderTaggedLine(line, a.width, this.depth, this.unicode)}`;
      }
    }
    // An area that moved or went away leaves old lines behind: clear and draw everything once.
    if (!full) {
      for (const geo of this.shown.keys()) if (!next.has(geo)) return this.redrawAll(areas);
    }
    this.shown = next;
    this.full = false;
    return out;
  }

  private redrawAll(areas: readonly DrawArea[]): string {
    this.shown = new Map();
    this.full = true;
    return this.frame(areas);
  }
}
