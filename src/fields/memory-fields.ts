import type { MemoryFigures } from '../core/memory.js';
import { FieldRegistry, type Field } from './registry.js';

export { memoryFigures, type MemoryFigures } from '../core/memory.js';

/** The rows `free` can print, in its order; each memory field belongs to one. */
export type MemoryGroup = 'mem' | 'low' | 'high' | 'swap' | 'total' | 'commit';

/**
 * A memory figure in bytes, described once for `free`'s columns and JSON, the dashboard and the exporter.
 * `group` + `name` place it: free's row and the key inside that row's JSON object (`{"swap":{"used":...}}`).
 */
export interface MemoryField extends Field<MemoryFigures> {
  group: MemoryGroup;
  /** Key inside the group's JSON object. */
  name: string;
  value(row: MemoryFigures): number;
}

function field(group: MemoryGroup, name: string, header: string, description: string, get: (f: MemoryFigures) => number, aliases: string[] = []): MemoryField {
  return {
    key: group === 'mem' ? name : `${group}.${name}`,
    aliases,
    header,
    width: 11,
    align: 'right',
    description,
    descByDefault: true,
    needs: ['none'],
    group,
    name,
    value: get,
    // KiB, free's default unit; commands that scale (free -h) format value() themselves.
    text: (f) => String(Math.trunc(get(f) / 1024)),
  };
}

/** Every memory figure, grouped in free's row order (Mem, Low, High, Swap, Total, Comm). */
export const MEMORY_FIELDS: readonly MemoryField[] = [
  field('mem', 'total', 'total', 'installed memory usable by the kernel (MemTotal)', (f) => f.total, ['memtotal']),
  field('mem', 'used', 'used', 'memory in use: total - available (procps 4)', (f) => f.used, ['memused']),
  field('mem', 'free', 'free', 'memory not used for anything (MemFree)', (f) => f.free, ['memfree']),
  field('mem', 'shared', 'shared', 'memory used by tmpfs and shared memory (Shmem)', (f) => f.shared, ['shmem']),
  field('mem', 'buffers', 'buffers', 'kernel buffers (Buffers)', (f) => f.buffers),
  field('mem', 'cache', 'cache', 'page cache and reclaimable slab (Cached + SReclaimable)', (f) => f.cache),
  field('mem', 'buff/cache', 'buff/cache', 'buffers + cache', (f) => f.buffCache, ['buffcache', 'buff_cache']),
  field('mem', 'available', 'available', 'memory available for new programs without swapping (MemAvailable)', (f) => f.available, ['avail', 'memavailable']),
  field('low', 'total', 'total', 'low memory total (LowTotal, or MemTotal without a low/high split)', (f) => f.lowTotal),
  field('low', 'used', 'used', 'low memory used (total - LowFree)', (f) => f.lowUsed),
  field('low', 'free', 'free', 'low memory free (LowFree, or MemFree)', (f) => f.lowFree),
  field('high', 'total', 'total', 'high memory total (HighTotal)', (f) => f.highTotal),
  field('high', 'used', 'used', 'high memory used (HighTotal - HighFree)', (f) => f.highUsed),
  field('high', 'free', 'free', 'high memory free (HighFree)', (f) => f.highFree),
  field('swap', 'total', 'total', 'swap space (SwapTotal)', (f) => f.swapTotal, ['swaptotal']),
  field('swap', 'used', 'used', 'swap in use (SwapTotal - SwapFree)', (f) => f.swapUsed, ['swapused']),
  field('swap', 'free', 'free', 'swap not in use (SwapFree)', (f) => f.swapFree, ['swapfree']),
  field('total', 'total', 'total', 'memory + swap total', (f) => f.total + f.swapTotal),
  field('total', 'used', 'used', 'memory + swap used', (f) => f.used + f.swapUsed),
  field('total', 'free', 'free', 'memory + swap free', (f) => f.free + f.swapFree),
  field('commit', 'limit', 'total', 'commit limit (CommitLimit)', (f) => f.commitLimit, ['commitlimit']),
  field('commit', 'committed', 'used', 'memory committed to allocations (Committed_AS)', (f) => f.committed, ['committed_as']),
  field('commit', 'available', 'free', 'CommitLimit - Committed_AS (negative when overcommitted)', (f) => f.commitAvail),
];

/** Lookup by key (`used`, `swap.used`, `commit.limit`) or alias. */
export const memoryRegistry = new FieldRegistry<MemoryFigures>('memory', MEMORY_FIELDS);

/** The fields of one row, in column order. */
export function groupFields(group: MemoryGroup): MemoryField[] {
  return MEMORY_FIELDS.filter((f) => f.group === group);
}

/** One field by group and name; throws on a name not in the table (a programming error). */
export function memoryField(group: MemoryGroup, name: string): MemoryField {
  const f = MEMORY_FIELDS.find((x) => x.group === group && x.name === name);
  if (!f) throw new Error(`no memory field ${group}.${name}`);
  return f;
}

/** `{ total: bytes, used: bytes, ... }` for the given row, from its fields. */
export function groupJson(group: MemoryGroup, figures: MemoryFigures, names?: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of groupFields(group)) {
    if (names && !names.includes(f.name)) continue;
    out[f.name] = f.value(figures);
  }
  return out;
}
