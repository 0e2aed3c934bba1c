import type { FleetHost, FleetHostDetail } from '../../core/fleet.js';
import type { FieldRegistry, FormatContext } from '../../fields/registry.js';
import { clamp, formatFilter, parseFilter, scrollFor, type ProcessFilter } from '../view-state.js';
import { orderHosts, type FleetTableState } from './fleet-view.js';

/**
 * The fleet screen's controller: pure. `update(state, action)` returns the next state and the effects the
 * adapter must carry out (ask Prometheus, quit). No terminal, no timer, no network here, so every key and
 * every answer (including a dead server) is unit-tested.
 */

/** Where the user is. */
export type FleetScreen = 'table' | 'host';

/** The line at the bottom: the server's health and the last message. */
export interface FleetStatus {
  /** 'loading' before the first answer; 'error' while the server fails (the last good rows stay shown). */
  kind: 'loading' | 'ok' | 'error';
  text: string;
  /** When the last good answer arrived, milliseconds since the epoch; null before one. */
  lastOk: number | null;
}

export interface FleetState extends FleetTableState {
  screen: FleetScreen;
  hosts: FleetHost[];
  status: FleetStatus;
  /** Problems of some queries while others worked. */
  warnings: string[];
  /** Selected row index in the ordered, filtered list; the selected instance is followed across refreshes. */
  selected: number;
  selectedInstance: string | null;
  scroll: number;
  /** Rows the table can show (set by the adapter on resize). */
  height: number;
  /** The `o` / `/` prompt while typing; null when closed. */
  prompt: string | null;
  /** The host screen's data and its state. */
  detail: FleetHostDetail | null;
  detailInstance: string | null;
  detailError: string | null;
  /** The help overlay. */
  help: boolean;
  /** Seconds between refreshes. */
  delay: number;
  /** One-line note (a bad filter, a key without meaning here). */
  message: string;
}

export type FleetAction =
  | { type: 'key'; ch?: string; name?: string }
  | { type: 'fleet-loaded'; hosts: FleetHost[]; warnings: string[]; at: number }
  | { type: 'fleet-failed'; message: string; at: number }
  | { type: 'detail-loaded'; detail: FleetHostDetail }
  | { type: 'detail-failed'; instance: string; message: string }
  | { type: 'tick' }
  | { type: 'resize'; height: number };

export type FleetEffect =
  | { type: 'fetch-fleet' }
  | { type: 'fetch-detail'; instance: string }
  | { type: 'quit'; code: number };

export interface FleetUpdate {
  state: FleetState;
  effects: FleetEffect[];
}

/** What the controller needs besides the state: the field registry and a formatting context. */
export interface FleetEnv {
  reg: FieldRegistry<FleetHost>;
  ctx: FormatContext;
}

export function initialFleetState(o: Partial<FleetState> & Pick<FleetState, 'columns' | 'sortKey' | 'sortDesc'>): FleetState {
  return {
    screen: 'table', hosts: [], filters: [], status: { kind: 'loading', text: 'asking Prometheus...', lastOk: null }, warnings: [],
    selected: 0, selectedInstance: null, scroll: 0, height: 20, prompt: null, detail: null, detailInstance: null,
    detailError: null, help: false, delay: 2, message: '', ...o,
  };
}

/** The hosts in display order (filters and sort applied). */
export function visibleHosts(s: FleetState, env: FleetEnv): FleetHost[] {
  return orderHosts(s.hosts, s, env.reg, env.ctx);
}

/** Keep the selection on the same instance after the rows changed, else clamp it. */
function reselect(s: FleetState, env: FleetEnv): FleetState {
  const rows = visibleHosts(s, env);
  let selected = s.selectedInstance === null ? s.selected : rows.findIndex((h) => h.instance === s.selectedInstance);
  if (selected < 0) selected = s.selected;
  selected = clamp(selected, 0, Math.max(0, rows.length - 1));
  return {
    ...s, selected, selectedInstance: rows[selected]?.instance ?? null,
    scroll: scrollFor(selected, s.scroll, rows.length, s.height),
  };
}

