import { parsePasswd } from '../core/passwd.js';
import type { TaskFiles } from '../core/task-files.js';
import { parseGroupFile, parseKeyedLines, parseStatFields } from '../parsers/proc-keyed.js';
import type { ProcFs } from '../source/proc-fs.js';

/** Facts shared by every row of one scan: the user and group tables, system files. */
export class TaskFilesShared {
  private users: Map<number, string> | null = null;
  private groups: Map<number, string> | null = null;
  private readonly systemFiles = new Map<string, string | null>();

  constructor(readonly procFs: ProcFs) {}

  userName(uid: number): string {
    this.users ??= parsePasswd(this.procFs.readText('/etc/passwd') ?? '');
    return this.users.get(uid) ?? String(uid);
  }

  groupName(gid: number): string {
    this.groups ??= parseGroupFile(this.procFs.readText('/etc/group') ?? '');
    return this.groups.get(gid) ?? String(gid);
  }

  system(path: string): string | null {
    if (!this.systemFiles.has(path)) this.systemFiles.set(path, this.procFs.readText(path));
    return this.systemFiles.get(path) ?? null;
  }
}

/**
 * {@link TaskFiles} over /proc/PID or /proc/PID/task/TID: every file read once, on first use, so only the
 * columns a user selected cost a read.
 */
export class ProcTaskFiles implements TaskFiles {
  private readonly texts = new Map<string, string | null>();
  private readonly maps = new Map<string, Map<string, string> | null>();
  private stat: string[] | null | undefined;

  constructor(
    private readonly shared: TaskFilesShared,
    private readonly pid: number,
    /** Path below /proc/PID of the task's directory: '' for the process, `task/TID/` for a thread. */
    private readonly prefix: string,
  ) {}

  text(name: string): string | null {
    let t = this.texts.get(name);
    if (t === undefined && !this.texts.has(name)) {
      try {
        t = this.shared.procFs.readPidUtf8(this.pid, this.prefix + name);
      } catch {
        t = null; // EACCES, EINVAL (attr/current without a security module): no value
      }
      this.texts.set(name, t);
    }
    return t ?? null;
  }

  link(name: string): string | null {
    const key = `->${name}`;
    if (!this.texts.has(key)) {
      let t: string | null;
      try {
        t = this.shared.procFs.readLink(`/proc/${this.pid}/${this.prefix}${name}`);
      } catch {
        t = null;
      }
      this.texts.set(key, t);
    }
    return this.texts.get(key) ?? null;
  }

  keyed(name: 'status' | 'io' | 'smaps_rollup'): ReadonlyMap<string, string> | null {
    if (!this.maps.has(name)) {
      const t = this.text(name);
      this.maps.set(name, t === null ? null : parseKeyedLines(t));
    }
    return this.maps.get(name) ?? null;
  }

  statFields(): readonly string[] | null {
    if (this.stat === undefined) {
      const t = this.text('stat');
      this.stat = t === null ? null : parseStatFields(t);
    }
    return this.stat;
  }

  system(path: string): string | null {
    return this.shared.system(path);
  }

  groupName(gid: number): string {
    return this.shared.groupName(gid);
  }

  userName(uid: number): string {
    return this.shared.userName(uid);
  }
}
