import { PortableSnapshotCollector } from '../../collectors/portable-snapshot-collector.js';
import { cpuPercent } from '../../collectors/cpu-usage.js';
import type { ProcessRow } from '../../core/process.js';
import { out, outJsonLine, terminalColumns } from '../../format/output.js';
import { emptyCpuTimes } from '../../parsers/proc-stat.js';
import { readPortableUsers } from '../../source/portable/portable-source.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { UserNames } from '../../source/users.js';
import { nowMs } from '../clock.js';
import { frameJson, renderFrame, type FrameInput } from './frame.js';
import type { TopOptions } from './options.js';

/** Line width: -w, else the terminal, else $COLUMNS, else 80 (as the /proc runner decides it). */
function lineWidth(o: TopOptions): number {
  if (o.width !== null) return o.width;
  const cols = terminalColumns();
  if (cols > 0) return cols;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? Math.min(512, env) : 80;
}

/**
 * The rows a frame lists. The portable backend knows user names, not ids: -u/-U's uid (a name was turned into
 * one by the passwd database) is matched by its name there, or by the number where it names no one (ps then
 * prints the number too). -p keeps top's given order; -i hides idle tasks.
 */
function visible(rows: ProcessRow[], o: TopOptions, userName: string | null): ProcessRow[] {
  let out = rows;
  if (o.pids) {
    const rank = new Map<number, number>();
    o.pids.forEach((p, i) => rank.has(p) || rank.set(p, i));
    out = out.filter((r) => rank.has(r.pid)).sort((a, b) => rank.get(a.pid)! - rank.get(b.pid)!);
  }
  if (userName !== null) out = out.filter((r) => r.user === userName);
  if (o.hideIdle) out = out.filter((r) => r.state === 'R' || (r.cpuDeltaTicks ?? 0) > 0);
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `top -b` on the portable backend (systeminformation, pidusage, os): top's frames from its readings. One
 * reading spawns ps (and, off Linux, more), so a frame follows the previous one by the delay after the reading
 * ends. The first frame's %Cpu(s) is since boot and its task %CPU covers the priming pause, as with top.
 * -H lists processes (the backend has no threads).
 */
export async function runTopPortable(o: TopOptions, fs: ProcFs): Promise<void> {
  const collector = new PortableSnapshotCollector({ processes: true });
  const userName = o.user === null ? null : new UserNames(fs).name(o.user.uid);
  const width = lineWidth(o);
  await collector.tick();
  await sleep(150);
  for (let frame = 0; frame < o.iterations; frame++) {
    if (frame > 0) await sleep(o.delay * 1000);
    const [s, users] = await Promise.all([collector.tick(), readPortableUsers().catch(() => 0)]);
    const input: FrameInput = {
      snapshot: s,
      cpu: frame === 0 || s.cpu === null ? cpuPercent(emptyCpuTimes(), s.stat.total) : s.cpu.total,
      users,
      rows: visible(s.processes, o, userName),
      now: nowMs(),
      // The widest pid of this reading: there is no kernel.pid_max to size the column by.
      pidDigits: Math.max(5, ...s.processes.map((p) => String(p.pid).length)),
    };
    if (o.json) outJsonLine(frameJson(input, o));
    else out((frame > 0 ? '\n' : '') + renderFrame(input, o, width));
  }
}