function move(s: FleetState, env: FleetEnv, to: (cur: number, count: number) => number): FleetState {
  const rows = visibleHosts(s, env);
  const selected = clamp(to(s.selected, rows.length), 0, Math.max(0, rows.length - 1));
  return { ...s, selected, selectedInstance: rows[selected]?.instance ?? null, scroll: scrollFor(selected, s.scroll, rows.length, s.height) };
}

/** Sort by the field with this hotkey: a new column starts in its own direction; the same column stays. */
function sortByField(s: FleetState, env: FleetEnv, key: string): FleetState {
  const f = env.reg.find(key);
  if (!f) return s;
  if (s.sortKey === f.key) return s;
  return reselect({ ...s, sortKey: f.key, sortDesc: f.descByDefault }, env);
}

/** `<` / `>`: the sort moves to the visible column on the left / right. */
function shiftSort(s: FleetState, env: FleetEnv, delta: -1 | 1): FleetState {
  const i = s.columns.indexOf(s.sortKey);
  const j = clamp((i < 0 ? 0 : i) + delta, 0, s.columns.length - 1);
  const f = env.reg.find(s.columns[j]!);
  return f ? reselect({ ...s, sortKey: f.key, sortDesc: f.descByDefault }, env) : s;
}

function isField(env: FleetEnv, name: string): boolean {
  // Target labels (dc, env) filter too; any identifier counts as a field name.
  return env.reg.find(name) !== undefined || /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}

function promptKey(s: FleetState, env: FleetEnv, ch: string | undefined, name: string | undefined): FleetUpdate {
  const text = s.prompt ?? '';
  if (name === 'escape') return { state: { ...s, prompt: null }, effects: [] };
  if (name === 'enter' || name === 'return') {
    const f = parseFilter(text, (n) => isField(env, n));
    const filters: ProcessFilter[] = f ? [...s.filters, f] : s.filters;
    return { state: reselect({ ...s, prompt: null, filters, message: f ? `filter: ${filters.map(formatFilter).join(' ')}` : '' }, env), effects: [] };
  }
  if (name === 'backspace') return { state: { ...s, prompt: text.slice(0, -1) }, effects: [] };
  if (ch !== undefined && ch.length === 1 && ch >= ' ' && ch !== '\x7f') return { state: { ...s, prompt: text + ch }, effects: [] };
  return { state: s, effects: [] };
}

function key(s: FleetState, env: FleetEnv, ch: string | undefined, name: string | undefined): FleetUpdate {
  const none = (state: FleetState): FleetUpdate => ({ state, effects: [] });
  if (name === 'C-c') return { state: s, effects: [{ type: 'quit', code: 0 }] };
  if (s.prompt !== null) return promptKey(s, env, ch, name);
  if (s.help) return none({ ...s, help: false });
  if (ch === 'q') return { state: s, effects: [{ type: 'quit', code: 0 }] };
  if (ch === 'h' || ch === '?') return none({ ...s, help: true });
  if (s.screen === 'host') {
    if (name === 'escape' || name === 'backspace' || ch === 'b') return none({ ...s, screen: 'table', detail: null, detailInstance: null, detailError: null });
    if (ch === ' ' || name === 'f5') return { state: s, effects: [{ type: 'fetch-detail', instance: s.detailInstance! }] };
    return none(s);
  }
  const hot = env.reg.fields.find((f) => f.hotkey !== undefined && f.hotkey === ch);
  if (hot) return none(sortByField(s, env, hot.key));
  switch (ch) {
    case 'R':
      return none(reselect({ ...s, sortDesc: !s.sortDesc }, env));
    case '<':
    case ',':
      return none(shiftSort(s, env, -1));
    case '>':
    case '.':
      return none(shiftSort(s, env, 1));
    case 'o':
    case 'O':
    case '/':
      return none({ ...s, prompt: '' });
    case '=':
      return none(reselect({ ...s, filters: [], message: 'filters cleared' }, env));
    case ' ':
      return { state: s, effects: [{ type: 'fetch-fleet' }] };
    case 'k':
      return none(move(s, env, (c) => c - 1));
    case 'j':
      return none(move(s, env, (c) => c + 1));
    default:
  }
  switch (name) {
    case 'up':
      return none(move(s, env, (c) => c - 1));
    case 'down':
      return none(move(s, env, (c) => c + 1));
    case 'pageup':
      return none(move(s, env, (c) => c - Math.max(1, s.height - 1)));
    case 'pagedown':
      return none(move(s, env, (c) => c + Math.max(1, s.height - 1)));
    case 'home':
      return none(move(s, env, () => 0));
    case 'end':
      return none(move(s, env, (_c, n) => n - 1));
    case 'enter':
    case 'return': {
      const h = visibleHosts(s, env)[s.selected];
      if (!h) return none({ ...s, message: 'no host selected' });
      return {
        state: { ...s, screen: 'host', detail: null, detailInstance: h.instance, detailError: null },
        effects: [{ type: 'fetch-detail', instance: h.instance }],
      };
    }
    case 'f5':
      return { state: s, effects: [{ type: 'fetch-fleet' }] };
    default:
      return none(s);
  }
}

