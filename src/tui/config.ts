import type { ProcessRow } from '../core/process.js';
import type { FieldRegistry } from '../fields/registry.js';
import { normalizeState } from './process-view.js';
import { DASHBOARD_VIEWS } from './main-views.js';
import { KNOWN_PANELS } from './panels.js';
import { formatFilter, parseFilter, type DashboardView, type ViewState } from './view-state.js';

/**
 * The dashboard's configuration file (sysmon/config.json in the XDG config dir), written by `W`, read at
 * start. Plain JSON; every key optional; unknown keys ignored, bad values reported and skipped.
 */
export interface DashboardConfig {
  version: 1;
  /** Seconds between refreshes. */
  delay: number;
  /** Process columns, field keys in order. */
  columns: string[];
  /** Sort as a ps sort key: `-pcpu` high to low, `pid` low to high. */
  sort: string;
  tree: boolean;
  fullCommand: boolean;
  hideIdle: boolean;
  /** One row per command name. */
  grouped: boolean;
  perCpu: boolean;
  threads: boolean;
  /** Filters as typed at the `o` prompt. */
  filters: string[];
  /** User filter (`u`), or null. */
  user: string | null;
  view: DashboardView;
  /** Main-screen panels in order (cpu, memory, network, disk, filesystems, pressure). */
  panels: string[];
}

/** The configuration that reproduces this state. */
export function configFromState(s: ViewState): DashboardConfig {
  return {
    version: 1,
    delay: s.delay,
    columns: [...s.columns],
    sort: `${s.sortDesc ? '-' : ''}${s.sortKey}`,
    tree: s.tree,
    fullCommand: s.fullCommand,
    hideIdle: s.hideIdle,
    grouped: s.grouped,
    perCpu: s.perCpu,
    threads: s.threads,
    filters: s.filters.map(formatFilter),
    user: s.userFilter,
    view: s.view,
    panels: [...s.panels],
  };
}

/**
 * Apply a parsed config file to a state. Returns the new state and a list of problems (one short phrase
 * each) for the status line; a value that is wrong is skipped, never fatal.
 */
export function applyConfig(base: ViewState, json: unknown, reg: FieldRegistry<ProcessRow>): { state: ViewState; problems: string[] } {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { state: base, problems: ['config is not a JSON object'] };
  }
  const c = json as Record<string, unknown>;
  let s: ViewState = { ...base };
  const bool = (key: keyof DashboardConfig & keyof ViewState | 'fullCommand'): void => {
    if (c[key] === undefined) return;
    if (typeof c[key] === 'boolean') (s as unknown as Record<string, unknown>)[key] = c[key];
    else problems.push(`${key} must be true or false`);
  };
  if (c.delay !== undefined) {
    if (typeof c.delay === 'number' && c.delay > 0 && Number.isFinite(c.delay)) s.delay = c.delay;
    else problems.push('delay must be a positive number of seconds');
  }
  if (c.columns !== undefined) {
    if (Array.isArray(c.columns) && c.columns.every((x) => typeof x === 'string')) {
      const bad = (c.columns as string[]).filter((k) => !reg.find(k));
      if (bad.length > 0) problems.push(`unknown column ${bad.join(', ')}`);
      const good = (c.columns as string[]).filter((k) => reg.find(k));
      if (good.length > 0) s.columns = good;
    } else problems.push('columns must be a list of field names');
  }
  if (c.sort !== undefined) {
    if (typeof c.sort === 'string') {
      const desc = c.sort.startsWith('-');
      const name = c.sort.replace(/^[-+]/, '');
      const f = reg.find(name);
      if (f) {
        s.sortKey = f.key;
        s.sortDesc = desc;
      } else problems.push(`unknown sort field ${name}`);
    } else problems.push('sort must be a field name');
  }
  bool('tree');
  bool('fullCommand');
  bool('hideIdle');
  bool('grouped');
  bool('perCpu');
  bool('threads');
  if (c.filters !== undefined) {
    if (Array.isArray(c.filters) && c.filters.every((x) => typeof x === 'string')) {
      s.filters = (c.filters as string[]).map((t) => parseFilter(t, (n) => reg.find(n) !== undefined)).filter((f) => f !== null);
    } else problems.push('filters must be a list of strings');
  }
  if (c.user !== undefined) {
    if (c.user === null || typeof c.user === 'string') s.userFilter = c.user === '' ? null : (c.user as string | null);
    else problems.push('user must be a string or null');
  }
  if (c.view !== undefined) {
    if (typeof c.view === 'string' && DASHBOARD_VIEWS.includes(c.view)) s.view = c.view;
    else problems.push(`view must be one of ${DASHBOARD_VIEWS.join(', ')}`);
  }
  if (c.panels !== undefined) {
    if (Array.isArray(c.panels) && c.panels.every((x) => typeof x === 'string')) {
      const bad = (c.panels as string[]).filter((p) => !KNOWN_PANELS.includes(p));
      if (bad.length > 0) problems.push(`unknown panel ${bad.join(', ')} (panels: ${KNOWN_PANELS.join(', ')})`);
      s.panels = [...new Set((c.panels as string[]).filter((p) => KNOWN_PANELS.includes(p)))];
    } else problems.push('panels must be a list of panel names');
  }
  s = normalizeState(s, reg);
  return { state: s, problems };
}
