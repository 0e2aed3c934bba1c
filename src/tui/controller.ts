import type { ProcessDetails } from '../core/process-details.js';
import type { ProcessRow } from '../core/process.js';
import type { Field, FieldRegistry } from '../fields/registry.js';
import { escapeForTui } from '../format/escape.js';
import { configFromState, type DashboardConfig } from './config.js';
import { renderDetails, type DetailsRender } from './details-view.js';
import { chooserKey, type ChooserKey, type ChooserState } from './field-chooser-view.js';
import type { Action, Keymap } from './keymap.js';
import { layout, type Layout } from './layout.js';
import { mainView, type MainFrame, type MainView } from './main-views.js';
import { chartWindow } from './chart-view.js';
import type { Moment } from './moment.js';
import { columnAt, moveSortColumn, normalizeState, sortField, visibleFields } from './process-view.js';
import type { HostInfo } from './summary-view.js';
import type { Theme } from './theme.js';
import {
  clamp, cycleView, formatFilter, moveSelection, parseFilter, selectRow, sortBy, type DashboardView, type ViewState,
} from './view-state.js';

/**
 * The dashboard's logic as a pure function: {@link reduce} takes the state and one input (a key, a click, a
 * new moment, a resize, the outcome of an effect) and returns the next state and the effects to run (send a
 * signal, change the delay, read a process's details, quit). No terminal, no /proc, no clock: the app runs
 * the effects and feeds their outcomes back as inputs, and tests drive every key in milliseconds.
 */

/** What covers the screen above the status line. */
export type Overlay = 'none' | 'help' | 'details' | 'fields';

/** What a prompt on the status line is for; `pid`/`comm`/`nice` name the process it acts on. */
export interface Prompt {
  kind: 'filter' | 'user' | 'kill' | 'renice' | 'delay' | 'time';
  label: string;
  value: string;
  pid?: number;
  nice?: number;
}

/** The details screen of one process. */
export interface DetailsState {
  pid: number;
  data: ProcessDetails;
  /** When the details were read, ms since the epoch ("started 5m ago"). */
  readAt: number;
  render: DetailsRender;
  /** First line shown. */
  scroll: number;
}

/** Everything the dashboard shows and remembers. Treat as immutable. */
export interface DashState {
  /** Sort, columns, filters, toggles, selection, delay (what `W` writes). */
  view: ViewState;
  overlay: Overlay;
  prompt: Prompt | null;
  /** Status-line message ('' for none); the next key clears it. */
  message: string;
  messageIsError: boolean;
  chooser: ChooserState;
  details: DetailsState | null;
  /** First row shown, per view without a selection (filesystems, mounts...). */
  listScroll: Readonly<Record<string, number>>;
  /** Terminal size, character cells. */
  width: number;
  height: number;
  /** What is on screen; null until the first snapshot. */
  moment: Moment | null;
  host: HostInfo;
  /** Space: the store takes no new snapshots. */
  frozen: boolean;
  /** The main view as drawn for the current moment and state (derived; the keys and the mouse read it). */
  frame: MainFrame | null;
  /** Key of the process fields last asked for (so they are asked for again only when they change). */
  needsKey: string;
  /** The exit status once the user quit. */
  quit: number | null;
}

/** What the controller is given besides the state; fixed for the life of the dashboard. */
export interface ControllerContext {
  reg: FieldRegistry<ProcessRow>;
  keymap: Keymap;
  theme: Theme;
  views: readonly MainView[];
  /** The collector can list threads (`H`). */
  canThreads: boolean;
  /** A timeline is attached: `{` and `}` step through stored moments. */
  canStep: boolean;
}

/** The result of an effect that can fail, fed back as an `outcome` input. */
export type Outcome = { ok: true; detail?: string } | { ok: false; message: string };