/** One step of the fleet screen. */
export function update(s: FleetState, action: FleetAction, env: FleetEnv): FleetUpdate {
  switch (action.type) {
    case 'key':
      return key(s, env, action.ch, action.name);
    case 'tick': {
      const effects: FleetEffect[] = [{ type: 'fetch-fleet' }];
      if (s.screen === 'host' && s.detailInstance !== null) effects.push({ type: 'fetch-detail', instance: s.detailInstance });
      return { state: s, effects };
    }
    case 'resize':
      return { state: reselect({ ...s, height: Math.max(1, action.height) }, env), effects: [] };
    case 'fleet-loaded': {
      const down = action.hosts.filter((h) => h.up !== true).length;
      const text = `${action.hosts.length} host${action.hosts.length === 1 ? '' : 's'}${down ? ` (${down} not up)` : ''}`;
      return {
        state: reselect({ ...s, hosts: action.hosts, warnings: action.warnings, status: { kind: 'ok', text, lastOk: action.at } }, env),
        effects: [],
      };
    }
    case 'fleet-failed':
      // The last good rows stay: a slow or dead server is a status, not an empty screen.
      return { state: { ...s, status: { kind: 'error', text: action.message, lastOk: s.status.lastOk } }, effects: [] };
    case 'detail-loaded':
      if (s.screen !== 'host' || action.detail.instance !== s.detailInstance) return { state: s, effects: [] };
      return { state: { ...s, detail: action.detail, detailError: null }, effects: [] };
    case 'detail-failed':
      if (s.screen !== 'host' || action.instance !== s.detailInstance) return { state: s, effects: [] };
      return { state: { ...s, detailError: action.message }, effects: [] };
    default:
      return { state: s, effects: [] };
  }
}

/** The keys, for the help overlay and docs/fleet.md. */
export const FLEET_HELP: ReadonlyArray<[string, string]> = [
  ['Up/Down j/k PgUp/PgDn Home/End', 'move the selection'],
  ['Enter', 'open the selected host: history over the last hour and its top processes'],
  ['Esc (on a host)', 'back to the fleet'],
  ['P M N T', 'sort by %CPU, %MEM, instance, scrape age'],
  ['< >', 'sort by the column to the left / right'],
  ['R', 'reverse the sort'],
  ['o /', 'add a filter: text, FIELD=text, FIELD>n, FIELD<n, !negated, label=value'],
  ['=', 'clear the filters'],
  ['Space', 'refresh now'],
  ['h ?', 'this help'],
  ['q', 'quit'],
];
