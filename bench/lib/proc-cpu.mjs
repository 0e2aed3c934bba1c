// CPU and memory of a running process, read from /proc the way the issue specifies: utime+stime from
// /proc/PID/stat (clock ticks, whole process including dead threads), plus the sum of the per-thread
// sum_exec_runtime from /proc/PID/task/TID/schedstat (nanoseconds) for resolution below one clock tick.
import fs from 'node:fs';

const HZ = 100; // USER_HZ is 100 on every Linux ABI Node runs on; checked against getconf at start.

/** utime+stime of PID in milliseconds, or null when the process is gone. */
export function statCpuMs(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After ") ": state is field 3, so utime (field 14) is index 11 and stime (15) index 12.
  return ((Number(f[11]) + Number(f[12])) * 1000) / HZ;
}

/** Sum of sum_exec_runtime over the live threads of PID, milliseconds; null when gone or unsupported. */
export function schedCpuMs(pid) {
  let tids;
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  let ns = 0;
  for (const tid of tids) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return Number.isFinite(ns) ? ns / 1e6 : null;
}

/** Both CPU readings of PID at one moment. */
export function cpuSample(pid) {
  return { t: performance.now(), stat: statCpuMs(pid), sched: schedCpuMs(pid) };
}

/** Resident set size of PID (VmRSS), bytes; null when gone. */
export function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Number of numeric entries in /proc: the processes this namespace shows. */
export function processCount() {
  return fs.readdirSync('/proc').filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57).length;
}
