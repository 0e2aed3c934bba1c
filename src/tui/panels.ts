import { formatCpus } from '../core/container.js';
import type { FsUsage } from '../core/filesystem.js';
import type { PressureLine, ResourcePressure } from '../core/pressure.js';
import { gpuLines } from './system-view.js';
import type { Snapshot } from '../core/snapshot.js';
import { usePercent } from '../fields/fs-fields.js';
import { cutToWidth } from '../format/display-width.js';
import { escapeForTui } from '../format/escape.js';
import { pad } from '../format/table.js';
import { chartWindow, mirroredChart, titledChart } from './chart-view.js';
import type { SeriesKey } from '../store/metrics-store.js';
import type { History } from './moment.js';
import { humanBytes } from './summary-view.js';
import type { Role, Theme } from './theme.js';
import type { GpuSample } from '../core/gpu.js';

/**
 * The panels between the meters and the process table, btop- and glances-style: CPU and memory history,
 * network and disk traffic with history, the fullest filesystems, load and pressure. Each is a pure render of
 * the moment into `height` tagged lines. Which are shown, and in what order, is `ViewState.panels` (config
 * `panels`, keys 2-7 toggle, 0 rotates); the keys come from this list.
 */

/** What a panel's render gets. */
export interface PanelInput {
  snapshot: Snapshot;
  history: History;
  width: number;
  height: number;
  theme: Theme;
  /** Seconds between ticks (the charts' time axis). */
  delay: number;
}

/** One panel of the main screen. */
export interface ScreenPanel {
  id: string;
  /** The key that shows / hides it (one typed character). */
  key: string;
  description: string;
  render(input: PanelInput): string[];
}

function rateText(bytesPerSecond: number): string {
  return Number.isFinite(bytesPerSecond) ? `${humanBytes(bytesPerSecond)}/s` : '-';
}

/** Largest finite value, at least `floor`. */
function peak(values: readonly number[], floor: number): number {
  let m = floor;
  for (const v of values) if (Number.isFinite(v) && v > m) m = v;
  return m;
}

/** A chart with a title line and, when wide enough, a list of devices on the right. */
function withSide(chart: string[], side: string[], width: number, sideWidth: number, theme: Theme): string[] {
  if (side.length === 0 || width < sideWidth + 20) return chart;
  return chart.map((line, i) => `${line} ${theme.esc(pad((side[i] ?? '').slice(0, sideWidth - 1), sideWidth - 1, 'left'))}`);
}

/** Traffic of two directions: title with both rates at the moment shown (the legend), mirrored chart, the max on the axis line. */
function trafficPanel(
  input: PanelInput,
  name: string,
  keys: [string, string],
  series: [SeriesKey, SeriesKey],
  roles: [Role, Role],
  devices: string[],
): string[] {
  const { history, width, height, theme } = input;
  const sideWidth = 26;
  const hasSide = devices.length > 0 && width >= sideWidth + 20;
  const cw = hasSide ? width - sideWidth : width;
  const a = chartPoints(history, series[0], cw);
  const b = chartPoints(history, series[1], cw);
  const max = peak([...a.v, ...b.v], 1024);
  const legend =
    `${theme.paint('label', theme.esc(name))} ${theme.paint(roles[0], theme.esc(`${keys[0]} ${rateText(a.now)}`))}` +
    ` ${theme.paint(roles[1], theme.esc(`${keys[1]} ${rateText(b.now)}`))}` +
    theme.paint('dim', theme.esc(`  max ${rateText(max)}`));
  const chart = mirroredChart(a.v, b.v, cw, height - 1, max, theme, roles, a.mark);
  return [legend, ...withSide(chart, devices, width, sideWidth, theme)];
}

/** The points a history chart draws, the value at the moment shown, and its column when others follow it. */
function chartPoints(history: PanelInput['history'], key: SeriesKey, width: number): { v: number[]; now: number; mark?: number } {
  const series = history.series(key);
  const ahead = history.ahead ?? 0;
  if (ahead <= 0) {
    // Live: the newest points only (the store's ring holds far more than a chart is wide).
    const v = series.toArray(Math.min(series.length, width));
    return { v, now: v.length > 0 ? v[v.length - 1]! : NaN };
  }
  const all = series.toArray();
  const w = chartWindow(all.length, width, ahead);
  const v = all.slice(w.start, w.end);
  const now = all.length > 0 ? all[all.length - 1 - Math.min(ahead, all.length - 1)]! : NaN;
  return { v, now, mark: w.cursor };
}

