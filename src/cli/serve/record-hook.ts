import { PressureCollector } from '../../collectors/pressure-collector.js';
import type { SnapshotCollector } from '../../collectors/snapshot-collector.js';
import { UsageError } from '../../core/errors.js';
import type { Snapshot } from '../../core/snapshot.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { countLoggedInUsers } from '../../source/users.js';
import { HistoryWriter } from '../../store/history/writer.js';
import { RECORD_NEEDS } from '../history/record-needs.js';
import { parseRecordOptions, type RecordOptions } from '../record/options.js';

/** Raw `serve --record` options (commands/serve.ts). */
export interface RawServeRecord {
  record?: boolean;
  recordEvery?: string;
  retain?: string;
  maxSize?: string;
  db?: string;
}

/** `serve --record [--record-every S] [--retain AGE] [--max-size SIZE] [--db PATH]`, or null without --record. */
export function parseServeRecord(raw: RawServeRecord): RecordOptions | null {
  if (!raw.record) {
    if (raw.recordEvery !== undefined || raw.retain !== undefined || raw.maxSize !== undefined || raw.db !== undefined) {
      throw new UsageError('serve: --record-every, --retain, --max-size and --db go with --record');
    }
    return null;
  }
  return parseRecordOptions({
    ...(raw.recordEvery !== undefined ? { delay: raw.recordEvery } : {}),
    ...(raw.retain !== undefined ? { retain: raw.retain } : {}),
    ...(raw.maxSize !== undefined ? { maxSize: raw.maxSize } : {}),
    ...(raw.db !== undefined ? { db: raw.db } : {}),
  });
}

/**
 * `serve --record`: one process serves and records. Every `interval` the recorder asks the exporter for its
 * current sample (the one scrapes share, collected now only when none is fresh) and writes it, so recording
 * costs no second /proc walk. The collector reads what a recording keeps (command lines, statm, PSI, users).
 */
export function startServeRecorder(fs: ProcFs, collector: Pick<SnapshotCollector, 'addExtension' | 'setProcessNeeds'>, sample: () => Promise<Snapshot>, o: RecordOptions): { stop(): void } {
  const writer = HistoryWriter.open(o.db, { retainMs: o.retainMs, maxBytes: o.maxBytes });
  collector.setProcessNeeds(RECORD_NEEDS);
  collector.addExtension(new PressureCollector(fs));
  collector.addExtension({ name: 'users', collect: (s) => void (s.users = countLoggedInUsers(fs)) });
  let last = -1;
  let stopped = false;
  const tick = async (): Promise<void> => {
    try {
      const s = await sample();
      if (stopped || s.time === last) return;
      last = s.time;
      writer.write(s);
      writer.forgetGone(s.processes);
    } catch (err) {
      process.stderr.write(`sysmon: serve: record: ${(err as Error).message}\n`);
    }
  };
  const timer = setInterval(() => void tick(), o.interval * 1000);
  void tick();
  process.stderr.write(`sysmon: serve: recording into ${o.db} every ${o.interval} s\n`);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      writer.close();
    },
  };
}
