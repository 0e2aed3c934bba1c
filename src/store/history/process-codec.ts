import type { ProcessContainer } from '../../core/container.js';
import zlib from 'node:zlib';
import type { ProcessRow } from '../../core/process.js';
import { VarintReader, VarintWriter } from './varint.js';

/*
 * Per-sample encoding of the process table. Static facts (pid, start time, name, owner, command line) live
 * once per process in the proc_static table; a sample stores, per process, its static id and the fields that
 * move. Three encodings are implemented and measured by bench/history-codec.mjs (docs/history.md has the
 * figures); the recorder writes COLUMNAR_DELTA, the smallest by far:
 *
 * - JSON: the dynamic fields as JSON arrays, deflated;
 * - COLUMNAR: one column per field, zigzag varints, deflated;
 * - COLUMNAR_DELTA: as COLUMNAR, but each value is the difference from the same process in a reference sample
 *   (the previous one): a sleeping process becomes a run of zeros. Chains restart at a key frame every
 *   KEYFRAME_EVERY samples so a random read decodes at most that many samples, and retention deletes whole
 *   chains.
 * - COLUMNAR_SPARSE (written since): as COLUMNAR_DELTA, but a bitmap says which rows differ from their
 *   reference at all, and only those rows' values are stored: most processes sleep through a sample, and
 *   their runs of zeros cost the recorder more CPU to write and deflate (and a replay to inflate and read)
 *   than the few rows that moved.
 */

/** Encoding tag, first byte of every blob. */
export const CODEC = { JSON: 1, COLUMNAR: 2, COLUMNAR_DELTA: 3, COLUMNAR_SPARSE: 4 } as const;
export type CodecId = (typeof CODEC)[keyof typeof CODEC];

/** A key frame (no reference) every this many samples. */
export const KEYFRAME_EVERY = 12;

/** The fields of a row that change while a process lives, in blob column order. Nullable ones store v + 1. */
const NUMERIC: readonly (keyof ProcessRow)[] = [
  'ppid', 'pgrp', 'session', 'ttyNr', 'tpgid', 'flags', 'minflt', 'majflt', 'utime', 'stime', 'priority', 'nice',
  'numThreads', 'vsize', 'rssPages', 'processor', 'rtPriority', 'policy',
];
const NULLABLE: readonly (keyof ProcessRow)[] = ['sharedPages', 'cpuDeltaTicks', 'vmLck'];
// fromColumns spells these orders out as indexes: keep them in step (the codec test round-trips every field).
/** Column count: static id, state letter, the numeric fields, the nullable fields. */
const COLUMNS = 2 + NUMERIC.length + NULLABLE.length;

/** The moving part of a sample's process table: static ids and one column per field, row i in every column. */
export interface ProcColumns {
  /** Number of rows. */
  n: number;
  /** COLUMNS arrays of n numbers: [0] static id, [1] state char code, then NUMERIC, then NULLABLE (+1, 0 = null). */
  cols: number[][];
}

/**
 * Turn rows (and their static ids, same order) into columns. `reuse`, columns no longer needed (the writer's
 * sample before last), is filled in place instead of allocating ~23 arrays a sample.
 */
export function toColumns(rows: readonly ProcessRow[], sids: readonly number[], reuse?: ProcColumns): ProcColumns {
  const n = rows.length;
  let cols: number[][];
  if (reuse && reuse.cols.length === COLUMNS) {
    cols = reuse.cols;
    for (const col of cols) col.length = n;
  } else {
    cols = [];
    for (let c = 0; c < COLUMNS; c++) cols.push(new Array<number>(n));
  }
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    cols[0]![i] = sids[i]!;
    cols[1]![i] = r.state.charCodeAt(0) || 0;
    for (let j = 0; j < NUMERIC.length; j++) cols[2 + j]![i] = r[NUMERIC[j]!] as number;
    for (let j = 0; j < NULLABLE.length; j++) {
      const v = r[NULLABLE[j]!] as number | null | undefined;
      cols[2 + NUMERIC.length + j]![i] = v === null || v === undefined ? 0 : v + 1;
    }
  }
  return { n, cols };
}

/** Static facts a row is completed with when read back. */
export interface StaticFacts {
  pid: number;
  starttime: number;
  comm: string;
  uid: number | null;
  user: string | null;
  cmdline: string[] | null;
  /** Container attribution, when it was read. */
  container?: ProcessContainer | null;
}

