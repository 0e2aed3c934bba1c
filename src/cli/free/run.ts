import { containerMemInfo } from '../../core/container.js';
import { RuntimeError } from '../../core/errors.js';
import { memoryFigures } from '../../fields/memory-fields.js';
import { out, outJson, outJsonLine } from '../../format/output.js';
import type { MemInfo } from '../../core/system.js';
import { checkedMeminfo } from '../../parsers/meminfo.js';
import type { ProcFs } from '../../source/proc-fs.js';
import type { FreeOptions } from './options.js';
import { freeJson, renderFree } from './render.js';

// One dynamic import loads the whole free path: every module ESM has to fetch costs start-up time.
export { parseCount, parseSeconds } from './options.js';

/** setTimeout's ceiling; longer waits are taken in pieces. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function wait(seconds: number): Promise<void> {
  let left = seconds * 1000;
  while (left > 0) {
    const step = Math.min(left, MAX_TIMER_MS);
    await sleep(step);
    left -= step;
  }
}

/**
 * `sysmon free`: print one block, or repeat as free does. `-s N` repeats forever with a blank line after each
 * block; `-c N` prints N blocks (1 s apart unless -s) with no blank line after the last. JSON blocks are one
 * object a line when repeating, an indented document otherwise.
 *
 * `recorded` (free --at) hands over the recorded readings instead, one per block, null after the last: the
 * blocks follow one another without waiting, and stop when the history does.
 */
export async function runFree(fs: ProcFs | (() => Promise<MemInfo>), o: FreeOptions, recorded?: () => MemInfo | null): Promise<void> {
  // Loaded only for --container: the cgroup readers and parsers behind it cost every plain start ~0.4 ms.
  const readOwnCgroup = o.container ? (await import('../../collectors/own-cgroup.js')).readOwnCgroup : null;
  // Only /proc/meminfo: SystemCollector would read stat, loadavg and uptime too, which free never shows.
  const readMem = (): MemInfo | Promise<MemInfo> => {
    if (typeof fs === 'function') return fs(); // the portable backend
    const text = fs.readText('/proc/meminfo');
    if (text === null) throw new RuntimeError('cannot read /proc/meminfo');
    const host = checkedMeminfo(text);
    const own = readOwnCgroup ? readOwnCgroup(fs) : null;
    return own === null ? host : containerMemInfo(host, own);
  };
  const repeat = o.seconds !== null || o.count !== null;
  const interval = o.seconds ?? 1;
  let left = o.count ?? Infinity;
  let mem: MemInfo | null = recorded ? recorded() : await readMem();
  while (mem !== null) {
    const figures = memoryFigures(mem);
    if (o.json) {
      const doc = freeJson(figures, o);
      if (repeat) outJsonLine(doc);
      else outJson(doc);
    } else {
      out(renderFree(figures, o));
    }
    if (!repeat) return;
    left--;
    if (left < 1) return;
    // A recording may end before -c does: the next reading first, so the last block has no blank line after it.
    if (recorded) {
      mem = recorded();
      if (mem !== null && !o.json) out('\n');
    } else {
      if (!o.json) out('\n');
      await wait(interval);
      mem = await readMem();
    }
  }
}
