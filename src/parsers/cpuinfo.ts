/**
 * /proc/cpuinfo (x86 and arm layouts): one block per logical CPU, `key<TAB>: value` lines, blank line between
 * blocks. Reads vendor_id, model name (or arm's "Hardware"/"CPU part" when there is no model name), physical id,
 * core id, cpu MHz and flags/Features.
 */
export interface CpuinfoSummary {
  vendor: string | null;
  model: string | null;
  /** Logical CPUs listed. */
  threads: number;
  sockets: number;
  cores: number;
  /** Mean of the `cpu MHz` lines, or null. */
  mhz: number | null;
  flags: string[];
}

export function parseCpuinfo(text: string): CpuinfoSummary {
  const blocks = text.split(/\n\s*\n/).map((b) => b.trim()).filter((b) => b.length > 0);
  let vendor: string | null = null;
  let model: string | null = null;
  let hardware: string | null = null;
  let flags: string[] = [];
  const sockets = new Set<string>();
  const cores = new Set<string>();
  const mhz: number[] = [];
  let threads = 0;
  for (const block of blocks) {
    const kv = new Map<string, string>();
    for (const line of block.split('\n')) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      kv.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
    }
    if (kv.has('processor') && /^\d+$/.test(kv.get('processor')!)) threads++;
    else {
      // arm puts "Hardware" and "Revision" in a trailing block of their own.
      hardware ??= kv.get('Hardware') ?? null;
      continue;
    }
    vendor ??= kv.get('vendor_id') ?? kv.get('CPU implementer') ?? null;
    model ??= kv.get('model name') ?? kv.get('cpu model') ?? null;
    const phys = kv.get('physical id') ?? '0';
    sockets.add(phys);
    cores.add(`${phys}:${kv.get('core id') ?? kv.get('processor')}`);
    const m = Number(kv.get('cpu MHz'));
    if (kv.has('cpu MHz') && Number.isFinite(m) && m > 0) mhz.push(m);
    if (flags.length === 0) flags = (kv.get('flags') ?? kv.get('Features') ?? '').split(/\s+/).filter(Boolean);
  }
  return {
    vendor,
    model: model ?? hardware,
    threads,
    sockets: threads > 0 ? sockets.size : 0,
    cores: threads > 0 ? cores.size : 0,
    mhz: mhz.length ? mhz.reduce((a, b) => a + b, 0) / mhz.length : null,
    flags,
  };
}

/** Parse a sysfs CPU list such as `0-3,8,10-11` into CPU numbers; empty for empty or malformed text. */
export function parseCpuList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.trim().split(',')) {
    if (part === '') continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return [];
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let i = a; i <= b && i - a < 65536; i++) out.push(i);
  }
  return out;
}

/** Parse a sysfs cache size (`48K`, `32768K`, `1M`, `512`) into bytes; null when malformed. */
export function parseCacheSize(text: string): number | null {
  const m = /^(\d+)\s*([KMG]?)$/.exec(text.trim());
  if (!m) return null;
  const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2] as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * mult;
}
