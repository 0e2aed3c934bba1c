import blessed from 'blessed';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ProcessDetails } from '../core/process-details.js';
import type { ProcessRow } from '../core/process.js';
import type { Snapshot } from '../core/snapshot.js';
import { fsFields, fsFormatContext } from '../fields/fs-fields.js';
import { processFields } from '../fields/process-fields.js';
import type { Field } from '../fields/registry.js';
import { escapeForTui } from '../format/escape.js';
import type { MetricsStore } from '../store/metrics-store.js';
import { titledChart } from './chart-view.js';
import { configFromState, type DashboardConfig } from './config.js';
import { renderDetails, type DetailsRender } from './details-view.js';
import { chooserKey, chooserLines, type ChooserKey, type ChooserState } from './field-chooser-view.js';
import { dfRows, fieldTable, mountsTable, type ListView } from './fs-view.js';
import { actionFor, helpLines, type Action } from './keymap.js';
import { layout, type Rect } from './layout.js';
import {
  columnAt, moveSortColumn, normalizeState, processTable, sortByHotkey, sortField, visibleFields, type ProcessTable,
} from './process-view.js';
import { cpuMeters, headerLines, memoryMeters, type HostInfo } from './summary-view.js';
import { toLegacyTerminfo } from './terminfo.js';
import { asciiOnly, themeFor, type Theme } from './theme.js';
import {
  clamp, cycleView, formatFilter, moveSelection, parseFilter, selectRow, sortBy, type DashboardView, type ViewState,
} from './view-state.js';

/** Outcome of a kill or renice: done, or a short reason for the status line. */
export type ActionOutcome = { ok: true } | { ok: false; message: string };

/**
 * What the dashboard is handed by the CLI (dependency injection: the TUI never reads /proc or files itself).
 */
