import { groupFields, groupJson, memoryField, type MemoryFigures, type MemoryGroup, type MemoryField } from '../../fields/memory-fields.js';
import type { FreeOptions } from './options.js';
import { scaleSize } from './scale.js';

const HEADER = '               total        used        free      shared  buff/cache   available';
const HEADER_WIDE = '               total        used        free      shared     buffers       cache   available';

const LABELS: Record<MemoryGroup, string> = {
  mem: 'Mem:', low: 'Low:', high: 'High:', swap: 'Swap:', total: 'Total:', commit: 'Comm:',
};

/** Mem row columns: free's narrow and wide layouts. */
const MEM_NARROW = ['total', 'used', 'free', 'shared', 'buff/cache', 'available'];
const MEM_WIDE = ['total', 'used', 'free', 'shared', 'buffers', 'cache', 'available'];
/** Keys of the JSON "mem" object (buffers and cache apart, as -w shows them). */
const MEM_JSON = ['total', 'used', 'free', 'shared', 'buffers', 'cache', 'available'];

/** Rows to print, in free's order, for the options given. */
function rowGroups(o: FreeOptions): MemoryGroup[] {
  const g: MemoryGroup[] = ['mem'];
  if (o.lohi) g.push('low', 'high');
  g.push('swap');
  if (o.total) g.push('total');
  if (o.committed) g.push('commit');
  return g;
}

/** One block of `free` text: header, then `%-9s` label, `%11s` and ` %11s` cells per row (procps-ng 4.0.2). */
export function renderFree(f: MemoryFigures, o: FreeOptions): string {
  const lines = [o.wide ? HEADER_WIDE : HEADER];
  for (const group of rowGroups(o)) {
    const fields: MemoryField[] = group === 'mem'
      ? (o.wide ? MEM_WIDE : MEM_NARROW).map((n) => memoryField('mem', n))
      : groupFields(group);
    let line = LABELS[group].padEnd(9);
    fields.forEach((field, i) => {
      const cell = scaleSize(field.value(f), o.unit);
      line += (i === 0 ? '' : ' ') + cell.padStart(11);
    });
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/**
 * free as JSON, bytes: `{"mem":{total,used,free,shared,buffers,cache,available},"swap":{total,used,free}}`,
 * plus `low` and `high` with -l, `total` with -t, `commit` ({limit,committed,available}) with -v.
 */
export function freeJson(f: MemoryFigures, o: FreeOptions): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const group of rowGroups(o)) out[group] = groupJson(group, f, group === 'mem' ? MEM_JSON : undefined);
  return out;
}
