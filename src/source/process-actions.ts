import os from 'node:os';
import { parseSignal } from '../core/signals.js';

/** Result of a process action: done, or a short human reason ("permission denied") for the status line. */
export type ActionResult = { ok: true } | { ok: false; message: string };

/** Lowest and highest nice values Linux accepts. */
export const NICE_MIN = -20;
export const NICE_MAX = 19;

/** Short message for the errno codes kill(2) and setpriority(2) give. */
export function actionErrorMessage(code: string | undefined): string {
  switch (code) {
    case 'EPERM':
    case 'EACCES':
      return 'permission denied';
    case 'ESRCH':
      return 'no such process';
    case 'EINVAL':
      return 'invalid argument';
    default:
      return code ? `failed (${code})` : 'failed';
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  // os.setPriority throws a SystemError whose errno code sits in .info.code; process.kill sets .code.
  const info = (err as { info?: { code?: unknown } }).info;
  if (info && typeof info.code === 'string') return info.code;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function validPid(pid: number): boolean {
  // 0 and negative pids address process groups or every process (kill(2)); never from a details screen.
  return Number.isInteger(pid) && pid > 0 && pid <= 0x3fffffff;
}

/**
 * Send a signal to one process, as `kill -SIGNAL PID` does. `signal` is a name ("TERM", "SIGKILL", "hup"),
 * a number (15), or "0" to only test that the process exists and may be signalled. Never throws: failures
 * come back as `{ ok: false, message }` with "permission denied", "no such process", "invalid signal" or
 * "invalid pid".
 */
export function sendSignal(pid: number, signal: string | number): ActionResult {
  if (!validPid(pid)) return { ok: false, message: 'invalid pid' };
  const spec = parseSignal(signal);
  if (spec === null) return { ok: false, message: 'invalid signal' };
  // Resolve the name on the running platform (numbers differ on MIPS, SPARC, Alpha); fall back to the number.
  const platform = (os.constants.signals as Record<string, number | undefined>)[`SIG${spec.name}`];
  const number = platform ?? spec.number;
  try {
    process.kill(pid, number);
    return { ok: true };
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EINVAL' || code === 'ERR_UNKNOWN_SIGNAL') return { ok: false, message: 'invalid signal' };
    return { ok: false, message: actionErrorMessage(code) };
  }
}

/**
 * Set the nice value (-20 highest priority .. 19 lowest) of a process with setpriority(PRIO_PROCESS), as
 * `renice -n NICE -p PID` and top's `r` do: on Linux this changes the thread whose id is `pid` (the main
 * thread), not the other threads. Lowering nice below its current value needs CAP_SYS_NICE (root).
 * Never throws: failures come back as `{ ok: false, message }` ("permission denied", "no such process",
 * "nice must be an integer from -20 to 19", "invalid pid").
 */
export function renice(pid: number, nice: number): ActionResult {
  if (!validPid(pid)) return { ok: false, message: 'invalid pid' };
  if (!Number.isInteger(nice) || nice < NICE_MIN || nice > NICE_MAX) {
    return { ok: false, message: `nice must be an integer from ${NICE_MIN} to ${NICE_MAX}` };
  }
  try {
    os.setPriority(pid, nice);
    return { ok: true };
  } catch (err) {
    return { ok: false, message: actionErrorMessage(errorCode(err)) };
  }
}