/** Rows back from columns; `facts(sid)` supplies the static part. */
export function fromColumns(pc: ProcColumns, facts: (sid: number) => StaticFacts | undefined): ProcessRow[] {
  const rows: ProcessRow[] = [];
  const c = pc.cols;
  const N = 2 + NUMERIC.length;
  const nul = (v: number): number | null => (v === 0 ? null : v - 1);
  for (let i = 0; i < pc.n; i++) {
    const f = facts(c[0]![i]!);
    if (!f) continue; // its static row went with a crash between transactions: cannot happen, be lenient anyway
    // One literal with every field, in the collector's order: one hidden class for all rows (fast to build
    // and to read), where setting keys one by one made dictionary objects (3x slower to decode a sample).
    rows.push({
      pid: f.pid, comm: f.comm, state: String.fromCharCode(c[1]![i]!),
      ppid: c[2]![i]!, pgrp: c[3]![i]!, session: c[4]![i]!, ttyNr: c[5]![i]!, tpgid: c[6]![i]!, flags: c[7]![i]!,
      minflt: c[8]![i]!, majflt: c[9]![i]!, utime: c[10]![i]!, stime: c[11]![i]!, priority: c[12]![i]!, nice: c[13]![i]!,
      numThreads: c[14]![i]!, starttime: f.starttime, vsize: c[15]![i]!, rssPages: c[16]![i]!, processor: c[17]![i]!,
      rtPriority: c[18]![i]!, policy: c[19]![i]!, uid: f.uid, user: f.user, euid: null, vmLck: nul(c[N + 2]![i]!),
      sharedPages: nul(c[N]![i]!), cmdline: f.cmdline, cpuDeltaTicks: nul(c[N + 1]![i]!),
      // Undefined where the recording has no attribution (a row of a collector that did not read it).
      container: f.container,
    });
  }
  return rows;
}

function deflate(b: Uint8Array, dictionary?: Buffer): Buffer {
  return zlib.deflateRawSync(b, { level: 6, ...(dictionary ? { dictionary } : {}) });
}

function inflate(b: Uint8Array, dictionary?: Buffer): Buffer {
  return zlib.inflateRawSync(b, dictionary ? { dictionary } : {});
}

function tagged(codec: CodecId, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = codec;
  body.copy(out, 1);
  return out;
}

/**
 * Encode one sample's columns. With `ref` (the previous sample's columns) and COLUMNAR_DELTA, a value of a
 * process also in ref is stored as the difference; the reader must pass the same ref to {@link decode}.
 * `dictionary` (JSON only, for the measurement) primes deflate with other bytes, e.g. the previous sample.
 */
export function encode(pc: ProcColumns, codec: CodecId, ref: ProcColumns | null = null, dictionary?: Buffer): Buffer {
  if (codec === CODEC.JSON) return tagged(codec, deflate(Buffer.from(JSON.stringify(pc.cols)), dictionary));
  const w = scratch(pc.n * COLUMNS * 2 + 16);
  w.int(pc.n);
  const refIndex = (codec === CODEC.COLUMNAR_DELTA || codec === CODEC.COLUMNAR_SPARSE) && ref ? indexOf(ref) : null;
  const at = new Int32Array(pc.n).fill(-1);
  if (refIndex) for (let i = 0; i < pc.n; i++) at[i] = refIndex.get(pc.cols[0]![i]!) ?? -1;
  // Static ids: the difference from the previous row's (rows are in pid order, ids mostly ascending).
  let prev = 0;
  for (let i = 0; i < pc.n; i++) {
    const sid = pc.cols[0]![i]!;
    w.int(sid - prev);
    prev = sid;
  }
  if (codec === CODEC.COLUMNAR_SPARSE) return tagged(codec, deflate(sparseBody(w, pc, ref, at)));
  for (let c = 1; c < COLUMNS; c++) {
    const col = pc.cols[c]!;
    const rc = ref?.cols[c];
    for (let i = 0; i < pc.n; i++) {
      const k = at[i]!;
      w.int(k >= 0 ? col[i]! - rc![k]! : col[i]!);
    }
  }
  return tagged(codec, deflate(w.bytes()));
}

/**
 * The rest of a COLUMNAR_SPARSE body after the static ids: a bitmap of the rows stored (8 rows a varint, bit
 * i % 8 for row i; a row with no reference is always stored), then per column the stored rows' values, as
 * differences where the row has a reference.
 */
