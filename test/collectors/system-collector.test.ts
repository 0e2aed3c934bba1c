import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SystemCollector } from '../../src/collectors/system-collector.js';
import { RuntimeError } from '../../src/core/errors.js';
import { ProcFs } from '../../src/source/proc-fs.js';

const fixtures = path.resolve(__dirname, '..', 'fixtures');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-syscol-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('SystemCollector', () => {
  it('reads stat, meminfo, loadavg and uptime under the root; cpu is null on the first sample', () => {
    const c = new SystemCollector(new ProcFs(path.join(fixtures, 'desktop')));
    const s = c.sample();
    expect(s.cpu).toBeNull();
    expect(s.stat.perCpu).toHaveLength(4);
    expect(s.stat.btime).toBe(1764000000);
    expect(s.mem.MemTotal).toBe(16318412 * 1024);
    expect(s.load.one).toBe(0.52);
    expect(s.uptime).toBe(506123.45);
  });

  it('gives the CPU use between two samples, total and per CPU', () => {
    const root = path.join(tmp, 'moving');
    fs.mkdirSync(path.join(root, 'proc'), { recursive: true });
    const write = (stat: string) => fs.writeFileSync(path.join(root, 'proc', 'stat'), stat);
    fs.writeFileSync(path.join(root, 'proc', 'meminfo'), 'MemTotal: 100 kB\n');
    write('cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0 0 0 0\ncpu1 50 0 50 400 0 0 0 0 0 0\n');
    const c = new SystemCollector(new ProcFs(root));
    c.sample();
    write('cpu  160 0 120 820 0 0 0 0 0 0\ncpu0 110 0 50 400 0 0 0 0 0 0\ncpu1 50 0 70 420 0 0 0 0 0 0\n');
    const s = c.sample();
    expect(s.cpu!.total.user).toBeCloseTo(60);
    expect(s.cpu!.total.system).toBeCloseTo(20);
    expect(s.cpu!.total.busy).toBeCloseTo(80);
    expect(s.cpu!.perCpu[0]!.busy).toBeCloseTo(100);
    expect(s.cpu!.perCpu[1]!.busy).toBeCloseTo(50);
    // missing loadavg / uptime read as zeros rather than failing
    expect(s.load.one).toBe(0);
    expect(s.uptime).toBe(0);
    c.reset();
    expect(c.sample().cpu).toBeNull();
  });

  it('fails with a RuntimeError when /proc/meminfo cannot be read', () => {
    const root = path.join(tmp, 'nomem');
    fs.mkdirSync(path.join(root, 'proc'), { recursive: true });
    fs.writeFileSync(path.join(root, 'proc', 'stat'), 'cpu 1 1 1 1\n');
    expect(() => new SystemCollector(new ProcFs(root)).readMem()).toThrow(RuntimeError);
  });

  it('reads an old kernel (7 cpu columns, no MemAvailable)', () => {
    const s = new SystemCollector(new ProcFs(path.join(fixtures, 'old-kernel'))).sample();
    expect(s.stat.total.softirq).toBe(789);
    expect(s.stat.total.steal).toBe(0);
    expect(s.mem.MemAvailable).toBeUndefined();
  });
});
