import blessed from 'blessed';
import type { FleetHost, FleetHostDetail } from '../../core/fleet.js';
import { installTerminfoFix } from '../terminfo-patch.js';
import { asciiOnly, themeFor, type Theme } from '../theme.js';
import { update, type FleetAction, type FleetEffect, type FleetEnv, type FleetState } from './fleet-controller.js';
import { fleetHelpLines, hostLines, statusLine, tableLines } from './fleet-render.js';

/**
 * The only blessed code of `sysmon fleet`: it feeds keys, answers and timer ticks to the pure controller, runs
 * the effects it returns (ask Prometheus) and draws the render functions' lines. It never talks to the
 * network itself; the CLI hands it the two fetch functions.
 */
export interface FleetDeps {
  /** The fleet's rows now; rejects with a one-line Error when the server fails. */
  fetchFleet(): Promise<{ hosts: FleetHost[]; warnings: string[] }>;
  /** One host's history and processes. */
  fetchDetail(instance: string): Promise<FleetHostDetail>;
  /** The server's URL (without credentials) for the status line. */
  url: string;
  initialState: FleetState;
  env: FleetEnv;
  termEnv?: Record<string, string | undefined>;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  /** How terminfo entries are read (blessed reads them by path). */
  readLibraryFile: (file: string) => Buffer;
}

/** Run the fleet screen until the user quits; resolves with the exit status. The terminal is always restored. */
export function runFleetTui(deps: FleetDeps): Promise<number> {
  installTerminfoFix(deps.readLibraryFile);
  const termEnv = deps.termEnv ?? process.env;
  let theme: Theme = themeFor(termEnv);
  const screen = blessed.screen({
    input: deps.input ?? process.stdin, output: deps.output ?? process.stdout, terminal: termEnv.TERM || 'xterm',
    smartCSR: true, fullUnicode: false, autoPadding: false, warnings: false, title: 'sysmon fleet',
  });
  const tput = screen.tput as unknown as { unicode?: boolean; numbers?: Record<string, number> };
  if (!tput.unicode && tput.numbers?.U8 !== 1) theme = asciiOnly(theme);
  const main = blessed.box({ parent: screen, tags: true, wrap: false, top: 0, left: 0, width: '100%', height: '100%-1' });
  const status = blessed.box({ parent: screen, tags: true, wrap: false, bottom: 0, left: 0, width: '100%', height: 1 });

  let state = deps.initialState;
  let timer: NodeJS.Timeout | null = null;
  let fleetInFlight = false;
  let detailInFlight = false;
  let finished = false;
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (resolveDone = r));

  const size = (): { w: number; h: number } => ({ w: Math.max(1, Number(screen.width)), h: Math.max(2, Number(screen.height)) });

  function draw(): void {
    if (finished) return;
    const { w, h } = size();
    const bodyHeight = h - 1;
    const lines = state.help
      ? fleetHelpLines(w, theme)
      : state.screen === 'host' ? hostLines(state, w, bodyHeight, theme) : tableLines(state, deps.env, w, bodyHeight, theme);
    main.setContent(lines.slice(0, bodyHeight).join('\n'));
    status.setContent(statusLine(state, deps.env, deps.url, w, theme, Date.now()));
    screen.render();
  }

  function dispatch(action: FleetAction): void {
    if (finished) return;
    const r = update(state, action, deps.env);
    state = r.state;
    for (const e of r.effects) run(e);
    draw();
  }

  function run(e: FleetEffect): void {
    if (e.type === 'quit') {
      stop(e.code);
    } else if (e.type === 'fetch-fleet') {
      // One request at a time: a slow server must not pile up refreshes.
      if (fleetInFlight) return;
      fleetInFlight = true;
      deps.fetchFleet().then(
        (res) => dispatch({ type: 'fleet-loaded', hosts: res.hosts, warnings: res.warnings, at: Date.now() }),
        (err: unknown) => dispatch({ type: 'fleet-failed', message: err instanceof Error ? err.message : String(err), at: Date.now() }),
      ).finally(() => (fleetInFlight = false));
    } else if (e.type === 'fetch-detail') {
      if (detailInFlight) return;
      detailInFlight = true;
      deps.fetchDetail(e.instance).then(
        (detail) => dispatch({ type: 'detail-loaded', detail }),
        (err: unknown) => dispatch({ type: 'detail-failed', instance: e.instance, message: err instanceof Error ? err.message : String(err) }),
      ).finally(() => (detailInFlight = false));
    }
  }

  function stop(code: number): void {
    if (finished) return;
    finished = true;
    if (timer) clearInterval(timer);
    screen.destroy();
    resolveDone(code);
  }

  screen.on('keypress', (ch: string | undefined, key: { name?: string; full?: string; ctrl?: boolean }) => {
    const name = key.ctrl && key.name ? `C-${key.name}` : key.name;
    dispatch({ type: 'key', ch, name });
  });
  screen.on('resize', () => dispatch({ type: 'resize', height: size().h - 2 }));
  const onSignal = (): void => stop(0);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  // A crash must not leave the terminal in raw mode.
  const onFatal = (err: unknown): void => {
    stop(1);
    process.stderr.write(`sysmon: fleet: ${err instanceof Error ? err.message : String(err)}\n`);
  };
  process.once('uncaughtException', onFatal);

  dispatch({ type: 'resize', height: size().h - 2 });
  dispatch({ type: 'tick' });
  timer = setInterval(() => dispatch({ type: 'tick' }), Math.max(100, state.delay * 1000));
  return done.finally(() => {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('uncaughtException', onFatal);
  });
}
