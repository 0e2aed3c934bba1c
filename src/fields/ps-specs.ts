import { CONTAINER_PROCESS_FIELDS } from './container-process-fields.js';
import { PROCESS_IO_FIELDS } from './process-io-fields.js';
import { GPU_MEM_FIELD } from './process-fields.js';
import type { ProcessRow } from '../core/process.js';
import { PS_CELLS } from './ps-cells.js';
import { PS_SPEC_TABLE } from './ps-spec-table.js';
import { portableAware, type Field, type PsCellContext, type PsJust } from './registry.js';

const JUST: Record<string, PsJust> = { L: 'left', R: 'right', U: 'user', X: 'unlimited', W: 'wchan', S: 'signal' };
const PRINT = { p: 'process', t: 'thread', e: 'every', n: 'needed' } as const;

/** Values of columns that print `-` in ps but that procps can still sort by. */
const SORT_ONLY: Record<string, Field<ProcessRow>['value']> = {
  utime: (r) => r.utime,
  cutime: (r) => Number(r.files?.statFields()?.[13] ?? 0),
  cmin_flt: (r) => Number(r.files?.statFields()?.[8] ?? 0),
  cmaj_flt: (r) => Number(r.files?.statFields()?.[10] ?? 0),
  m_resident: (r) => r.rssPages,
  resident: (r) => r.rssPages,
  m_share: (r) => r.sharedPages ?? null,
  share: (r) => r.sharedPages ?? null,
  start_code: (r) => Number(r.files?.statFields()?.[23] ?? 0),
  end_code: (r) => Number(r.files?.statFields()?.[24] ?? 0),
};

const SORT_ONLY_NEEDS: Record<string, Field<ProcessRow>['needs']> = {
  utime: ['stat'], m_resident: ['stat', 'rss'], resident: ['stat', 'rss'], m_share: ['statm'], share: ['statm'],
};

/** A context for cells made outside ps's engine (--json, sorting): the whole room, no options. */
export const PLAIN_PS_CONTEXT: PsCellContext = {
  room: 4096, cumulative: false, showEnv: false, commIsArgs: false, argsIsComm: false, numeric: false,
  wideSignals: true, forest: '', forestUnix: false, lineCounter: 0,
  escape: (text) => ({ text, cells: text.length }),
};

function specField(spec: string, header: string, pr: string, width: number, flags: string): Field<ProcessRow> {
  const c = PS_CELLS[pr];
  if (!c) throw new Error(`ps specifier ${spec}: no cell '${pr}'`);
  const just = JUST[flags[0]!]!;
  const listed = pr !== 'nop';
  const value = listed ? c.value : SORT_ONLY[spec] ?? c.value;
  return portableAware({
    key: spec,
    aliases: [],
    header,
    width,
    align: just === 'right' || just === 'signal' ? 'right' : 'left',
    description: `ps -o ${spec}${listed ? '' : ' (accepted; ps prints -)'}`,
    descByDefault: just === 'right',
    needs: listed ? c.needs : SORT_ONLY_NEEDS[spec] ?? (SORT_ONLY[spec] ? ['files'] : []),
    ...(flags.includes('P') ? { pidColumn: true } : {}),
    ...(just !== 'left' && just !== 'right' ? { psJust: just } : {}),
    psPrint: PRINT[flags[1] as keyof typeof PRINT],
    psListed: listed,
    ...(listed && c.portable ? { portable: true } : {}),
    value,
    text: (r, ctx) => c.text(r, ctx, ctx.ps ?? PLAIN_PS_CONTEXT),
  });
}

// Each specifier's Field is made on its first use, not at load: a start of `ps aux` makes its 11 columns and
// the few it sorts by, not all 274 (making them all was ~1.5 M instructions and their garbage, callgrind).
// PS_SPEC_TABLE stays the one list; psSpec and psSpecFields hand out the same object for a name every time.

/** Fields made so far, by row of PS_SPEC_TABLE. */
const made: (Field<ProcessRow> | undefined)[] = [];
/** Row of PS_SPEC_TABLE by specifier name; built on the first lookup. */
let rowOf: Map<string, number> | null = null;
let all: readonly Field<ProcessRow>[] | null = null;
let extras: Map<string, Field<ProcessRow>> | null = null;

function fieldAt(i: number): Field<ProcessRow> {
  let f = made[i];
  if (f === undefined) {
    const [spec, header, pr, width, flags] = PS_SPEC_TABLE[i]!;
    f = made[i] = specField(spec, header, pr, width, flags);
  }
  return f;
}

/** Every specifier of procps ps, in its alphabetical order (the order of `ps L`). */
export function psSpecFields(): readonly Field<ProcessRow>[] {
  return (all ??= PS_SPEC_TABLE.map((_, i) => fieldAt(i)));
}

/** The specifier named exactly so (ps matches names case-sensitively), or undefined. */
export function psSpec(name: string): Field<ProcessRow> | undefined {
  rowOf ??= new Map(PS_SPEC_TABLE.map((row, i) => [row[0], i]));
  const i = rowOf.get(name);
  if (i !== undefined) return fieldAt(i);
  // sysmon's own process columns that ps also takes (`ps -o pid,container,pod`, `--sort container`): container
  // attribution, per-process I/O rates and GPU memory. procps's own specifier wins where a name is both (`unit`).
  extras ??= new Map([...CONTAINER_PROCESS_FIELDS, ...PROCESS_IO_FIELDS, GPU_MEM_FIELD].map((f) => [f.key, f]));
  return extras.get(name);
}
