/**
 * Files of one task (a process, or one thread of it) read on demand and kept for the life of one row: the
 * fields beyond stat/status/statm/cmdline (ps's ~190 specifiers) read their file only when a selected column
 * asks, so `ps aux` costs what it always cost. Each method reads its file at most once per row.
 */
export interface TaskFiles {
  /** Text of a file below the task's /proc directory (`environ`, `wchan`, `io`), or null when unreadable. */
  text(name: string): string | null;
  /** Target of a link below the task's directory (`exe`, `ns/ipc`), or null when unreadable. */
  link(name: string): string | null;
  /** `Key:\tvalue` lines of status (or io, smaps_rollup) as a map; null when unreadable. */
  keyed(name: 'status' | 'io' | 'smaps_rollup'): ReadonlyMap<string, string> | null;
  /** Fields of stat after the command name: [0] is field 3 (state), [N - 3] is field N; null when unreadable. */
  statFields(): readonly string[] | null;
  /** A system file under the root (not per task), cached per process run: `/run/systemd/sessions/3`. */
  system(path: string): string | null;
  /** Group name of a gid from /etc/group, or the number as text. */
  groupName(gid: number): string;
  /** User name of a uid from /etc/passwd, or the number as text. */
  userName(uid: number): string;
}