export interface DashboardDeps {
  /** Newest snapshot and history; the app only reads it (and freezes it with space). */
  store: MetricsStore;
  /** Call `fn` after every tick (the scheduler's onSnapshot); returns an unsubscribe function. */
  subscribe(fn: (s: Snapshot) => void): () => void;
  /** Host name and logged-in users, asked once per tick. */
  host(): HostInfo;
  /** Send a signal (name or number) to a pid. */
  kill(pid: number, signal: string): ActionOutcome;
  /** Set the nice value of a pid. */
  renice(pid: number, nice: number): ActionOutcome;
  /** Everything about one process, read now; null when it is gone. */
  details(pid: number): ProcessDetails | null;
  /** Change the refresh delay, seconds. */
  setDelay(seconds: number): void;
  /** The process fields the screen needs (shown, sorted on, filtered on), so a tick reads only their files. */
  setProcessFields(fields: readonly Field<ProcessRow>[]): void;
  /** The view on screen changed: collect the families it shows (filesystems, mounts) from now on. */
  setView(view: DashboardView): void;
  /** One row per thread (H); absent when the collector cannot list threads. */
  setThreads?(on: boolean): void;
  /** Write the configuration; returns the path written. Throws with a short message on failure. */
  writeConfig(config: DashboardConfig): string;
  /** The state to start from (defaults, config file, command-line options already applied). */
  initialState: ViewState;
  /** Messages for the status line at start (config problems). */
  startMessages?: string[];
  /** Environment for TERM and NO_COLOR; default process.env. */
  env?: Record<string, string | undefined>;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

const require = createRequire(import.meta.url);
let terminfoPatched = false;

/**
 * blessed 0.1.81 cannot read the extended-number terminfo format of ncurses 6.1+ (see terminfo.ts). Hand its
 * Tput the entry rewritten into the legacy format. Patched on the prototype once: every Tput of this process
 * (there is one) reads terminfo the same way.
 */
export function installTerminfoFix(): void {
  if (terminfoPatched) return;
  terminfoPatched = true;
  const Tput = require('blessed/lib/tput') as {
    prototype: {
      terminal: string;
      debug?: boolean;
      _terminfo?: unknown;
      _prefix(term: string): string;
      parseTerminfo(data: Buffer, file: string): unknown;
      readTerminfo(term?: string): unknown;
    };
  };
  Tput.prototype.readTerminfo = function readTerminfo(term?: string): unknown {
    const file = path.normalize(this._prefix(term || this.terminal));
    const data = Buffer.from(toLegacyTerminfo(fs.readFileSync(file)));
    const info = this.parseTerminfo(data, file);
    if (this.debug) this._terminfo = info;
    return info;
  };
}

type Overlay = 'none' | 'help' | 'details' | 'fields';

interface Prompt {
  label: string;
  value: string;
  submit(value: string): void;
}

/** A running dashboard. */
export interface DashboardApp {
  /** Resolves with the exit status when the user quits. */
  readonly done: Promise<number>;
  /** Restore the terminal (idempotent). */
  destroy(): void;
  /** Quit as if `q` was pressed. */
  quit(code?: number): void;
  /** Show a message on the status line (and render). */
  notify(text: string, isError?: boolean): void;
}

/** Start the dashboard on the terminal. Renders once per tick and after each key. */
export function startDashboard(deps: DashboardDeps): DashboardApp {
  installTerminfoFix();
  const env = deps.env ?? process.env;
  let theme: Theme = themeFor(env);
  const reg = processFields;

  const screen = blessed.screen({
    input: deps.input ?? process.stdin,
    output: deps.output ?? process.stdout,
    terminal: env.TERM || 'xterm',
    smartCSR: true,
    // Wide characters take two cells (a CJK name draws as itself, not `??`); off again below without UTF-8.
    fullUnicode: true,
    autoPadding: false,
    warnings: false,
    title: 'sysmon',
    dockBorders: false,
  });
  // blessed draws non-ASCII as '?' unless the locale (or terminfo U8) says UTF-8: then draw ASCII ourselves.
  const tput = screen.tput as unknown as { unicode?: boolean; numbers?: Record<string, number> };
  if (!tput.unicode && tput.numbers?.U8 !== 1) {
    theme = asciiOnly(theme);
    (screen as unknown as { fullUnicode: boolean }).fullUnicode = false;
  }
  const box = (opts: blessed.Widgets.BoxOptions = {}): blessed.Widgets.BoxElement =>
    blessed.box({ parent: screen, tags: true, wrap: false, top: 0, left: 0, width: 1, height: 1, ...opts });
  const headerBox = box();
  const cpuBox = box();
  const memBox = box();
  const cpuChartBox = box();
  const memChartBox = box();
  const mainBox = box();
  const statusBox = box();
  const overlayBox = box({ hidden: true, style: theme.color ? { bg: 234 } : {} });

  let state = normalizeState(deps.initialState, reg);
  let overlay: Overlay = 'none';
  let prompt: Prompt | null = null;
  let message = (deps.startMessages ?? []).join('; ');
  let messageIsError = message !== '';
  let lastTable: ProcessTable | null = null;
  let mainRect: Rect = { top: 0, left: 0, width: 0, height: 0 };
  let listScroll = { filesystems: 0, mounts: 0 };
  let lastList: ListView | null = null;
  let chooser: ChooserState = { cursor: 0, moving: false };
  let details: { pid: number; data: ProcessDetails; render: DetailsRender; scroll: number } | null = null;
  let destroyed = false;
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (resolveDone = r));

  const say = (text: string, isError = false): void => {
    message = text;
    messageIsError = isError;
  };

