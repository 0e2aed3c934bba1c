import type { SystemInfo } from '../../core/system-info.js';
import { readSystemInfo } from '../../collectors/system-info.js';
import { GpuCollector, gpuExtension } from '../../collectors/gpu-collector.js';
import { readLibraryFile, userFileExists } from '../../source/user-files.js';
import os from 'node:os';
import { UsageError } from '../../core/errors.js';
import type { Snapshot } from '../../core/snapshot.js';
import { ContainerCollector } from '../../collectors/container-collector.js';
import { ContainerCpuExtension, containerMemoryExtension, findOwnCpuCounter, readOwnCgroup } from '../../collectors/own-cgroup.js';
import { containerNote } from '../../core/container.js';
import { collectFilesystems, readMounts } from '../../collectors/filesystem-collector.js';
import { DeviceIoCollector } from '../../collectors/device-io-collector.js';
import { PressureCollector } from '../../collectors/pressure-collector.js';
import { countTasks } from '../../collectors/process-collector.js';
import type { FsUsage } from '../../core/filesystem.js';
import { readProcessDetails } from '../../collectors/process-details-collector.js';
import { Scheduler } from '../../collectors/scheduler.js';
import { SnapshotCollector } from '../../collectors/snapshot-collector.js';
import { ThreadExpander } from '../../collectors/thread-rows.js';
import { processFields } from '../../fields/process-fields.js';
import { neededSources } from '../../fields/registry.js';
import { handleStdoutErrors } from '../../format/output.js';
import { CgroupFs } from '../../source/cgroup-fs.js';
import { renice, sendSignal } from '../../source/process-actions.js';
import { releaseTerminal, terminalGone } from '../../source/terminal-release.js';
import { countLoggedInUsers } from '../../source/users.js';
import { MetricsStore } from '../../store/metrics-store.js';
import { startDashboard, type DashboardApp } from '../../tui/app.js';
import { applyConfig } from '../../tui/config.js';
import { buildKeymap } from '../../tui/keymap.js';
import { parseThemeName, THEME_NAMES, type ThemeName } from '../../tui/theme.js';
import { normalizeState } from '../../tui/process-view.js';
import { mainView } from '../../tui/main-views.js';
import { initialViewState, type ViewState } from '../../tui/view-state.js';
import type { DashboardOptions } from '../commands/dashboard.js';
import { backendFor } from '../backend.js';
import { portableFsFor, procFsFor, type CommandContext } from '../context.js';
import { configPath, readConfigFile, writeConfigFile } from './config-file.js';
import { defaultDbPath } from '../history/db-path.js';
import { RowReuse } from './row-reuse.js';
import { youngGenerationCap } from './young-generation.js';
import { raiseJitBudget } from './jit-budget.js';
import { LiveTimeline, provideReplayModules } from './time-travel.js';

/** How far back the CPU and memory charts can reach, seconds (the store's ring buffers are sized from it). */
const RETENTION_SECONDS = 600;
/** The first tick has no CPU deltas; a second one this soon after gives %CPU without waiting a full delay. */
const PRIME_MS = 250;
/** How often the fullest-filesystems panel statfs()es the mounts when the filesystem view is not open, ms. */
const FS_PANEL_MS = 10_000;

function parseDelay(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`bad delay '${text}': give a positive number of seconds, e.g. -d 2 or -d 0.5`);
  }
  return n;
}

/** What the config file sets besides the view state: kept as they are when `W` writes the file again. */
interface ConfigExtras {
  theme?: ThemeName;
  keys?: Record<string, string[]>;
}

/** The config file's `theme` and `keys` (problems go to the status line). */
function configExtras(json: unknown, messages: string[]): ConfigExtras {
  const out: ConfigExtras = {};
  if (typeof json !== 'object' || json === null) return out;
  const c = json as Record<string, unknown>;
  if (c.theme !== undefined) {
    const t = typeof c.theme === 'string' ? parseThemeName(c.theme) : null;
    if (t) out.theme = t;
    else messages.push(`config: theme must be one of ${THEME_NAMES.join(', ')}`);
  }
  if (c.keys !== undefined) {
    if (typeof c.keys === 'object' && c.keys !== null && !Array.isArray(c.keys)) {
      const keys: Record<string, string[]> = {};
      for (const [action, v] of Object.entries(c.keys as Record<string, unknown>)) {
        const list = typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '') ? (v as string[]) : null;
        if (list) keys[action] = list;
        else messages.push(`config: keys.${action} must be a key or a list of keys`);
      }
      out.keys = keys;
    } else messages.push('config: keys must map actions to keys, e.g. {"up": ["k", "up"]}');
  }
  return out;
}