/** What the app must do. */
export type Effect =
  | { type: 'quit'; code: number }
  | { type: 'kill'; pid: number; signal: string }
  | { type: 'renice'; pid: number; nice: number }
  | { type: 'set-delay'; seconds: number }
  | { type: 'set-fields'; fields: Field<ProcessRow>[] }
  | { type: 'set-view'; view: DashboardView }
  | { type: 'set-threads'; on: boolean }
  /** Inside a limited cgroup: switch between the cgroup's limits and the host's totals. */
  | { type: 'host-totals' }
  | { type: 'write-config'; config: DashboardConfig }
  | { type: 'freeze'; on: boolean }
  | { type: 'load-details'; pid: number }
  | { type: 'step'; delta: number }
  | { type: 'goto'; text: string }
  | { type: 'speed'; factor: number }
  | { type: 'redraw' };

/** A key as the terminal reports it: the typed character (if any) and blessed's full key name. */
export interface KeyInput {
  type: 'key';
  ch?: string;
  name: string;
}

/** Everything that can happen to the dashboard. */
export type Input =
  /** Ask for the process fields and the view's families (once, at start). */
  | { type: 'init' }
  | KeyInput
  | { type: 'mouse'; action: string; x: number; y: number }
  | { type: 'moment'; moment: Moment; host?: HostInfo }
  | { type: 'resize'; width: number; height: number }
  | { type: 'details'; pid: number; data: ProcessDetails | null; now: number }
  | { type: 'outcome'; of: Effect; outcome: Outcome }
  | { type: 'say'; text: string; error?: boolean };

/** The state at start. `messages` go on the status line (config problems). */
export function initialDashState(
  view: ViewState,
  ctx: ControllerContext,
  opts: { width: number; height: number; messages?: readonly string[]; host?: HostInfo },
): DashState {
  const message = (opts.messages ?? []).join('; ');
  return {
    view: normalizeState(view, ctx.reg),
    overlay: 'none',
    prompt: null,
    message,
    messageIsError: message !== '',
    chooser: { cursor: 0, moving: false },
    details: null,
    listScroll: {},
    width: opts.width,
    height: opts.height,
    moment: null,
    host: opts.host ?? { hostname: '', users: null },
    frozen: false,
    frame: null,
    needsKey: '',
    quit: null,
  };
}

/** Where the panels go for this state. */
export function layoutOf(s: DashState): Layout {
  const snap = s.moment?.snapshot;
  const cpuCount = snap ? Math.max(snap.stat.perCpu.length, 1) : 1;
  return layout({ width: s.width, height: s.height, cpuCount, perCpu: s.view.perCpu, panels: s.view.panels });
}

/** The process fields the screen needs (shown, sorted on, filtered on), so a tick reads only their files. */
export function neededFields(state: ViewState, reg: FieldRegistry<ProcessRow>): Field<ProcessRow>[] {
  const out = new Set(visibleFields(state, reg));
  const s = sortField(state, reg);
  if (s) out.add(s);
  for (const f of state.filters) {
    const field = f.field === null ? reg.find('args') : reg.find(f.field);
    if (field) out.add(field);
  }
  if (state.userFilter !== null) {
    const u = reg.find('user');
    if (u) out.add(u);
  }
  return [...out];
}

/** Actions that work on the details screen (the rest are ignored there). */
const DETAILS_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'up', 'down', 'page-up', 'page-down', 'half-page-up', 'half-page-down', 'home', 'end', 'back', 'quit', 'help',
  'refresh', 'kill', 'renice', 'nice-minus', 'nice-plus', 'freeze',
]);

const CHOOSER_KEYS: Readonly<Record<string, ChooserKey>> = {
  'chooser-up': 'up', 'chooser-down': 'down', 'chooser-toggle': 'toggle', 'chooser-sort': 'sort',
  'chooser-pick': 'pick', 'chooser-drop': 'drop',
};

/** A quit key that is not a typed letter (Ctrl-C, F10): it quits from help, details and the chooser too. */
function hardQuit(action: Action | undefined, ch: string | undefined): boolean {
  return action === 'quit' && !(ch !== undefined && ch.length === 1 && ch >= ' ' && ch !== '\x7f');
}

