import type { FleetHostDetail, FleetProcess } from '../../core/fleet.js';
import { humanCeil } from '../../core/size-units.js';
import { hostState } from '../../fields/fleet-fields.js';
import { escapeForTerminal as terminalSafe } from '../../format/escape.js';
import { historyChart } from '../chart-view.js';
import type { Theme } from '../theme.js';
import { formatFilter } from '../view-state.js';
import { FLEET_HELP, visibleHosts, type FleetEnv, type FleetState } from './fleet-controller.js';
import { fleetCells, fleetLine } from './fleet-view.js';

/**
 * The fleet screens as lines of blessed-tagged text: pure functions of the state, a size and a theme, so
 * tests read exactly what the adapter will draw.
 */

function cut(text: string, width: number): string {
  return text.length > width ? text.slice(0, Math.max(0, width)) : text;
}

function line(theme: Theme, role: Parameters<Theme['paint']>[0], text: string, width: number): string {
  return theme.paint(role, theme.esc(cut(text, width)));
}

/** The table screen: a header line and the rows that fit in `height - 1` lines. */
export function tableLines(s: FleetState, env: FleetEnv, width: number, height: number, theme: Theme): string[] {
  const hosts = visibleHosts(s, env);
  const t = fleetCells(hosts, s, env.reg, env.ctx);
  const sortIdx = s.columns.indexOf(env.reg.find(s.sortKey)?.key ?? '');
  const headers = t.headers.map((h, i) => (i === sortIdx ? h + (s.sortDesc ? 'v' : '^') : h));
  const out = [line(theme, 'header', fleetLine(headers, { align: t.align, widths: t.widths.map((w, i) => Math.max(w, headers[i]!.length)) }).padEnd(width), width)];
  const rows = Math.max(0, height - 1);
  if (hosts.length === 0) {
    out.push(line(theme, 'dim', s.status.lastOk === null ? 'waiting for Prometheus...' : s.hosts.length ? 'no host matches the filters (= clears them)' : 'no hosts: no `up` series match', width));
    return out;
  }
  for (let i = s.scroll; i < Math.min(hosts.length, s.scroll + rows); i++) {
    const text = fleetLine(t.rows[i]!, { align: t.align, widths: t.widths.map((w, j) => Math.max(w, headers[j]!.length)) });
    const st = hostState(hosts[i]!);
    const role = i === s.selected ? 'selected' : st === 'DOWN' ? 'error' : st === 'GONE' ? 'dim' : 'value';
    out.push(line(theme, role, i === s.selected ? text.padEnd(width) : text, width));
  }
  return out;
}

function unitText(v: number, unit: FleetHostDetail['charts'][number]['unit']): string {
  if (!Number.isFinite(v)) return '-';
  if (unit === 'percent') return `${v.toFixed(1)}%`;
  if (unit === 'load') return v.toFixed(2);
  if (unit === 'bytes') return humanCeil(v, 1024);
  return `${humanCeil(v, 1024)}/s`;
}

function processLine(p: FleetProcess): string {
  const cpu = p.cpuPercent === null ? '-' : p.cpuPercent.toFixed(1);
  const rss = p.rssBytes === null ? '-' : humanCeil(p.rssBytes, 1024);
  return `${String(p.pid).padStart(7)} ${terminalSafe(p.user).slice(0, 10).padEnd(10)} ${cpu.padStart(6)} ${rss.padStart(6)}  ${terminalSafe(p.comm)}`;
}

/** The host screen: one chart per figure over the last hour, then the host's top processes. */
export function hostLines(s: FleetState, width: number, height: number, theme: Theme): string[] {
  const inst = terminalSafe(s.detailInstance ?? '');
  const host = s.hosts.find((h) => h.instance === s.detailInstance);
  const head = `${inst}  ${host ? hostState(host) : ''}  ${host?.exporter ?? ''}   last hour, Esc: back`;
  const out = [line(theme, 'title', head, width)];
  if (s.detailError) out.push(line(theme, 'error', `cannot load ${inst}: ${s.detailError}`, width));
  const d = s.detail;
  if (!d) {
    if (!s.detailError) out.push(line(theme, 'dim', 'loading...', width));
    return out;
  }
  const procRows = d.processes.length ? Math.min(d.processes.length, 10) + 1 : 1;
  const chartRows = Math.max(0, height - out.length - procRows);
  const perChart = Math.max(2, Math.floor(chartRows / Math.max(1, d.charts.length)));
  const plotWidth = Math.max(10, width - 2);
  for (const c of d.charts) {
    if (out.length + perChart > height - procRows) break;
    const first = c.series[0];
    // The chart draws its first line; the legend gives the others. Percent charts keep a fixed 0-100 scale.
    const max = c.unit === 'percent' ? 100 : Math.max(0, ...(first?.values ?? []).filter(Number.isFinite));
    const legend = c.series.map((x) => `${x.name} ${unitText(x.values[x.values.length - 1] ?? NaN, c.unit)}`).join('  ');
    out.push(line(theme, 'label', `${c.title}: ${legend}  (max ${unitText(max, c.unit)})`, width));
    out.push(...historyChart(first?.values ?? [], plotWidth, perChart - 1, max, theme, c.unit === 'bytes' ? 'chartMem' : 'chartCpu'));
  }
  if (d.processes.length === 0) {
    out.push(line(theme, 'dim', host?.exporter === 'sysmon' ? 'no process series' : 'processes: n/a (the host runs no sysmon serve)', width));
  } else {
    out.push(line(theme, 'header', `${'PID'.padStart(7)} ${'USER'.padEnd(10)} ${'%CPU'.padStart(6)} ${'RES'.padStart(6)}  COMMAND`.padEnd(width), width));
    for (const p of d.processes.slice(0, Math.max(0, height - out.length))) out.push(line(theme, 'value', processLine(p), width));
  }
  return out.slice(0, height);
}

/** The status line: the server, its health, the sort and the filters, or the prompt while typing. */
export function statusLine(s: FleetState, env: FleetEnv, url: string, width: number, theme: Theme, now: number): string {
  if (s.prompt !== null) return line(theme, 'key', `filter (text, FIELD=text, FIELD>n; Enter, Esc): ${s.prompt}`, width);
  const sort = `${env.reg.find(s.sortKey)?.header ?? s.sortKey}${s.sortDesc ? 'v' : '^'}`;
  const filters = s.filters.length ? `  filter ${s.filters.map(formatFilter).join(' ')}` : '';
  const age = s.status.lastOk === null ? '' : `  updated ${Math.max(0, Math.round((now - s.status.lastOk) / 1000))}s ago`;
  if (s.status.kind === 'error') {
    return line(theme, 'error', `${url}: ${s.status.text}${s.status.lastOk === null ? '' : `; showing the answer of ${Math.round((now - s.status.lastOk) / 1000)}s ago`}`, width);
  }
  const warn = s.warnings.length ? `  (${s.warnings.length} queries failed: ${s.warnings[0]})` : '';
  const msg = s.message ? `  ${s.message}` : '';
  return line(theme, s.warnings.length ? 'warn' : 'dim', `${url}: ${s.status.text}${age}  sort ${sort}${filters}${msg}${warn}  h: help`, width);
}

/** The help overlay. */
export function fleetHelpLines(width: number, theme: Theme): string[] {
  return [
    line(theme, 'title', 'sysmon fleet: keys (any key closes)', width),
    ...FLEET_HELP.map(([k, d]) => line(theme, 'value', `${k.padEnd(32)} ${d}`, width)),
  ];
}
