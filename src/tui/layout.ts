/**
 * Where each panel goes for a terminal size. Pure, so the small-size behaviour is unit-tested: from 80x24 up
 * everything shows; below that the charts go first, then the per-CPU bars, then the second header line, and
 * at 40x12 one CPU line, one memory line, the table and the status line remain.
 */

/** A rectangle in character cells. */
export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Panels of the main screen; null when it does not fit. */
export interface Layout {
  header: Rect | null;
  cpu: Rect | null;
  memory: Rect | null;
  /** The CPU and memory history panels when they are placed (the first of `panels`). */
  cpuChart: Rect | null;
  memoryChart: Rect | null;
  /** Every placed panel (charts, network, disk, filesystems, pressure), in order, rows left to right. */
  panels: { id: string; rect: Rect }[];
  /** Process table, or the filesystem / mount view. */
  main: Rect;
  status: Rect;
}

export interface LayoutInput {
  width: number;
  height: number;
  cpuCount: number;
  /** One bar per CPU (`1`). */
  perCpu: boolean;
  /** Panels to place between the meters and the table, in order (default: CPU and memory history). */
  panels?: readonly string[];
}

/** Lines the CPU meter wants: a total line, plus one per CPU when `perCpu` (packed into columns later). */
export function cpuMeterLines(cpuCount: number, perCpu: boolean): number {
  return perCpu && cpuCount > 1 ? cpuCount + 1 : 1;
}

/** Lay out the dashboard. Never throws; degenerate sizes give zero-sized panels. */
export function layout({ width, height, cpuCount, perCpu, panels = ['cpu', 'memory'] }: LayoutInput): Layout {
  const W = Math.max(0, Math.floor(width));
  const H = Math.max(0, Math.floor(height));
  let row = 0;
  const status: Rect = { top: Math.max(0, H - 1), left: 0, width: W, height: H > 0 ? 1 : 0 };
  const usable = Math.max(0, H - 1);

  const headerH = usable >= 20 ? 2 : usable >= 6 ? 1 : 0;
  const header = headerH > 0 ? { top: row, left: 0, width: W, height: headerH } : null;
  row += headerH;

  // Meters: side by side from 60 columns, else stacked one line each.
  const side = W >= 60;
  const roomy = usable >= 20;
  let meterH: number;
  if (usable < 8) meterH = 0;
  else if (!roomy) meterH = side ? 1 : 2;
  else {
    // At most a third of the screen for per-CPU bars; the CPU view packs the rest into columns.
    const wanted = Math.max(cpuMeterLines(cpuCount, perCpu), 4);
    meterH = Math.min(wanted, Math.max(4, Math.floor(usable / 3)));
  }
  let cpu: Rect | null = null;
  let memory: Rect | null = null;
  if (meterH > 0) {
    if (side) {
      const half = Math.floor(W / 2);
      cpu = { top: row, left: 0, width: half, height: meterH };
      memory = { top: row, left: half + 1, width: Math.max(0, W - half - 1), height: meterH };
    } else {
      cpu = { top: row, left: 0, width: W, height: 1 };
      memory = { top: row + 1, left: 0, width: W, height: Math.max(1, meterH - 1) };
    }
    row += meterH;
  }

  // Panels in rows (1 to 3 a row by width), each row 4 to 8 lines, only where the table keeps a header and
  // ten rows, and at least 40% of what is left: later panels are dropped first.
  const placed: { id: string; rect: Rect }[] = [];
  const left = usable - row;
  const perRow = W >= 180 ? 3 : W >= 60 ? 2 : 1;
  const space = left - Math.max(11, Math.floor(left * 0.4));
  let list = [...panels];
  let rows = Math.ceil(list.length / perRow);
  let rowH = rows > 0 ? Math.min(8, Math.floor(space / rows)) : 0;
  while (rows > 0 && rowH < 4) {
    rows--;
    list = list.slice(0, rows * perRow);
    rowH = rows > 0 ? Math.min(8, Math.floor(space / rows)) : 0;
  }
  for (let r = 0; r < rows; r++) {
    const ids = list.slice(r * perRow, (r + 1) * perRow);
    const w = Math.floor((W - (ids.length - 1)) / ids.length);
    ids.forEach((id, i) => {
      const leftAt = i * (w + 1);
      placed.push({ id, rect: { top: row, left: leftAt, width: i === ids.length - 1 ? W - leftAt : w, height: rowH } });
    });
    row += rowH;
  }
  const cpuChart = placed.find((p) => p.id === 'cpu')?.rect ?? null;
  const memoryChart = placed.find((p) => p.id === 'memory')?.rect ?? null;
  const main: Rect = { top: row, left: 0, width: W, height: Math.max(0, usable - row) };
  return { header, cpu, memory, cpuChart, memoryChart, panels: placed, main, status };
}
