import type { ProcessContainer } from './container.js';
import type { TaskFiles } from './task-files.js';

/**
 * One process as read from /proc/PID/*, in raw kernel units. Fields a tick did not read are null.
 * Derived, display-ready values come from the field registry (src/fields/process-fields.ts), never from here.
 */
export interface ProcessRow {
  pid: number;
  /** Text between the first `(` and the last `)` of /proc/PID/stat; may hold spaces and parentheses. */
  comm: string;
  /** State letter from stat: R S D Z T t X I P W K. */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Controlling terminal, encoded device number (0 = none). */
  ttyNr: number;
  /** Foreground process group of the controlling terminal (-1 = none). */
  tpgid: number;
  /** Kernel flags word (PF_*); PF_KTHREAD = 0x00200000 marks kernel threads. */
  flags: number;
  minflt: number;
  majflt: number;
  /** User-mode CPU time, clock ticks. */
  utime: number;
  /** Kernel-mode CPU time, clock ticks. */
  stime: number;
  /** Kernel scheduling priority as stat shows it (20 + nice for normal tasks). */
  priority: number;
  nice: number;
  numThreads: number;
  /** Start time after boot, clock ticks. */
  starttime: number;
  /** Virtual memory size, bytes. */
  vsize: number;
  /** Resident set, pages. */
  rssPages: number;
  /** CPU last run on. */
  processor: number;
  rtPriority: number;
  policy: number;

  /** Real uid (from status, or the owner of /proc/PID); null when unreadable. */
  uid: number | null;
  /** User name for uid (numeric text when /etc/passwd has no entry). */
  user: string | null;
  /** Effective uid; null when not read. */
  euid?: number | null;
  /** Locked memory (VmLck), bytes; null when status was not read. */
  vmLck?: number | null;
  /** Shared resident pages from statm; null when statm was not read. */
  sharedPages?: number | null;
  /** Arguments from /proc/PID/cmdline; empty for kernel threads and zombies; null when not read. */
  cmdline: string[] | null;
  /** Container, pod and unit from /proc/PID/cgroup (read once per process); null when not read or unreadable. */
  container?: ProcessContainer | null;

  /**
   * CPU ticks (utime + stime) used since the previous sample of the same (pid, starttime);
   * null on the first sample of a process or a one-shot read.
   */
  cpuDeltaTicks: number | null;
  /** Major / minor page faults since the previous sample (top's vMj, vMn); null or absent on a first sample. */
  majfltDelta?: number | null;
  minfltDelta?: number | null;
  /**
   * Storage bytes read / written since the previous sample (/proc/PID/io read_bytes, write_bytes), when the
   * io file is read (an I/O column is shown); null on a first sample or when io is unreadable (another
   * user's process).
   */
  ioDelta?: { read: number; write: number } | null;

  /** Process (thread group) id when the row is one thread of a process (ps -L, -T, -m, H); absent otherwise. */
  tgid?: number;
  /**
   * The task's other files, read when a selected field first asks (ps's specifiers beyond stat, status, statm
   * and cmdline); present only when a field that needs them is selected (Source 'files').
   */
  files?: TaskFiles;
  /**
   * Made by the portable backend (systeminformation, pidusage): the fields it cannot fill (Field.portable
   * unset) print `-` on this row.
   */
  portable?: boolean;
  /**
   * The controlling terminal's name as the portable backend has it (`pts/0`, `ttys001`; `?` for none), which
   * stands for ttyNr there (it has no device numbers).
   */
  ttyName?: string;
  /**
   * GPU memory the process holds over every GPU, bytes (NVIDIA's per-process framebuffer use, AMD/Intel VRAM
   * from DRM fdinfo); 0 for a process on no GPU; null when no GPU driver here reports it; absent when not read.
   */
  gpuMem?: number | null;
}
