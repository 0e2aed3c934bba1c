import type { Role, Theme } from './theme.js';

/** Eighth blocks, empty to full: one character cell shows a value in 1/8 steps. */
const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** The same steps where only ASCII can be drawn. */
const ASCII_BLOCKS = [' ', ' ', '.', '.', ':', ':', '|', '|', '#'];

/**
 * A history chart: the newest `width` values as columns of block characters, `height` rows tall, 0 at the
 * bottom and `max` at the top; the newest value is the rightmost column. NaN (unknown) draws nothing.
 * Returns `height` lines of exactly `width` visible characters.
 */
export function historyChart(values: readonly number[], width: number, height: number, max: number, theme: Theme, role: Role): string[] {
  if (width <= 0 || height <= 0) return [];
  const shown = values.slice(Math.max(0, values.length - width));
  const padLeft = width - shown.length;
  const top = max > 0 ? max : 1;
  const eighths = shown.map((v) => (Number.isFinite(v) ? Math.max(0, Math.min(height * 8, Math.round((v / top) * height * 8))) : 0));
  const blocks = theme.ascii ? ASCII_BLOCKS : BLOCKS;
  const lines: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    let row = ' '.repeat(padLeft);
    for (const e of eighths) {
      const here = e - r * 8;
      row += blocks[here <= 0 ? 0 : here >= 8 ? 8 : here]!;
    }
    lines.push(theme.paint(role, row));
  }
  return lines;
}

/** A chart with a title line: `title` then the chart in the remaining rows. */
export function titledChart(
  title: string,
  values: readonly number[],
  width: number,
  height: number,
  max: number,
  theme: Theme,
  role: Role,
): string[] {
  if (height <= 0 || width <= 0) return [];
  const head = theme.paint('label', theme.esc(title.slice(0, width)));
  return [head, ...historyChart(values, width, height - 1, max, theme, role)];
}

/**
 * Two series in one chart, as btop draws network traffic: `up` grows upwards from the middle line, `down`
 * downwards from it, both scaled to `max` (the larger one's peak). Returns `height` lines of `width` columns.
 */
export function mirroredChart(
  up: readonly number[],
  down: readonly number[],
  width: number,
  height: number,
  max: number,
  theme: Theme,
  roles: [Role, Role],
): string[] {
  if (width <= 0 || height <= 0) return [];
  const top = Math.ceil(height / 2);
  const upper = historyChart(up, width, top, max, theme, roles[0]);
  if (height - top <= 0) return upper;
  // The lower half is the same chart turned upside down (full cells are symmetric; partial ones come from the top).
  const lower = historyChart(down, width, height - top, max, theme, roles[1]).reverse();
  return [...upper, ...lower];
}
