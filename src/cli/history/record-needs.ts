import type { ProcessRow } from '../../core/process.js';
import { processFields } from '../../fields/process-fields.js';
import { neededSources, type Field, type Source } from '../../fields/registry.js';

/**
 * Files a recording does not read for its process rows: the I/O counters (a root-only file read on every
 * tick), the whole of status on every tick, smaps, ps's other per-task files, and per-process GPU memory
 * (an nvidia-smi query or every client's DRM fdinfo). Columns that need them
 * print `-` on recorded rows (`ps --at`), as they do for processes whose files are unreadable.
 */
const NOT_RECORDED: ReadonlySet<Source> = new Set<Source>(['io', 'status', 'smaps', 'files', 'gpu']);

/**
 * The process columns a recording keeps: every row of the process registry whose files it reads. The
 * recorder reads what these need, so `ps --at`, `top -b --at` and replay show them as live would have.
 */
export const RECORDED_FIELDS: readonly Field<ProcessRow>[] = processFields.fields.filter((f) => !f.needs.some((s) => NOT_RECORDED.has(s)));

/** Process files a recording reads: what {@link RECORDED_FIELDS} need (stat, statm, VmLck, owner, cmdline, cgroup). */
export const RECORD_NEEDS: ReadonlySet<Source> = neededSources(RECORDED_FIELDS);
