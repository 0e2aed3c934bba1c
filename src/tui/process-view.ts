import { snapshotFormatContext } from '../fields/format-context.js';
import type { ProcessRow } from '../core/process.js';
import type { Snapshot } from '../core/snapshot.js';
import { sortRows, type Field, type FieldRegistry, type FormatContext } from '../fields/registry.js';
import { displayWidth, fitToWidth } from '../format/display-width.js';
import { escapeForTui } from '../format/escape.js';
import type { Theme } from './theme.js';
import { clamp, scrollFor, type ProcessFilter, type ViewState } from './view-state.js';

type ProcField = Field<ProcessRow>;

/** The facts a snapshot gives every cell, top's conventions (%CPU since the previous tick, scaled sizes). */
export function formatContextOf(s: Snapshot): FormatContext {
  return snapshotFormatContext(s, 'top');
}

/**
 * The two fields the COMMAND column switches between with `c`: the name (`comm`) and the command line
 * (`args`). Looked up by their ps names, so the registry stays the one place that describes them.
 */
export function commandFields(reg: FieldRegistry<ProcessRow>): { name?: ProcField; line?: ProcField } {
  const name = reg.find('comm');
  const line = reg.find('args');
  return { ...(name ? { name } : {}), ...(line ? { line } : {}) };
}

