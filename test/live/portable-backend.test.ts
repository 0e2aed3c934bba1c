import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { PortableSnapshotCollector, portableNetwork } from '../../src/collectors/portable-snapshot-collector.js';
import { parseNetDev } from '../../src/parsers/net-dev.js';
import { SnapshotCollector } from '../../src/collectors/snapshot-collector.js';
import { ProcFs } from '../../src/source/proc-fs.js';

// The portable backend (systeminformation, pidusage, os) next to the /proc backend on this Linux machine:
// the same processes, users and commands, memory totals exactly, resident memory within a tolerance.
// Processes the test owns, so the exact comparisons do not depend on what else the machine runs.
const children = [spawn('sleep', ['300.5'], { stdio: 'ignore' }), spawn('sleep', ['301'], { stdio: 'ignore' })];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('portable backend against /proc', () => {
  it('sees the same machine', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const selfTicks = async () => {
      const snap = await new SnapshotCollector(new ProcFs('/'), { processNeeds: new Set(['stat']), pids: [process.pid] }).tick();
      return snap.processes[0]!.utime + snap.processes[0]!.stime;
    };
    const before = await selfTicks();
    const portable = await new PortableSnapshotCollector({ processes: true }).tick();
    const proc = await new SnapshotCollector(new ProcFs('/'), { processNeeds: new Set(['stat', 'status', 'cmdline']) }).tick();
    expect(portable.mem.MemTotal).toBe(proc.mem.MemTotal);
    expect(portable.mem.SwapTotal).toBe(proc.mem.SwapTotal);
    expect(portable.stat.perCpu.length).toBe(proc.stat.perCpu.length);
    expect(Math.abs(portable.stat.btime - proc.stat.btime)).toBeLessThanOrEqual(1);

    const byPid = new Map(portable.processes.map((p) => [p.pid, p]));
    // Processes that lived through both reads (the two scans are ~1 s apart; children of the suite come and go).
    const stable = proc.processes.filter((p) => p.starttime < proc.processes.find((q) => q.pid === process.pid)!.starttime);
    const both = stable.filter((p) => byPid.has(p.pid));
    expect(both.length / stable.length).toBeGreaterThan(0.9);
    const owned = proc.processes.filter((p) => p.pid === 1 || children.some((c) => c.pid === p.pid));
    expect(owned).toHaveLength(3);
    for (const p of owned) {
      expect(byPid.has(p.pid), `pid ${p.pid}`).toBe(true);
      const q = byPid.get(p.pid)!;
      expect(q.user, `user of ${p.pid}`).toBe(p.user);
      expect(q.ppid, `ppid of ${p.pid}`).toBe(p.ppid);
      // os.uptime() and pidusage work in whole seconds: the start may be off by up to two of them.
      expect(Math.abs(q.starttime - p.starttime), `start of ${p.pid}`).toBeLessThanOrEqual(2 * 100);
      const args = p.cmdline ?? [];
      // ps -o command flattens arguments with spaces; compare those without.
      // systeminformation drops the directory of some executables: compare the program's base name.
      const base = (a: string[]) => [a[0]!.replace(/^.*\//, ''), ...a.slice(1)].join(' ');
      if (args.length > 0 && !args.some((a) => a.includes(' ') || a === '')) expect(base(q.cmdline ?? ['']), `args of ${p.pid}`).toBe(base(args));
    }
    const me = byPid.get(process.pid)!;
    const mine = proc.processes.find((p) => p.pid === process.pid)!;
    expect(me.rssPages).toBeGreaterThan(mine.rssPages * 0.5);
    expect(me.rssPages).toBeLessThan(mine.rssPages * 2);
    // CPU time of this process, read between two /proc reads (one clock tick of rounding either side).
    expect(me.utime + me.stime).toBeGreaterThanOrEqual(before - 1);
    expect(me.utime + me.stime).toBeLessThanOrEqual(mine.utime + mine.stime + 1);
  }, 30_000);
});

describe('network counters on both backends', () => {
  it("every interface systeminformation lists is /proc/net/dev's, its counters between two reads of it", async () => {
    const read = () => new Map(parseNetDev(fs.readFileSync('/proc/net/dev', 'utf8')).map((n) => [n.device, n]));
    const before = read();
    const portable = await portableNetwork();
    const after = read();
    expect(portable.map((n) => n.device)).toContain('lo');
    for (const n of portable) {
      const b = before.get(n.device);
      const a = after.get(n.device);
      expect(b && a, n.device).toBeTruthy();
      // Counters only go up: a reading taken between two others lies between them.
      for (const key of ['rxBytes', 'txBytes', 'rxErrs', 'rxDrop', 'txErrs', 'txDrop'] as const) {
        expect(n[key], `${n.device} ${key}`).toBeGreaterThanOrEqual(b![key]);
        expect(n[key], `${n.device} ${key}`).toBeLessThanOrEqual(a![key]);
      }
    }
  }, 30_000);
});

describe('sysmon free on the portable backend', () => {
  it('prints what the /proc backend prints for total, used, free and available (within what moved between reads)', async () => {
    const { runSysmon } = await import('../helpers/sysmon-cli.js');
    const [portable, proc, bad] = await Promise.all([
      runSysmon(['--backend', 'portable', 'free', '--json']),
      runSysmon(['free', '--json']),
      runSysmon(['--backend', 'nope', 'free']),
    ]);
    expect(portable.code).toBe(0);
    const a = JSON.parse(portable.stdout);
    const b = JSON.parse(proc.stdout);
    expect(a.mem.total).toBe(b.mem.total);
    expect(a.swap.total).toBe(b.swap.total);
    const mib = 1024 * 1024;
    for (const k of ['used', 'free', 'available']) expect(Math.abs(a.mem[k] - b.mem[k]), k).toBeLessThan(256 * mib);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("sysmon: unknown backend 'nope' (valid: auto, proc, portable)\n");
  }, 30_000);
});
