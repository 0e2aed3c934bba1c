/**
 * The lines of /proc/PID/status (proc(5)) that ps and top use. Sizes are bytes (the file says kB).
 * Kernel threads print no Vm* lines: those fields are null.
 */
export interface ProcPidStatus {
  name: string | null;
  /** State letter (first character after `State:`). */
  state: string | null;
  ppid: number | null;
  /** Real, effective, saved and filesystem uid; null when the line is missing. */
  uid: [number, number, number, number] | null;
  gid: [number, number, number, number] | null;
  /** Locked memory, bytes. */
  vmLck: number | null;
  /** Resident set, bytes. */
  vmRss: number | null;
  /** Virtual size, bytes. */
  vmSize: number | null;
  threads: number | null;
}

/** Parse the text of /proc/PID/status. Unknown lines are ignored; missing ones are null. */
export function parseProcPidStatus(text: string): ProcPidStatus {
  const out: ProcPidStatus = {
    name: null, state: null, ppid: null, uid: null, gid: null, vmLck: null, vmRss: null, vmSize: null, threads: null,
  };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const key = text.slice(start, colon);
      const val = text.slice(colon + 1, end).trim();
      switch (key) {
        case 'Name': out.name = val; break;
        case 'State': out.state = val.charAt(0) || null; break;
        case 'PPid': out.ppid = int(val); break;
        case 'Uid': out.uid = ids(val); break;
        case 'Gid': out.gid = ids(val); break;
        case 'VmLck': out.vmLck = kb(val); break;
        case 'VmRSS': out.vmRss = kb(val); break;
        case 'VmSize': out.vmSize = kb(val); break;
        case 'Threads': out.threads = int(val); break;
        default: break;
      }
    }
    start = end + 1;
  }
  return out;
}

function int(s: string): number | null {
  const n = Number(s);
  return s.length > 0 && Number.isFinite(n) ? n : null;
}

function kb(s: string): number | null {
  const n = int(s.replace(/\s*kB$/, ''));
  return n === null ? null : n * 1024;
}

function ids(s: string): [number, number, number, number] | null {
  const f = s.split(/\s+/).map(Number);
  if (f.length < 4 || f.some((v) => !Number.isInteger(v))) return null;
  return [f[0]!, f[1]!, f[2]!, f[3]!];
}

/**
 * The status lines a process scan needs, straight from bytes: the effective uid (second number of `Uid:`),
 * VmLck and VmRSS in bytes (VmRSS is exact, unlike stat's rss). Writes -1 for a missing line (kernel threads
 * have no Vm* lines). Returns false when none of them is there.
 */
export function parseStatusBytes(buf: Uint8Array, len: number, out: { uid: number; vmLck: number; vmRss: number }): boolean {
  out.uid = -1;
  out.vmLck = -1;
  out.vmRss = -1;
  let i = 0;
  // Jump from line to line with V8's own TypedArray indexOf (no call into C++, no subarray per file): status
  // has ~55 lines, ps reads thousands of these once each, and a byte loop in JS is slow before the JIT warms up.
  while (i < len) {
    const c0 = buf[i];
    if (c0 === 85 /* U */ && buf[i + 1] === 105 && buf[i + 2] === 100 && buf[i + 3] === 58 /* Uid: */) {
      i = skipBlank(buf, len, i + 4);
      while (i < len && buf[i]! >= 48 && buf[i]! <= 57) i++; // real uid
      i = skipBlank(buf, len, i);
      const start = i;
      const v = readUint(buf, len, i);
      if (v.end > start) out.uid = v.value;
    } else if (c0 === 86 /* V */ && buf[i + 1] === 109 /* m */ && buf[i + 5] === 58 /* : */) {
      const a = buf[i + 2];
      const b = buf[i + 3];
      const c = buf[i + 4];
      if (a === 76 && b === 99 && c === 107) {
        // VmLck:
        out.vmLck = readUint(buf, len, skipBlank(buf, len, i + 6)).value * 1024;
      } else if (a === 82 && b === 83 && c === 83) {
        // VmRSS: comes after Uid and VmLck, nothing further is needed
        out.vmRss = readUint(buf, len, skipBlank(buf, len, i + 6)).value * 1024;
        break;
      }
    }
    const nl = indexOfByte.call(buf, 10, i);
    if (nl < 0 || nl >= len) break;
    i = nl + 1;
  }
  return out.uid >= 0 || out.vmLck >= 0 || out.vmRss >= 0;
}

/** V8's TypedArray search, also for Buffers (whose own indexOf goes through JS checks into C++). */
const indexOfByte = Uint8Array.prototype.indexOf;

/**
 * {@link parseStatusBytes} over text: the effective uid, VmLck and VmRSS (bytes), -1 for a missing line.
 * Finds the three lines with indexOf, so the ~50 other lines cost nothing.
 */
export function parseStatusText(text: string, out: { uid: number; vmLck: number; vmRss: number }): boolean {
  out.uid = -1;
  out.vmLck = -1;
  out.vmRss = -1;
  const u = text.indexOf('\nUid:');
  if (u >= 0) {
    let i = u + 5;
    while (isBlank(text.charCodeAt(i))) i++;
    while (isDigit(text.charCodeAt(i))) i++; // real uid
    while (isBlank(text.charCodeAt(i))) i++;
    const start = i;
    let v = 0;
    for (let c = text.charCodeAt(i); isDigit(c); c = text.charCodeAt(++i)) v = v * 10 + (c - 48);
    if (i > start) out.uid = v;
  }
  out.vmLck = kbLine(text, '\nVmLck:');
  out.vmRss = kbLine(text, '\nVmRSS:');
  return out.uid >= 0 || out.vmLck >= 0 || out.vmRss >= 0;
}

function kbLine(text: string, key: string): number {
  const at = text.indexOf(key);
  if (at < 0) return -1;
  let i = at + key.length;
  while (isBlank(text.charCodeAt(i))) i++;
  let v = 0;
  for (let c = text.charCodeAt(i); isDigit(c); c = text.charCodeAt(++i)) v = v * 10 + (c - 48);
  return v * 1024;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function readUint(buf: Uint8Array, len: number, i: number): { value: number; end: number } {
  let v = 0;
  while (i < len && buf[i]! >= 48 && buf[i]! <= 57) {
    v = v * 10 + (buf[i]! - 48);
    i++;
  }
  return { value: v, end: i };
}

function skipBlank(buf: Uint8Array, len: number, i: number): number {
  while (i < len && (buf[i] === 32 || buf[i] === 9)) i++;
  return i;
}
