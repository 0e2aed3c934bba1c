/** What {@link digitsAt} read: the number, how many digits it had, and the index after them. */
interface DigitRun {
  value: number;
  digits: number;
  end: number;
}

const RUN: DigitRun = { value: 0, digits: 0, end: 0 };

/** The decimal digits of `buf` from `start` (up to `len`), into RUN: one object for every call, none made. */
function digitsAt(buf: Uint8Array, len: number, start: number): DigitRun {
  let value = 0;
  let i = start;
  for (; i < len; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  RUN.value = value;
  RUN.digits = i - start;
  RUN.end = i;
  return RUN;
}

/**
 * /proc/PID/schedstat (sched_info, proc(5)): `run_ns wait_ns timeslices` of the task (the thread group leader
 * for a process directory). Fills `out` with the time run on a CPU (nanoseconds) and the number of timeslices
 * run; false when the text is malformed. Parsed from bytes: a recorder reads it for every process each tick.
 */
export function parseSchedstatBytes(buf: Uint8Array, len: number, out: { runNs: number; slices: number }): boolean {
  if (digitsAt(buf, len, 0).digits === 0) return false;
  const runNs = RUN.value;
  digitsAt(buf, len, RUN.end + 1); // wait_ns, not needed
  if (digitsAt(buf, len, RUN.end + 1).digits === 0) return false;
  out.runNs = runNs;
  out.slices = RUN.value;
  return true;
}
