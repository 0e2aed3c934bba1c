import { describe, expect, it } from 'vitest';
import { isValidLabelName, isValidMetricName } from '../../src/export/exposition.js';
import { exportedFilesystems, memoryMetricName } from '../../src/export/node-families.js';
import { familiesFor, renderMetrics } from '../../src/export/render.js';
import { topProcesses } from '../../src/export/sysmon-families.js';
import { mount, proc, sample, usage } from './fixture-sample.js';

/** Series lines of one metric name, as `labels value` strings. */
function series(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => l.slice(name.length));
}

describe('family descriptions', () => {
  const s = sample({}, {
    filesystems: [usage(mount('/', 'ext4', '/dev/vda'))],
    processes: [proc(1)],
  });
  const families = familiesFor(s);

  it('are unique, valid, and follow Prometheus naming: unit suffix, _total on counters only', () => {
    const names = families.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of families) {
      expect(isValidMetricName(f.name), f.name).toBe(true);
      for (const l of f.labels) expect(isValidLabelName(l), `${f.name} ${l}`).toBe(true);
      const base = f.type === 'counter' ? f.name.replace(/_total$/, '') : f.name;
      expect(f.type === 'counter' ? f.name.endsWith('_total') : !f.name.endsWith('_total'), f.name).toBe(true);
      if (f.unit) expect(base.endsWith(`_${f.unit}`), f.name).toBe(true);
      else expect(/_(bytes|seconds)$/.test(base), `${f.name} has a unit suffix but no unit`).toBe(false);
      expect(f.help.length).toBeGreaterThan(5);
    }
  });

  it('never export a command line', () => {
    const text = renderMetrics(s, { top: 20 });
    expect(text).not.toContain('hunter2');
    for (const f of families) expect(f.labels).not.toContain('cmdline');
  });
});

