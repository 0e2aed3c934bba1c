import type { FleetHost } from '../../core/fleet.js';
import type { FieldRegistry, FormatContext } from '../../fields/registry.js';
import { compareValues } from '../../fields/registry.js';
import { escapeForTerminal as terminalSafe } from '../../format/escape.js';
import type { ProcessFilter } from '../view-state.js';

/**
 * The fleet table as data: which hosts pass the filters, in what order, and each visible cell's text. Pure,
 * shared by the one-shot table (`-n 1`) and the TUI.
 */

/** What decides the table: columns, sort and filters (the same `o` filter syntax as the process table). */
export interface FleetTableState {
  /** Visible columns, field keys in order. */
  columns: string[];
  sortKey: string;
  sortDesc: boolean;
  filters: ProcessFilter[];
}

function numeric(text: string): number | null {
  const t = text.trim().replace(/%$/, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Plain text (no field) matches the instance, the job, any target label, or a top process's name. */
function plainText(h: FleetHost): string {
  return [h.instance, h.job, ...Object.values(h.labels), h.topCpu?.comm ?? '', h.topMem?.comm ?? ''].join('\n').toLowerCase();
}

function passes(h: FleetHost, f: ProcessFilter, reg: FieldRegistry<FleetHost>, ctx: FormatContext): boolean {
  let ok: boolean;
  if (f.field === null) {
    ok = plainText(h).includes(f.value.toLowerCase());
  } else {
    const field = reg.find(f.field);
    if (!field) {
      // A target label (dc=eu) filters as a field would.
      const label = h.labels[f.field];
      ok = f.op === '=' && label !== undefined && label.toLowerCase().includes(f.value.toLowerCase());
    } else if (f.op === '=') {
      ok = field.text(h, ctx).toLowerCase().includes(f.value.toLowerCase());
    } else {
      const want = numeric(f.value);
      const raw = field.value(h, ctx);
      const have = typeof raw === 'number' ? raw : numeric(field.text(h, ctx));
      ok = want !== null && have !== null && (f.op === '<' ? have < want : have > want);
    }
  }
  return f.negate ? !ok : ok;
}

/** Hosts that pass every filter, sorted by the sort field (ties by instance); unknown figures sort last. */
export function orderHosts(hosts: readonly FleetHost[], s: FleetTableState, reg: FieldRegistry<FleetHost>, ctx: FormatContext): FleetHost[] {
  const kept = hosts.filter((h) => s.filters.every((f) => passes(h, f, reg, ctx)));
  const field = reg.find(s.sortKey) ?? reg.fields[0]!;
  const vals = new Map(kept.map((h) => [h, field.value(h, ctx)]));
  return kept.sort((a, b) => {
    const va = vals.get(a)!;
    const vb = vals.get(b)!;
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    const c = compareValues(va, vb);
    if (c !== 0) return s.sortDesc ? -c : c;
    return a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0;
  });
}

/** The visible cells of each host (escaped for a terminal) and the columns' headers, widths and alignment. */
export interface FleetCells {
  headers: string[];
  align: Array<'left' | 'right'>;
  /** Width of each column: the widest of its header, its cells and its field's minimum. */
  widths: number[];
  rows: string[][];
}

export function fleetCells(hosts: readonly FleetHost[], s: FleetTableState, reg: FieldRegistry<FleetHost>, ctx: FormatContext): FleetCells {
  const fields = s.columns.map((k) => reg.find(k)).filter((f) => f !== undefined);
  const rows = hosts.map((h) => fields.map((f) => terminalSafe(f.text(h, ctx))));
  const widths = fields.map((f, i) => Math.max(f.width, f.header.length, ...rows.map((r) => r[i]!.length)));
  return { headers: fields.map((f) => f.header), align: fields.map((f) => f.align), widths, rows };
}

/** One line of the table: cells padded to their widths, one space apart, the last left column unpadded. */
export function fleetLine(cells: readonly string[], t: Pick<FleetCells, 'align' | 'widths'>): string {
  return cells
    .map((c, i) => {
      const w = t.widths[i]!;
      const last = i === cells.length - 1;
      if (c.length >= w || (last && t.align[i] === 'left')) return c;
      return t.align[i] === 'right' ? c.padStart(w) : c.padEnd(w);
    })
    .join(' ')
    .trimEnd();
}
