import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../src/core/container.js';
import { CONTAINER_DEFAULT_COLUMNS, containerFields } from '../../src/fields/container-fields.js';
import { CONTAINER_PROCESS_FIELDS, withContainerFields } from '../../src/fields/container-process-fields.js';
import type { FormatContext } from '../../src/fields/registry.js';
import { processFields } from '../../src/fields/process-fields.js';

const ctx: FormatContext = { now: 0, uptime: 0, btime: 0, hz: 100, pageSize: 4096, memTotal: 0, interval: 1, cpuCount: 1 };

function row(over: Partial<ContainerRow> = {}): ContainerRow {
  return {
    kind: 'container', key: '/x', id: 'a'.repeat(64), name: 'web', runtime: 'docker', pod: null, namespace: null, qos: null,
    cgroup: '/x', cpuSeconds: 1.5, cpuPercent: 12.345, cpuLimit: null, nrThrottled: 0, throttledPercent: 0, throttledSeconds: 0,
    workingSet: 80 * 2 ** 20, memoryUsage: 100 * 2 ** 20, memoryLimit: 512 * 2 ** 20, pids: 2, pidsMax: null, ioReadBytes: 0,
    ioWriteBytes: 0, cpuPressure: null, memoryPressure: null, ioPressure: null, processes: 2, mainPid: 10, command: 'nginx',
    containers: 1, ...over,
  };
}

describe('container fields', () => {
  it('cells: sizes as df -h, - for what a cgroup lacks, the short id, escaped names', () => {
    const r = row({ name: 'evil\x1b[2J\x9bname' });
    const cell = (k: string): string => containerFields.get(k).text(r, ctx);
    expect(cell('mem')).toBe('80M');
    expect(cell('limit')).toBe('512M');
    expect(cell('mem%')).toBe('15.6');
    expect(cell('cpus')).toBe('-');
    expect(cell('pids_max')).toBe('-');
    expect(cell('psi_cpu')).toBe('-');
    expect(cell('cpu')).toBe('12.3');
    expect(cell('id')).toBe('a'.repeat(12));
    expect(cell('name')).toBe('evil?[2J?name');
    expect(containerFields.get('id').value(r, ctx)).toBe('a'.repeat(64));
    expect(containerFields.get('limit').value(row({ memoryLimit: null }), ctx)).toBeNull();
  });

  it("the dashboard's sort keys find container columns: pcpu, pmem (working set), time+", () => {
    expect(containerFields.find('pcpu')?.key).toBe('cpu');
    expect(containerFields.find('pmem')?.key).toBe('mem');
    expect(containerFields.find('time+')?.key).toBe('cputime');
    expect(() => containerFields.parseList(CONTAINER_DEFAULT_COLUMNS)).not.toThrow();
  });

  it('join the process registry; a key the registry already has keeps its own field', () => {
    for (const f of CONTAINER_PROCESS_FIELDS) expect(processFields.find(f.key)).toBe(f);
    const unit = { ...CONTAINER_PROCESS_FIELDS[4]!, description: 'procps unit' };
    const joined = withContainerFields([unit]);
    expect(joined.filter((f) => f.key === 'unit')).toEqual([unit]);
    expect(joined.map((f) => f.key)).toEqual(['unit', 'container', 'runtime', 'pod', 'namespace']);
  });
});
