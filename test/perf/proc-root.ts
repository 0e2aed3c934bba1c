import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcFs } from '../../src/source/proc-fs.js';

/** Per-process files the perf guard copies into a fixture root. */
const PID_FILES = ['stat', 'statm', 'status', 'cmdline', 'io', 'cgroup'];
/** System files the process commands read. */
const SYSTEM_FILES = ['proc/stat', 'proc/meminfo', 'proc/loadavg', 'proc/uptime', 'etc/passwd', 'etc/group'];

/**
 * A frozen copy of part of this machine's /proc (the first `count` processes, kernel threads included) in a
 * temp dir, so two ticks over it see the same processes and a read count is exact. Returns the root and pids.
 */
export function captureProcRoot(count: number): { root: string; pids: number[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-perf-root-'));
  for (const rel of SYSTEM_FILES) {
    try {
      const text = fs.readFileSync(`/${rel}`);
      fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    } catch {
      // optional on this machine
    }
  }
  const pids: number[] = [];
  const live = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  for (const pid of live) {
    if (pids.length >= count) break;
    const files = new Map<string, Buffer>();
    try {
      for (const name of PID_FILES) {
        try {
          files.set(name, fs.readFileSync(`/proc/${pid}/${name}`));
        } catch (err) {
          if (name === 'io') continue; // needs privileges for others' processes
          throw err;
        }
      }
    } catch {
      continue; // gone while copying
    }
    addProcess(root, pid, files);
    pids.push(pid);
  }
  return { root, pids };
}

/** Write one process directory into a fixture root. */
export function addProcess(root: string, pid: number, files: Map<string, Buffer | string>): void {
  const dir = path.join(root, 'proc', String(pid));
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, data] of files) fs.writeFileSync(path.join(dir, name), data);
}

/** Files read per process, per tick; a tick starts at each listPids(). */
export interface ReadLog {
  /** Reads before the first listPids(). */
  before: TickReads;
  ticks: TickReads[];
}

/** What one tick read: files per pid, and system paths. */
export interface TickReads {
  reads: Map<number, string[]>;
  system: string[];
}

/** What a per-process method of ProcFs costs, by name; `readPid*(pid, file)` methods cost `file`. */
const PID_METHOD_LABEL: Record<string, string> = { ownerUid: 'stat(2)', listTids: 'task/' };

/**
 * A ProcFs that records, through its public methods, which files each process costs on each tick. Every method
 * of ProcFs is wrapped (so one added later is counted too): a call whose first argument is a pid counts for
 * that pid, as its file-name argument or as PID_METHOD_LABEL says; one with a path counts as a system read;
 * listPids() starts a tick. The reads still happen, so the collector under test sees real data.
 */
export class CountingProcFs extends ProcFs {
  readonly log: ReadLog = { before: { reads: new Map(), system: [] }, ticks: [] };
  private depth = 0;

  constructor(root: string) {
    super(root);
    const self = this as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(ProcFs.prototype)) {
      const desc = Object.getOwnPropertyDescriptor(ProcFs.prototype, name);
      if (name === 'constructor' || typeof desc?.value !== 'function') continue;
      const orig = desc.value as (...args: unknown[]) => unknown;
      self[name] = (...args: unknown[]) => {
        // Only the outermost call counts: readPid() calling a private reader is one read.
        if (this.depth === 0) this.record(name, args);
        this.depth++;
        try {
          return orig.apply(this, args);
        } finally {
          this.depth--;
        }
      };
    }
  }

  private tick(): TickReads {
    return this.log.ticks[this.log.ticks.length - 1] ?? this.log.before;
  }

  private record(method: string, args: unknown[]): void {
    if (method === 'listPids') {
      this.log.ticks.push({ reads: new Map(), system: [] });
      return;
    }
    const [first, second] = args;
    if (typeof first === 'number') {
      const what = PID_METHOD_LABEL[method] ?? (typeof second === 'string' ? second : method);
      const reads = this.tick().reads;
      const list = reads.get(first);
      if (list) list.push(what);
      else reads.set(first, [what]);
    } else if (typeof first === 'string' && method !== 'path') {
      this.tick().system.push(first);
    }
  }
}