/** The visible columns as fields, unknown names dropped, the command column following the `c` toggle. */
export function visibleFields(state: ViewState, reg: FieldRegistry<ProcessRow>): ProcField[] {
  const { name, line } = commandFields(reg);
  const out: ProcField[] = [];
  for (const key of state.columns) {
    let f = reg.find(key);
    if (!f) continue;
    if (f === name || f === line) f = (state.fullCommand ? line : name) ?? f;
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** The sort field of the state (the registry's entry for its key), or undefined for an unknown key. */
export function sortField(state: ViewState, reg: FieldRegistry<ProcessRow>): ProcField | undefined {
  return reg.find(state.sortKey);
}

/** Sort by the field whose top hotkey is `key` (P M N T); null when no field has it. */
export function sortByHotkey(state: ViewState, reg: FieldRegistry<ProcessRow>, key: string): ViewState | null {
  const f = reg.fields.find((x) => x.hotkey === key);
  if (!f) return null;
  return { ...state, sortKey: f.key, sortDesc: f.descByDefault };
}

/** `<` / `>`: sort by the visible column left or right of the current sort column (top's behaviour). */
export function moveSortColumn(state: ViewState, reg: FieldRegistry<ProcessRow>, delta: -1 | 1): ViewState {
  const fields = visibleFields(state, reg);
  if (fields.length === 0) return state;
  const current = sortField(state, reg);
  let i = current ? fields.indexOf(current) : -1;
  i = i < 0 ? 0 : clamp(i + delta, 0, fields.length - 1);
  const f = fields[i]!;
  return f === current ? state : { ...state, sortKey: f.key, sortDesc: f.descByDefault };
}

function commandText(r: ProcessRow): string {
  return r.cmdline && r.cmdline.length > 0 ? r.cmdline.join(' ') : r.comm;
}

function numeric(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Does `row` pass one filter? Unknown fields pass (the prompt already refused them). */
function passes(row: ProcessRow, f: ProcessFilter, reg: FieldRegistry<ProcessRow>, ctx: FormatContext): boolean {
  let ok: boolean;
  if (f.field === null) {
    const needle = f.value.toLowerCase();
    ok = row.comm.toLowerCase().includes(needle) || commandText(row).toLowerCase().includes(needle);
  } else {
    const field = reg.find(f.field);
    if (!field) return true;
    if (f.op === '=') {
      ok = field.text(row, ctx).toLowerCase().includes(f.value.toLowerCase());
    } else {
      const want = numeric(f.value);
      const shown = numeric(field.text(row, ctx));
      const raw = field.value(row, ctx);
      const have = shown ?? (typeof raw === 'number' ? raw : null);
      if (want === null || have === null) ok = false;
      else ok = f.op === '<' ? have < want : have > want;
    }
  }
  return f.negate ? !ok : ok;
}

function userMatches(row: ProcessRow, spec: string): boolean {
  const negate = spec.startsWith('!');
  const want = negate ? spec.slice(1) : spec;
  const ok = row.user === want || (row.uid !== null && String(row.uid) === want);
  return negate ? !ok : ok;
}

/**
 * Rows that pass the user filter, the `o` filters and the idle toggle, in their incoming order. With nothing
 * to filter by, `rows` itself (no copy of thousands of references a tick).
 */
export function filterRows(rows: readonly ProcessRow[], state: ViewState, reg: FieldRegistry<ProcessRow>, ctx: FormatContext): readonly ProcessRow[] {
  if (!state.hideIdle && state.userFilter === null && state.filters.length === 0) return rows;
  const out: ProcessRow[] = [];
  for (const r of rows) {
    if (state.hideIdle && !(r.state === 'R' || (r.cpuDeltaTicks ?? 0) > 0)) continue;
    if (state.userFilter !== null && !userMatches(r, state.userFilter)) continue;
    let ok = true;
    for (const f of state.filters) {
      if (!passes(r, f, reg, ctx)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(r);
  }
  return out;
}

/** A row in display order, with its depth in the forest view (0 when not a tree) and its branch prefix. */
export interface OrderedRow {
  readonly row: ProcessRow;
  readonly depth: number;
  /** Tree branch drawn before the command ("" outside the tree view). */
  readonly prefix: string;
}

/**
 * The flat view's entry of a row. Rows that did not change keep their object from tick to tick (the
 * dashboard's RowReuse), so each keeps its entry too: no new object per process per tick.
 */
const flatRows = new WeakMap<ProcessRow, OrderedRow>();
function flatRow(row: ProcessRow): OrderedRow {
  let o = flatRows.get(row);
  if (o === undefined) flatRows.set(row, (o = { row, depth: 0, prefix: '' }));
  return o;
}


/**
 * Sort the rows, or in the forest view put every child right under its parent, siblings in sort order.
 * A row whose parent is filtered out or gone becomes a root.
 */
export function orderRows(
  rows: readonly ProcessRow[],
  state: ViewState,
  reg: FieldRegistry<ProcessRow>,
  ctx: FormatContext,
  ascii = false,
): OrderedRow[] {
  const [tee, elbow, bar] = ascii ? ['|- ', '`- ', '|  '] : ['├─ ', '└─ ', '│  '];
  const f = sortField(state, reg);
  const sorted = f ? sortRows(rows, [{ field: f, desc: state.sortDesc }], ctx) : rows.slice();
  if (!state.tree) return sorted.map(flatRow);
  const present = new Set<number>();
  for (const r of sorted) present.add(r.pid);
  const children = new Map<number, ProcessRow[]>();
  const roots: ProcessRow[] = [];
  for (const r of sorted) {
    if (r.ppid !== r.pid && present.has(r.ppid)) {
      let list = children.get(r.ppid);
      if (!list) children.set(r.ppid, (list = []));
      list.push(r);
    } else {
      roots.push(r);
    }
  }
  const out: OrderedRow[] = [];
  const seen = new Set<number>();
  // Iterative walk: a deep chain of processes must not overflow the stack.
  const stack: { row: ProcessRow; depth: number; stem: string; last: boolean }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ row: roots[i]!, depth: 0, stem: '', last: true });
  while (stack.length > 0) {
    const { row, depth, stem, last } = stack.pop()!;
    if (seen.has(row.pid)) continue;
    seen.add(row.pid);
    out.push({ row, depth, prefix: depth === 0 ? '' : `${stem}${last ? elbow : tee}` });
    const kids = children.get(row.pid);
    if (!kids) continue;
    const childStem = depth === 0 ? '' : `${stem}${last ? '   ' : bar}`;
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push({ row: kids[i]!, depth: depth + 1, stem: childStem, last: i === kids.length - 1 });
    }
  }
  return out;
}

/** One column as laid out on screen: where it starts and how wide it is (mouse clicks, header marks). */
export interface ColumnLayout {
  field: ProcField;
  /** First character, from the left of the table. */
  x: number;
  width: number;
}

/** Everything the process panel shows, plus what the app needs to map keys and clicks back to rows. */
export interface ProcessTable {
  /** Column header line (tagged), as wide as the table. */
  header: string;
  /** Visible rows (tagged), at most `height`. */
  lines: string[];
  columns: ColumnLayout[];
  /** Every row that passed the filters, in display order. */
  ordered: OrderedRow[];
  /** The state with the selection and scroll brought in range and the selected pid filled in. */
  state: ViewState;
  /** Rows before filtering. */
  total: number;
}

/** Exactly `width` display columns (a CJK name is two columns a character). */
function fit(text: string, width: number, align: 'left' | 'right'): string {
  return fitToWidth(text, width, align);
}

/**
 * The process table in `width` x `height` characters: one header line, then up to `height - 1` rows.
 * Only the rows on screen are formatted; filtering and sorting see them all.
 */
export function processTable(
  snapshot: Snapshot,
  state: ViewState,
  reg: FieldRegistry<ProcessRow>,
  width: number,
  height: number,
  theme: Theme,
): ProcessTable {
  const ctx = formatContextOf(snapshot);
  const fields = visibleFields(state, reg);
  const filtered = filterRows(snapshot.processes, state, reg, ctx);
  const rows = state.grouped ? groupByName(filtered) : filtered;
  const ordered = orderRows(rows, state.grouped ? { ...state, tree: false } : state, reg, ctx, theme.ascii === true);
  const bodyHeight = Math.max(0, height - 1);

  // Selection: follow the selected pid across re-sorts; when it went away keep the position.
  let selected = state.selected;
  if (state.selectedPid !== null) {
    const at = ordered.findIndex((o) => o.row.pid === state.selectedPid);
    if (at >= 0) selected = at;
  }
  selected = clamp(selected, 0, Math.max(0, ordered.length - 1));
  const scroll = scrollFor(selected, clamp(state.scroll, 0, Math.max(0, ordered.length - 1)), ordered.length, bodyHeight);
  const visible = ordered.slice(scroll, scroll + bodyHeight);

  // Cells of the visible rows only; widths grow to fit them so numbers never run into each other.
  // Process text is escaped here, before it is measured or painted (C0, DEL and C1 controls as `?`).
  const cells = visible.map((o) => fields.map((f) => escapeForTui(f.text(o.row, ctx))));
  const columns: ColumnLayout[] = [];
  let x = 0;
  for (let c = 0; c < fields.length; c++) {
    const f = fields[c]!;
    let w = Math.max(f.width, f.header.length);
    const last = c === fields.length - 1;
    if (!last) for (const row of cells) w = Math.max(w, displayWidth(row[c]!));
    else w = Math.max(w, width - x);
    columns.push({ field: f, x, width: w });
    x += w + 1;
  }

  const sortF = sortField(state, reg);
  const headParts = columns.map((col, c) => {
    const last = c === columns.length - 1;
    const text = fit(col.field.header, col.width, last ? 'left' : col.field.align);
    return col.field === sortF ? theme.paint('sortHeader', theme.esc(text)) : theme.paint('header', theme.esc(text));
  });
  const header = headParts.join(theme.paint('header', ' '));

  const lines = visible.map((o, i) => {
    const parts = columns.map((col, c) => {
      let text = cells[i]![c]!;
      if (c === columns.length - 1 && o.prefix !== '') text = o.prefix + text;
      return fit(text, col.width, c === columns.length - 1 ? 'left' : col.field.align);
    });
    const line = fit(parts.join(' '), width, 'left');
    if (scroll + i === selected) return theme.paint('selected', theme.esc(line));
    if (o.row.state === 'R') return theme.paint('running', theme.esc(line));
    if (o.row.state === 'Z') return theme.paint('zombie', theme.esc(line));
    return theme.esc(line);
  });

  const pid = ordered[selected]?.row.pid ?? null;
  return {
    header,
    lines,
    columns,
    ordered,
    state: { ...state, selected, scroll, selectedPid: pid },
    total: snapshot.processes.length,
  };
}

/**
 * One row per command name (htop's and btop's most asked-for view): CPU ticks, memory, threads and I/O
 * summed, the name followed by the number of processes (`nginx (4)`), the lowest pid as the row's pid. The
 * command line is the first process's. Rows keep their first-seen order.
 */
export function groupByName(rows: readonly ProcessRow[]): ProcessRow[] {
  const groups = new Map<string, { row: ProcessRow; n: number }>();
  for (const r of rows) {
    const g = groups.get(r.comm);
    if (!g) {
      groups.set(r.comm, { row: { ...r, ioDelta: r.ioDelta ? { ...r.ioDelta } : r.ioDelta ?? null }, n: 1 });
      continue;
    }
    const a = g.row;
    g.n++;
    a.pid = Math.min(a.pid, r.pid);
    a.utime += r.utime;
    a.stime += r.stime;
    a.cpuDeltaTicks = a.cpuDeltaTicks === null || r.cpuDeltaTicks === null ? (a.cpuDeltaTicks ?? r.cpuDeltaTicks) : a.cpuDeltaTicks + r.cpuDeltaTicks;
    a.rssPages += r.rssPages;
    a.vsize += r.vsize;
    a.numThreads += r.numThreads;
    if (a.sharedPages != null && r.sharedPages != null) a.sharedPages += r.sharedPages;
    if (a.ioDelta && r.ioDelta) a.ioDelta = { read: a.ioDelta.read + r.ioDelta.read, write: a.ioDelta.write + r.ioDelta.write };
    if (r.state === 'R') a.state = 'R';
  }
  const out: ProcessRow[] = [];
  for (const { row, n } of groups.values()) {
    if (n > 1) {
      row.comm = `${row.comm} (${n})`;
      if (row.cmdline && row.cmdline.length > 0) row.cmdline = [...row.cmdline.slice(0, -1), `${row.cmdline.at(-1)} (${n})`];
    }
    out.push(row);
  }
  return out;
}

/** The column under character `x` of the table header, for a click that sorts. */
export function columnAt(columns: readonly ColumnLayout[], x: number): ColumnLayout | undefined {
  return columns.find((c) => x >= c.x && x < c.x + c.width + 1);
}

/**
 * The state with every column and the sort key spelt as the registry's keys (a config file or a default may
 * use aliases such as `%CPU`), unknown names dropped, and the sort key kept valid.
 */
export function normalizeState(state: ViewState, reg: FieldRegistry<ProcessRow>): ViewState {
  const columns: string[] = [];
  for (const name of state.columns) {
    const f = reg.find(name);
    if (f && !columns.includes(f.key)) columns.push(f.key);
  }
  if (columns.length === 0) columns.push(...reg.fields.slice(0, 1).map((f) => f.key));
  const sort = reg.find(state.sortKey) ?? reg.find(columns[0]!)!;
  return { ...state, columns, sortKey: sort.key };
}
