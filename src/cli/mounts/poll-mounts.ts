import type { Mount } from '../../core/filesystem.js';
import { diffMountTables, type MountChange } from './mount-diff.js';

/** How `findmnt --poll` watches a mount table. */
export interface PollOptions {
  /** The table's text now; null when it cannot be read (then the watch ends with a failure). */
  read: () => string | null;
  parse: (text: string) => Mount[];
  /** --poll=LIST: the actions to report (all four when absent). */
  actions: ReadonlySet<MountChange['action']> | null;
  /** findmnt's match function for the entry a change is about (the new one, else the old one). */
  matches: (m: Mount) => boolean;
  /** -w/--timeout: end after this many milliseconds without a change; negative waits for ever. */
  timeoutMs: number;
  /** -f: end after the first batch that reported something, with only its first change. */
  firstOnly: boolean;
  /** -d backward: each batch's changes in reverse order. */
  backward: boolean;
  /** Print one batch of changes (the first printed batch carries the header). */
  print: (changes: MountChange[], first: boolean) => Promise<void>;
}

/** How often the table is read, at least (ms): libmount wakes on the kernel's notice, Node cannot wait for it. */
const MIN_INTERVAL_MS = 25;
/** The reads are kept under this share of one CPU on a large table (the interval grows with a read's cost). */
const MAX_READ_SHARE = 0.05;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Watch the mount table: read it again and again, and print the changes (mount, umount, remount, move) of
 * each read that changed it, as findmnt --poll prints them after each wake-up. Ends at the timeout after the
 * last change, or after the first reported batch with -f. Returns the exit status.
 */
export async function pollMountTable(o: PollOptions): Promise<number> {
  const first = o.read();
  if (first === null) return 1;
  let text = first;
  let table = o.parse(text);
  let printed = false;
  let deadline = o.timeoutMs < 0 ? Infinity : Date.now() + o.timeoutMs;
  let interval = MIN_INTERVAL_MS;
  for (;;) {
    const wait = Math.min(interval, deadline - Date.now());
    if (wait <= 0 && Date.now() >= deadline) return 0;
    await sleep(Math.max(0, wait));
    const t0 = process.hrtime.bigint();
    const next = o.read();
    const cost = Number(process.hrtime.bigint() - t0) / 1e6;
    interval = Math.max(MIN_INTERVAL_MS, cost / MAX_READ_SHARE);
    if (next === null) return 1;
    if (next === text) {
      if (Date.now() >= deadline) return 0;
      continue;
    }
    text = next;
    const nextTable = o.parse(text);
    let changes = diffMountTables(table, nextTable);
    table = nextTable;
    deadline = o.timeoutMs < 0 ? Infinity : Date.now() + o.timeoutMs;
    if (o.backward) changes.reverse();
    changes = changes.filter((c) => (o.actions === null || o.actions.has(c.action)) && o.matches((c.new ?? c.old)!));
    if (changes.length === 0) continue;
    if (o.firstOnly) changes = changes.slice(0, 1);
    await o.print(changes, !printed);
    printed = true;
    if (o.firstOnly) return 0;
  }
}