/** One step of the dashboard. Pure: `s` is not changed. */
export function reduce(s: DashState, input: Input, ctx: ControllerContext): { state: DashState; effects: Effect[] } {
  const r = new Step(s, ctx);
  r.handle(input);
  return r.finish(s);
}

/** The working copy of one reduce call. */
class Step {
  d: DashState;
  readonly effects: Effect[] = [];

  constructor(s: DashState, readonly ctx: ControllerContext) {
    this.d = { ...s };
  }

  emit(e: Effect): void {
    this.effects.push(e);
  }

  say(text: string, isError = false): void {
    this.d.message = text;
    this.d.messageIsError = isError;
  }

  setView(v: ViewState): void {
    this.d.view = v;
  }

  handle(input: Input): void {
    const d = this.d;
    if (d.quit !== null) return;
    switch (input.type) {
      case 'init':
        this.emit({ type: 'set-view', view: d.view.view });
        return;
      case 'key':
        this.key(input.ch, input.name);
        return;
      case 'mouse':
        this.mouse(input.action, input.x, input.y);
        return;
      case 'moment':
        d.moment = input.moment;
        if (input.host) d.host = input.host;
        // Live details: read them again (a process that exited closes the screen).
        if (d.overlay === 'details' && d.details) this.emit({ type: 'load-details', pid: d.details.pid });
        return;
      case 'resize':
        d.width = Math.max(0, input.width);
        d.height = Math.max(0, input.height);
        if (d.details) d.details = this.drawDetails(d.details.pid, d.details.data, d.details.readAt, d.details.scroll);
        return;
      case 'details':
        this.detailsRead(input.pid, input.data, input.now);
        return;
      case 'outcome':
        this.outcome(input.of, input.outcome);
        return;
      case 'say':
        this.say(input.text, input.error ?? false);
        return;
    }
  }

  /** Bring the derived parts up to date and list what the collector must be told. */
  finish(before: DashState): { state: DashState; effects: Effect[] } {
    const d = this.d;
    if (d.quit === null) {
      this.derive();
      const fields = neededFields(d.view, this.ctx.reg);
      const key = fields.map((f) => f.key).sort().join(',');
      if (key !== d.needsKey) {
        d.needsKey = key;
        this.emit({ type: 'set-fields', fields });
      }
      if (before.view.view !== d.view.view) this.emit({ type: 'set-view', view: d.view.view });
    }
    return { state: d, effects: this.effects };
  }

  /** Draw the main view for the current moment; the process view brings the selection in range. */
  derive(): void {
    const d = this.d;
    if (!d.moment) {
      d.frame = null;
      return;
    }
    const main = layoutOf(d).main;
    const view = mainView(d.view.view, this.ctx.views);
    const frame = view.render({
      moment: d.moment,
      state: d.view,
      scroll: d.listScroll[view.id] ?? 0,
      width: main.width,
      height: main.height,
      theme: this.ctx.theme,
      reg: this.ctx.reg,
    });
    d.frame = frame;
    if (frame.table) d.view = frame.table.state;
    else if ((d.listScroll[view.id] ?? 0) !== frame.scroll) d.listScroll = { ...d.listScroll, [view.id]: frame.scroll };
  }

