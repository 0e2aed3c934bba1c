import type { DiskStats } from '../core/io.js';

/**
 * Parser for /proc/diskstats (Documentation/admin-guide/iostats.rst): one device a line,
 * `major minor name` then 11 counters (all kernels since 2.6), 15 (4.18+, discards) or 17 (5.5+, flushes).
 * Lines with fewer than 14 fields or a non-numeric counter are skipped, so one odd line costs one device only.
 */
export function parseDiskstats(text: string): DiskStats[] {
  const out: DiskStats[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const n = f.map(Number);
    let ok = true;
    for (let i = 0; i < f.length; i++) {
      if (i !== 2 && !Number.isFinite(n[i])) ok = false;
    }
    if (!ok) continue;
    out.push({
      major: n[0]!,
      minor: n[1]!,
      device: f[2]!,
      readsCompleted: n[3]!,
      readsMerged: n[4]!,
      sectorsRead: n[5]!,
      readTimeMs: n[6]!,
      writesCompleted: n[7]!,
      writesMerged: n[8]!,
      sectorsWritten: n[9]!,
      writeTimeMs: n[10]!,
      ioInProgress: n[11]!,
      ioTimeMs: n[12]!,
      weightedIoTimeMs: n[13]!,
      discardsCompleted: f.length >= 18 ? n[14]! : null,
      discardsMerged: f.length >= 18 ? n[15]! : null,
      sectorsDiscarded: f.length >= 18 ? n[16]! : null,
      discardTimeMs: f.length >= 18 ? n[17]! : null,
      flushRequests: f.length >= 20 ? n[18]! : null,
      flushTimeMs: f.length >= 20 ? n[19]! : null,
    });
  }
  return out;
}