const cpuChart: ScreenPanel = {
  id: 'cpu',
  key: '2',
  description: 'CPU history',
  render: ({ snapshot, history, width, height, theme, delay }) => {
    const { v, now, mark } = chartPoints(history, 'cpu', width);
    // Inside a limited cgroup the series is the cgroup's share of its limit (MetricsStore), and says so.
    const of = snapshot.containerCpu ? ` of ${formatCpus(snapshot.containerCpu.limit)}` : '';
    const title = `CPU history ${Number.isFinite(now) ? now.toFixed(1) + '%' + of : ''} (${Math.round(v.length * delay)} s)`;
    return titledChart(title, v, width, height, 100, theme, 'chartCpu', mark);
  },
};

const memoryChart: ScreenPanel = {
  id: 'memory',
  key: '3',
  description: 'memory history',
  render: ({ snapshot, history, width, height, theme }) => {
    const { v, now, mark } = chartPoints(history, 'mem.used', width);
    const total = snapshot.mem.MemTotal ?? 0;
    const title = `Memory used ${total > 0 && Number.isFinite(now) ? ((now * 100) / total).toFixed(1) + '%' : ''}`;
    return titledChart(title, v, width, height, total, theme, 'chartMem', mark);
  },
};

const networkPanel: ScreenPanel = {
  id: 'network',
  key: '4',
  description: 'network receive / transmit history, per interface',
  render: (input) => {
    const rates = input.history.ioRates?.() ?? null;
    const devices = (rates?.network ?? [])
      .filter((n) => n.device !== 'lo')
      .sort((x, y) => y.rx + y.tx - (x.rx + x.tx) || x.device.localeCompare(y.device))
      .map((n) => `${escapeForTui(n.device).slice(0, 8).padEnd(8)} ${rateText(n.rx).padStart(7)} ${rateText(n.tx).padStart(7)}`);
    return trafficPanel(input, 'Network', ['rx', 'tx'], ['net.rx', 'net.tx'], ['chartRx', 'chartTx'], devices);
  },
};

const diskPanel: ScreenPanel = {
  id: 'disk',
  key: '5',
  description: 'disk read / write history, per device',
  render: (input) => {
    const rates = input.history.ioRates?.() ?? null;
    const devices = (rates?.disks ?? [])
      .filter((d) => !/^(loop|ram|zram)\d/.test(d.device))
      .sort((x, y) => y.read + y.write - (x.read + x.write) || x.device.localeCompare(y.device))
      .map((d) => `${escapeForTui(d.device).slice(0, 8).padEnd(8)} ${rateText(d.read).padStart(7)} ${rateText(d.write).padStart(7)}`);
    return trafficPanel(input, 'Disk', ['read', 'write'], ['disk.read', 'disk.write'], ['chartRead', 'chartWrite'], devices);
  },
};

/** Filesystems with the highest Use% first (df's rounding), pseudo and empty ones left out. */
export function fullestFilesystems(list: readonly FsUsage[]): { fs: FsUsage; pct: number }[] {
  const out: { fs: FsUsage; pct: number }[] = [];
  const seen = new Set<string>();
  for (const fs of list) {
    if (fs.stale || fs.size <= 0) continue;
    const pct = usePercent(fs);
    // The same filesystem mounted twice (bind mounts) shows once.
    const id = `${fs.mount.majMin} ${fs.mount.root}`;
    if (pct === null || seen.has(id)) continue;
    seen.add(id);
    out.push({ fs, pct });
  }
  return out.sort((a, b) => b.pct - a.pct || a.fs.mount.target.localeCompare(b.fs.mount.target));
}

/**
 * The filesystems panel's last lines: the dashboard statfs()es the mounts every 10 s and hands each tick the
 * same list in between, so the list is sorted and formatted again only when it is a new one.
 */
let filesystemsLast: { list: readonly FsUsage[]; width: number; height: number; theme: Theme; lines: string[] } | null = null;

const filesystemsPanel: ScreenPanel = {
  id: 'filesystems',
  key: '6',
  description: 'fullest filesystems',
  render: ({ snapshot, width, height, theme }) => {
    const list = snapshot.filesystems;
    const last = filesystemsLast;
    if (list !== undefined && last !== null && last.list === list && last.width === width && last.height === height && last.theme === theme) {
      return last.lines;
    }
    const lines = filesystemLines(list, width, height, theme);
    if (list !== undefined) filesystemsLast = { list, width, height, theme, lines };
    return lines;
  },
};