function sparseBody(w: VarintWriter, pc: ProcColumns, ref: ProcColumns | null, at: Int32Array): Buffer {
  const stored = new Uint8Array(pc.n);
  for (let i = 0; i < pc.n; i++) if (at[i]! < 0) stored[i] = 1;
  // Column by column, as the values lie in memory (a row's 22 values are in 22 arrays).
  for (let c = 1; ref !== null && c < COLUMNS; c++) {
    const col = pc.cols[c]!;
    const rc = ref.cols[c]!;
    for (let i = 0; i < pc.n; i++) {
      const k = at[i]!;
      if (k >= 0 && col[i] !== rc[k]) stored[i] = 1;
    }
  }
  let bits = 0;
  for (let i = 0; i < pc.n; i++) {
    if (stored[i] === 1) bits |= 1 << (i & 7);
    if ((i & 7) === 7 || i === pc.n - 1) {
      w.int(bits);
      bits = 0;
    }
  }
  for (let c = 1; c < COLUMNS; c++) {
    const col = pc.cols[c]!;
    const rc = ref?.cols[c];
    for (let i = 0; i < pc.n; i++) {
      if (stored[i] === 0) continue;
      const k = at[i]!;
      w.int(k >= 0 ? col[i]! - rc![k]! : col[i]!);
    }
  }
  return w.bytes();
}

/** One varint buffer for every encode (synchronous, never nested): a sample does not allocate ~12 KB. */
let shared: VarintWriter | null = null;
function scratch(size: number): VarintWriter {
  if (shared === null) shared = new VarintWriter(Math.max(4096, size));
  shared.reset();
  return shared;
}

/** Map static id -> row index of a sample. */
function indexOf(pc: ProcColumns): Map<number, number> {
  const m = new Map<number, number>();
  const sids = pc.cols[0]!;
  for (let i = 0; i < pc.n; i++) m.set(sids[i]!, i);
  return m;
}

/** The codec a blob was written with. */
export function codecOf(blob: Uint8Array): CodecId {
  const c = blob[0];
  if (c !== CODEC.JSON && c !== CODEC.COLUMNAR && c !== CODEC.COLUMNAR_DELTA && c !== CODEC.COLUMNAR_SPARSE) throw new RangeError(`unknown process codec ${c}`);
  return c;
}

/** Decode a blob made by {@link encode}; a delta blob (COLUMNAR_DELTA, COLUMNAR_SPARSE) written against a reference needs that ref. */
export function decode(blob: Uint8Array, ref: ProcColumns | null = null, dictionary?: Buffer): ProcColumns {
  const codec = codecOf(blob);
  const body = inflate(blob.subarray(1), dictionary);
  if (codec === CODEC.JSON) {
    const cols = JSON.parse(body.toString('utf8')) as number[][];
    return { n: cols[0]?.length ?? 0, cols };
  }
  const r = new VarintReader(body);
  const n = r.int();
  const cols: number[][] = [];
  for (let c = 0; c < COLUMNS; c++) cols.push(new Array<number>(n));
  let prev = 0;
  for (let i = 0; i < n; i++) {
    prev += r.int();
    cols[0]![i] = prev;
  }
  const refIndex = (codec === CODEC.COLUMNAR_DELTA || codec === CODEC.COLUMNAR_SPARSE) && ref ? indexOf(ref) : null;
  const at = new Int32Array(n).fill(-1);
  if (refIndex) for (let i = 0; i < n; i++) at[i] = refIndex.get(cols[0]![i]!) ?? -1;
  if (codec === CODEC.COLUMNAR_SPARSE) {
    const stored = new Uint8Array(n);
    for (let i = 0; i < n; i += 8) {
      const bits = r.int();
      for (let b = 0; b < 8 && i + b < n; b++) stored[i + b] = (bits >> b) & 1;
    }
    for (let i = 0; i < n; i++) {
      if (stored[i] === 0 && at[i]! < 0) throw new RangeError('a row without a reference is not stored: the blob needs another reference');
    }
    for (let c = 1; c < COLUMNS; c++) {
      const col = cols[c]!;
      const rc = ref?.cols[c];
      for (let i = 0; i < n; i++) {
        const k = at[i]!;
        if (stored[i] === 0) col[i] = rc![k]!;
        else {
          const v = r.int();
          col[i] = k >= 0 ? v + rc![k]! : v;
        }
      }
    }
    return { n, cols };
  }
  for (let c = 1; c < COLUMNS; c++) {
    const col = cols[c]!;
    const rc = ref?.cols[c];
    for (let i = 0; i < n; i++) {
      const k = at[i]!;
      const v = r.int();
      col[i] = k >= 0 ? v + rc![k]! : v;
    }
  }
  return { n, cols };
}
