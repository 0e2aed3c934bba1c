import type { ProcessDetails } from '../core/process-details.js';
import type { ProcessRow } from '../core/process.js';
import type { Snapshot } from '../core/snapshot.js';
import { processFields } from '../fields/process-fields.js';
import type { Field } from '../fields/registry.js';
import type { SeriesKey } from '../store/metrics-store.js';
import { openTerminal, type Terminal } from './blessed-adapter.js';
import type { DashboardConfig } from './config.js';
import { initialDashState, reduce, type ControllerContext, type DashState, type Effect, type Input } from './controller.js';
import { buildKeymap, type Keymap } from './keymap.js';
import { MAIN_VIEWS, type MainView } from './main-views.js';
import type { Moment, SeriesReader, Timeline } from './moment.js';
import { screenPanels } from './screen-panels.js';
import type { HostInfo } from './summary-view.js';
import { asciiOnly, themeFor, type ThemeName } from './theme.js';
import type { DashboardView, ViewState } from './view-state.js';

/** Outcome of a kill or renice: done, or a short reason for the status line. */
export type ActionOutcome = { ok: true } | { ok: false; message: string };

/** The store the live dashboard reads (a MetricsStore fits): the newest snapshot, its history, freezing. */
export interface DashboardStore {
  readonly latest: Snapshot | null;
  readonly frozen: boolean;
  setFrozen(frozen: boolean): void;
  series(key: SeriesKey): SeriesReader;
}

/**
 * What the dashboard is handed by the CLI (dependency injection: the TUI never reads /proc or files itself).
 */
export interface DashboardDeps {
  /** Newest snapshot and history; the app only reads it (and freezes it with space). */
  store: DashboardStore;
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
  /** Switch memory and CPU figures between the cgroup's limits and the host's totals; returns what the status line says. */
  toggleHostTotals?(): string;
  /** Write the configuration; returns the path written. Throws with a short message on failure. */
  writeConfig(config: DashboardConfig): string;
  /** Read a file by its path: blessed's terminfo entry (the file system is the source layer's). */
  readLibraryFile(file: string): Buffer;
  /** The state to start from (defaults, config file, command-line options already applied). */
  initialState: ViewState;
  /** Messages for the status line at start (config problems). */
  startMessages?: string[];
  /** The keys in force (default: the built-in keymap). */
  keymap?: Keymap;
  /** Views of the main area in Tab order (default MAIN_VIEWS). */
  views?: readonly MainView[];
  /** Stored moments to step through with `{` `}` (replay); the source answers with DashboardApp.show. */
  timeline?: Timeline;
  /** Colours (NO_COLOR still wins); default 'default'. */
  theme?: ThemeName;
  /** Environment for TERM and NO_COLOR; default process.env. */
  env?: Record<string, string | undefined>;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
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
  /** Show this moment instead of the store's newest (a recorded source); the next tick shows the store again. */
  show(moment: Moment): void;
}

/**
 * Start the dashboard on the terminal: the controller (pure) decides, this module runs its effects against
 * the injected callbacks, and the blessed adapter draws. Renders once per tick and after each input.
 */
