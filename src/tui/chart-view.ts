import type { Role, Theme } from './theme.js';

/** Eighth blocks, empty to full: one character cell shows a value in 1/8 steps. */
const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** The same steps where only ASCII can be drawn. */
const ASCII_BLOCKS = [' ', ' ', '.', '.', ':', ':', '|', '|', '#'];

/** Which points of a series a chart of `width` columns draws, and the column of the moment shown. */
export interface ChartWindow {
  /** First and one-past-last index of the points drawn. */
  start: number;
  end: number;
  /** Column (0 = leftmost) of the moment shown; the rightmost drawn column when nothing lies after it. */
  cursor: number;
}

/**
 * The points of a series of `length` points to draw in `width` columns when `ahead` of them lie after the
 * moment shown (a replay holds samples on both sides of its sample): the moment in the middle column when
 * there is enough on both sides, else as near it as the ends allow. With nothing ahead (live) the newest
 * `width` points, the moment rightmost. Points fewer than the width are drawn right-aligned.
 */
export function chartWindow(length: number, width: number, ahead = 0): ChartWindow {
  const moment = length - 1 - Math.max(0, Math.min(ahead, length));
  if (width <= 0 || length <= 0) return { start: 0, end: 0, cursor: Math.max(0, width - 1) };
  let start = Math.max(0, moment - Math.floor(width / 2));
  const end = Math.min(length, start + width);
  if (end - start < width) start = Math.max(0, end - width);
  return { start, end, cursor: width - (end - start) + (moment - start) };
}

/**
 * A history chart: `values` (at most `width` of them, right-aligned) as columns of block characters,
 * `height` rows tall, 0 at the bottom and `max` at the top. NaN (unknown) draws nothing. `mark`, when given,
 * is the column of the moment shown among others (a replay): its empty cells draw a dim rule.
 * Returns `height` lines of exactly `width` visible characters.
 */
export function historyChart(values: readonly number[], width: number, height: number, max: number, theme: Theme, role: Role, mark?: number): string[] {
  if (width <= 0 || height <= 0) return [];
  const shown = values.slice(Math.max(0, values.length - width));
  const padLeft = width - shown.length;
  const top = max > 0 ? max : 1;
  const eighths = shown.map((v) => (Number.isFinite(v) ? Math.max(0, Math.min(height * 8, Math.round((v / top) * height * 8))) : 0));
  const blocks = theme.ascii ? ASCII_BLOCKS : BLOCKS;
  const rule = theme.ascii ? '|' : '│';
  let highest = 0;
  for (const e of eighths) if (e > highest) highest = e;
  const lines: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    let row: string;
    // A row no value reaches is blank (most rows of an idle machine's charts): no cell by cell.
    if (highest <= r * 8) row = ' '.repeat(width);
    else {
      row = ' '.repeat(padLeft);
      for (const e of eighths) {
        const here = e - r * 8;
        row += blocks[here <= 0 ? 0 : here >= 8 ? 8 : here]!;
      }
    }
    if (mark !== undefined && mark >= 0 && mark < width) {
      const cell = row[mark]!;
      const marked = cell === ' ' ? theme.paint('dim', rule) : theme.paint('selected', cell);
      lines.push(theme.paint(role, row.slice(0, mark)) + marked + theme.paint(role, row.slice(mark + 1)));
    } else lines.push(theme.paint(role, row));
  }
  return lines;
}

/** A chart with a title line: `title` then the chart in the remaining rows (`mark`: see historyChart). */
export function titledChart(
  title: string,
  values: readonly number[],
  width: number,
  height: number,
  max: number,
  theme: Theme,
  role: Role,
  mark?: number,
): string[] {
  if (height <= 0 || width <= 0) return [];
  const head = theme.paint('label', theme.esc(title.slice(0, width)));
  return [head, ...historyChart(values, width, height - 1, max, theme, role, mark)];
}

/**
 * Two series in one chart, as btop draws network traffic: `up` grows upwards from the middle line, `down`
 * downwards from it, both scaled to `max` (the larger one's peak), `mark` as in historyChart. Returns `height`
 * lines of `width` columns.
 */
export function mirroredChart(
  up: readonly number[],
  down: readonly number[],
  width: number,
  height: number,
  max: number,
  theme: Theme,
  roles: [Role, Role],
  mark?: number,
): string[] {
  if (width <= 0 || height <= 0) return [];
  const top = Math.ceil(height / 2);
  const upper = historyChart(up, width, top, max, theme, roles[0], mark);
  if (height - top <= 0) return upper;
  // The lower half is the same chart turned upside down (full cells are symmetric; partial ones come from the top).
  const lower = historyChart(down, width, height - top, max, theme, roles[1], mark).reverse();
  return [...upper, ...lower];
}
