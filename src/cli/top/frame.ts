import type { TaskCounts } from '../../core/system.js';
import { snapshotFormatContext } from '../../fields/format-context.js';
import type { ProcessRow } from '../../core/process.js';
import type { Snapshot } from '../../core/snapshot.js';
import type { CpuPercent } from '../../core/system.js';
import { memoryFigures } from '../../fields/memory-fields.js';
import { cFixed, columnWidth, PS_FORMATS } from '../../fields/process-fields.js';
import { sortRows, type Field, type FormatContext } from '../../fields/registry.js';
import { cutToWidth } from '../../format/display-width.js';
import { ByteLines } from '../../format/byte-lines.js';
import { procpsLine, procpsLineBytes, type LineMeasure } from '../../format/procps-layout.js';
import type { TableColumn } from '../../format/table.js';
import { parseColumns, type PsColumn } from '../ps/options.js';
import type { TopOptions } from './options.js';

/** What a frame shows besides the snapshot. */
export interface FrameInput {
  snapshot: Snapshot;
  /** CPU use for the %Cpu(s) line (since boot on the first frame, as top shows it). */
  cpu: CpuPercent;
  /** Logged-in users (utmp). */
  users: number;
  /** Rows to show, already filtered. */
  rows: ProcessRow[];
  /** Wall clock of the frame, ms since the epoch. */
  now: number;
  /** Digits of kernel.pid_max: the PID column's width (5 for 32768, 7 for 4194304). */
  pidDigits: number;
  /** top -H: the second line counts threads ("Threads:") instead of processes. */
  threadCounts?: TaskCounts;
  /** top -1: each CPU's use, in the kernel's order, with its number (since boot on the first frame). */
  perCpu?: { id: number; cpu: CpuPercent }[];
}

/** What a frame's summary shows besides the input: top -E's unit. */
export interface SummaryOptions {
  /** 0 KiB ... 5 EiB. */
  summaryScale: number;
}

const SCALE_LABEL = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** A summary memory figure in top's 8 columns: KiB whole, larger units with one decimal, `+` when too wide. */
function summaryMem(bytes: number, scale: number): string {
  // A C float, as top computes it, and printf's rounding.
  const v = Math.fround(Math.fround(bytes / 1024) / 1024 ** scale);
  const s = cFixed(v, scale === 0 ? 0 : 1).padStart(8);
  return s.length > 8 ? `${s.slice(0, 8)}+` : s;
}

/** One %Cpu line: `%Cpu(s):` for the total, `%Cpu0  :` for a CPU. */
function cpuLine(label: string, cpu: CpuPercent): string {
  return `${label}:${f1(cpu.user, 5)} us,${f1(cpu.system, 5)} sy,${f1(cpu.nice, 5)} ni,${f1(cpu.idle, 5)} id,` +
    `${f1(cpu.iowait, 5)} wa,${f1(cpu.irq, 5)} hi,${f1(cpu.softirq, 5)} si,${f1(cpu.steal, 5)} st `;
}

/** top's task table columns, from the field registry. */
export function topColumns(commandLine: boolean): PsColumn[] {
  const cols = parseColumns(PS_FORMATS.top);
  if (commandLine) {
    const last = cols.length - 1;
    cols[last] = parseColumns('args=COMMAND')[0]!;
  }
  return cols;
}

/** Column widths top uses where they differ from ps's (%CPU and %MEM are 5 wide; COMMAND takes what is left). */
const TOP_WIDTH: Record<string, number> = { pcpu: 5, pmem: 5, comm: 7 };

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function f1(n: number, width: number): string {
  return n.toFixed(1).padStart(width);
}

/** `up 3:32`, `up 5 min`, `up 2 days,  3:32` (procps uptime sprint). */
export function uptimeText(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor(s / 3600) % 24;
  const mins = Math.floor(s / 60) % 60;
  let out = 'up ';
  if (days > 0) out += `${days} ${days > 1 ? 'days' : 'day'}, `;
  if (hours > 0) out += `${String(hours).padStart(2)}:${two(mins)}, `;
  else out += `${mins} min, `;
  return out;
}

/**
 * The summary lines: uptime, tasks, CPU, memory and swap. With top -1 the CPUs go two to a line and the
 * memory and swap lines share one, two blanks apart (top 4.0.2 in batch mode); lines are cut to the width
 * by the caller.
 */
