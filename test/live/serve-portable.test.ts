import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, get, parseExposition, startSysmon, stopChild, type Sysmon } from './serve-helpers.js';

// `sysmon --backend portable serve` on this Linux machine: started, scraped over loopback, checked by
// promtool, and its numbers against /proc. The families the portable backend cannot fill (inode counts,
// context switches, forks, iowait...) are absent, not zero.
const running: Sysmon[] = [];
afterAll(async () => {
  for (const s of running) await stopChild(s);
});

function meminfo(key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return Number(m![1]) * 1024;
}

describe('sysmon serve on the portable backend', () => {
  it('exports memory, CPU, load, filesystems and processes; nothing it cannot fill', async () => {
    const s = await startSysmon(['--no-gpu'], childEnv({ SYSMON_BACKEND: 'portable' }));
    running.push(s);
    const first = await get(`${s.base}/metrics`);
    expect(first.status).toBe(200);
    // promtool (the Prometheus package) reads it as valid exposition text; its one remark is the lint on
    // node_exporter's own names (node_memory_MemTotal_bytes), which sysmon keeps on purpose.
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: first.body, encoding: 'utf8' });
    expect(lint.error).toBeUndefined();
    const remarks = (lint.stdout + lint.stderr).split('\n').filter((l) => l !== '' && !/ metric names should be written in 'snake_case' not 'camelCase'$/.test(l));
    expect(remarks).toEqual([]);
    const fams = parseExposition(first.body);
    expect(fams.get('node_memory_MemTotal_bytes')!.series.get('')).toBe(meminfo('MemTotal'));
    expect(fams.get('node_memory_SwapTotal_bytes')!.series.get('')).toBe(meminfo('SwapTotal'));
    const modes = new Set([...fams.get('node_cpu_seconds_total')!.series.keys()].map((k) => /mode="(\w+)"/.exec(k)![1]));
    expect([...modes].sort()).toEqual(['idle', 'irq', 'nice', 'system', 'user']);
    expect(fams.get('node_load1')!.series.size).toBe(1);
    const size = fams.get('node_filesystem_size_bytes')!;
    expect([...size.series.keys()].some((k) => k.includes('mountpoint="/"'))).toBe(true);
    expect(fams.get('sysmon_process_resident_memory_bytes')!.series.size).toBeGreaterThan(0);
    // Network counters from systeminformation: lo's received bytes between two reads of /proc/net/dev around a
    // scrape; the counters it does not give (packets, FIFO, ...) are absent.
    const lo = () => Number(/^\s*lo:\s*(\d+)/m.exec(fs.readFileSync('/proc/net/dev', 'utf8'))![1]);
    const before = lo();
    const net = parseExposition((await get(`${s.base}/metrics`)).body);
    const after = lo();
    const rx = net.get('node_network_receive_bytes_total')!.series.get('device="lo"')!;
    // Up to one interval old: the scrape answers from the last tick (and systeminformation keeps a reading 0.5 s).
    expect(rx).toBeGreaterThan(0);
    expect(rx).toBeLessThanOrEqual(after);
    expect(net.get('node_network_transmit_bytes_total')!.series.get('device="lo"')).toBeGreaterThan(0);
    expect(net.get('node_network_receive_drop_total')!.series.has('device="lo"')).toBe(true);
    expect(before).toBeGreaterThan(0);
    for (const name of ['node_network_receive_packets_total', 'node_network_transmit_colls_total', 'node_disk_read_bytes_total']) {
      expect(net.get(name)?.series.size ?? 0, name).toBe(0);
    }
    for (const name of ['node_filesystem_files', 'node_filesystem_files_free', 'node_context_switches_total', 'node_forks_total', 'node_cpu_guest_seconds_total']) {
      expect(fams.get(name)?.series.size ?? 0, name).toBe(0);
    }
    // A second scrape a moment later: a new reading, CPU counters that only go up.
    await new Promise((r) => setTimeout(r, 1500));
    const again = parseExposition((await get(`${s.base}/metrics`)).body);
    const idle = (f: Map<string, { series: Map<string, number> }>) => f.get('node_cpu_seconds_total')!.series.get('cpu="0",mode="idle"')!;
    expect(idle(again)).toBeGreaterThanOrEqual(idle(fams));
    expect(again.get('sysmon_collections_total')!.series.get('')).toBeGreaterThan(fams.get('sysmon_collections_total')!.series.get('')!);
  }, 60_000);
});
