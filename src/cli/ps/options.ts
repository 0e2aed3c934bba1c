import type { ProcessRow } from '../../core/process.js';
import { UsageError } from '../../core/errors.js';
import { processFields } from '../../fields/process-fields.js';
import type { Field } from '../../fields/registry.js';

/** One output column: a registry field, the header to print (procps `key=HEADER`), a width (`key:WIDTH`). */
export interface PsColumn {
  field: Field<ProcessRow>;
  header: string;
  /** Width asked for with `key:WIDTH`; the field's own width otherwise. */
  width?: number;
}

/**
 * Parse `key[:WIDTH][=HEADER]` items, comma separated, as procps -o takes them: `user:20`, `pid=PROCESS`,
 * `comm=` (blank header).
 */
export function parseColumns(list: string): PsColumn[] {
  const items = list.split(/[\s,]+/).filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError('ps: empty format list');
  return items.map((item) => {
    const eq = item.indexOf('=');
    let name = eq < 0 ? item : item.slice(0, eq);
    let width: number | undefined;
    // No field key holds a ':', so a ':' always starts a width.
    const colon = name.lastIndexOf(':');
    if (colon > 0) {
      const w = name.slice(colon + 1);
      if (!/^\d+$/.test(w) || Number(w) < 1) throw new UsageError(`ps: bad width in format '${item}'`);
      width = Number(w);
      name = name.slice(0, colon);
    }
    const field = processFields.find(name);
    if (!field) throw new UsageError(`ps: unknown format field '${name}' (see sysmon ps --list-fields)`);
    // No spread for the optional width: TurboFan's code for one makes a new hidden class per call.
    const column: PsColumn = { field, header: eq < 0 ? field.header : item.slice(eq + 1) };
    if (width !== undefined) column.width = width;
    return column;
  });
}