export function summaryLines(input: FrameInput, opts: SummaryOptions = { summaryScale: 1 }): string[] {
  const { snapshot: s, cpu, users } = input;
  const now = new Date(input.now);
  const clock = `${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
  const t = input.threadCounts ?? s.tasks;
  const mem = memoryFigures(s.mem);
  const sc = opts.summaryScale;
  const m = (b: number): string => summaryMem(b, sc);
  const unit = SCALE_LABEL[sc]!;
  const memLine = `${unit} Mem : ${m(mem.total)} total, ${m(mem.free)} free, ${m(mem.used)} used, ${m(mem.buffCache)} buff/cache     `;
  const swapLine = `${unit} Swap: ${m(mem.swapTotal)} total, ${m(mem.swapFree)} free, ${m(mem.swapUsed)} used. ${m(mem.available)} avail Mem `;
  const head = [
    `top - ${clock} ${uptimeText(s.uptime)}${String(users).padStart(2)} ${users > 1 ? 'users' : 'user'},  load average: ` +
      `${s.load.one.toFixed(2)}, ${s.load.five.toFixed(2)}, ${s.load.fifteen.toFixed(2)}`,
    `${input.threadCounts ? 'Threads' : 'Tasks'}: ${String(t.total).padStart(3)} total, ${String(t.running).padStart(3)} running, ` +
      `${String(t.sleeping).padStart(3)} sleeping, ${String(t.stopped).padStart(3)} stopped, ${String(t.zombie).padStart(3)} zombie`,
  ];
  if (!input.perCpu) return [...head, cpuLine('%Cpu(s)', cpu), memLine, swapLine];
  const cpus = input.perCpu.map((c) => cpuLine(`%Cpu${String(c.id).padEnd(3)}`, c.cpu));
  for (let i = 0; i < cpus.length; i += 2) head.push(i + 1 < cpus.length ? `${cpus[i]}  ${cpus[i + 1]}` : cpus[i]!);
  return [...head, `${memLine}  ${swapLine}`];
}

/** What of top's options changes cells: -e's unit and -S. */
export interface CellOptions {
  taskScale?: number;
  cumulative?: boolean;
}

/** The format context of a frame: top's conventions. */
export function topContext(s: Snapshot, now: number, opts: CellOptions = {}): FormatContext {
  return snapshotFormatContext(s, 'top', now, { taskScale: opts.taskScale ?? 0, cumulative: opts.cumulative ?? false });
}

/** The task table's columns for one line width: the fields, their layout, and the header line. */
interface TableLayout {
  key: string;
  fields: Field<ProcessRow>[];
  table: TableColumn[];
  limit: number;
  header: string;
}

let lastLayout: TableLayout | null = null;

/**
 * Columns as they fit `width`: table lines stop one short of it (top leaves the last screen column empty);
 * columns that do not fit at all are left out, the COMMAND column when fewer than its header's width remains.
 * Kept from frame to frame: the same objects every frame keep the row loop's code specialised to them.
 */
function tableLayout(commandLine: boolean, width: number, pidDigits: number): TableLayout {
  const key = `${commandLine ? 'c' : ''}:${width}:${pidDigits}`;
  if (lastLayout?.key === key) return lastLayout;
  const cols = topColumns(commandLine);
  const table: TableColumn[] = cols.map((c) => ({
    header: c.header,
    width: TOP_WIDTH[c.field.key] ?? columnWidth(c.field, pidDigits),
    align: c.field.align,
  }));
  const limit = width - 1;
  let used = 0;
  let keep = 0;
  for (; keep < table.length; keep++) {
    const need = (keep > 0 ? 1 : 0) + Math.max(table[keep]!.width, table[keep]!.header.length);
    if (used + need > limit) break;
    used += need;
  }
  const kept = table.slice(0, keep);
  const measure: LineMeasure = { width: 0, trailing: 0 };
  const header = fit(procpsLine(kept, kept.map((c) => c.header), measure), measure, limit, false);
  lastLayout = { key, fields: cols.slice(0, keep).map((c) => c.field), table: kept, limit, header };
  return lastLayout;
}

/**
 * The task lines, appended to `out`, each with its newline: one array of cells for all rows (every process,
 * every frame). A line of printable ASCII that fits goes straight from its cells to bytes; any other is laid
 * out, escaped and cut as a string.
 */
function tableLines(out: ByteLines, rows: readonly ProcessRow[], layout: TableLayout, ctx: FormatContext): void {
  const { fields, table, limit } = layout;
  const cells = new Array<string>(fields.length);
  const measure: LineMeasure = { width: 0, trailing: 0 };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let k = 0; k < fields.length; k++) cells[k] = fields[k]!.text(r, ctx);
    if (!procpsLineBytes(table, cells, limit, out)) out.text(fit(procpsLine(table, cells, measure), measure, limit, true));
    out.byte(10);
  }
}

/** What a frame's text depends on besides its input and width. */
export type FrameOptions = Pick<TopOptions, 'sort' | 'commandLine'> & Partial<Pick<TopOptions, 'summaryScale' | 'taskScale' | 'cumulative'>>;

/**
 * One text frame appended to `out` as UTF-8, a newline after every line: summary, blank line, header, rows
 * sorted by the chosen field (ties in pid order). Lines are cut to `width` columns; a COMMAND that does not
 * fit ends in `+`, as top does it.
 */
export function writeFrame(out: ByteLines, input: FrameInput, opts: FrameOptions, width: number): void {
  const ctx = topContext(input.snapshot, input.now, opts);
  const layout = tableLayout(opts.commandLine, width, input.pidDigits);
  const rows = sortRows(input.rows, [opts.sort], ctx);
  for (const l of summaryLines(input, { summaryScale: opts.summaryScale ?? 1 })) {
    out.text(l.length > width ? l.slice(0, width) : l);
    out.byte(10);
  }
  out.byte(10);
  out.text(layout.header);
  out.byte(10);
  tableLines(out, rows, layout, ctx);
}

/** {@link writeFrame} as a string. */
export function renderFrame(input: FrameInput, opts: FrameOptions, width: number): string {
  const out = new ByteLines();
  writeFrame(out, input, opts, width);
  return out.bytes.toString('utf8', 0, out.length);
}

/** Cut a table line that procpsLine measured to the width; a cut row ends in `+`. Trailing blanks are dropped. */
function fit(line: string, m: LineMeasure, width: number, mark: boolean): string {
  const l = m.trailing === 0 ? line : line.slice(0, line.length - m.trailing);
  if (m.width - m.trailing <= width) return l;
  return mark ? `${cutToWidth(l, width - 1)}+` : cutToWidth(l, width);
}

/** One frame as a JSON object: summary in bytes/percent, tasks keyed by field key. */
export function frameJson(
  input: FrameInput,
  opts: Pick<TopOptions, 'sort' | 'commandLine'> & Partial<Pick<TopOptions, 'cumulative'>>,
): Record<string, unknown> {
  const s = input.snapshot;
  const ctx = topContext(s, input.now, opts);
  const cols = topColumns(opts.commandLine);
  const mem = memoryFigures(s.mem);
  const rows = sortRows(input.rows, [opts.sort], ctx);
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    time: input.now / 1000,
    uptime: s.uptime,
    users: input.users,
    load: { one: s.load.one, five: s.load.five, fifteen: s.load.fifteen },
    tasks: s.tasks,
    cpu: {
      user: round(input.cpu.user), system: round(input.cpu.system), nice: round(input.cpu.nice),
      idle: round(input.cpu.idle), iowait: round(input.cpu.iowait), irq: round(input.cpu.irq),
      softirq: round(input.cpu.softirq), steal: round(input.cpu.steal),
    },
    ...(input.perCpu ? {
      cpus: input.perCpu.map(({ id, cpu: c }) => ({
        id, user: round(c.user), system: round(c.system), nice: round(c.nice), idle: round(c.idle),
        iowait: round(c.iowait), irq: round(c.irq), softirq: round(c.softirq), steal: round(c.steal),
      })),
    } : {}),
    mem: { total: mem.total, free: mem.free, used: mem.used, buffCache: mem.buffCache, available: mem.available },
    swap: { total: mem.swapTotal, free: mem.swapFree, used: mem.swapUsed },
    processes: rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const c of cols) o[c.field.key] = c.field.value(r, ctx);
      return o;
    }),
  };
}
