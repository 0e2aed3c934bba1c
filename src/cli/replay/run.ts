import { readLibraryFile } from '../../source/user-files.js';
import os from 'node:os';
import { RuntimeError } from '../../core/errors.js';
import { processFields } from '../../fields/process-fields.js';
import { formatLocalTime } from '../../parsers/time-spec.js';
import { HistoryReader, type SampleRef } from '../../store/history/reader.js';
import { startDashboard, type DashboardApp } from '../../tui/app.js';
import { buildKeymap } from '../../tui/keymap.js';
import { startState } from '../dashboard/run.js';
import { configPath } from '../dashboard/config-file.js';
import { parseAt } from '../history/at.js';
import { dbPathFrom } from '../history/db-path.js';
import { ReplaySource } from './replay-source.js';

/** Options of `sysmon replay`. */
export interface ReplayOptions {
  at?: string;
  db?: string;
}

/** Replay's keys: t / T next / previous sample and g a time prompt, besides { } @ (T is TIME+ live). */
export const REPLAY_KEYS = { newer: ['t', '}'], older: ['T', '{'], 'goto-time': ['g', '@'] } as const;

/**
 * `sysmon replay`: the dashboard on recorded samples, starting at --at (the nearest earlier sample) or at the
 * newest one, paused. Kill, renice and details act on live processes and are refused here.
 */
export async function runReplay(o: ReplayOptions): Promise<void> {
  const file = dbPathFrom(o.db);
  const reader = HistoryReader.open(file);
  let start: SampleRef | null;
  let note: string | null = null;
  if (o.at !== undefined) {
    const ms = parseAt(o.at, 'replay');
    start = reader.at(ms);
    if (start === null) {
      start = reader.first();
      if (start !== null) note = `the history starts at ${formatLocalTime(start.time)}`;
    } else if (start.time !== ms) note = `nearest earlier sample: ${formatLocalTime(start.time)}`;
  } else start = reader.last();
  if (start === null) {
    reader.close();
    throw new RuntimeError(`replay: the history ${file} has no samples yet (start one with \`sysmon record\`)`);
  }
  const source = new ReplaySource(reader, start);
  const messages: string[] = note ? [note] : [];
  const { state } = startState({}, messages);
  const refused = { ok: false as const, message: 'a replay shows recorded processes: nothing to signal' };
  let app: DashboardApp | null = null;
  for (const [sig, code] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130], ['SIGQUIT', 131]] as const) {
    process.on(sig, () => app?.quit(code));
  }
  app = startDashboard({
    store: source,
    readLibraryFile,
    // No live ticks: the source hands each moment to show().
    subscribe: () => () => {},
    host: () => ({ hostname: os.hostname(), users: source.latest.users ?? 0 }),
    kill: () => refused,
    renice: () => ({ ok: false, message: 'a replay shows recorded processes: nothing to renice' }),
    details: () => null,
    setDelay: () => {},
    setProcessFields: () => {},
    setView: () => {},
    writeConfig: () => {
      throw new Error(`replay does not write ${configPath()}; use W in the live dashboard`);
    },
    initialState: { ...state, delay: source.intervalSeconds },
    startMessages: messages,
    keymap: buildKeymap(processFields, REPLAY_KEYS).keymap,
    timeline: source,
  });
  const shown = app;
  source.onMoment = (m) => shown.show(m);
  source.onMessage = (text, error) => shown.notify(text, error);
  shown.show(source.moment());
  const code = await shown.done;
  source.close();
  reader.close();
  process.exit(code);
}
