import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Kept per-tick descriptors must never make sysmon crash when the process runs out of descriptors
// (a low `ulimit -n`, thousands of processes): ProcFs gives them back and carries on.
const procFsModule = path.resolve(__dirname, '..', '..', 'dist', 'source', 'proc-fs.js');

const script = `
const { ProcFs } = await import(${JSON.stringify(procFsModule)});
const nodeFs = await import('node:fs');
// Keep exactly as many files as there are free descriptors: the next open of anything else fails with EMFILE.
const probe = [];
try { for (;;) probe.push(nodeFs.openSync('/dev/null', 'r')); } catch {}
for (const fd of probe) nodeFs.closeSync(fd);
const fs = new ProcFs('/');
fs.maxKept = probe.length;
const pids = fs.listPids();
const kept = new Map(), once = new Map();
for (let round = 0; round < 3; round++) {
  for (const pid of pids) {
    if (fs.readPidBytesKept(pid, 'stat') >= 0) kept.set(pid, (kept.get(pid) ?? 0) + 1);
    if (fs.readPidBytesKept(pid, 'statm') >= 0) kept.set(pid, (kept.get(pid) ?? 0) + 1);
    if (fs.readPid(pid, 'status') !== null) once.set(pid, (once.get(pid) ?? 0) + 1);
  }
}
// Judge only the processes that lived through all three rounds (other tests start and end processes meanwhile).
const alive = new Set(fs.listPids());
const lived = pids.filter((p) => alive.has(p));
const short = lived.filter((p) => kept.get(p) !== 6 || once.get(p) !== 3);
console.log(JSON.stringify({ pids: pids.length, lived: lived.length, short, maxKept: fs.maxKept }));
`;

describe('ProcFs out of descriptors', () => {
  it('gives its kept descriptors back when another open fails with EMFILE, and keeps reading', () => {
    // 40 descriptors: far fewer than two kept files for every process on any machine running these tests.
    const out = execFileSync('bash', ['-c', `ulimit -n 40 && exec "$0" --input-type=module -e "$1"`, process.execPath, script], {
      encoding: 'utf8',
    });
    const r = JSON.parse(out) as { pids: number; lived: number; short: number[]; maxKept: number };
    expect(r.pids).toBeGreaterThan(20);
    expect(r.lived).toBeGreaterThan(20);
    expect(r.maxKept).toBe(0); // it hit the limit and stopped keeping files open
    // Every read of every process that lived throughout still answered.
    expect(r.short).toEqual([]);
  });
});