  function neededFields(): Field<ProcessRow>[] {
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
  let lastNeeds = '';
  function syncNeeds(): void {
    const fields = neededFields();
    const key = fields.map((f) => f.key).sort().join(',');
    if (key === lastNeeds) return;
    lastNeeds = key;
    deps.setProcessFields(fields);
  }

  function place(el: blessed.Widgets.BoxElement, r: Rect | null): void {
    if (r === null || r.width <= 0 || r.height <= 0) {
      el.hide();
      return;
    }
    el.show();
    el.top = r.top;
    el.left = r.left;
    el.width = r.width;
    el.height = r.height;
  }

  function selectedRow(): ProcessRow | null {
    if (!lastTable) return null;
    return lastTable.ordered[lastTable.state.selected]?.row ?? null;
  }

  function statusText(width: number): string {
    if (prompt) return `${theme.paint('key', theme.esc(prompt.label))}${theme.esc(prompt.value)}${theme.paint('selected', ' ')}`;
    const right: string[] = [];
    if (deps.store.frozen) right.push('FROZEN');
    if (state.filters.length > 0) right.push(`filter ${state.filters.map(formatFilter).join(' ')}`);
    if (state.userFilter !== null) right.push(`user ${state.userFilter}`);
    if (state.tree) right.push('tree');
    if (state.threads) right.push('threads');
    if (state.hideIdle) right.push('no idle');
    const sf = sortField(state, reg);
    if (sf && state.view === 'processes') right.push(`sort ${sf.header}${state.sortDesc ? (theme.ascii ? 'v' : '▼') : theme.ascii ? '^' : '▲'}`);
    if (lastTable && state.view === 'processes') right.push(`${lastTable.ordered.length}/${lastTable.total}`);
    right.push(`${state.delay}s`);
    const rightText = right.join(' | ');
    const room = Math.max(0, width - rightText.length - 1);
    // Key hints drop whole from the end when the line is short; a message is cut (it is read once, then goes).
    let left = message;
    if (message === '') {
      const hints = ['h help', 'q quit', 'Enter details', 'k kill', '/ filter', 'f fields', 'Tab views'];
      while (hints.length > 1 && hints.join('  ').length > room) hints.pop();
      left = hints.join('  ');
    }
    const l = left.length > room ? left.slice(0, room) : left.padEnd(room);
    const painted = message !== '' ? theme.paint(messageIsError ? 'error' : 'warn', theme.esc(l)) : theme.paint('dim', theme.esc(l));
    return `${painted} ${theme.paint('label', theme.esc(rightText.slice(0, width)))}`;
  }

  function renderMain(snap: Snapshot, r: Rect): string[] {
    if (state.view === 'processes') {
      const t = processTable(snap, state, reg, r.width, r.height, theme);
      state = t.state;
      lastTable = t;
      lastList = null;
      return [t.header, ...t.lines];
    }
    lastTable = null;
    if (state.view === 'filesystems') {
      if (snap.filesystems === undefined) return [theme.paint('dim', 'reading filesystems...')];
      const rows = dfRows(snap.filesystems);
      const fields = ['source', 'fstype', 'size', 'used', 'avail', 'pcent', 'target'].map((k) => fsFields.find(k)).filter((f) => f !== undefined);
      const ctx = fsFormatContext({ kind: 'human', base: 1024 }, snap.time);
      lastList = fieldTable(rows, fields, ctx, r.width, r.height, listScroll.filesystems, theme);
      listScroll.filesystems = lastList.scroll;
    } else {
      if (snap.mounts === undefined) return [theme.paint('dim', 'reading mounts...')];
      lastList = mountsTable(snap.mounts, r.width, r.height, listScroll.mounts, theme);
      listScroll.mounts = lastList.scroll;
    }
    return [lastList.header, ...lastList.lines];
  }

  function renderOverlay(snap: Snapshot | null): void {
    if (overlay === 'none') {
      overlayBox.hide();
      return;
    }
    const W = screen.width as number;
    const H = screen.height as number;
    place(overlayBox, { top: 0, left: 0, width: W, height: Math.max(1, H - 1) });
    overlayBox.setFront();
    const h = Math.max(1, H - 1);
    let lines: string[];
    if (overlay === 'help') {
      lines = [
        theme.paint('title', 'sysmon dashboard keys') + theme.paint('dim', '   (any key returns)'),
        '',
        ...helpLines().map((l) => theme.esc(l.slice(0, W))),
      ];
    } else if (overlay === 'fields') {
      lines = chooserLines(state, chooser, reg, W, theme);
      // Keep the cursor line on screen.
      const first = clamp(chooser.cursor + 2 - Math.floor(h / 2), 0, Math.max(0, lines.length - h));
      lines = lines.slice(first);
    } else if (details) {
      const max = Math.max(0, details.render.lines.length - h);
      details.scroll = clamp(details.scroll, 0, max);
      lines = details.render.lines.slice(details.scroll, details.scroll + h);
    } else {
      lines = [];
    }
    void snap;
    overlayBox.setContent(lines.slice(0, h).join('\n'));
  }

  function render(): void {
    if (destroyed) return;
    const W = screen.width as number;
    const H = screen.height as number;
    const snap = deps.store.latest;
    const cpuCount = snap ? Math.max(snap.stat.perCpu.length, 1) : 1;
    const L = layout({ width: W, height: H, cpuCount, perCpu: state.perCpu });
    place(statusBox, L.status);
    if (!snap) {
      for (const b of [headerBox, cpuBox, memBox, cpuChartBox, memChartBox, mainBox]) b.hide();
      statusBox.setContent(theme.esc('collecting...'));
      screen.render();
      return;
    }
    place(headerBox, L.header);
    if (L.header) headerBox.setContent(headerLines(snap, deps.host(), L.header.width, L.header.height, theme, state.threads).join('\n'));
    place(cpuBox, L.cpu);
    if (L.cpu) cpuBox.setContent(cpuMeters(snap, state.perCpu, L.cpu.width, L.cpu.height, theme).join('\n'));
    place(memBox, L.memory);
    if (L.memory) memBox.setContent(memoryMeters(snap, L.memory.width, L.memory.height, theme).join('\n'));
    place(cpuChartBox, L.cpuChart);
    if (L.cpuChart) {
      const cpu = deps.store.series('cpu');
      const v = cpu.toArray(Math.min(cpu.length, L.cpuChart.width));
      const now = v.length > 0 ? v[v.length - 1]! : NaN;
      const title = `CPU history ${Number.isFinite(now) ? now.toFixed(1) + '%' : ''} (${Math.round(v.length * state.delay)} s)`;
      cpuChartBox.setContent(titledChart(title, v, L.cpuChart.width, L.cpuChart.height, 100, theme, 'chartCpu').join('\n'));
    }
    place(memChartBox, L.memoryChart);
    if (L.memoryChart) {
      const used = deps.store.series('mem.used');
      const v = used.toArray(Math.min(used.length, L.memoryChart.width));
      const total = snap.mem.MemTotal ?? 0;
      const now = v.length > 0 ? v[v.length - 1]! : NaN;
      const title = `Memory used ${total > 0 && Number.isFinite(now) ? ((now * 100) / total).toFixed(1) + '%' : ''}`;
      memChartBox.setContent(titledChart(title, v, L.memoryChart.width, L.memoryChart.height, total, theme, 'chartMem').join('\n'));
    }
    mainRect = L.main;
    place(mainBox, L.main);
    if (L.main.height > 0) mainBox.setContent(renderMain(snap, L.main).join('\n'));
    statusBox.setContent(statusText(L.status.width));
    renderOverlay(snap);
    screen.render();
  }

  function safeRender(): void {
    try {
      render();
    } catch (err) {
      fatal(err);
    }
  }

  function finish(code: number): void {
    if (destroyed) return;
    destroyed = true;
    unsubscribe();
    try {
      screen.destroy();
    } catch {
      // The terminal may be gone (SIGHUP); nothing left to restore.
    }
    resolveDone(code);
  }

  function fatal(err: unknown): void {
    finish(1);
    const e = err as { message?: string; stack?: string };
    process.stderr.write(`sysmon: internal error: ${e?.message ?? String(err)}\n`);
    if (env.SYSMON_DEBUG && e?.stack) process.stderr.write(`${e.stack}\n`);
  }

  function openPrompt(label: string, initial: string, submit: (v: string) => void): void {
    prompt = { label, value: initial, submit };
  }

  function withSelected(what: string, fn: (row: ProcessRow) => void): void {
    const row = state.view === 'processes' ? selectedRow() : null;
    if (!row) {
      say(`${what}: no process selected`, true);
      return;
    }
    fn(row);
  }

  function bodyHeight(): number {
    return Math.max(1, mainRect.height - 1);
  }

  function rowCount(): number {
    if (state.view === 'processes') return lastTable?.ordered.length ?? 0;
    return lastList?.count ?? 0;
  }

  function move(delta: number, absolute = false): void {
    if (overlay === 'details' && details) {
      const h = Math.max(1, (screen.height as number) - 1);
      details.scroll = absolute ? (delta < 0 ? 0 : details.render.lines.length) : details.scroll + delta;
      details.scroll = clamp(details.scroll, 0, Math.max(0, details.render.lines.length - h));
      return;
    }
    if (state.view !== 'processes') {
      const v = state.view;
      listScroll[v] = absolute ? (delta < 0 ? 0 : rowCount()) : Math.max(0, listScroll[v] + delta);
      return;
    }
    state = absolute
      ? selectRow(state, delta < 0 ? 0 : rowCount() - 1, rowCount(), bodyHeight())
      : moveSelection(state, delta, rowCount(), bodyHeight());
  }

  /** Read and draw the details of `pid`; false (and a status message) when the process is gone. */
  function openDetails(pid: number): boolean {
    const data = deps.details(pid);
    if (!data) {
      say(`process ${pid} is gone`, true);
      return false;
    }
    const width = Math.max(20, (screen.width as number) - 1);
    const keep = details && details.pid === pid ? details.scroll : 0;
    details = { pid, data, render: renderDetails(data, width, { now: Date.now(), theme }), scroll: keep };
    overlay = 'details';
    return true;
  }

  function doAction(action: Action): void {
    switch (action) {
      case 'quit':
        finish(0);
        return;
      case 'back':
        if (overlay !== 'none') {
          overlay = 'none';
          details = null;
        } else message = '';
        return;
      case 'help':
        overlay = 'help';
        return;
      case 'sort-cpu':
      case 'sort-mem':
      case 'sort-pid':
      case 'sort-time': {
        const hotkey = { 'sort-cpu': 'P', 'sort-mem': 'M', 'sort-pid': 'N', 'sort-time': 'T' }[action];
        const next = sortByHotkey(state, reg, hotkey);
        if (next) state = next;
        else say(`no field has the sort key ${hotkey}`, true);
        return;
      }
      case 'reverse':
        state = { ...state, sortDesc: !state.sortDesc };
        return;
      case 'sort-left':
      case 'sort-right':
        state = moveSortColumn(state, reg, action === 'sort-left' ? -1 : 1);
        return;
      case 'fields':
        overlay = 'fields';
        chooser = { cursor: 0, moving: false };
        return;
      case 'filter':
        openPrompt('filter (FIELD=text, FIELD>n, !negates, text matches command; empty clears): ', '', (v) => {
          if (v.trim() === '') {
            state = { ...state, filters: [] };
            say('filters cleared');
            return;
          }
          const f = parseFilter(v, (n) => reg.find(n) !== undefined);
          if (f) {
            state = { ...state, filters: [...state.filters, f], selected: 0, selectedPid: null };
            say(`filter ${formatFilter(f)} (= clears)`);
          }
        });
        return;
      case 'clear-filters':
        state = { ...state, filters: [], userFilter: null };
        say('filters cleared');
        return;
      case 'user':
        openPrompt('show user (name or uid, !name excludes; empty shows all): ', state.userFilter ?? '', (v) => {
          state = { ...state, userFilter: v.trim() === '' ? null : v.trim(), selected: 0, selectedPid: null };
        });
        return;
      case 'kill':
        withSelected('kill', (row) => {
          openPrompt(`send pid ${row.pid} (${escapeForTui(row.comm)}) signal [TERM]: `, '', (v) => {
            const sig = v.trim() === '' ? 'TERM' : v.trim();
            const r = deps.kill(row.pid, sig);
            if (r.ok) say(`sent SIG${sig.toUpperCase().replace(/^SIG/, '')} to ${row.pid}`);
            else say(`kill ${row.pid}: ${r.message}`, true);
          });
        });
        return;
      case 'renice':
        withSelected('renice', (row) => {
          openPrompt(`renice pid ${row.pid} (${escapeForTui(row.comm)}, nice ${row.nice}) to: `, '', (v) => {
            const n = Number(v.trim());
            if (v.trim() === '' || !Number.isInteger(n)) {
              say(`renice: '${v}' is not a whole number`, true);
              return;
            }
            reniceTo(row, n);
          });
        });
        return;
      case 'nice-minus':
      case 'nice-plus':
        withSelected('renice', (row) => reniceTo(row, row.nice + (action === 'nice-plus' ? 1 : -1)));
        return;
      case 'tree':
        state = { ...state, tree: !state.tree };
        return;
      case 'threads':
        if (!deps.setThreads) {
          say('thread view: the process collector cannot list threads yet', true);
          return;
        }
        state = { ...state, threads: !state.threads };
        deps.setThreads(state.threads);
        say(state.threads ? 'one row per thread' : 'one row per process');
        return;
      case 'per-cpu':
        state = { ...state, perCpu: !state.perCpu };
        return;
      case 'full-command':
        state = { ...state, fullCommand: !state.fullCommand };
        return;
      case 'idle':
        state = { ...state, hideIdle: !state.hideIdle };
        return;
      case 'delay':
        openPrompt(`change delay from ${state.delay} to: `, '', (v) => {
          const n = Number(v.trim());
          if (!(n > 0) || !Number.isFinite(n)) {
            say(`delay: '${v}' is not a positive number of seconds`, true);
            return;
          }
          state = { ...state, delay: n };
          deps.setDelay(n);
          say(`delay ${n} s`);
        });
        return;
      case 'freeze':
        say(deps.store.toggleFrozen() ? 'frozen (space thaws)' : '');
        return;
      case 'write-config':
        try {
          say(`wrote ${deps.writeConfig(configFromState(state))}`);
        } catch (err) {
          say(`W: ${(err as Error).message}`, true);
        }
        return;
      case 'next-view':
      case 'prev-view':
        state = cycleView(state, action === 'next-view' ? 1 : -1);
        deps.setView(state.view);
        return;
      case 'details':
        withSelected('details', (row) => openDetails(row.pid));
        return;
      case 'up':
        move(-1);
        return;
      case 'down':
        move(1);
        return;
      case 'page-up':
        move(-bodyHeight());
        return;
      case 'page-down':
        move(bodyHeight());
        return;
      case 'home':
        move(-1, true);
        return;
      case 'end':
        move(1, true);
        return;
      case 'refresh':
        screen.realloc();
        return;
    }
  }

  function reniceTo(row: ProcessRow, nice: number): void {
    const r = deps.renice(row.pid, nice);
    if (r.ok) say(`pid ${row.pid} nice ${nice}`);
    else say(`renice ${row.pid}: ${r.message}`, true);
  }

  function promptKey(ch: string | undefined, name: string): void {
    const p = prompt!;
    if (name === 'enter' || name === 'return') {
      prompt = null;
      p.submit(p.value);
    } else if (name === 'C-c') {
      // Ctrl-C quits from anywhere, as in top and htop; Esc is the way out of a prompt.
      finish(0);
    } else if (name === 'escape') {
      prompt = null;
      say('');
    } else if (name === 'backspace') {
      p.value = p.value.slice(0, -1);
    } else if (name === 'C-u') {
      p.value = '';
    } else if (ch !== undefined && ch.length === 1 && ch >= ' ' && ch !== '\x7f') {
      p.value += ch;
    }
  }

  function chooserInput(ch: string | undefined, name: string): void {
    const map: Record<string, ChooserKey> = { up: 'up', down: 'down', right: 'pick', left: 'drop', enter: 'drop', return: 'drop', space: 'toggle' };
    let key: ChooserKey | undefined = map[name];
    if (ch === 'd' || ch === ' ') key = 'toggle';
    if (ch === 's') key = 'sort';
    if (ch === 'k') key = 'up';
    if (ch === 'j') key = 'down';
    if (key) {
      const r = chooserKey(state, chooser, reg, key);
      state = normalizeState(r.state, reg);
      chooser = r.chooser;
      syncNeeds();
      return;
    }
    if (name === 'escape' || ch === 'q' || ch === 'f' || ch === 'F' || name === 'f6') overlay = 'none';
    else if (name === 'C-c') finish(0);
  }

  function onKey(ch: string | undefined, key: { full?: string; name?: string; sequence?: string } | undefined): void {
    if (destroyed) return;
    // blessed reports a carriage return twice, as 'return' and then as 'enter': act on the first only.
    if (key?.name === 'enter' && key.sequence === '\r') return;
    const name = key?.full ?? key?.name ?? '';
    try {
      if (prompt) promptKey(ch, name);
      else if (overlay === 'help') {
        overlay = 'none';
        if (name === 'C-c' || name === 'f10') finish(0);
      } else if (overlay === 'fields') chooserInput(ch, name);
      else {
        const action = actionFor(ch, name);
        if (action === undefined) return;
        if (overlay === 'details') {
          // In details: moving scrolls, Tab jumps between sections, Esc or q returns.
          if (action === 'quit' && name !== 'C-c' && name !== 'f10') doAction('back');
          else if (action === 'next-view' || action === 'prev-view') jumpSection(action === 'next-view' ? 1 : -1);
          else if (['up', 'down', 'page-up', 'page-down', 'home', 'end', 'back', 'quit', 'help', 'refresh', 'kill', 'renice', 'nice-minus', 'nice-plus', 'freeze'].includes(action)) doAction(action);
        } else {
          if (message !== '' && action !== 'freeze') message = '';
          doAction(action);
        }
      }
      if (destroyed) return;
      syncNeeds();
      render();
    } catch (err) {
      fatal(err);
    }
  }

  function jumpSection(delta: 1 | -1): void {
    if (!details) return;
    const starts = details.render.sections.map((s) => s.line);
    const cur = details.scroll;
    const next = delta > 0 ? starts.find((l) => l > cur) : [...starts].reverse().find((l) => l < cur);
    if (next !== undefined) details.scroll = next;
  }

  function onMouse(data: { action: string; x: number; y: number }): void {
    if (destroyed || prompt || overlay !== 'none' || state.view !== 'processes' || !lastTable) return;
    try {
      const y = data.y - mainRect.top;
      const x = data.x - mainRect.left;
      if (data.action === 'wheelup' || data.action === 'wheeldown') {
        move(data.action === 'wheelup' ? -3 : 3);
      } else if (data.action === 'mousedown') {
        if (y < 0 || y >= mainRect.height) return;
        if (y === 0) {
          const col = columnAt(lastTable.columns, x);
          if (!col) return;
          state = sortBy(state, col.field.key, col.field.descByDefault, true);
        } else {
          const index = lastTable.state.scroll + y - 1;
          if (index >= lastTable.ordered.length) return;
          state = selectRow(state, index, lastTable.ordered.length, bodyHeight());
        }
      } else return;
      syncNeeds();
      render();
    } catch (err) {
      fatal(err);
    }
  }

  screen.program.on('keypress', onKey);
  screen.enableMouse();
  screen.on('mouse', onMouse);
  screen.on('resize', () => {
    if (details && !openDetails(details.pid)) {
      overlay = 'none';
      details = null;
    }
    safeRender();
  });

  const unsubscribe = deps.subscribe(() => {
    if (destroyed) return;
    if (overlay === 'details' && details) {
      // Live details: read them again, keep the scroll position; a process that exits closes the screen.
      try {
        if (!openDetails(details.pid)) {
          overlay = 'none';
          details = null;
        }
      } catch (err) {
        fatal(err);
        return;
      }
    }
    safeRender();
  });

  syncNeeds();
  deps.setView(state.view);
  safeRender();

  return {
    done,
    destroy: () => finish(0),
    quit: (code = 0) => finish(code),
    notify: (text, isError = false) => {
      say(text, isError);
      safeRender();
    },
  };
}
