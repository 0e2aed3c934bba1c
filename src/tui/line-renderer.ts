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

const TAG = /\{(\/|open|close|bold|underline|inverse|(\d{1,3})-(fg|bg))\}/g;

/**
 * One tagged line as terminal output exactly `width` columns wide: text past the width is cut, a short line
 * is padded with spaces in the default look, and the attributes are reset at the end. Control characters
 * (C0, DEL, C1) never reach the terminal: they show as `?` (views escape them before; this is the backstop).
 * Widths follow src/format/display-width.ts (CJK 2 columns, combining marks 0); without a UTF-8 terminal
 * every non-ASCII character shows as `?`.
 */
export function renderTaggedLine(tagged: string, width: number, depth: ColourDepth, unicode = true): string {
  let out = '';
  let col = 0;
  let at = 0;
  let styled = false;
  const text = (s: string): void => {
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (!unicode && c >= 0x80)) {
        if (col >= width) return;
        out += '?';
        col++;
        continue;
      }
      const w = codePointWidth(c);
      // A wide character that would straddle the edge is left out (the padding fills its cell).
      if (col + w > width) return;
      out += ch;
      col += w;
    }
  };
  TAG.lastIndex = 0;
  for (let m = TAG.exec(tagged); m !== null; m = TAG.exec(tagged)) {
    if (m.index > at) text(tagged.slice(at, m.index));
    at = m.index + m[0].length;
    const t = m[1]!;
    if (t === 'open') text('{');
    else if (t === 'close') text('}');
    else if (t === '/') {
      if (styled) out += '\x1b[0m';
      styled = false;
    } else {
      let code: string;
      if (t === 'bold') code = '1';
      else if (t === 'underline') code = '4';
      else if (t === 'inverse') code = '7';
      else code = colourSgr(Math.min(255, Number(m[2])), m[3] === 'bg', depth);
      if (code !== '') {
        out += `\x1b[${code}m`;
        styled = true;
      }
    }
  }
  if (at < tagged.length) text(tagged.slice(at));
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
  private shown = new Map<string, string>();
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
    const next = new Map<string, string>();
    const full = this.full;
    if (full) out += '\x1b[0m\x1b[H\x1b[2J';
    for (const a of areas) {
      if (a.width <= 0 || a.height <= 0) continue;
      const geo = `${a.key}@${a.top},${a.left},${a.width}`;
      for (let r = 0; r < a.height; r++) {
        const line = a.lines[r] ?? '';
        const id = `${geo}:${r}`;
        next.set(id, line);
        if (!full && this.shown.get(id) === line) continue;
        out += `\x1b[${a.top + r + 1};${a.left + 1}H${renderTaggedLine(line, a.width, this.depth, this.unicode)}`;
      }
    }
    // An area that moved or shrank leaves old lines behind: clear and draw everything once.
    if (!full) {
      for (const id of this.shown.keys()) {
        if (!next.has(id)) {
          this.shown = new Map();
          this.full = true;
          return this.frame(areas);
        }
      }
    }
    this.shown = next;
    this.full = false;
    return out;
  }
}
