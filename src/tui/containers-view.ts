import type { ContainerRow } from '../core/container.js';
import { CONTAINER_DEFAULT_SORT, containerFields } from '../fields/container-fields.js';
import { sortRows, type FormatContext, type SortKey } from '../fields/registry.js';
import { pad } from '../format/table.js';
import type { MainFrame, MainView } from './main-views.js';
import type { ViewState } from './view-state.js';

/*
 * The dashboard's Containers view: one row per container and pod from snapshot.containers, with the columns
 * of the container registry (the ones `sysmon containers` prints). The usual sort keys work: the process
 * sort key (P, M, T, N, <, >, R) is looked up in the container registry by key or alias (pcpu -> CPU%,
 * pmem -> MEM, time+ -> CPU_TIME), busiest first otherwise. j/k move a cursor (the view's scroll value is the
 * cursor row); Enter filters the process table to the container or pod under it.
 */

/** Columns of the view, narrowest useful set first: a narrow terminal cuts from the right. */
export const CONTAINER_VIEW_COLUMNS = 'name,kind,runtime,pod,cpu,cpus,throttled,mem,limit,mem%,pids,psi_mem,procs,command';

const COLUMNS = containerFields.parseList(CONTAINER_VIEW_COLUMNS);
const DEFAULT_SORT = containerFields.parseSort(CONTAINER_DEFAULT_SORT);

/** The sort the view uses for the dashboard's sort state. */
export function containerSort(state: ViewState): SortKey<ContainerRow>[] {
  const f = containerFields.find(state.sortKey);
  if (!f) return DEFAULT_SORT;
  return [{ field: f, desc: state.sortDesc }, ...DEFAULT_SORT.filter((k) => k.field !== f)];
}

function ctxOf(time: number, interval: number | null): FormatContext {
  return { now: time, uptime: 0, btime: 0, hz: 100, pageSize: 4096, memTotal: 0, interval, cpuCount: 1 };
}

function fit(text: string, width: number, align: 'left' | 'right'): string {
  return text.length > width ? text.slice(0, width) : pad(text, width, align);
}

/** The Containers view. */
export const containersView: MainView = {
  id: 'containers',
  families: ['containers'],
  render: ({ moment, state, scroll, width, height, theme }): MainFrame => {
    const sample = moment.snapshot.containers;
    if (sample === undefined) return { header: theme.paint('dim', 'reading containers...'), lines: [], scroll: 0, count: 0 };
    if (sample.version === null) {
      return { header: theme.paint('dim', 'no cgroup filesystem: no containers to show'), lines: [], scroll: 0, count: 0 };
    }
    const ctx = ctxOf(sample.time, sample.interval);
    const rows = sortRows(sample.rows, containerSort(state), ctx);
    if (rows.length === 0) {
      return { header: theme.paint('dim', `no containers or pods (cgroup v${sample.version})`), lines: [], scroll: 0, count: 0 };
    }
    const cursor = Math.max(0, Math.min(scroll, rows.length - 1));
    const body = Math.max(1, height - 1);
    const top = cursor < body ? 0 : cursor - body + 1;
    const visible = rows.slice(top, top + body);
    const cells = visible.map((r) => COLUMNS.map((f) => f.text(r, ctx)));
    const sortField = containerSort(state)[0]!.field;
    const headers = COLUMNS.map((f) => (f === sortField ? `${f.header}${state.sortDesc ? 'v' : '^'}` : f.header));
    const widths = COLUMNS.map((f, c) => Math.max(f.width, headers[c]!.length, ...cells.map((row) => row[c]!.length)));
    const line = (parts: string[]): string =>
      fit(parts.map((p, c) => (c === parts.length - 1 ? p : fit(p, widths[c]!, COLUMNS[c]!.align))).join(' '), width, 'left');
    const header = line(headers);
    const selected = rows[cursor]!;
    return {
      header: theme.paint('header', theme.esc(header)),
      lines: cells.map((c, i) => (top + i === cursor ? theme.paint('selected', theme.esc(line(c))) : theme.esc(line(c)))),
      scroll: cursor,
      count: rows.length,
      enterFilter: selected.kind === 'pod'
        ? { field: 'pod', op: '=', value: selected.name, negate: false }
        : selected.kind === 'container'
          ? { field: 'container', op: '=', value: selected.name, negate: false }
          : { field: 'unit', op: '=', value: selected.name, negate: false },
    };
  },
};
