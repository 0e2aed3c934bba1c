import type { ProcFs } from './proc-fs.js';

/** kernel.pid_max (/proc/sys/kernel/pid_max); 32768, the kernel default, when it cannot be read. */
export function readPidMax(procFs: ProcFs): number {
  const n = Number((procFs.readText('/proc/sys/kernel/pid_max') ?? '').trim());
  return Number.isInteger(n) && n > 0 ? n : 32768;
}

/** Digits of the largest pid, the width procps gives PID columns. */
export function pidDigits(procFs: ProcFs): number {
  return String(readPidMax(procFs)).length;
}