export function startDashboard(deps: DashboardDeps): DashboardApp {
  const env = deps.env ?? process.env;
  const reg = processFields;
  let destroyed = false;
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (resolveDone = r));
  const queue: Input[] = [];
  let running = false;

  const term: Terminal = openTerminal({
    input: deps.input ?? process.stdin,
    output: deps.output ?? process.stdout,
    term: env.TERM || 'xterm',
    readFile: deps.readLibraryFile,
    events: {
      key: (ch, name) => dispatch({ type: 'key', ...(ch !== undefined ? { ch } : {}), name }),
      mouse: (action, x, y) => dispatch({ type: 'mouse', action, x, y }),
      resize: (width, height) => dispatch({ type: 'resize', width, height }),
    },
  });
  let theme = themeFor(env, deps.theme ?? 'default');
  if (!term.unicode) theme = asciiOnly(theme);
  const ctx: ControllerContext = {
    reg,
    keymap: deps.keymap ?? buildKeymap(reg).keymap,
    theme,
    views: deps.views ?? MAIN_VIEWS,
    canThreads: deps.setThreads !== undefined,
    canStep: deps.timeline !== undefined,
  };
  let state: DashState = initialDashState(deps.initialState, ctx, {
    width: term.width,
    height: term.height,
    messages: deps.startMessages ?? [],
  });
  state = { ...state, frozen: deps.store.frozen };

  function run(e: Effect): void {
    switch (e.type) {
      case 'quit':
        finish(e.code);
        return;
      case 'kill':
        dispatch({ type: 'outcome', of: e, outcome: deps.kill(e.pid, e.signal) });
        return;
      case 'renice':
        dispatch({ type: 'outcome', of: e, outcome: deps.renice(e.pid, e.nice) });
        return;
      case 'set-delay':
        deps.setDelay(e.seconds);
        return;
      case 'set-fields':
        deps.setProcessFields(e.fields);
        return;
      case 'set-view':
        deps.setView(e.view);
        return;
      case 'set-threads':
        deps.setThreads?.(e.on);
        return;
      case 'host-totals':
        dispatch({ type: 'say', text: deps.toggleHostTotals?.() ?? 'sysmon is not inside a limited cgroup: the totals are the host\'s' });
        return;
      case 'write-config':
        try {
          dispatch({ type: 'outcome', of: e, outcome: { ok: true, detail: deps.writeConfig(e.config) } });
        } catch (err) {
          dispatch({ type: 'outcome', of: e, outcome: { ok: false, message: (err as Error).message } });
        }
        return;
      case 'freeze':
        deps.store.setFrozen(e.on);
        return;
      case 'load-details':
        dispatch({ type: 'details', pid: e.pid, data: deps.details(e.pid), now: Date.now() });
        return;
      case 'step': {
        const why = deps.timeline?.step(e.delta) ?? null;
        if (why !== null) dispatch({ type: 'say', text: why, error: true });
        return;
      }
      case 'goto': {
        const why = deps.timeline?.goto ? deps.timeline.goto(e.text) : 'go to time: not available here';
        if (why !== null) dispatch({ type: 'say', text: why, error: true });
        return;
      }
      case 'speed':
        if (deps.timeline?.speed) dispatch({ type: 'say', text: deps.timeline.speed(e.factor) });
        return;
      case 'redraw':
        term.redraw();
        return;
    }
  }

  /** Feed one input through the controller, run its effects (whose outcomes queue more inputs), then draw. */
  function dispatch(input: Input): void {
    if (destroyed) return;
    queue.push(input);
    if (running) return;
    running = true;
    try {
      while (queue.length > 0 && !destroyed) {
        const r = reduce(state, queue.shift()!, ctx);
        state = r.state;
        for (const e of r.effects) run(e);
      }
      if (!destroyed) term.draw(screenPanels(state, ctx));
    } catch (err) {
      fatal(err);
    } finally {
      running = false;
      queue.length = 0;
    }
  }

  function finish(code: number): void {
    if (destroyed) return;
    destroyed = true;
    unsubscribe();
    term.destroy();
    resolveDone(code);
  }

  function fatal(err: unknown): void {
    finish(1);
    const e = err as { message?: string; stack?: string };
    process.stderr.write(`sysmon: internal error: ${e?.message ?? String(err)}\n`);
    if (env.SYSMON_DEBUG && e?.stack) process.stderr.write(`${e.stack}\n`);
  }

  const live = (): void => {
    const snapshot = deps.store.latest;
    if (snapshot) dispatch({ type: 'moment', moment: { snapshot, history: deps.store }, host: deps.host() });
  };
  let unsubscribe: () => void = () => {};
  unsubscribe = deps.subscribe(live);
  dispatch({ type: 'init' });
  live();

  return {
    done,
    destroy: () => finish(0),
    quit: (code = 0) => finish(code),
    notify: (text, isError = false) => dispatch({ type: 'say', text, error: isError }),
    show: (moment) => dispatch({ type: 'moment', moment }),
  };
}