function filesystemLines(list: readonly FsUsage[] | undefined, width: number, height: number, theme: Theme): string[] {
  const head = theme.paint('label', theme.esc('Filesystems, fullest first'.slice(0, width)));
  if (list === undefined) return [head, theme.paint('dim', 'reading...')];
  const rows = fullestFilesystems(list).slice(0, Math.max(0, height - 1));
  const barW = Math.max(0, Math.min(20, width - 34));
  return [
    head,
    ...rows.map(({ fs, pct }) => {
      const filled = Math.round((pct / 100) * barW);
      const role: Role = pct >= 90 ? 'error' : pct >= 75 ? 'warn' : 'memUsed';
      const bar = barW > 0 ? `${theme.paint(role, theme.barChar('memUsed').repeat(filled))}${' '.repeat(barW - filled)} ` : '';
      const size = `${humanBytes(fs.size - fs.free)}/${humanBytes(fs.size)}`;
      const text = `${String(pct).padStart(3)}% ${size.padEnd(13)} ${escapeForTui(fs.mount.target)}`;
      return `${bar}${theme.esc(cutToWidth(text, Math.max(0, width - (barW > 0 ? barW + 1 : 0))))}`;
    }),
  ];
}

function psiText(p: PressureLine | undefined): string {
  return p === undefined ? '     -      -      -' : [p.avg10, p.avg60, p.avg300].map((x) => x.toFixed(2).padStart(6)).join(' ');
}

const pressurePanel: ScreenPanel = {
  id: 'pressure',
  key: '7',
  description: 'load average and pressure stall information (PSI)',
  render: ({ snapshot, width, theme }) => {
    const l = snapshot.load;
    const lines = [
      theme.paint('label', theme.esc(`Load ${l.one.toFixed(2)} ${l.five.toFixed(2)} ${l.fifteen.toFixed(2)}  ${l.running}/${l.total} runnable`.slice(0, width))),
    ];
    const p = snapshot.pressure;
    if (!p) {
      // The portable backend has no source for PSI, whatever the kernel has: say which of the two it is.
      const why = snapshot.portable ? 'no pressure stall information on the portable backend' : 'no pressure stall information (kernel without PSI)';
      lines.push(theme.paint('dim', theme.esc(why.slice(0, width))));
      return lines;
    }
    lines.push(theme.paint('dim', theme.esc('PSI %      avg10  avg60 avg300'.slice(0, width))));
    const row = (name: string, r: ResourcePressure | null, which: 'some' | 'full'): void => {
      if (!r) return;
      const v = which === 'some' ? r.some : r.full ?? undefined;
      if (which === 'full' && !v) return;
      const text = `${`${name} ${which}`.padEnd(10)}${psiText(v)}`;
      const hot = (v?.avg10 ?? 0) >= 10;
      lines.push(hot ? theme.paint('warn', theme.esc(text.slice(0, width))) : theme.esc(text.slice(0, width)));
    };
    row('cpu', p.cpu, 'some');
    row('mem', p.memory, 'some');
    row('mem', p.memory, 'full');
    row('io', p.io, 'some');
    row('io', p.io, 'full');
    return lines;
  },
};

/**
 * The GPU panel's last lines: the collector hands out the same list while no figure moved, so a still GPU is
 * not formatted again every tick (part of the panel's 0.2 ms a tick budget, docs/performance.md).
 */
let gpuPanelLast: { gpus: readonly GpuSample[]; width: number; theme: Theme; lines: string[] } | null = null;

/** GPUs, one line each; on screen by default only when the machine has one. */
const gpuPanel: ScreenPanel = {
  id: 'gpu',
  key: '8',
  description: 'GPUs: busy %, memory, temperature, power, clock',
  render: ({ snapshot, width, theme }) => {
    const gpus = snapshot.gpus ?? [];
    if (gpus.length === 0) return [theme.paint('dim', theme.esc('no GPU found'.slice(0, width)))];
    const last = gpuPanelLast;
    if (last !== null && last.gpus === gpus && last.width === width && last.theme === theme) return last.lines;
    const lines = [theme.paint('label', theme.esc(`GPUs (${gpus.length})`.slice(0, width))), ...gpuLines(gpus, width, theme)];
    gpuPanelLast = { gpus, width, theme, lines };
    return lines;
  },
};

/** Every panel, in the default order. */
export const SCREEN_PANELS: readonly ScreenPanel[] = [cpuChart, memoryChart, networkPanel, diskPanel, filesystemsPanel, pressurePanel, gpuPanel];

/** Panel ids in the default order (the config file's `panels`). */
export const DEFAULT_PANELS: readonly string[] = SCREEN_PANELS.map((p) => p.id).filter((id) => id !== 'gpu');

/** Every panel a config file may name. */
export const KNOWN_PANELS: readonly string[] = SCREEN_PANELS.map((p) => p.id);

/** The panel with this id, or undefined. */
export function screenPanel(id: string): ScreenPanel | undefined {
  return SCREEN_PANELS.find((p) => p.id === id);
}
