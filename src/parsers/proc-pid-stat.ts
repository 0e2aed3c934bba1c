import type { ProcessRow } from '../core/process.js';

/**
 * The fields of /proc/PID/stat (proc(5)) that sysmon keeps: 1 pid, 2 comm, 3 state, 4 ppid, 5 pgrp,
 * 6 session, 7 tty_nr, 8 tpgid, 9 flags, 10 minflt, 12 majflt, 14 utime, 15 stime, 18 priority, 19 nice,
 * 20 num_threads, 22 starttime, 23 vsize, 24 rss, 39 processor, 40 rt_priority, 41 policy.
 */
export type ProcPidStat = Pick<
  ProcessRow,
  | 'pid' | 'comm' | 'state' | 'ppid' | 'pgrp' | 'session' | 'ttyNr' | 'tpgid' | 'flags' | 'minflt' | 'majflt'
  | 'utime' | 'stime' | 'priority' | 'nice' | 'numThreads' | 'starttime' | 'vsize' | 'rssPages' | 'processor'
  | 'rtPriority' | 'policy'
>;

/** PF_KTHREAD in the stat flags word: the task is a kernel thread. */
export const PF_KTHREAD = 0x00200000;

/**
 * Parse the text of /proc/PID/stat. comm is the text between the first `(` and the LAST `)` (a process may
 * name itself `we ird) (x`), and the numbers are read after that last `)`. Returns null for text that is
 * not a stat line (truncated, empty). Fields a kernel does not print (old kernels) read as 0.
 */
export function parseProcPidStat(text: string): ProcPidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  if (!Number.isInteger(pid)) return null;
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  if (rest.length < 1 || rest[0] === undefined || rest[0].length === 0) return null;
  const n = (field: number): number => {
    const s = rest[field - 3];
    if (s === undefined) return 0;
    const v = Number(s);
    return Number.isFinite(v) ? v : 0;
  };
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0].charAt(0),
    ppid: n(4),
    pgrp: n(5),
    session: n(6),
    ttyNr: n(7),
    tpgid: n(8),
    flags: n(9),
    minflt: n(10),
    majflt: n(12),
    utime: n(14),
    stime: n(15),
    priority: n(18),
    nice: n(19),
    numThreads: n(20),
    starttime: n(22),
    vsize: n(23),
    rssPages: n(24),
    processor: n(39),
    rtPriority: n(40),
    policy: n(41),
  };
}

const U8_INDEX_OF = Uint8Array.prototype.indexOf;
const U8_LAST_INDEX_OF = Uint8Array.prototype.lastIndexOf;

/** Where a stat line's comm starts and ends and the pid before it: {@link readHead}'s answer, one reused record. */
const HEAD = { open: -1, close: -1, pid: 0 };

/**
 * The first '(' and the last ')' of the first `len` bytes of a stat line (bytes past `len` are stale: a '('
 * found there does not count) and the pid's digits before the '(', into HEAD; false when they are not there.
 * V8's TypedArray searches find the parentheses, fast even before the JIT warms up (no subarray, no call into
 * C++).
 */
function readHead(buf: Uint8Array, len: number): boolean {
  let open = U8_INDEX_OF.call(buf, 40 /* ( */);
  if (open >= len) open = -1;
  const close = open < 0 || len === 0 ? -1 : U8_LAST_INDEX_OF.call(buf, 41 /* ) */, len - 1);
  if (close <= open) return false;
  let pid = 0;
  let digits = 0;
  for (let i = 0; i < open; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      pid = pid * 10 + (c - 48);
      digits++;
    }
  }
  if (digits === 0) return false;
  HEAD.open = open;
  HEAD.close = close;
  HEAD.pid = pid;
  return true;
}

/**
 * The same parse over raw bytes, for the per-tick scan of every pid: no intermediate strings or arrays, the
 * numbers are accumulated digit by digit and written into `into` (which the caller owns and may reuse).
 * Returns false when the bytes are not a stat line. `into.comm` is the only string made.
 */
