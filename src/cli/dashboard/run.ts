import type { Command } from 'commander';
import os from 'node:os';
import { UsageError } from '../../core/errors.js';
import type { Snapshot } from '../../core/snapshot.js';
import { collectFilesystems, readMounts } from '../../collectors/filesystem-collector.js';
import { countTasks } from '../../collectors/process-collector.js';
import { readProcessDetails } from '../../collectors/process-details-collector.js';
import { Scheduler } from '../../collectors/scheduler.js';
import { SnapshotCollector } from '../../collectors/snapshot-collector.js';
import { ThreadExpander } from '../../collectors/thread-rows.js';
import { processFields } from '../../fields/process-fields.js';
import { neededSources } from '../../fields/registry.js';
import { handleStdoutErrors } from '../../format/output.js';
import { renice, sendSignal } from '../../source/process-actions.js';
import { releaseTerminal, terminalGone } from '../../source/terminal-release.js';
import { countLoggedInUsers } from '../../source/users.js';
import { MetricsStore } from '../../store/metrics-store.js';
import { startDashboard, type DashboardApp } from '../../tui/app.js';
import { applyConfig } from '../../tui/config.js';
import { normalizeState } from '../../tui/process-view.js';
import { initialViewState, type DashboardView, type ViewState } from '../../tui/view-state.js';
import type { DashboardOptions } from '../commands/dashboard.js';
import { procFsFor } from '../context.js';
import { configPath, readConfigFile, writeConfigFile } from './config-file.js';

/** How far back the CPU and memory charts can reach, seconds (the store's ring buffers are sized from it). */
const RETENTION_SECONDS = 600;
/** The first tick has no CPU deltas; a second one this soon after gives %CPU without waiting a full delay. */
const PRIME_MS = 250;

function parseDelay(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`bad delay '${text}': give a positive number of seconds, e.g. -d 2 or -d 0.5`);
  }
  return n;
}

/** The starting state: defaults, then the config file, then command-line options. */
function startState(opts: DashboardOptions, messages: string[]): { state: ViewState; file: string } {
  const file = configPath();
  let state = normalizeState(initialViewState(), processFields);
  if (opts.config !== false) {
    const read = readConfigFile(file);
    if (read && 'problem' in read) messages.push(read.problem);
    else if (read) {
      const applied = applyConfig(state, read.json, processFields);
      state = applied.state;
      messages.push(...applied.problems.map((p) => `config: ${p}`));
    }
  }
  if (opts.delay !== undefined) state = { ...state, delay: parseDelay(opts.delay) };
  if (opts.user !== undefined) state = { ...state, userFilter: opts.user === '' ? null : opts.user };
  if (opts.sort !== undefined) {
    const desc = !opts.sort.startsWith('+');
    const name = opts.sort.replace(/^[-+]/, '');
    const f = processFields.get(name);
    state = { ...state, sortKey: f.key, sortDesc: opts.sort.startsWith('-') || (desc && f.descByDefault) };
  }
  return { state, file };
}

/**
 * Wire the dashboard: collector -> scheduler (the one timer) -> store -> app. The app gets the store and
 * callbacks only; everything that reads /proc or writes files is here or below.
 */