  key(ch: string | undefined, name: string): void {
    const d = this.d;
    const km = this.ctx.keymap;
    if (d.prompt) {
      this.promptKey(ch, name);
      return;
    }
    if (d.overlay === 'help') {
      d.overlay = 'none';
      if (hardQuit(km.actionFor(ch, name), ch)) this.quit(0);
      return;
    }
    if (d.overlay === 'fields') {
      const a = km.actionFor(ch, name, 'chooser');
      const ck = a === undefined ? undefined : CHOOSER_KEYS[a];
      if (ck) {
        const r = chooserKey(d.view, d.chooser, this.ctx.reg, ck);
        this.setView(normalizeState(r.state, this.ctx.reg));
        d.chooser = r.chooser;
      } else if (a === 'chooser-close') d.overlay = 'none';
      else if (hardQuit(km.actionFor(ch, name), ch)) this.quit(0);
      return;
    }
    const action = km.actionFor(ch, name);
    if (action === undefined) return;
    if (d.overlay === 'details') {
      // In details: moving scrolls, Tab jumps between sections, Esc or q returns.
      if (action === 'quit' && !hardQuit(action, ch)) this.action('back');
      else if (action === 'next-view' || action === 'prev-view') this.jumpSection(action === 'next-view' ? 1 : -1);
      else if (DETAILS_ACTIONS.has(action)) this.action(action);
      return;
    }
    if (d.message !== '' && action !== 'freeze') d.message = '';
    this.action(action);
  }

  promptKey(ch: string | undefined, name: string): void {
    const d = this.d;
    const p = d.prompt!;
    if (name === 'enter' || name === 'return') {
      d.prompt = null;
      this.submit(p);
    } else if (name === 'C-c') {
      // Ctrl-C quits from anywhere, as in top and htop; Esc is the way out of a prompt.
      this.quit(0);
    } else if (name === 'escape') {
      d.prompt = null;
      this.say('');
    } else if (name === 'backspace') {
      d.prompt = { ...p, value: p.value.slice(0, -1) };
    } else if (name === 'C-u') {
      d.prompt = { ...p, value: '' };
    } else if (ch !== undefined && ch.length === 1 && ch >= ' ' && ch !== '\x7f') {
      d.prompt = { ...p, value: p.value + ch };
    }
  }

  submit(p: Prompt): void {
    const d = this.d;
    const reg = this.ctx.reg;
    const v = p.value;
    switch (p.kind) {
      case 'filter': {
        if (v.trim() === '') {
          this.setView({ ...d.view, filters: [] });
          this.say('filters cleared');
          return;
        }
        const f = parseFilter(v, (n) => reg.find(n) !== undefined);
        if (f) {
          this.setView({ ...d.view, filters: [...d.view.filters, f], selected: 0, selectedPid: null });
          this.say(`filter ${formatFilter(f)} (= clears)`);
        }
        return;
      }
      case 'user':
        this.setView({ ...d.view, userFilter: v.trim() === '' ? null : v.trim(), selected: 0, selectedPid: null });
        return;
      case 'kill': {
        const sig = v.trim() === '' ? 'TERM' : v.trim();
        this.emit({ type: 'kill', pid: p.pid!, signal: sig });
        return;
      }
      case 'renice': {
        const n = Number(v.trim());
        if (v.trim() === '' || !Number.isInteger(n)) {
          this.say(`renice: '${v}' is not a whole number`, true);
          return;
        }
        this.emit({ type: 'renice', pid: p.pid!, nice: n });
        return;
      }
      case 'time':
        if (v.trim() !== '') this.emit({ type: 'goto', text: v.trim() });
        return;
      case 'delay': {
        const n = Number(v.trim());
        if (!(n > 0) || !Number.isFinite(n)) {
          this.say(`delay: '${v}' is not a positive number of seconds`, true);
          return;
        }
        this.setView({ ...d.view, delay: n });
        this.emit({ type: 'set-delay', seconds: n });
        this.say(`delay ${n} s`);
        return;
      }
    }
  }

  outcome(of: Effect, o: Outcome): void {
    if (of.type === 'kill') {
      if (o.ok) this.say(`sent SIG${of.signal.toUpperCase().replace(/^SIG/, '')} to ${of.pid}`);
      else this.say(`kill ${of.pid}: ${o.message}`, true);
    } else if (of.type === 'renice') {
      if (o.ok) this.say(`pid ${of.pid} nice ${of.nice}`);
      else this.say(`renice ${of.pid}: ${o.message}`, true);
    } else if (of.type === 'write-config') {
      if (o.ok) this.say(`wrote ${o.detail ?? 'the configuration'}`);
      else this.say(`W: ${o.message}`, true);
    } else if (!o.ok) this.say(o.message, true);
  }

