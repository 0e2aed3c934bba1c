/** What /proc/PID/io says (proc(5)); every figure a byte or call count since the process started. */
export interface ProcPidIo {
  /** Bytes read through read(2) and the like (page cache hits included). */
  rchar: number;
  wchar: number;
  /** Bytes the process caused to be fetched from storage. */
  readBytes: number;
  /** Bytes the process caused to be sent to storage. */
  writeBytes: number;
  /** Bytes of written page cache that were truncated away before reaching storage. */
  cancelledWriteBytes: number;
}

/** Parse /proc/PID/io (`rchar: 123` lines); null when `read_bytes` or `write_bytes` is missing. */
export function parseProcPidIo(text: string): ProcPidIo | null {
  const v: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const c = line.indexOf(':');
    if (c > 0) v[line.slice(0, c)] = Number(line.slice(c + 1));
  }
  if (!Number.isFinite(v.read_bytes) || !Number.isFinite(v.write_bytes)) return null;
  return {
    rchar: v.rchar ?? 0,
    wchar: v.wchar ?? 0,
    readBytes: v.read_bytes!,
    writeBytes: v.write_bytes!,
    cancelledWriteBytes: v.cancelled_write_bytes ?? 0,
  };
}
