import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSystemInfo } from '../../src/collectors/system-info.js';
import { renderInfo } from '../../src/cli/info/run-info.js';
import { ProcFs } from '../../src/source/proc-fs.js';

const fixture = (name: string) => new ProcFs(path.resolve(__dirname, '..', 'fixtures', name));

describe('readSystemInfo on fixture roots', () => {
  it('a two-socket server: topology from sysfs, caches merged by sharing, DMI, os-release', () => {
    const info = readSystemInfo(fixture('sysinfo-server'), {});
    expect(info.os).toMatchObject({ name: 'Debian GNU/Linux 12 (bookworm)', id: 'debian', version: '12', kernel: '6.1.0-18-amd64', hostname: 'db1' });
    expect(info.cpu).toMatchObject({ model: 'Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz', sockets: 2, cores: 4, threads: 9, online: 8, minMhz: 800, maxMhz: 3700, currentMhz: 2000 });
    expect(info.cpu.caches).toEqual([
      { level: 1, type: 'Data', size: 32768, instances: 4 },
      { level: 1, type: 'Instruction', size: 32768, instances: 4 },
      { level: 2, type: 'Unified', size: 1024 * 1024, instances: 4 },
      { level: 3, type: 'Unified', size: 22528 * 1024, instances: 2 },
    ]);
    expect(info.memTotal).toBe(196608000 * 1024);
    expect(info.swapTotal).toBe(8388604 * 1024);
    expect(info.board).toEqual({
      systemVendor: 'Dell Inc.', product: 'PowerEdge R640', boardVendor: 'Dell Inc.', board: '0W23H8',
      biosVendor: 'Dell Inc.', biosVersion: '2.19.1', biosDate: '06/11/2023',
    });
    expect(info.virtualization).toEqual({ hypervisor: null, container: null });
    expect(info.bootTime).toBe(1764547200);
    expect(renderInfo(info)).toContain('Topology:       2 sockets, 4 cores, 9 threads (8 online)\n');
    expect(renderInfo(info)).toContain('Caches:         L1d 32K x4, L1i 32K x4, L2 1M x4, L3 22M x2\n');
  });

  it('a QEMU guest in podman: hypervisor from DMI, container from /run/.containerenv, hostile DMI text escaped', () => {
    const info = readSystemInfo(fixture('sysinfo-guest'), {});
    expect(info.virtualization).toEqual({ hypervisor: 'qemu', container: 'podman' });
    expect(info.os).toMatchObject({ name: 'Fedora 39 (Container Image)', id: 'fedora', hostname: null });
    expect(info.cpu).toMatchObject({ sockets: 1, cores: 2, threads: 2, caches: [] });
    expect(info.bootTime).toBeNull();
    const text = renderInfo(info);
    expect(text).toContain('System:         QEMU Standard PC ?[31m(Q35)');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });

  it('Kubernetes is told by its service variable', () => {
    expect(readSystemInfo(fixture('sysinfo-server'), { KUBERNETES_SERVICE_HOST: '10.0.0.1' }).virtualization.container).toBe('kubernetes');
  });
});
