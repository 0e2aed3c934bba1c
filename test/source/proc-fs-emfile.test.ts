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
let kept = 0, once = 0;
for (let round = 0; round < 3; round++) {
  for (const pid of pids) {
    if (fs.readPidBytesKept(pid, 'stat') >= 0) kept++;
    if (fs.readPidBytesKept(pid, 'statm') >= 0) kept++;
    if (fs.readPid(pid, 'status') !== null) once++;
  }
}
console.log(JSON.stringify({ pids: pids.length, kept, once, maxKept: fs.maxKept }));
`;

describe('ProcFs out of descriptors', () => {
  it('gives its kept descriptors back when another open fails with EMFILE, and keeps reading', () => {
    // 40 descriptors: far fewer than two kept files for every process on any machine running these tests.
    const out = execFileSync('bash', ['-c', `ulimit -n 40 && exec "$0" --input-type=module -e "$1"`, process.execPath, script], {
      encoding: 'utf8',
    });
    const r = JSON.parse(out) as { pids: number; kept: number; once: number; maxKept: number };
    expect(r.pids).toBeGreaterThan(20);
    expect(r.maxKept).toBe(0); // it hit the limit and stopped keeping files open
    // Every read still answered (processes that exit meanwhile may miss a few).
    expect(r.kept).toBeGreaterThan(r.pids * 6 * 0.9);
    expect(r.once).toBeGreaterThan(r.pids * 3 * 0.9);
  });
});
