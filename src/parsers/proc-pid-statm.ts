/** /proc/PID/statm (proc(5)): memory sizes in pages. */
export interface ProcPidStatm {
  /** Total program size (VmSize), pages. */
  size: number;
  /** Resident set (VmRSS), pages. */
  resident: number;
  /** Resident shared pages (file-backed + shmem: RssFile + RssShmem), pages. */
  shared: number;
  /** Text (code), pages. */
  text: number;
  /** Data + stack, pages. */
  data: number;
}

/** Parse `size resident shared text lib data dt`. Returns null for empty or malformed text. */
export function parseProcPidStatm(text: string): ProcPidStatm | null {
  const f = text.trim().split(/\s+/);
  if (f.length < 3) return null;
  const n = f.map(Number);
  if (n.slice(0, 3).some((v) => !Number.isFinite(v))) return null;
  return { size: n[0]!, resident: n[1]!, shared: n[2]!, text: n[3] ?? 0, data: n[5] ?? 0 };
}

/**
 * Fields 2 (resident) and 3 (shared), pages, straight from bytes for the per-tick scan. Returns false when
 * malformed. statm's resident is exact, unlike /proc/PID/stat's rss, which newer kernels read from per-CPU
 * counters without summing them (it can lag by hundreds of KiB).
 */
export function parseStatmBytes(buf: Uint8Array, len: number, out: { resident: number; shared: number }): boolean {
  let i = 0;
  while (i < len && buf[i] !== 32) i++; // size
  i++;
  let resident = 0;
  let d1 = 0;
  for (; i < len; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) break;
    resident = resident * 10 + (c - 48);
    d1++;
  }
  i++;
  let shared = 0;
  let d2 = 0;
  for (; i < len; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) break;
    shared = shared * 10 + (c - 48);
    d2++;
  }
  if (d1 === 0 || d2 === 0) return false;
  out.resident = resident;
  out.shared = shared;
  return true;
}