/** The starting state: defaults, then the config file, then command-line options. */
export function startState(opts: DashboardOptions, messages: string[]): { state: ViewState; file: string; extras: ConfigExtras } {
  const file = configPath();
  let state = normalizeState(initialViewState(), processFields);
  let extras: ConfigExtras = {};
  if (opts.config !== false) {
    const read = readConfigFile(file);
    if (read && 'problem' in read) messages.push(read.problem);
    else if (read) {
      const applied = applyConfig(state, read.json, processFields);
      state = applied.state;
      messages.push(...applied.problems.map((p) => `config: ${p}`));
      extras = configExtras(read.json, messages);
    }
  }
  if (opts.theme !== undefined) {
    const t = parseThemeName(opts.theme);
    if (!t) throw new UsageError(`unknown theme '${opts.theme}' (themes: ${THEME_NAMES.join(', ')})`);
    extras = { ...extras, theme: t };
  }
  if (opts.delay !== undefined) state = { ...state, delay: parseDelay(opts.delay) };
  if (opts.user !== undefined) state = { ...state, userFilter: opts.user === '' ? null : opts.user };
  if (opts.sort !== undefined) {
    const desc = !opts.sort.startsWith('+');
    const name = opts.sort.replace(/^[-+]/, '');
    const f = processFields.get(name);
    state = { ...state, sortKey: f.key, sortDesc: opts.sort.startsWith('-') || (desc && f.descByDefault) };
  }
  return { state, file, extras };
}

/**
 * Wire the dashboard: collector -> scheduler (the one timer) -> store -> app. The app gets the store and
 * callbacks only; everything that reads /proc or writes files is here or below.
 */
