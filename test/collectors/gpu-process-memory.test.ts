import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessCollector } from '../../src/collectors/process-collector.js';
import { processFields } from '../../src/fields/process-fields.js';
import { psSpec } from '../../src/fields/ps-specs.js';
import type { FormatContext } from '../../src/fields/registry.js';
import { parseDrmFdinfo } from '../../src/parsers/drm-fdinfo.js';
import { ProcFs } from '../../src/source/proc-fs.js';

// gpu_mem: per-process GPU memory from the test's stand-in nvidia-smi (--query-compute-apps) and from DRM
// fdinfo files of an AMD card in a fixture root. Without a GPU the column is null (`-`).
const FIX = path.resolve(__dirname, '..', 'fixtures');
let withGpu: string;
let without: string;
const ctx: FormatContext = { now: 0, uptime: 100, btime: 0, hz: 100, pageSize: 4096, memTotal: 1 << 30, interval: null, cpuCount: 1, style: 'ps' };

beforeAll(() => {
  without = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-gpumem-none-'));
  fs.cpSync(path.join(FIX, 'procs'), without, { recursive: true });
  withGpu = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-gpumem-'));
  fs.cpSync(path.join(FIX, 'procs'), withGpu, { recursive: true });
  fs.cpSync(path.join(FIX, 'gpu', 'sys'), path.join(withGpu, 'sys'), { recursive: true });
  // pid 120 has the render node open twice (one client, dup'd) and a second client; pid 100 a plain file.
  const p = path.join(withGpu, 'proc', '120');
  fs.mkdirSync(path.join(p, 'fd'), { recursive: true });
  fs.mkdirSync(path.join(p, 'fdinfo'), { recursive: true });
  const amd = (id: number, kib: number) =>
    `pos:\t0\nflags:\t02100002\ndrm-driver:\tamdgpu\ndrm-client-id:\t${id}\ndrm-memory-vram:\t${kib} KiB\ndrm-memory-gtt:\t512 KiB\ndrm-memory-cpu:\t0 KiB\n`;
  for (const [fd, id, kib] of [[5, 7, 2048], [6, 7, 2048], [9, 8, 1024]] as const) {
    fs.symlinkSync('/dev/dri/renderD128', path.join(p, 'fd', String(fd)));
    fs.writeFileSync(path.join(p, 'fdinfo', String(fd)), amd(id, kib));
  }
  fs.symlinkSync('/etc/passwd', path.join(p, 'fd', '3'));
  fs.writeFileSync(path.join(p, 'fdinfo', '3'), 'pos:\t0\nflags:\t0100000\n');
  process.env.SYSMON_NVIDIA_SMI = path.join(FIX, 'fake-nvidia-smi.cjs');
  process.env.FAKE_NVIDIA_SMI_APP_PID = '130';
});

afterAll(() => {
  for (const d of [withGpu, without]) fs.rmSync(d, { recursive: true, force: true });
  delete process.env.SYSMON_NVIDIA_SMI;
  delete process.env.FAKE_NVIDIA_SMI_APP_PID;
});

describe('gpu_mem', () => {
  it('sums NVIDIA compute apps and DRM clients (each once) per process; 0 for the rest', () => {
    const rows = new ProcessCollector(new ProcFs(withGpu)).collect({ needs: new Set(['stat', 'gpu']), oneShot: true });
    const by = new Map(rows.map((r) => [r.pid, r]));
    expect(by.get(130)!.gpuMem).toBe(1200 * 1024 * 1024);
    expect(by.get(120)!.gpuMem).toBe(3072 * 1024);
    expect(by.get(100)!.gpuMem).toBe(0);
    const f = processFields.get('gpu_mem');
    expect(f.text(by.get(120)!, ctx)).toBe('3072');
    expect(f.text(by.get(130)!, { ...ctx, style: 'top' })).toBe('1.2g');
    expect(psSpec('gpu_mem')!.value(by.get(130)!, ctx)).toBe(1200 * 1024 * 1024);
  });

  it('is null (printed -) where no GPU reports per-process memory, and not read unless shown', () => {
    const rows = new ProcessCollector(new ProcFs(without)).collect({ needs: new Set(['stat', 'gpu']), oneShot: true });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.gpuMem).toBeNull();
    expect(processFields.get('gpu_mem').text(rows[0]!, ctx)).toBe('-');
    const plain = new ProcessCollector(new ProcFs(withGpu)).collect({ needs: new Set(['stat']), oneShot: true });
    for (const r of plain) expect(r.gpuMem).toBeUndefined();
  });

  it('fdinfo: resident device regions where the driver gives them (xe, i915), else drm-memory (amdgpu)', () => {
    expect(parseDrmFdinfo('drm-driver:\txe\ndrm-client-id:\t3\ndrm-total-vram0:\t8 MiB\ndrm-resident-vram0:\t6 MiB\ndrm-resident-system:\t4 MiB\n'))
      .toEqual({ driver: 'xe', clientId: '3', deviceBytes: 6 * 1024 * 1024 });
    expect(parseDrmFdinfo('drm-driver:\ti915\ndrm-client-id:\t9\ndrm-resident-local0:\t100 KiB\ndrm-memory-local0:\t300 KiB\n')!.deviceBytes).toBe(100 * 1024);
    expect(parseDrmFdinfo('pos:\t0\nflags:\t02\n')).toBeNull();
  });
});