describe('node_exporter families', () => {
  it('name meminfo keys as node_exporter does', () => {
    expect(memoryMetricName('MemTotal')).toBe('node_memory_MemTotal_bytes');
    expect(memoryMetricName('Active(anon)')).toBe('node_memory_Active_anon_bytes');
    expect(memoryMetricName('HugePages_Total')).toBe('node_memory_HugePages_Total');
    expect(memoryMetricName('Hugepagesize')).toBe('node_memory_Hugepagesize_bytes');
  });

  it('render meminfo, cpu, stat and load values in base units', () => {
    const text = renderMetrics(sample(), { top: 20 });
    expect(series(text, 'node_memory_MemTotal_bytes')).toEqual([' 8589934592']);
    expect(series(text, 'node_memory_Active_anon_bytes')).toEqual([' 4096']);
    expect(series(text, 'node_memory_HugePages_Total')).toEqual([' 0']);
    expect(text).toContain('# TYPE node_memory_MemTotal_bytes gauge\n');
    expect(series(text, 'node_cpu_seconds_total')).toContain('{cpu="0",mode="user"} 1');
    expect(series(text, 'node_cpu_seconds_total')).toContain('{cpu="0",mode="system"} 0.5');
    expect(series(text, 'node_cpu_seconds_total')).toContain('{cpu="2",mode="steal"} 0.03');
    expect(series(text, 'node_cpu_seconds_total')).toHaveLength(16);
    expect(series(text, 'node_cpu_guest_seconds_total')).toContain('{cpu="0",mode="user"} 0.07');
    expect(series(text, 'node_boot_time_seconds')).toEqual([' 1699999000']);
    expect(series(text, 'node_context_switches_total')).toEqual([' 123456']);
    expect(series(text, 'node_procs_running')).toEqual([' 2']);
    expect(series(text, 'node_procs_blocked')).toEqual([' 1']);
    expect(series(text, 'node_load1')).toEqual([' 0.5']);
    expect(series(text, 'node_load15')).toEqual([' 0.125']);
  });

  it("apply node_exporter's default mount point and type exclusions, and drop duplicate series", () => {
    const keep = exportedFilesystems([
      usage(mount('/', 'ext4', '/dev/vda')),
      usage(mount('/proc', 'proc', 'proc')),
      usage(mount('/sys/fs/cgroup', 'tmpfs', 'tmpfs')),
      usage(mount('/dev/shm', 'tmpfs', 'shm')),
      usage(mount('/run', 'tmpfs', 'tmpfs')),
      usage(mount('/run/credentials/x.service', 'tmpfs', 'tmpfs')),
      usage(mount('/var/lib/docker/overlay2/abc/merged', 'ext4', '/dev/vda')),
      usage(mount('/home', 'overlay', 'overlay')),
      usage(mount('/snap/core/1', 'squashfs', '/dev/loop0')),
      usage(mount('/boot', 'ext4', '/dev/vda1')),
      usage(mount('/boot', 'ext4', '/dev/vda1')),
      usage(mount('/tmp/a b', 'tmpfs', 'src 1')),
    ]);
    expect(keep.map((u) => u.mount.target)).toEqual(['/', '/run', '/boot', '/tmp/a b']);
  });

  it('export filesystem sizes in bytes, readonly from the mount options, and only device_error when stale', () => {
    const text = renderMetrics(sample({}, {
      filesystems: [
        usage(mount('/', 'ext4', '/dev/vda')),
        usage(mount('/media/cd', 'udf', '/dev/sr0', 'ro,nosuid')),
        usage(mount('/mnt/nfs', 'nfs4', 'srv:/export'), { stale: true }),
      ],
    }), { top: 20 });
    expect(series(text, 'node_filesystem_size_bytes')).toEqual([
      '{device="/dev/vda",fstype="ext4",mountpoint="/"} 4096000',
      '{device="/dev/sr0",fstype="udf",mountpoint="/media/cd"} 4096000',
    ]);
    expect(series(text, 'node_filesystem_avail_bytes')[0]).toBe('{device="/dev/vda",fstype="ext4",mountpoint="/"} 1228800');
    expect(series(text, 'node_filesystem_files_free')[0]).toBe('{device="/dev/vda",fstype="ext4",mountpoint="/"} 100');
    expect(series(text, 'node_filesystem_readonly')).toEqual([
      '{device="/dev/vda",fstype="ext4",mountpoint="/"} 0',
      '{device="/dev/sr0",fstype="udf",mountpoint="/media/cd"} 1',
    ]);
    expect(series(text, 'node_filesystem_device_error')).toEqual([
      '{device="/dev/vda",fstype="ext4",mountpoint="/"} 0',
      '{device="/dev/sr0",fstype="udf",mountpoint="/media/cd"} 0',
      '{device="srv:/export",fstype="nfs4",mountpoint="/mnt/nfs"} 1',
    ]);
  });

  it('leave filesystem families out when the sample has no filesystems', () => {
    expect(renderMetrics(sample(), { top: 20 })).not.toContain('node_filesystem');
  });

  it('export disks without partitions, loop and RAM devices, in bytes and seconds', () => {
    const d = (device: string, over = {}) => ({
      major: 8, minor: 0, device, readsCompleted: 10, readsMerged: 1, sectorsRead: 4, readTimeMs: 1500,
      writesCompleted: 20, writesMerged: 2, sectorsWritten: 8, writeTimeMs: 250, ioInProgress: 3, ioTimeMs: 2000,
      weightedIoTimeMs: 4000, discardsCompleted: null, discardsMerged: null, sectorsDiscarded: null,
      discardTimeMs: null, flushRequests: null, flushTimeMs: null, ...over,
    });
    const text = renderMetrics(sample({}, {
      disks: [d('sda'), d('sda1'), d('nvme0n1', { flushRequests: 5, flushTimeMs: 10 }), d('nvme0n1p1'), d('loop0'), d('zram0'), d('dm-0')],
    }), { top: 20 });
    expect(series(text, 'node_disk_read_bytes_total')).toEqual([
      '{device="sda"} 2048', '{device="nvme0n1"} 2048', '{device="dm-0"} 2048',
    ]);
    expect(series(text, 'node_disk_read_time_seconds_total')[0]).toBe('{device="sda"} 1.5');
    expect(series(text, 'node_disk_written_bytes_total')[0]).toBe('{device="sda"} 4096');
    expect(series(text, 'node_disk_io_now')[0]).toBe('{device="sda"} 3');
    expect(text).toContain('# TYPE node_disk_io_now gauge\n');
    expect(series(text, 'node_disk_flush_requests_total')).toEqual(['{device="nvme0n1"} 5']);
    expect(text).not.toContain('node_disk_discards_completed_total');
  });

  it('export every interface of /proc/net/dev', () => {
    const n = (device: string, rxBytes: number) => ({
      device, rxBytes, rxPackets: 2, rxErrs: 0, rxDrop: 0, rxFifo: 0, rxFrame: 0, rxCompressed: 0, rxMulticast: 0,
      txBytes: 5, txPackets: 1, txErrs: 0, txDrop: 0, txFifo: 0, txColls: 7, txCarrier: 0, txCompressed: 0,
    });
    const text = renderMetrics(sample({}, { network: [n('lo', 10), n('eth0', 20)] }), { top: 20 });
    expect(series(text, 'node_network_receive_bytes_total')).toEqual(['{device="lo"} 10', '{device="eth0"} 20']);
    expect(series(text, 'node_network_transmit_colls_total')).toEqual(['{device="lo"} 7', '{device="eth0"} 7']);
  });

  it('leave disk and network families out when the snapshot has none', () => {
    const text = renderMetrics(sample(), { top: 20 });
    expect(text).not.toContain('node_disk_');
    expect(text).not.toContain('node_network_');
  });
});

