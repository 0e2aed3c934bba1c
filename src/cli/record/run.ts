import { containerExtension } from '../../collectors/container-extension.js';
import { DeviceIoCollector } from '../../collectors/device-io-collector.js';
import { collectFilesystems } from '../../collectors/filesystem-collector.js';
import { PressureCollector } from '../../collectors/pressure-collector.js';
import { Scheduler } from '../../collectors/scheduler.js';
import { SnapshotCollector, type SnapshotExtension } from '../../collectors/snapshot-collector.js';
import { RuntimeError } from '../../core/errors.js';
import type { FsUsage } from '../../core/filesystem.js';
import { humanCeil } from '../../core/size-units.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { countLoggedInUsers } from '../../source/users.js';
import { HistoryWriter } from '../../store/history/writer.js';
import { RECORD_NEEDS } from '../history/record-needs.js';
import type { RecordOptions } from './options.js';

export { parseRecordOptions } from './options.js';
export { unitFile } from './unit-file.js';

/** statfs time limit per mount while recording, ms: a hung NFS mount becomes a stale row, not a late sample. */
const STATFS_TIMEOUT_MS = 1000;

/**
 * Filesystem usage is read at most this often, ms; samples in between repeat the last reading. statfs of
 * every mount was a fifth of a 1 s recorder's CPU, and df's figures move slowly.
 */
export const FILESYSTEMS_EVERY_MS = 5000;

/** df's filesystems (its default selection), read every FILESYSTEMS_EVERY_MS and kept in every sample. */
function filesystemsExtension(fs: ProcFs): SnapshotExtension {
  let last: { at: number; list: FsUsage[] | null } | null = null;
  return {
    name: 'filesystems',
    async collect(s) {
      if (last === null || s.time - last.at >= FILESYSTEMS_EVERY_MS || s.time < last.at) {
        // No mountinfo (a container without /proc/self, a fixture root): the sample goes on without filesystems.
        let list: FsUsage[] | null = null;
        try {
          list = await collectFilesystems(fs, { timeoutMs: STATFS_TIMEOUT_MS });
        } catch (err) {
          if (!(err instanceof RuntimeError)) throw err;
        }
        last = { at: s.time, list };
      }
      if (last.list === null) delete s.filesystems;
      else s.filesystems = last.list;
    },
  };
}

/** libuv pool threads of a recorder. */
const RECORD_POOL_THREADS = '2';

/** Logged-in users are counted at most this often, ms (utmp changes at a login or logout). */
export const USERS_EVERY_MS = 5000;

/** Logged-in users, so `top -b --at` prints the count of then (read every USERS_EVERY_MS). */
function usersExtension(fs: ProcFs): SnapshotExtension {
  let last: { at: number; count: number } | null = null;
  return {
    name: 'users',
    collect(s) {
      if (last === null || s.time - last.at >= USERS_EVERY_MS || s.time < last.at) last = { at: s.time, count: countLoggedInUsers(fs) };
      s.users = last.count;
    },
  };
}

/**
 * The collector a recording samples with: processes with the recorded fields, PSI, disks, network,
 * filesystems, and containers and pods (`containers --at`; units, `--all`, are not kept: a unit's counters
 * cost as much as a container's, and a host has dozens).
 */
export function recordingCollector(fs: ProcFs): SnapshotCollector {
  return new SnapshotCollector(fs, {
    processNeeds: RECORD_NEEDS,
    // Most processes sleep through a sample: their rows are kept unless schedstat says they ran.
    reuseIdleProcesses: true,
    extensions: [
      new DeviceIoCollector(fs), new PressureCollector(fs), filesystemsExtension(fs), usersExtension(fs), containerExtension(fs),
    ],
  });
}

function describe(o: RecordOptions): string {
  const keep = o.retainMs === null ? 'no age limit' : `keep ${o.retainMs / 86_400_000 >= 1 ? `${+(o.retainMs / 86_400_000).toFixed(2)}d` : `${o.retainMs / 1000}s`}`;
  const size = o.maxBytes === null ? 'no size limit' : `at most ${humanCeil(o.maxBytes, 1024)}iB`;
  return `${keep}, ${size}`;
}

/**
 * `sysmon record`: sample every interval into the history until SIGINT/SIGTERM (or `count` samples), then
 * release the database cleanly (exit 0). A failing write (disk full, file removed) stops with exit 1.
 */
export async function runRecord(fs: ProcFs, o: RecordOptions, count: number | null = null): Promise<void> {
  // The recorder's only pool work is statfs of local filesystems every 5 s (one that may hang goes to a child,
  // source/may-hang.ts): 2 threads, not the 8 the loader asks for, each with its stack and malloc arena. Read
  // by libuv when the pool first starts, which is later than this.
  process.env.UV_THREADPOOL_SIZE = RECORD_POOL_THREADS;
  // Signals first: a stop asked for while the database opens still ends cleanly.
  let stopAsked = false;
  let onStop: () => void = () => void (stopAsked = true);
  const signal = (): void => onStop();
  process.on('SIGINT', signal);
  process.on('SIGTERM', signal);
  let writer: HistoryWriter | null = null;
  let collector: SnapshotCollector | null = null;
  try {
    writer = HistoryWriter.open(o.db, { retainMs: o.retainMs, maxBytes: o.maxBytes });
    collector = recordingCollector(fs);
    const scheduler = new Scheduler(collector, { intervalSeconds: o.interval });
    const w = writer;
    process.stderr.write(`sysmon record: writing ${o.db} every ${o.interval} s (${describe(o)}); Ctrl-C to stop\n`);
    let written = 0;
    await new Promise<void>((resolve, reject) => {
      onStop = () => {
        scheduler.stop();
        resolve();
      };
      if (stopAsked) return onStop();
      scheduler.onError((err) => process.stderr.write(`sysmon record: sample skipped: ${(err as Error).message}\n`));
      scheduler.onSnapshot((s) => {
        if (!scheduler.started) return; // stopped while this tick ran: the database is closing
        try {
          w.write(s);
          w.forgetGone(s.processes);
        } catch (err) {
          scheduler.stop();
          reject(new RuntimeError(`record: cannot write ${o.db}: ${(err as Error).message}`));
          return;
        }
        written++;
        if (count !== null && written >= count) onStop();
      });
      scheduler.start();
    });
  } finally {
    process.off('SIGINT', signal);
    process.off('SIGTERM', signal);
    collector?.close();
    writer?.close();
  }
}
