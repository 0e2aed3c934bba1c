import type { Snapshot } from '../core/snapshot.js';
import type { Source } from '../fields/registry.js';
import type { ProcFs } from '../source/proc-fs.js';
import { pageSize, USER_HZ } from '../source/machine.js';
import { countTasks, ProcessCollector } from './process-collector.js';
import { SystemCollector } from './system-collector.js';
import { monotonicMs } from '../core/monotonic.js';

/**
 * A collector of one optional family, run after the core families on every tick (the filesystems family is
 * one). It adds its part to the snapshot in place, e.g. `snapshot.filesystems = ...`. It must not throw for
 * what the machine does (a hung mount is a stale row, not an error); a throw fails the tick.
 */
export interface SnapshotExtension {
  /** Family name, for error messages. */
  readonly name: string;
  collect(snapshot: Snapshot): Promise<void> | void;
  /** Give back what it keeps open between ticks. */
  close?(): void;
}

/** What a {@link SnapshotCollector} reads on each tick. */
export interface SnapshotCollectorOptions {
  /**
   * Process files the visible fields need (neededSources(fields)); `false` or absent = no process scan
   * (`snapshot.processes` stays empty and `tasks` counts nothing).
   */
  processNeeds?: ReadonlySet<Source> | false;
  /** Only these pids (top -p); all otherwise. */
  pids?: readonly number[];
  /** Hand back the previous rows of processes that have not run (ProcessCollectOptions.reuseIdle): recordings. */
  reuseIdleProcesses?: boolean;
  /** Extra families (filesystems, ...), run in order after system and processes. */
  extensions?: SnapshotExtension[];
}

/**
 * Combines the system collector (/proc/stat, meminfo, loadavg, uptime) and the process collector into one
 * {@link Snapshot} per {@link tick}. Keeps the previous readings, so `cpu`, `interval` and each process's
 * cpuDeltaTicks describe the time since the previous tick. Reads are synchronous (fast for /proc); tick() is
 * async so extensions (statfs with a time limit) can wait.
 */
export class SnapshotCollector {
  private readonly system: SystemCollector;
  private readonly processes: ProcessCollector;
  private readonly pageSize: number;
  private processNeeds: ReadonlySet<Source> | false;
  private pids: readonly number[] | undefined;
  private readonly reuseIdle: boolean;
  private readonly extensions: SnapshotExtension[];
  private lastMono: number | null = null;

  constructor(procFs: ProcFs, opts: SnapshotCollectorOptions = {}) {
    this.system = new SystemCollector(procFs);
    this.processes = new ProcessCollector(procFs);
    this.pageSize = pageSize(procFs);
    this.processNeeds = opts.processNeeds ?? false;
    this.reuseIdle = opts.reuseIdleProcesses === true;
    this.pids = opts.pids;
    this.extensions = [...(opts.extensions ?? [])];
  }

  /** Change which process files are read from the next tick on (the TUI's field chooser); false = none. */
  setProcessNeeds(needs: ReadonlySet<Source> | false): void {
    this.processNeeds = needs;
  }

  /** Restrict the process scan to these pids (undefined = all). */
  setPids(pids: readonly number[] | undefined): void {
    this.pids = pids;
  }

  /** Add a family collector (filesystems, ...) that runs on every following tick. */
  addExtension(ext: SnapshotExtension): void {
    this.extensions.push(ext);
  }

  /** Give back what the collectors keep open between ticks (call when done; tick() opens again if called). */
  close(): void {
    this.processes.close();
    this.system.close();
    for (const ext of this.extensions) ext.close?.();
  }

  /** Read everything once. The first tick has interval null, cpu null and cpuDeltaTicks null. */
  async tick(): Promise<Snapshot> {
    const time = Date.now();
    const mono = monotonicMs();
    const interval = this.lastMono === null ? null : (mono - this.lastMono) / 1000;
    this.lastMono = mono;
    const sys = this.system.sample();
    const processes =
      this.processNeeds === false ? [] : this.processes.collect({ needs: this.processNeeds, reuseIdle: this.reuseIdle, ...(this.pids ? { pids: this.pids } : {}) });
    const snapshot: Snapshot = {
      time,
      interval,
      uptime: sys.uptime,
      hz: USER_HZ,
      pageSize: this.pageSize,
      stat: sys.stat,
      cpu: sys.cpu,
      mem: sys.mem,
      load: sys.load,
      tasks: countTasks(processes),
      processes,
    };
    for (const ext of this.extensions) {
      // Most extensions are synchronous (a few small reads): await only the ones that hand back a promise.
      const done = ext.collect(snapshot);
      if (done !== undefined) await done;
    }
    return snapshot;
  }
}