describe('sysmon process families', () => {
  const rows = [
    proc(1, { utime: 5000, stime: 0, rssPages: 10, cpuDeltaTicks: 0 }),
    proc(2, { utime: 10, stime: 0, rssPages: 5000, cpuDeltaTicks: 1 }),
    proc(3, { utime: 100, stime: 50, rssPages: 20, cpuDeltaTicks: 90 }),
    proc(4, { utime: 60, stime: 0, rssPages: 30, cpuDeltaTicks: null }),
    proc(5, { utime: 0, stime: 0, rssPages: 1, cpuDeltaTicks: 0 }),
  ];

  it('pick the top N by recent CPU and the top N by resident memory, in pid order', () => {
    // CPU: 3 (90 ticks this interval), 4 (new: 60 since start); memory: 2, 4.
    expect(topProcesses(rows, 2).map((p) => p.pid)).toEqual([2, 3, 4]);
    expect(topProcesses(rows, 0)).toEqual([]);
    expect(topProcesses(rows, 100)).toHaveLength(5);
  });

  it('label by pid, comm and user, with seconds and bytes', () => {
    const text = renderMetrics(sample({}, {
      processes: [proc(7, { comm: 'we ird) ("x"', utime: 250, stime: 50, rssPages: 3, user: null, uid: 33 })],
    }), { top: 20 });
    expect(series(text, 'sysmon_process_cpu_seconds_total')).toEqual(['{pid="7",comm="we ird) (\\"x\\"",user="33"} 3']);
    expect(series(text, 'sysmon_process_resident_memory_bytes')).toEqual(['{pid="7",comm="we ird) (\\"x\\"",user="33"} 12288']);
  });

  it('bound the series count by --top whatever the process count', () => {
    const many = Array.from({ length: 5000 }, (_, i) => proc(i + 1, { utime: i % 97, rssPages: i % 89, cpuDeltaTicks: i % 13 }));
    const text = renderMetrics(sample({}, { processes: many }), { top: 20 });
    const n = series(text, 'sysmon_process_resident_memory_bytes').length;
    expect(n).toBeGreaterThanOrEqual(20);
    expect(n).toBeLessThanOrEqual(40);
    expect(series(text, 'sysmon_process_cpu_seconds_total')).toHaveLength(n);
  });

  it("report the sample's collection time and count", () => {
    const text = renderMetrics(sample(), { top: 20 });
    expect(series(text, 'sysmon_scrape_duration_seconds')).toEqual([' 0.0125']);
    expect(series(text, 'sysmon_collections_total')).toEqual([' 3']);
  });
});
