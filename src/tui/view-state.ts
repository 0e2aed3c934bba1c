import { DEFAULT_PANELS } from './panels.js';

/**
 * What the user chose on the dashboard: sort, columns, filters, toggles and the selection. Plain data; every
 * change is a pure function returning a new state, so keys can be unit-tested without a terminal.
 */

/** Which screen fills the lower part of the dashboard (Tab cycles): the id of one of main-views.ts's views. */
export type DashboardView = string;

/** One `o` filter: `[!]FIELD=text` (substring, case-insensitive), `FIELD<n`, `FIELD>n`, or plain command text. */
export interface ProcessFilter {
  /** Field key or alias; null for plain text that matches the command (comm or command line). */
  field: string | null;
  op: '=' | '<' | '>';
  value: string;
  negate: boolean;
}

/** State of the process table and of the toggles around it. */
export interface ViewState {
  view: DashboardView;
  /** Visible process columns, field keys in order. */
  columns: string[];
  /** Field key of the sort column. */
  sortKey: string;
  /** High to low. */
  sortDesc: boolean;
  filters: ProcessFilter[];
  /** `u`: user name or uid; a leading `!` shows everyone else. Null for all users. */
  userFilter: string | null;
  /** `V`: forest view (children under parents). */
  tree: boolean;
  /** `H`: one row per thread. */
  threads: boolean;
  /** `c`: full command line instead of the command name. */
  fullCommand: boolean;
  /** `i`: hide tasks that used no CPU since the previous tick. */
  hideIdle: boolean;
  /** `b`: one row per command name (summed CPU, memory, I/O; the count after the name). */
  grouped: boolean;
  /** `1`: one bar per CPU instead of one for all. */
  perCpu: boolean;
  /** Selected row: its pid, followed across re-sorts; null selects by index. */
  selectedPid: number | null;
  /** Selected row index in the ordered, filtered list. */
  selected: number;
  /** First row shown. */
  scroll: number;
  /** Seconds between ticks. */
  delay: number;
  /** Panels of the main screen between the meters and the table, in order (panels.ts ids; 2-7 toggle). */
  panels: string[];
}

/** top's default columns, by name (keys or aliases of the process registry). */
export const TOP_COLUMNS: readonly string[] = ['pid', 'user', 'pr', 'ni', 'virt', 'res', 'shr', 'state', 'pcpu', 'pmem', 'time+', 'comm'];

/** A fresh state: top's columns sorted by %CPU, high to low, 1.5 s delay. */
export function initialViewState(overrides: Partial<ViewState> = {}): ViewState {
  return {
    view: 'processes',
    columns: [...TOP_COLUMNS],
    sortKey: 'pcpu',
    sortDesc: true,
    filters: [],
    userFilter: null,
    tree: false,
    threads: false,
    fullCommand: false,
    hideIdle: false,
    grouped: false,
    perCpu: true,
    selectedPid: null,
    selected: 0,
    scroll: 0,
    delay: 1.5,
    panels: [...DEFAULT_PANELS],
    ...overrides,
  };
}

/**
 * Parse what the user typed at the `o` / `/` prompt. `COMMAND=ssh`, `!USER=root`, `%CPU>1.5`, or plain text
 * (`nginx`, `!kworker`) that matches the command. `isField` tells a field name from plain text. Null for an
 * empty input.
 */
export function parseFilter(input: string, isField: (name: string) => boolean): ProcessFilter | null {
  let text = input.trim();
  if (text === '') return null;
  let negate = false;
  if (text.startsWith('!')) {
    negate = true;
    text = text.slice(1);
  }
  const m = /^([^=<>]+?)\s*([=<>])\s*(.*)$/.exec(text);
  if (m && isField(m[1]!.trim())) {
    return { field: m[1]!.trim(), op: m[2] as ProcessFilter['op'], value: m[3]!, negate };
  }
  if (text === '') return null;
  return { field: null, op: '=', value: text, negate };
}

/** The filter as the user would type it again (status line, config file). */
export function formatFilter(f: ProcessFilter): string {
  return `${f.negate ? '!' : ''}${f.field === null ? '' : f.field + f.op}${f.value}`;
}

/** Move the selection by `delta` rows within `count` rows, keeping it on screen in `height` rows. */
export function moveSelection(s: ViewState, delta: number, count: number, height: number): ViewState {
  const selected = clamp(s.selected + delta, 0, Math.max(0, count - 1));
  return { ...s, selected, selectedPid: null, scroll: scrollFor(selected, s.scroll, count, height) };
}

/** Select row `index` (mouse click, Home, End). */
export function selectRow(s: ViewState, index: number, count: number, height: number): ViewState {
  return moveSelection({ ...s, selected: 0 }, index, count, height);
}

/** The scroll offset that keeps `selected` visible in `height` rows, moving as little as possible. */
export function scrollFor(selected: number, scroll: number, count: number, height: number): number {
  const h = Math.max(1, height);
  let top = scroll;
  if (selected < top) top = selected;
  if (selected >= top + h) top = selected - h + 1;
  return clamp(top, 0, Math.max(0, count - h));
}

/** Sort by `key`: a new column starts in its own default direction; the same column flips (mouse, chooser). */
export function sortBy(s: ViewState, key: string, descByDefault: boolean, flipIfSame = false): ViewState {
  if (s.sortKey === key) return flipIfSame ? { ...s, sortDesc: !s.sortDesc } : s;
  return { ...s, sortKey: key, sortDesc: descByDefault };
}

/** Show or hide a column (field chooser); the sort column may be hidden, as in top. */
export function toggleColumn(s: ViewState, key: string, at?: number): ViewState {
  if (s.columns.includes(key)) {
    if (s.columns.length === 1) return s;
    return { ...s, columns: s.columns.filter((k) => k !== key) };
  }
  const columns = [...s.columns];
  columns.splice(at ?? columns.length, 0, key);
  return { ...s, columns };
}

/** Move a visible column one place left (-1) or right (+1). */
export function moveColumn(s: ViewState, key: string, delta: -1 | 1): ViewState {
  const i = s.columns.indexOf(key);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= s.columns.length) return s;
  const columns = [...s.columns];
  [columns[i], columns[j]] = [columns[j]!, columns[i]!];
  return { ...s, columns };
}

/** The next view of `views` in Tab order (or the previous with `delta` -1). */
export function cycleView(s: ViewState, delta: 1 | -1, views: readonly DashboardView[]): ViewState {
  const i = Math.max(0, views.indexOf(s.view));
  const n = views.length;
  return { ...s, view: views[(i + delta + n) % n]! };
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