  quit(code: number): void {
    this.d.quit = code;
    this.emit({ type: 'quit', code });
  }

  selectedRow(): ProcessRow | null {
    const t = this.d.frame?.table;
    if (!t) return null;
    return t.ordered[t.state.selected]?.row ?? null;
  }

  withSelected(what: string, fn: (row: ProcessRow) => void): void {
    if (this.d.view.grouped && this.d.frame?.table) {
      // A grouped row stands for several processes: signals and details need one (b ungroups).
      this.say(`${what}: rows are grouped by name; press b for one row per process`, true);
      return;
    }
    const row = this.selectedRow();
    if (!row) {
      this.say(`${what}: no process selected`, true);
      return;
    }
    fn(row);
  }

  openPrompt(p: Omit<Prompt, 'value'>, value = ''): void {
    this.d.prompt = { ...p, value };
  }

  bodyHeight(): number {
    return Math.max(1, layoutOf(this.d).main.height - 1);
  }

  move(delta: number, absolute = false): void {
    const d = this.d;
    if (d.overlay === 'details' && d.details) {
      const det = d.details;
      const h = Math.max(1, d.height - 1);
      let scroll = absolute ? (delta < 0 ? 0 : det.render.lines.length) : det.scroll + delta;
      scroll = clamp(scroll, 0, Math.max(0, det.render.lines.length - h));
      d.details = { ...det, scroll };
      return;
    }
    const count = d.frame?.count ?? 0;
    if (!d.frame?.table) {
      const id = d.view.view;
      const cur = d.listScroll[id] ?? 0;
      d.listScroll = { ...d.listScroll, [id]: absolute ? (delta < 0 ? 0 : count) : Math.max(0, cur + delta) };
      return;
    }
    this.setView(absolute
      ? selectRow(d.view, delta < 0 ? 0 : count - 1, count, this.bodyHeight())
      : moveSelection(d.view, delta, count, this.bodyHeight()));
  }

  drawDetails(pid: number, data: ProcessDetails, readAt: number, scroll: number): DetailsState {
    const width = Math.max(20, this.d.width - 1);
    return { pid, data, readAt, render: renderDetails(data, width, { now: readAt, theme: this.ctx.theme }), scroll };
  }

  detailsRead(pid: number, data: ProcessDetails | null, now: number): void {
    const d = this.d;
    if (!data) {
      this.say(`process ${pid} is gone`, true);
      if (d.details?.pid === pid) {
        d.overlay = 'none';
        d.details = null;
      }
      return;
    }
    const keep = d.details && d.details.pid === pid ? d.details.scroll : 0;
    d.details = this.drawDetails(pid, data, now, keep);
    // Scroll stays in range when the details shrank.
    const h = Math.max(1, d.height - 1);
    d.details = { ...d.details, scroll: clamp(d.details.scroll, 0, Math.max(0, d.details.render.lines.length - h)) };
    d.overlay = 'details';
  }

  jumpSection(delta: 1 | -1): void {
    const det = this.d.details;
    if (!det) return;
    const starts = det.render.sections.map((x) => x.line);
    const cur = det.scroll;
    const next = delta > 0 ? starts.find((l) => l > cur) : [...starts].reverse().find((l) => l < cur);
    if (next !== undefined) this.d.details = { ...det, scroll: next };
  }

  mouse(action: string, mx: number, my: number): void {
    const d = this.d;
    if (action === 'mousedown' && this.ctx.canStep && !d.prompt && d.overlay === 'none' && this.chartClick(mx, my)) return;
    const table = d.frame?.table;
    if (d.prompt || d.overlay !== 'none' || !table) return;
    const rect = layoutOf(d).main;
    const y = my - rect.top;
    const x = mx - rect.left;
    if (action === 'wheelup' || action === 'wheeldown') {
      this.move(action === 'wheelup' ? -3 : 3);
    } else if (action === 'mousedown') {
      if (y < 0 || y >= rect.height) return;
      if (y === 0) {
        const col = columnAt(table.columns, x);
        if (col) this.setView(sortBy(d.view, col.field.key, col.field.descByDefault, true));
      } else {
        const index = table.state.scroll + y - 1;
        if (index < table.ordered.length) this.setView(selectRow(d.view, index, table.ordered.length, this.bodyHeight()));
      }
    }
  }