export async function runDashboard(cmd: CommandContext, opts: DashboardOptions): Promise<void> {
  // A dumb terminal cannot move the cursor: every frame would be a jumble of lines. top refuses it too.
  const term = process.env.TERM ?? '';
  if (term === 'dumb' || term === 'unknown') {
    throw new UsageError(`the terminal (TERM=${term}) cannot draw the dashboard; use \`sysmon top -b\` for plain frames`);
  }
  // Once-a-second code is left to TurboFan only when it does real work each tick (jit-budget.ts); set back before exit.
  const restoreJit = raiseJitBudget();
  // The portable backend (systeminformation, pidusage): its tick source, and none of the /proc-only panels.
  const portable = backendFor(cmd) === 'portable';
  const procFs = portable ? portableFsFor(cmd) : procFsFor(cmd);
  const messages: string[] = [];
  const { state, file, extras } = startState(opts, messages);
  const built = buildKeymap(processFields, extras.keys ?? {});
  messages.push(...built.problems.map((p) => `config: ${p}`));

  let families = mainView(state.view).families;
  let threads = state.threads;
  const expander = new ThreadExpander(procFs);
  const collector = portable
    ? new (await import('../../collectors/portable-tick-source.js')).PortableTickSource()
    : new SnapshotCollector(procFs, { processNeeds: neededSources([processFields.get('pid')]) });
  if (!portable) {
    // Disk, network and pressure panels: five small reads a tick.
    collector.addExtension(new DeviceIoCollector(procFs));
    collector.addExtension(new PressureCollector(procFs));
  }
  // Each view's families (filesystems, mounts) are read only while it is on screen.
  // The main screen's fullest-filesystems panel is fed every FS_PANEL_MS from the same reading.
  let fsCache: { at: number; list: FsUsage[] } | null = null;
  const readFilesystems = async (s: Snapshot): Promise<void> => {
    // No readable mount table (a container without /proc/self/mountinfo) is an empty list, not a crash.
    const list = await (portable
      ? (await import('../../collectors/portable-snapshot-collector.js')).portableFilesystems()
      : collectFilesystems(procFs, { timeoutMs: 1000 })).catch((): FsUsage[] => []);
    fsCache = { at: Date.now(), list };
    s.filesystems = list;
  };
  // Inside a limited cgroup, memory and CPU are shown against the limits (the header says so) unless --host.
  const own = readOwnCgroup(procFs);
  let hostTotals = opts.host === true;
  const note = (): string | null => (own === null ? null : hostTotals ? `${containerNote(own)} (host totals)` : containerNote(own));
  if (own !== null) {
    const ext = containerMemoryExtension(procFs);
    collector.addExtension({ name: ext.name, collect: (s) => (hostTotals ? undefined : ext.collect(s)) });
  }
  const ownCpu = own?.cpuLimit == null ? null : findOwnCpuCounter(new CgroupFs(procFs.root));
  if (ownCpu !== null && ownCpu.usage !== null) {
    const ext = new ContainerCpuExtension(new CgroupFs(procFs.root), ownCpu);
    // Sampled with --host too (one or two small reads), so C shows a figure at once rather than a tick later.
    collector.addExtension({
      name: ext.name,
      collect: (s) => {
        ext.collect(s);
        if (hostTotals) delete s.containerCpu;
      },
    });
  } else if (ownCpu !== null) {
    messages.push("CPU is the host's: sysmon's cpuacct cgroup is not the one its CPU limit is set on");
  }
  // Each view's families (filesystems, mounts) are read only while it is on screen.
  let containers: ContainerCollector | null = null;
  // GPUs: probed once; when there are any, read every tick (a few sysfs files, or the newest block of one
  // long-lived nvidia-smi) for the GPU panel and the System view.
  const gpus = opts.gpu === false ? null : new GpuCollector({ root: procFs.root, intervalMs: Math.round(state.delay * 1000) });
  await gpus?.init();
  if (gpus && gpus.sample().length > 0) {
    gpus.startStreaming();
    collector.addExtension(gpuExtension(gpus));
    if (!state.panels.includes('gpu')) state.panels.push('gpu');
  }
  let system: SystemInfo | null = null;
  const readers: Readonly<Record<string, (s: Snapshot) => Promise<void>>> = {
    // Static facts: read when the System view first shows, then kept.
    system: async (s) => {
      system ??= readSystemInfo(procFs);
      s.system = system;
    },
    filesystems: readFilesystems,
    mounts: async (s) => {
      s.mounts = readMounts(procFs);
    },
    containers: async (s) => {
      containers ??= new ContainerCollector(procFs);
      s.containers = containers.collect();
    },
  };
  collector.addExtension({
    name: 'dashboard views',
    async collect(s: Snapshot): Promise<void> {
      if (threads) {
        s.processes = expander.expand(s.processes);
        s.tasks = countTasks(s.processes);
      }
      for (const f of families) await readers[f]?.(s);
      if (s.filesystems === undefined) {
        if (fsCache === null || Date.now() - fsCache.at >= FS_PANEL_MS) await readFilesystems(s);
        else s.filesystems = fsCache.list;
      }
    },
  });
  // Last: idle processes keep last tick's row object, so the snapshots kept share them (row-reuse.ts).
  const reuse = new RowReuse();
  collector.addExtension({ name: 'row reuse', collect: (s) => void reuse.apply(s.processes) });
  const store = new MetricsStore({ retentionSeconds: RETENTION_SECONDS, intervalSeconds: state.delay });
  const scheduler = new Scheduler(collector, { intervalSeconds: state.delay, store });

  const young = youngGenerationCap();
  let lastNeeds: ReadonlySet<string> = new Set();
  let needsKey = '';
  const hostname = os.hostname();
  let users: { at: number; count: number } | null = null;
  let app: DashboardApp | null = null;
  // Every way out goes through here. A terminal that went away (hung up) ends quietly with status 1, as top
  // does; its descriptors are let go first, or Node's exit aborts trying to restore the dead terminal.
  const leave = (code: number): never => {
    restoreJit();
    young.restore();
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

  // Time travel ({ } @): the last snapshots in memory, then the recorder's database (time-travel.ts).
  const travel = new LiveTimeline(store);
  scheduler.onSnapshot((s) => travel.push(s));
  scheduler.onSnapshot(young);
  if (userFileExists(defaultDbPath())) {
    void Promise.all([import('../../store/history/reader.js'), import('../replay/replay-source.js')])
      .then(([r, p]) => provideReplayModules({ HistoryReader: r.HistoryReader, ReplaySource: p.ReplaySource }))
      .catch(() => {});
  }
  app = startDashboard({
    store,
    readLibraryFile,
    // A past moment on screen stays there: live ticks are collected but not drawn until } returns.
    subscribe: (fn) => scheduler.onSnapshot((s) => {
      if (!travel.travelling) fn(s);
    }),
    timeline: travel,
    host: () => {
      const now = Date.now();
      // utmp changes on login and logout only; reading it every few seconds is plenty.
      if (users === null || now - users.at > 5000) users = { at: now, count: countLoggedInUsers(procFs) };
      return { hostname, users: users.count, container: note() };
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
      const next = mainView(v).families;
      const changed = next.join() !== families.join();
      families = next;
      if (changed && scheduler.started) void scheduler.tickNow().catch(restoreAndFail);
    },
    toggleHostTotals: own === null ? undefined : () => {
      hostTotals = !hostTotals;
      return hostTotals ? "host totals (C: the container's limits)" : "the container's limits (C: host totals)";
    },
    setThreads: (on) => {
      threads = on;
      if (scheduler.started) void scheduler.tickNow().catch(restoreAndFail);
    },
    writeConfig: (config) => writeConfigFile(file, { ...config, ...(extras.theme ? { theme: extras.theme } : {}), ...(extras.keys ? { keys: extras.keys } : {}) }),
    keymap: built.keymap,
    theme: extras.theme ?? 'default',
    initialState: state,
    startMessages: messages,
  });
  const shown = app;
  travel.show = (m) => shown.show(m);
  scheduler.onError((err) => app?.notify(`refresh failed: ${(err as Error)?.message ?? String(err)}`, true));
  scheduler.start();
  const prime = setTimeout(() => void scheduler.tickNow().catch(restoreAndFail), PRIME_MS);

  const code = await app.done;
  travel.close();
  clearTimeout(prime);
  scheduler.stop();
  leave(code);
}
