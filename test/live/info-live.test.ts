import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runSysmon } from '../helpers/sysmon-cli.js';

// `sysmon info` next to lscpu, uname and uptime -s on this machine: every figure is static, so exact.
function lscpu(): Map<string, string> {
  const doc = JSON.parse(execFileSync('lscpu', ['-J'], { encoding: 'utf8' })) as { lscpu: Array<{ field: string; data: string }> };
  return new Map(doc.lscpu.map((e) => [e.field.replace(/:$/, ''), e.data]));
}

describe('sysmon info against lscpu, uname and uptime -s', () => {
  it('agrees on model, topology, caches, kernel and boot time', async () => {
    const r = await runSysmon(['info', '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    const l = lscpu();
    expect(info.cpu.model).toBe(l.get('Model name'));
    expect(info.cpu.vendor).toBe(l.get('Vendor ID'));
    expect(info.cpu.threads).toBe(Number(l.get('CPU(s)')));
    const sockets = Number(l.get('Socket(s)'));
    expect(info.cpu.sockets).toBe(sockets);
    expect(info.cpu.cores).toBe(sockets * Number(l.get('Core(s) per socket')));
    // lscpu: "96 KiB (2 instances)" is the total over instances.
    for (const [key, level, type] of [['L1d cache', 1, 'Data'], ['L2 cache', 2, 'Unified'], ['L3 cache', 3, 'Unified']] as const) {
      const text = l.get(key);
      if (!text) continue;
      const m = /^([\d.]+) (KiB|MiB|GiB) \((\d+) instances?\)$/.exec(text)!;
      const total = Number(m[1]) * { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2] as 'KiB'];
      const c = info.cpu.caches.find((x: { level: number; type: string }) => x.level === level && x.type === type);
      expect(c.instances, key).toBe(Number(m[3]));
      expect(c.size * c.instances, key).toBe(total);
    }
    expect(info.os.kernel).toBe(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    expect(info.os.arch).toBe(execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
    expect(info.os.hostname).toBe(os.hostname());
    const booted = new Date(execFileSync('uptime', ['-s'], { encoding: 'utf8' }).trim().replace(' ', 'T')).getTime() / 1000;
    expect(Math.abs(info.bootTime - booted)).toBeLessThanOrEqual(1);
    const hv = l.get('Hypervisor vendor');
    if (hv) expect(info.virtualization.hypervisor).toBe(hv.toLowerCase());
  });

  it('prints one fact a line and exits 0; a bad option is a usage error', async () => {
    const r = await runSysmon(['info']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OS: +\S/m);
    expect(r.stdout).toMatch(/^Topology: +\d+ sockets?, \d+ cores?, \d+ threads?/m);
    const bad = await runSysmon(['info', '--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
