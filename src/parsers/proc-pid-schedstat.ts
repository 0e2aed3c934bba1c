/**
 * /proc/PID/schedstat (sched_info, proc(5)): `run_ns wait_ns timeslices` of the task (the thread group leader
 * for a process directory). Fills `out` with the time run on a CPU (nanoseconds) and the number of timeslices
 * run; false when the text is malformed. Parsed from bytes: a recorder reads it for every process each tick.
 */
export function parseSchedstatBytes(buf: Uint8Array, len: number, out: { runNs: number; slices: number }): boolean {
  let i = 0;
  let run = 0;
  let d1 = 0;
  for (; i < len; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) break;
    run = run * 10 + (c - 48);
    d1++;
  }
  i++;
  while (i < len && buf[i]! >= 48 && buf[i]! <= 57) i++; // wait_ns
  i++;
  let slices = 0;
  let d3 = 0;
  for (; i < len; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) break;
    slices = slices * 10 + (c - 48);
    d3++;
  }
  if (d1 === 0 || d3 === 0) return false;
  out.runNs = run;
  out.slices = slices;
  return true;
}