export function parseProcPidStatBytes(buf: Uint8Array, len: number, into: ProcPidStat): boolean {
  if (!readHead(buf, len)) return false;
  const close = HEAD.close;
  into.pid = HEAD.pid;
  into.comm = decodeComm(buf, HEAD.open + 1, close);

  let i = close + 1;
  while (i < len && buf[i] === 32) i++;
  if (i >= len) return false;
  into.state = String.fromCharCode(buf[i]!);
  i++;
  // Walk fields 4..41; `field` is the proc(5) number of the field being read.
  let field = 4;
  into.ppid = 0; into.pgrp = 0; into.session = 0; into.ttyNr = 0; into.tpgid = 0; into.flags = 0;
  into.minflt = 0; into.majflt = 0; into.utime = 0; into.stime = 0; into.priority = 0; into.nice = 0;
  into.numThreads = 0; into.starttime = 0; into.vsize = 0; into.rssPages = 0; into.processor = 0;
  into.rtPriority = 0; into.policy = 0;
  while (i < len && field <= 41) {
    while (i < len && (buf[i] === 32 || buf[i] === 10)) i++;
    if (i >= len) break;
    let neg = false;
    if (buf[i] === 45 /* - */) {
      neg = true;
      i++;
    }
    let v = 0;
    while (i < len) {
      const c = buf[i]!;
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    // Skip anything unexpected up to the next separator so one odd field cannot shift the rest.
    while (i < len && buf[i] !== 32 && buf[i] !== 10) i++;
    if (neg) v = -v;
    setStatField(into, field, v);
    field++;
  }
  return true;
}

/** A stat line's fields after comm as parseProcPidStatOnce takes them: the state, then integers, one blank apart. */
const PLAIN_TAIL = /^\S(?: -?\d+)*\n?$/;

/**
 * The same parse for a one-shot scan (ps, top -n 1), which runs in V8's interpreter: one latin1 string of the
 * fields after comm, split at the blanks, each kept field converted by Number, all of it done by V8's builtins
 * instead of a loop over every byte: `sysmon ps aux` at 100 processes runs ~5 M fewer instructions. A line
 * that is not the kernel's plain layout goes to {@link parseProcPidStatBytes}, so both read every line alike
 * (test/parsers/proc-pid-stat.test.ts compares them). Optimised code runs the byte parser faster than this.
 */
export function parseProcPidStatOnce(buf: Buffer, len: number, into: ProcPidStat): boolean {
  if (!readHead(buf, len)) return false;
  const close = HEAD.close;
  if (buf[close + 1] !== 32) return parseProcPidStatBytes(buf, len, into);
  const tail = buf.toString('latin1', close + 2, len);
  if (!PLAIN_TAIL.test(tail)) return parseProcPidStatBytes(buf, len, into);
  const f = tail.split(' ');
  const n = f.length;
  into.pid = HEAD.pid;
  into.comm = decodeComm(buf, HEAD.open + 1, close);
  into.state = f[0]!;
  // f[k] is proc(5) field k + 3; a field past the end of a short line reads 0, as in the byte parser.
  into.ppid = n > 1 ? +f[1]! : 0; into.pgrp = n > 2 ? +f[2]! : 0; into.session = n > 3 ? +f[3]! : 0;
  into.ttyNr = n > 4 ? +f[4]! : 0; into.tpgid = n > 5 ? +f[5]! : 0; into.flags = n > 6 ? +f[6]! : 0;
  into.minflt = n > 7 ? +f[7]! : 0; into.majflt = n > 9 ? +f[9]! : 0; into.utime = n > 11 ? +f[11]! : 0;
  into.stime = n > 12 ? +f[12]! : 0; into.priority = n > 15 ? +f[15]! : 0; into.nice = n > 16 ? +f[16]! : 0;
  into.numThreads = n > 17 ? +f[17]! : 0; into.starttime = n > 19 ? +f[19]! : 0; into.vsize = n > 20 ? +f[20]! : 0;
  into.rssPages = n > 21 ? +f[21]! : 0; into.processor = n > 36 ? +f[36]! : 0; into.rtPriority = n > 37 ? +f[37]! : 0;
  into.policy = n > 38 ? +f[38]! : 0;
  return true;
}

/** Store field number `field` (1-based, as proc(5) numbers them) of a stat line; fields sysmon does not use are
 * dropped. Shared by the byte and the string scanner. */
function setStatField(into: ProcPidStat, field: number, v: number): void {
  switch (field) {
    case 4: into.ppid = v; break;
    case 5: into.pgrp = v; break;
    case 6: into.session = v; break;
    case 7: into.ttyNr = v; break;
    case 8: into.tpgid = v; break;
    case 9: into.flags = v; break;
    case 10: into.minflt = v; break;
    case 12: into.majflt = v; break;
    case 14: into.utime = v; break;
    case 15: into.stime = v; break;
    case 18: into.priority = v; break;
    case 19: into.nice = v; break;
    case 20: into.numThreads = v; break;
    case 22: into.starttime = v; break;
    case 23: into.vsize = v; break;
    case 24: into.rssPages = v; break;
    case 39: into.processor = v; break;
    case 40: into.rtPriority = v; break;
    case 41: into.policy = v; break;
    default: break;
  }
}

const utf8 = new TextDecoder('utf-8');

/**
 * The same parse over a string (a one-shot scan reads stat as text in one call): no split, numbers read
 * character by character into `into`. Returns false when the text is not a stat line.
 */
export function parseProcPidStatInto(text: string, into: ProcPidStat): boolean {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close <= open) return false;
  let pid = 0;
  let digits = 0;
  for (let i = 0; i < open; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      pid = pid * 10 + (c - 48);
      digits++;
    }
  }
  if (digits === 0) return false;
  const len = text.length;
  let i = close + 1;
  while (i < len && text.charCodeAt(i) === 32) i++;
  if (i >= len) return false;
  into.pid = pid;
  into.comm = text.slice(open + 1, close);
  into.state = text.charAt(i);
  i++;
  into.ppid = 0; into.pgrp = 0; into.session = 0; into.ttyNr = 0; into.tpgid = 0; into.flags = 0;
  into.minflt = 0; into.majflt = 0; into.utime = 0; into.stime = 0; into.priority = 0; into.nice = 0;
  into.numThreads = 0; into.starttime = 0; into.vsize = 0; into.rssPages = 0; into.processor = 0;
  into.rtPriority = 0; into.policy = 0;
  let field = 4;
  while (i < len && field <= 41) {
    let c = text.charCodeAt(i);
    while (c === 32 || c === 10) c = text.charCodeAt(++i);
    if (i >= len) break;
    let neg = false;
    if (c === 45 /* - */) {
      neg = true;
      c = text.charCodeAt(++i);
    }
    let v = 0;
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    while (i < len && c !== 32 && c !== 10) c = text.charCodeAt(++i);
    if (neg) v = -v;
    setStatField(into, field, v);
    field++;
  }
  return true;
}

/** comm is at most 16 bytes; plain ASCII (the common case) avoids the UTF-8 decoder. */
function decodeComm(buf: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i]! >= 128) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
    return s;
  }
  return utf8.decode(buf.subarray(start, end));
}
