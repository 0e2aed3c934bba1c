import type { ProcessRow } from '../../core/process.js';
import { UsageError } from '../../core/errors.js';
import { processFields } from '../../fields/process-fields.js';
import type { SortKey } from '../../fields/registry.js';
import type { RawTopOpts } from '../commands/top.js';

/** A checked top command line. */
export interface TopOptions {
  /** Frames to print; Infinity = until interrupted. */
  iterations: number;
  /** Seconds between frames. */
  delay: number;
  sort: SortKey<ProcessRow>;
  pids: number[] | null;
  /** Effective user name or id to keep; null = everyone. */
  user: string | null;
  commandLine: boolean;
  /** Line width; null = decide from the terminal / $COLUMNS / 80. */
  width: number | null;
  json: boolean;
  /** `--container`: memory figures (and %MEM) against the cgroup's limit. */
  container: boolean;
}

/** Check the raw options; every mistake is a UsageError (exit 2). */
export function parseTopOptions(raw: RawTopOpts): TopOptions {
  let iterations = Infinity;
  if (raw.iterations !== undefined) {
    if (!/^\d+$/.test(raw.iterations) || Number(raw.iterations) < 1) {
      throw new UsageError(`top: bad iterations argument '${raw.iterations}' (a whole number >= 1)`);
    }
    iterations = Number(raw.iterations);
  }
  let delay = 3;
  if (raw.delay !== undefined) {
    const d = Number(raw.delay);
    if (raw.delay.trim() === '' || !Number.isFinite(d) || d <= 0) {
      throw new UsageError(`top: bad delay interval '${raw.delay}' (seconds > 0)`);
    }
    delay = d;
  }
  const spec = raw.sort ?? '%CPU';
  let name = spec;
  let desc: boolean | null = null;
  if (spec.startsWith('+')) {
    desc = true; // top: + forces high to low
    name = spec.slice(1);
  } else if (spec.startsWith('-')) {
    desc = false;
    name = spec.slice(1);
  }
  const field = processFields.find(name);
  if (!field) throw new UsageError(`top: unrecognized field name '${name}' (see sysmon ps --list-fields)`);
  // top sorts high to low whatever the field (its R key reverses); `-FIELD` asks for low to high.
  const sort = { field, desc: desc ?? true };

  let pids: number[] | null = null;
  if (raw.pid !== undefined) {
    pids = raw.pid.flatMap((v) => v.split(',')).filter((s) => s.length > 0).map((p) => {
      if (!/^\d+$/.test(p) || Number(p) < 1) throw new UsageError(`top: bad pid '${p}'`);
      return Number(p);
    });
  }
  let width: number | null = null;
  if (raw.width === true) width = 512;
  else if (typeof raw.width === 'string') {
    const w = Number(raw.width);
    if (!/^\d+$/.test(raw.width) || w < 1) throw new UsageError(`top: bad width '${raw.width}'`);
    width = Math.min(512, w);
  }
  return {
    iterations,
    delay,
    sort,
    pids,
    user: raw.user ?? null,
    commandLine: Boolean(raw.command),
    width,
    json: Boolean(raw.json),
    container: Boolean(raw.container),
  };
}
