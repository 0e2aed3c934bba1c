import { UsageError } from '../core/errors.js';

/** Which per-process (or per-family) file a field costs to show. Only visible fields decide what is read. */
export type Source = 'stat' | 'statm' | 'status' | 'cmdline' | 'io' | 'smaps' | 'statfs' | 'none'
  /** Effective uid of a process (status Uid:), read once per process lifetime; /proc/PID's owner if status is hidden. */
  | 'uid'
  /**
   * Locked memory (status VmLck, STAT's `L`): read with status when that is read anyway; otherwise a refresh
   * re-reads it only for processes whose memory moved, and every process every LOCKED_REFRESH_TICKS ticks.
   */
  | 'locked'
  /** Page faults since the previous scan (top's vMj, vMn): kept per process between scans only when asked. */
  | 'faults'
  /** Exact resident size of a process: from status when that is read anyway, else statm (stat's rss lags). */
  | 'rss'
  /** Container, pod and systemd unit from /proc/PID/cgroup, read once per (pid, starttime). */
  | 'container'
  /** Any other file of the task (environ, wchan, io, ns/*, ...), read lazily through ProcessRow.files. */
  | 'files'
  /** GPU memory per process: nvidia-smi --query-compute-apps, DRM fdinfo of AMD/Intel clients (ProcessRow.gpuMem). */
  | 'gpu';

/** Formatting context handed to {@link Field.text}: facts of the moment the output is made. */
export interface FormatContext {
  /** Wall clock of the snapshot, milliseconds since the epoch. */
  now: number;
  /** Seconds since boot at the snapshot. */
  uptime: number;
  /** Boot time, seconds since the epoch. */
  btime: number;
  /** Clock ticks per second. */
  hz: number;
  /** Page size, bytes. */
  pageSize: number;
  /** Total memory (MemTotal), bytes. */
  memTotal: number;
  /** Seconds covered by cpuDeltaTicks (top's refresh interval); null for one-shots. */
  interval: number | null;
  /** Number of online CPUs. */
  cpuCount: number;
  /**
   * Whose conventions cells follow where ps and top differ (%CPU/%MEM truncated vs rounded, sizes in KiB vs
   * top's scaled units, NI `-` for real-time tasks). Absent means 'ps'.
   */
  style?: 'ps' | 'top';
  /**
   * Width of the column the cell goes in, when the user chose one (`ps -o user:12`); fields that cut their text
   * (USER's `+`) cut it to this instead of their own width.
   */
  width?: number;
  /** ps only: the state of ps's output engine for the cell being made (procps output.c). */
  ps?: PsCellContext;
  /** top -e: the smallest unit of task memory cells, 0 KiB, 1 MiB, 2 GiB, 3 TiB, 4 PiB (default 0). */
  topTaskScale?: number;
  /** top -S: TIME+ includes the CPU time of dead children (stat cutime + cstime). */
  topCumulative?: boolean;
}

/** How procps ps justifies and cuts a column (output.c's CF_* kinds beyond plain left and right). */
export type PsJust = 'left' | 'right' | 'user' | 'wchan' | 'signal' | 'unlimited';

/** ps's options that change cells, and the room the cell being made may take. Mutated per cell by ps. */
export interface PsCellContext {
  /** Cells this cell may take (procps max_rightward): the column width, or the rest of the line for the last. */
  room: number;
  /** BSD S, --cumulative: CPU times and faults include dead children. */
  cumulative: boolean;
  /** BSD e: the environment follows the command. */
  showEnv: boolean;
  /** -f, -F: comm shows the command line. */
  commIsArgs: boolean;
  /** BSD c: args shows the command name. */
  argsIsComm: boolean;
  /** BSD n: user and group columns print numbers, WCHAN an address. */
  numeric: boolean;
  /** Signal masks print 16 digits (the line has room for them). */
  wideSignals: boolean;
  /** Forest prefix of this row: one char per level, ' ' 'L' '+' '|' (procps forest_prefix); '' for none. */
  forest: string;
  /** -H's indentation (two blanks a level) instead of f/--forest's ASCII art. */
  forestUnix: boolean;
  /** procps lines_to_next_header (the test specifiers _left, _right... cycle on it). */
  lineCounter: number;
  /**
   * Escape text from a process for the terminal and cut it to `maxCells` display cells, as procps escape_str:
   * control characters (C0, DEL, C1) and invalid UTF-8 become `?`. Injected by the format layer.
   */
  escape(text: string, maxCells: number): { text: string; cells: number };
}

/**
 * One column, described once. ps -o, --sort, TUI headers and hotkeys, the field chooser, JSON keys and the
 * set of files a sample reads all come from these records.
 */
