// Preload (`node --import`) for the perf guard: wraps the public methods of the built ProcFs so a real command
// run records which per-process files it reads on each tick. A tick starts at each listPids() call. At exit
// it writes {"before":{...},"ticks":[{"pids":[...],"reads":{"<pid>":["stat",...]},"system":[...]}]} to
// $SYSMON_PROC_READ_LOG; "before" holds what was read before the first tick.
import fs from 'node:fs';

const log = process.env.SYSMON_PROC_READ_LOG;
if (log) {
  const { ProcFs } = await import(new URL('../../dist/source/proc-fs.js', import.meta.url).href);
  const ticks = [];
  const before = { pids: [], reads: {}, system: [] };
  let cur = null;
  const tick = () => cur ?? before;
  const newTick = () => {
    const t = { pids: [], reads: {}, system: [] };
    ticks.push(t);
    return t;
  };
  const note = (pid, what) => {
    const r = tick().reads;
    (r[pid] ??= []).push(what);
  };
  // Every method is wrapped, so a read method added later is counted too (see CountingProcFs).
  const label = { ownerUid: 'stat(2)', listTids: 'task/' };
  let depth = 0;
  const proto = ProcFs.prototype;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (name === 'constructor' || typeof desc?.value !== 'function') continue;
    const orig = desc.value;
    proto[name] = function (...args) {
      // Only the outermost call counts: readPid() calling a private reader is one read.
      if (depth === 0) {
        const [first, second] = args;
        if (name === 'listPids') cur = newTick();
        else if (typeof first === 'number') note(first, label[name] ?? (typeof second === 'string' ? second : name));
        else if (typeof first === 'string' && name !== 'path') tick().system.push(first);
      }
      depth++;
      try {
        const result = orig.apply(this, args);
        if (name === 'listPids' && depth === 1) cur.pids = [...result];
        return result;
      } finally {
        depth--;
      }
    };
  }
  process.on('exit', () => fs.writeFileSync(log, JSON.stringify({ before, ticks })));
}
