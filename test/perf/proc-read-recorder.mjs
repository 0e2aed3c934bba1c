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
  function newTick() {
    const t = { pids: [], reads: {}, system: [] };
    ticks.push(t);
    return t;
  }
  const note = (pid, what) => {
    const r = tick().reads;
    (r[pid] ??= []).push(what);
  };
  const proto = ProcFs.prototype;
  const wrap = (name, record) => {
    const orig = proto[name];
    if (typeof orig !== 'function') return;
    proto[name] = function (...args) {
      record(...args);
      return orig.apply(this, args);
    };
  };
  wrap('listPids', () => {
    cur = newTick();
  });
  wrap('readPid', (pid, file) => note(pid, file));
  wrap('readPidBytes', (pid, file) => note(pid, file));
  wrap('ownerUid', (pid) => note(pid, 'stat(2)'));
  wrap('listTids', (pid) => note(pid, 'task/'));
  wrap('readText', (p) => tick().system.push(p));
  wrap('readLink', (p) => tick().system.push(`link:${p}`));
  wrap('listDir', (p) => tick().system.push(`dir:${p}`));
  const origList = proto.listPids;
  proto.listPids = function (...args) {
    const pids = origList.apply(this, args);
    cur.pids = [...pids];
    return pids;
  };
  process.on('exit', () => fs.writeFileSync(log, JSON.stringify({ before, ticks })));
}