export interface Field<Row> {
  /** JSON key, config value, -o and --sort name. */
  key: string;
  /** Other spellings accepted by -o/--sort (procps: '%mem', 'pmem'; top: 'RES'). Case-insensitive. */
  aliases: string[];
  header: string;
  /** Minimum column width in characters. */
  width: number;
  align: 'left' | 'right';
  /** One line for --list-fields and the field chooser. */
  description: string;
  /** First press of its sort key sorts high to low. */
  descByDefault: boolean;
  /** top-style sort hotkey (P, M, N, T). */
  hotkey?: string;
  /** Files this field needs read. */
  needs: Source[];
  /**
   * The column holds process ids: procps makes it as wide as the digits of kernel.pid_max (5 for 32768, 7 for
   * the 4194304 that systemd sets), so layouts use max(width, those digits).
   */
  pidColumn?: boolean;
  /** ps's justification kind when it is not plain left/right (see {@link PsJust}). */
  psJust?: PsJust;
  /**
   * ps -m / H: print this column on process lines only ('process'), thread lines only ('thread'), or on both
   * ('every', 'needed'); procps's PO, TO, ET and AN flags.
   */
  psPrint?: 'process' | 'thread' | 'every' | 'needed';
  /** Listed by `ps L`: procps prints a real value (the others are accepted and print `-`). */
  psListed?: boolean;
  /**
   * The portable backend (systeminformation, pidusage) fills it. On rows that backend made, a field without
   * this prints `-` (null in JSON), and `--list-fields` says so.
   */
  portable?: boolean;
  /** Raw value in base units (bytes, seconds, percent, clock ticks as documented): JSON and sorting. */
  value(row: Row, ctx: FormatContext): number | string | null;
  /** procps-compatible cell text. */
  text(row: Row, ctx: FormatContext): string;
}

/** A named set of fields with alias lookup. */
export class FieldRegistry<Row> {
  private readonly byName = new Map<string, Field<Row>>();

  constructor(
    /** What the fields describe, for error messages ("process", "filesystem"). */
    readonly kind: string,
    readonly fields: readonly Field<Row>[],
  ) {
    for (const f of fields) {
      for (const name of [f.key, ...f.aliases]) {
        const k = name.toLowerCase();
        if (this.byName.has(k) && this.byName.get(k) !== f) {
          throw new Error(`field name ${name} is used twice in the ${kind} registry`);
        }
        this.byName.set(k, f);
      }
    }
  }

  /** The field with this key or alias, or undefined. */
  find(name: string): Field<Row> | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The field with this key or alias; a UsageError naming the choices otherwise. */
  get(name: string): Field<Row> {
    const f = this.find(name);
    if (!f) {
      throw new UsageError(`unknown ${this.kind} field '${name}' (valid: ${this.fields.map((x) => x.key).join(', ')})`);
    }
    return f;
  }

  /** Parse a comma (or space) separated list of field names, as `ps -o` takes it. */
  parseList(list: string): Field<Row>[] {
    const names = list.split(/[\s,]+/).filter((s) => s.length > 0);
    if (names.length === 0) throw new UsageError(`empty ${this.kind} field list`);
    return names.map((n) => this.get(n));
  }

  /**
   * Parse a procps sort spec: comma list, `-key` descending, `+key` or `key` ascending, first key primary.
   */
  parseSort(spec: string): SortKey<Row>[] {
    const parts = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (parts.length === 0) throw new UsageError('empty sort specification');
    return parts.map((p) => {
      let desc = false;
      let name = p;
      if (p.startsWith('-')) {
        desc = true;
        name = p.slice(1);
      } else if (p.startsWith('+')) {
        name = p.slice(1);
      }
      const f = this.find(name);
      if (!f) {
        throw new UsageError(`unknown sort key '${name}' (valid: ${this.fields.map((x) => x.key).join(', ')})`);
      }
      return { field: f, desc };
    });
  }
}

/** One key of a sort order. */
export interface SortKey<Row> {
  field: Field<Row>;
  /** High to low. */
  desc: boolean;
}

/** Compare raw field values: numbers numerically, strings by code point, null below everything. */
export function compareValues(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Stable sort by keys; rows that tie on every key keep their incoming order (ps: pid order).
 */
export function sortRows<Row>(rows: readonly Row[], keys: readonly SortKey<Row>[], ctx: FormatContext): Row[] {
  if (keys.length === 0) return rows.slice();
  const n = rows.length;
  // Values taken once, one array per key (not one per row): comparing through value() would cost
  // O(n log n) calls, and top and the dashboard sort thousands of rows every tick.
  const cols: (number | string | null)[][] = keys.map((k) => {
    const col: (number | string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) col[i] = k.field.value(rows[i]!, ctx);
    return col;
  });
  const desc = keys.map((k) => k.desc);
  const idx: number[] = new Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((i, j) => {
    for (let k = 0; k < cols.length; k++) {
      const c = compareValues(cols[k]![i]!, cols[k]![j]!);
      if (c !== 0) return desc[k] ? -c : c;
    }
    return i - j;
  });
  const out: Row[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[idx[i]!]!;
  return out;
}

/** Union of the files a set of fields needs. */
export function neededSources<Row>(fields: readonly Field<Row>[]): Set<Source> {
  const out = new Set<Source>();
  for (const f of fields) for (const s of f.needs) out.add(s);
  return out;
}

/**
 * The field as rows of the portable backend show it: itself where that backend fills it, else `-` (null in
 * JSON) on those rows and the field's own cell on every other row.
 */
export function portableAware<Row extends { portable?: boolean }>(field: Field<Row>): Field<Row> {
  if (field.portable) return field;
  const { value, text } = field;
  return {
    ...field,
    value: (r, ctx) => (r.portable ? null : value(r, ctx)),
    text: (r, ctx) => (r.portable ? '-' : text(r, ctx)),
  };
}
