/** One cache of /proc/slabinfo (version 2.1). */
export interface SlabCache {
  name: string;
  /** Objects in use. */
  activeObjs: number;
  /** Objects allocated. */
  numObjs: number;
  /** Size of one object, bytes. */
  objSize: number;
  objPerSlab: number;
  pagesPerSlab: number;
}

/**
 * Parser for /proc/slabinfo (slabinfo(5)): a version line, a `#` header, then `name active num objsize
 * objperslab pagesperslab : tunables ... : slabdata ...`. Lines without five numbers after the name are skipped.
 */
export function parseSlabinfo(text: string): SlabCache[] {
  const out: SlabCache[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('slabinfo') || line.startsWith('#')) continue;
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const n = f.slice(1, 6).map(Number);
    if (n.some((x) => !Number.isFinite(x))) continue;
    out.push({ name: f[0]!, activeObjs: n[0]!, numObjs: n[1]!, objSize: n[2]!, objPerSlab: n[3]!, pagesPerSlab: n[4]! });
  }
  return out;
}