  /**
   * A click in the CPU or memory history chart goes to that moment: each column is one sample, the moment
   * shown sits where chartWindow puts it (rightmost live; mid-chart in a replay, with later samples to its
   * right), so a click left of it steps back and right of it forward.
   */
  chartClick(mx: number, my: number): boolean {
    const L = layoutOf(this.d);
    for (const r of [L.cpuChart, L.memoryChart]) {
      if (!r || mx < r.left || mx >= r.left + r.width || my < r.top || my >= r.top + r.height) continue;
      const history = this.d.moment?.history;
      const cursor = history ? chartWindow(history.series('cpu').length, r.width, history.ahead ?? 0).cursor : r.width - 1;
      const delta = mx - r.left - cursor;
      if (delta !== 0) this.emit({ type: 'step', delta });
      return true;
    }
    return false;
  }

  action(action: Action): void {
    const d = this.d;
    const reg = this.ctx.reg;
    if (action.startsWith('panel:')) {
      const id = action.slice(6);
      const shown = d.view.panels.includes(id);
      this.setView({ ...d.view, panels: shown ? d.view.panels.filter((p) => p !== id) : [...d.view.panels, id] });
      this.say(`${id} panel ${shown ? 'hidden' : 'shown'}`);
      return;
    }
    if (action.startsWith('sort:')) {
      const f = reg.find(action.slice(5));
      if (f) this.setView({ ...d.view, sortKey: f.key, sortDesc: f.descByDefault });
      return;
    }
    switch (action) {
      case 'quit':
        this.quit(0);
        return;
      case 'back':
        if (d.overlay !== 'none') {
          d.overlay = 'none';
          d.details = null;
        } else d.message = '';
        return;
      case 'help':
        d.overlay = 'help';
        return;
      case 'reverse':
        this.setView({ ...d.view, sortDesc: !d.view.sortDesc });
        return;
      case 'sort-left':
      case 'sort-right':
        this.setView(moveSortColumn(d.view, reg, action === 'sort-left' ? -1 : 1));
        return;
      case 'fields':
        d.overlay = 'fields';
        d.chooser = { cursor: 0, moving: false };
        return;
      case 'filter':
        this.openPrompt({ kind: 'filter', label: 'filter (FIELD=text, FIELD>n, !negates, text matches command; empty clears): ' });
        return;
      case 'clear-filters':
        this.setView({ ...d.view, filters: [], userFilter: null });
        this.say('filters cleared');
        return;
      case 'user':
        this.openPrompt({ kind: 'user', label: 'show user (name or uid, !name excludes; empty shows all): ' }, d.view.userFilter ?? '');
        return;
      case 'kill':
        this.withSelected('kill', (row) =>
          this.openPrompt({ kind: 'kill', label: `send pid ${row.pid} (${escapeForTui(row.comm)}) signal [TERM]: `, pid: row.pid }));
        return;
      case 'renice':
        this.withSelected('renice', (row) =>
          this.openPrompt({ kind: 'renice', label: `renice pid ${row.pid} (${escapeForTui(row.comm)}, nice ${row.nice}) to: `, pid: row.pid, nice: row.nice }));
        return;
      case 'nice-minus':
      case 'nice-plus':
        this.withSelected('renice', (row) => this.emit({ type: 'renice', pid: row.pid, nice: row.nice + (action === 'nice-plus' ? 1 : -1) }));
        return;
      case 'tree':
        this.setView({ ...d.view, tree: !d.view.tree });
        return;
      case 'threads':
        if (!this.ctx.canThreads) {
          this.say('thread view: the process collector cannot list threads yet', true);
          return;
        }
        this.setView({ ...d.view, threads: !d.view.threads });
        this.emit({ type: 'set-threads', on: d.view.threads });
        this.say(d.view.threads ? 'one row per thread' : 'one row per process');
        return;
      case 'per-cpu':
        this.setView({ ...d.view, perCpu: !d.view.perCpu });
        return;
      case 'full-command':
        this.setView({ ...d.view, fullCommand: !d.view.fullCommand });
        return;
      case 'idle':
        this.setView({ ...d.view, hideIdle: !d.view.hideIdle });
        return;
      case 'group':
        this.setView({ ...d.view, grouped: !d.view.grouped, selectedPid: null, selected: 0 });
        this.say(d.view.grouped ? 'one row per command name (b: one per process)' : 'one row per process');
        return;
      case 'delay':
        this.openPrompt({ kind: 'delay', label: `change delay from ${d.view.delay} to: ` });
        return;
      case 'host-totals':
        this.emit({ type: 'host-totals' });
        return;
      case 'freeze':
        d.frozen = !d.frozen;
        this.emit({ type: 'freeze', on: d.frozen });
        this.say(d.frozen ? 'frozen (space thaws)' : '');
        return;
      case 'write-config':
        this.emit({ type: 'write-config', config: configFromState(d.view) });
        return;
      case 'next-view':
      case 'prev-view':
        this.setView(cycleView(d.view, action === 'next-view' ? 1 : -1, this.ctx.views.map((v) => v.id)));
        return;
      case 'older':
      case 'newer':
        if (!this.ctx.canStep) this.say('older / newer: the live view has no stored moments to step through', true);
        else this.emit({ type: 'step', delta: action === 'older' ? -1 : 1 });
        return;
      case 'goto-time':
        if (!this.ctx.canStep) this.say('go to time: no recorded history to travel in', true);
        else this.openPrompt({ kind: 'time', label: 'go to time (10 min ago, 03:00, yesterday 14:30, ISO): ' });
        return;
      case 'slower':
      case 'faster':
        if (!this.ctx.canStep) this.say('speed: only a replay plays', true);
        else this.emit({ type: 'speed', factor: action === 'faster' ? 2 : 0.5 });
        return;
      case 'details':
        if (d.frame?.enterFilter) {
          // A view of groups (containers, pods): Enter shows their processes.
          const f = d.frame.enterFilter;
          const others = d.view.filters.filter((x) => x.field !== 'container' && x.field !== 'pod' && x.field !== 'unit');
          this.setView({ ...d.view, view: 'processes', filters: [...others, f], selected: 0, selectedPid: null, scroll: 0 });
          this.say(`filter ${formatFilter(f)} (= clears)`);
          return;
        }
        this.withSelected('details', (row) => this.emit({ type: 'load-details', pid: row.pid }));
        return;
      case 'up':
        this.move(-1);
        return;
      case 'down':
        this.move(1);
        return;
      case 'page-up':
        this.move(-this.pageHeight());
        return;
      case 'page-down':
        this.move(this.pageHeight());
        return;
      case 'half-page-up':
        this.move(-Math.max(1, Math.floor(this.pageHeight() / 2)));
        return;
      case 'half-page-down':
        this.move(Math.max(1, Math.floor(this.pageHeight() / 2)));
        return;
      case 'home':
        this.move(-1, true);
        return;
      case 'end':
        this.move(1, true);
        return;
      case 'refresh':
        this.emit({ type: 'redraw' });
        return;
      case 'rotate-panels':
        if (d.view.panels.length > 1) this.setView({ ...d.view, panels: [...d.view.panels.slice(1), d.view.panels[0]!] });
        return;
    }
  }

  /** Rows a page key moves: the table's body, or the details screen. */
  pageHeight(): number {
    return this.d.overlay === 'details' ? Math.max(1, this.d.height - 1) : this.bodyHeight();
  }
}
