import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISK_DEVICES_EXCLUDE, FS_TYPES_EXCLUDE, MOUNT_POINTS_EXCLUDE } from '../../src/export/exclusions.js';
import {
  freePort, get, label, parseExposition, startChild, startSysmon, stopChild, waitFor, type Child, type Family, type Sysmon,
} from './serve-helpers.js';

// sysmon serve beside Debian's prometheus-node-exporter on the same machine: every node_* family sysmon
// exports must exist there with the same type and label names, and the stable ones with the same series.
// Debian patches two defaults (it hides /run, /mnt, /media and `lo`); node_exporter is started with the
// upstream defaults sysmon follows, so the series can be compared one to one.

function nodeExporterBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v prometheus-node-exporter || command -v node_exporter'], { encoding: 'utf8' })
      .trim().split('\n')[0]!;
  } catch {
    throw new Error('node_exporter is not installed: apt-get install prometheus-node-exporter (.ci/run does it)');
  }
}

/** Label texts that name a path or device with characters node_exporter 1.5 does not unescape. */
function plain(labels: string): boolean {
  return !/[\\ \t]/.test(labels);
}

describe('sysmon serve against node_exporter on this machine', () => {
  let sysmon: Sysmon | undefined;
  let ne: Child | undefined;
  let nePort = 0;
  let ours = new Map<string, Family>();
  let theirs = new Map<string, Family>();

  /** Scrape sysmon, then node_exporter: counters of the second read can only be ahead. */
  async function scrapeBoth(): Promise<void> {
    ours = parseExposition((await get(`${sysmon!.base}/metrics`)).body);
    theirs = parseExposition((await get(`http://127.0.0.1:${nePort}/metrics`)).body);
  }

  beforeAll(async () => {
    const binary = nodeExporterBinary();
    nePort = await freePort();
    // --interval 0.1: a retry below gets a fresh sample, not the cached one.
    sysmon = await startSysmon(['--interval', '0.1']);
    ne = startChild(binary, [
      `--web.listen-address=127.0.0.1:${nePort}`,
      '--collector.disable-defaults',
      ...['meminfo', 'cpu', 'loadavg', 'stat', 'filesystem', 'diskstats', 'netdev'].map((c) => `--collector.${c}`),
      `--collector.filesystem.mount-points-exclude=${MOUNT_POINTS_EXCLUDE.source}`,
      `--collector.filesystem.fs-types-exclude=${FS_TYPES_EXCLUDE.source}`,
      `--collector.diskstats.device-exclude=${DISK_DEVICES_EXCLUDE.source}`,
      '--collector.netdev.device-exclude=',
    ]);
    await waitFor('node_exporter to answer', async () => {
      if (ne!.proc.exitCode !== null) throw new Error(`node_exporter exited: ${ne!.stderr()}`);
      const r = await get(`http://127.0.0.1:${nePort}/metrics`);
      return r.status === 200 ? true : undefined;
    }, 20_000, 100);
    await scrapeBoth();
  }, 40_000);

  afterAll(async () => {
    await stopChild(ne);
    await stopChild(sysmon);
  });

  it('exports the families the issue names', () => {
    for (const name of [
      'node_memory_MemTotal_bytes', 'node_memory_MemAvailable_bytes', 'node_cpu_seconds_total', 'node_load1',
      'node_load5', 'node_load15', 'node_procs_running', 'node_procs_blocked', 'node_context_switches_total',
      'node_boot_time_seconds', 'node_filesystem_size_bytes', 'node_filesystem_free_bytes',
      'node_filesystem_avail_bytes', 'node_filesystem_files', 'node_filesystem_files_free', 'node_filesystem_readonly',
      'node_disk_read_bytes_total', 'node_disk_written_bytes_total', 'node_network_receive_bytes_total',
      'node_network_transmit_bytes_total', 'sysmon_process_cpu_seconds_total', 'sysmon_process_resident_memory_bytes',
      'sysmon_scrape_duration_seconds',
    ]) {
      expect(ours.has(name), name).toBe(true);
    }
  });

  it('every node_* family exists in node_exporter with the same type and label names', () => {
    const mine = [...ours.keys()].filter((n) => n.startsWith('node_'));
    expect(mine.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const name of mine) {
      const t = theirs.get(name);
      if (!t) {
        problems.push(`${name}: not in node_exporter`);
        continue;
      }
      const o = ours.get(name)!;
      if (o.type !== t.type) problems.push(`${name}: type ${o.type}, node_exporter ${t.type}`);
      if ([...o.labelSets].join('|') !== [...t.labelSets].join('|')) {
        problems.push(`${name}: labels ${[...o.labelSets].join('|')}, node_exporter ${[...t.labelSets].join('|')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the same meminfo fields, and MemTotal, boot time and CPU series agree', () => {
    const names = (m: Map<string, Family>) => [...m.keys()].filter((n) => n.startsWith('node_memory_')).sort();
    expect(names(ours)).toEqual(names(theirs));
    expect(ours.get('node_memory_MemTotal_bytes')!.series.get('')).toBe(theirs.get('node_memory_MemTotal_bytes')!.series.get(''));
    expect(Math.abs(ours.get('node_boot_time_seconds')!.series.get('')! - theirs.get('node_boot_time_seconds')!.series.get('')!)).toBeLessThanOrEqual(1);
    const cpuSeries = (m: Map<string, Family>) => [...m.get('node_cpu_seconds_total')!.series.keys()].sort();
    expect(cpuSeries(ours)).toEqual(cpuSeries(theirs));
    // Counters read a moment apart: node_exporter's idle seconds may only be ahead by the time between reads.
    const idle = 'cpu="0",mode="idle"';
    const d = theirs.get('node_cpu_seconds_total')!.series.get(idle)! - ours.get('node_cpu_seconds_total')!.series.get(idle)!;
    expect(d).toBeGreaterThanOrEqual(-0.011);
    expect(d).toBeLessThan(5);
  });

  it('the same filesystems after the default exclusions, with the same sizes', async () => {
    const fsOf = (m: Map<string, Family>) => [...(m.get('node_filesystem_size_bytes')?.series ?? new Map<string, number>())];
    const plainKeys = (m: Map<string, Family>) => fsOf(m).filter(([l]) => plain(l)).map(([l]) => l).sort().join('\n');
    // Other tests mount and unmount filesystems: a mount that came or went between the two reads is a retry.
    for (let i = 0; i < 3 && plainKeys(ours) !== plainKeys(theirs); i++) {
      await new Promise((r) => setTimeout(r, 200));
      await scrapeBoth();
    }
    const mine = fsOf(ours).filter(([l]) => plain(l));
    const theirsPlain = fsOf(theirs).filter(([l]) => plain(l));
    expect(mine.map(([l]) => l).sort()).toEqual(theirsPlain.map(([l]) => l).sort());
    expect(mine.some(([l]) => label(l, 'mountpoint') === '/')).toBe(true);
    const root = mine.find(([l]) => label(l, 'mountpoint') === '/')!;
    expect(root[1]).toBe(new Map(theirsPlain).get(root[0]));
    // sysmon decodes every mountinfo escape (node_exporter 1.5 only \040 and \011 in mount points).
    for (const [l] of fsOf(ours)) expect(l).not.toMatch(/\\\\0[0-7]{2}/);
  });

  it('the same disks and network interfaces', () => {
    const keys = (m: Map<string, Family>, n: string) => [...(m.get(n)?.series.keys() ?? [])].sort();
    expect(keys(ours, 'node_disk_read_bytes_total')).toEqual(keys(theirs, 'node_disk_read_bytes_total'));
    expect(keys(ours, 'node_network_receive_bytes_total')).toEqual(keys(theirs, 'node_network_receive_bytes_total'));
    expect(keys(ours, 'node_network_receive_bytes_total').length).toBeGreaterThan(0);
    const lines = fs.readFileSync('/proc/net/dev', 'utf8').split('\n').filter((l) => l.includes(':')).length;
    expect(keys(ours, 'node_network_receive_bytes_total')).toHaveLength(lines);
  });
});