export async function runDashboard(cmd: Command, opts: DashboardOptions): Promise<void> {
  // A dumb terminal cannot move the cursor: every frame would be a jumble of lines. top refuses it too.
  const term = process.env.TERM ?? '';
  if (term === 'dumb' || term === 'unknown') {
    throw new UsageError(`the terminal (TERM=${term}) cannot draw the dashboard; use \`sysmon top -b\` for plain frames`);
  }
  const procFs = procFsFor(cmd);
  const messages: string[] = [];
  const { state, file } = startState(opts, messages);

  let view: DashboardView = state.view;
  let threads = state.threads;
  const expander = new ThreadExpander(procFs);
  const collector = new SnapshotCollector(procFs, { processNeeds: neededSources([processFields.get('pid')]) });
  // The filesystem and mount families are read only while their view is on screen.
  collector.addExtension({
    name: 'dashboard views',
    async collect(s: Snapshot): Promise<void> {
      if (threads) {
        s.processes = expander.expand(s.processes);
        s.tasks = countTasks(s.processes);
      }
      if (view === 'filesystems') s.filesystems = await collectFilesystems(procFs, { timeoutMs: 1000 });
      else if (view === 'mounts') s.mounts = readMounts(procFs);
    },
  });
  const store = new MetricsStore({ retentionSeconds: RETENTION_SECONDS, intervalSeconds: state.delay });
  const scheduler = new Scheduler(collector, { intervalSeconds: state.delay, store });

  let lastNeeds: ReadonlySet<string> = new Set();
  let needsKey = '';
  const hostname = os.hostname();
  let users: { at: number; count: number } | null = null;
  let app: DashboardApp | null = null;
  // Every way out goes through here. A terminal that went away (hung up) ends quietly with status 1, as top
  // does; its descriptors are let go first, or Node's exit aborts trying to restore the dead terminal.
  const leave = (code: number): never => {
    if (terminalGone()) {
      releaseTerminal();
      process.exit(1);
    }
    process.exit(code);
  };
  const restoreAndFail = (err: unknown): void => {
    scheduler.stop();
    if (terminalGone()) leave(1);
    app?.destroy();
    const e = err as { message?: string; stack?: string };
    process.stderr.write(`sysmon: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.SYSMON_DEBUG && e?.stack) process.stderr.write(`${e.stack}\n`);
    leave(1);
  };
  // Writes to a closed terminal fail (EIO): that is the terminal leaving, not an error to print.
  handleStdoutErrors(() => {
    scheduler.stop();
    leave(1);
  });
  process.on('uncaughtException', restoreAndFail);
  process.on('unhandledRejection', restoreAndFail);
  for (const [sig, code] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130], ['SIGQUIT', 131]] as const) {
    process.on(sig, () => app?.quit(code));
  }

  app = startDashboard({
    store,
    subscribe: (fn) => scheduler.onSnapshot(fn),
    host: () => {
      const now = Date.now();
      // utmp changes on login and logout only; reading it every few seconds is plenty.
      if (users === null || now - users.at > 5000) users = { at: now, count: countLoggedInUsers(procFs) };
      return { hostname, users: users.count };
    },
    kill: (pid, signal) => sendSignal(pid, signal),
    renice: (pid, nice) => renice(pid, nice),
    details: (pid) => readProcessDetails(procFs, pid),
    setDelay: (seconds) => scheduler.setInterval(seconds),
    setProcessFields: (fields) => {
      const needs = neededSources(fields);
      const key = [...needs].sort().join(',');
      if (key === needsKey) return;
      const more = [...needs].some((n) => !lastNeeds.has(n));
      needsKey = key;
      lastNeeds = needs;
      collector.setProcessNeeds(needs);
      // A column that needs a file not read so far (c: the command line) shows up now, not a delay later.
      if (more && scheduler.started) void scheduler.tickNow().catch(restoreAndFail);
    },
    setView: (v) => {
      const changed = v !== view;
      view = v;
      if (changed && scheduler.started) void scheduler.tickNow().catch(restoreAndFail);
    },
    setThreads: (on) => {
      threads = on;
      if (scheduler.started) void scheduler.tickNow().catch(restoreAndFail);
    },
    writeConfig: (config) => writeConfigFile(file, config),
    initialState: state,
    startMessages: messages,
  });
  scheduler.onError((err) => app?.notify(`refresh failed: ${(err as Error)?.message ?? String(err)}`, true));
  scheduler.start();
  const prime = setTimeout(() => void scheduler.tickNow().catch(restoreAndFail), PRIME_MS);

  const code = await app.done;
  clearTimeout(prime);
  scheduler.stop();
  leave(code);
}
