/**
 * Parser for /proc/vmstat (and any `name value` counter file): one counter a line. Units are the kernel's:
 * pgpgin/pgpgout are KiB, pswpin/pswpout are pages. Lines that are not `name number` are skipped.
 */
export function parseProcVmstat(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const n = Number(line.slice(sp + 1));
    if (Number.isFinite(n)) out.set(line.slice(0, sp), n);
  }
  return out;
}

/** The total of /proc/stat's `intr` line (its first number): interrupts serviced since boot. 0 if absent. */
export function parseStatInterrupts(statText: string): number {
  const m = /^intr (\d+)/m.exec(statText);
  return m ? Number(m[1]) : 0;
}
