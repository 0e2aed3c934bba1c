import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GpuCollector } from '../../src/collectors/gpu-collector.js';
import { readDrmCards } from '../../src/source/drm-gpu-files.js';
import { renderMetrics } from '../../src/export/render.js';
import { sample } from '../export/fixture-sample.js';
import { runSysmon, cliEnv } from '../helpers/sysmon-cli.js';

const FIX = path.resolve(__dirname, '..', 'fixtures');
const FAKE = path.join(FIX, 'fake-nvidia-smi.cjs');
const saved = process.env.SYSMON_NVIDIA_SMI;
afterEach(() => {
  if (saved === undefined) delete process.env.SYSMON_NVIDIA_SMI;
  else process.env.SYSMON_NVIDIA_SMI = saved;
  delete process.env.FAKE_NVIDIA_SMI_LOG;
});

function logFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-gpu-'));
  return path.join(dir, 'calls.log');
}

describe('GpuCollector on fixture sysfs and a fake nvidia-smi', () => {
  it('lists AMD and Intel from DRM, NVIDIA from nvidia-smi (not twice), and leaves a suspended card asleep', async () => {
    process.env.SYSMON_NVIDIA_SMI = FAKE;
    const c = new GpuCollector({ root: path.join(FIX, 'gpu'), intervalMs: 100, processes: true });
    await c.init();
    const gpus = c.sample();
    expect(gpus.map((g) => `${g.vendor}${g.index}`)).toEqual(['amd0', 'intel1', 'amd2', 'nvidia0', 'nvidia1']);
    expect(gpus[2]).toMatchObject({ asleep: true, utilization: null });
    expect(gpus[3]).toMatchObject({ name: 'NVIDIA A100-SXM4-40GB', utilization: 37, processes: [{ pid: 4242, memoryUsed: 1200 * 1048576 }] });
    c.stop();
  });

  it('never reads more than the power state of a suspended card', () => {
    const cards = readDrmCards(path.join(FIX, 'gpu'));
    // card2 has gpu_busy_percent = 99 on disk; it must not have been read.
    expect(cards.find((c) => c.card === 2)).toMatchObject({ runtimeStatus: 'suspended', busyPercent: null });
  });

  it('does not start nvidia-smi when the NVIDIA device is runtime-suspended', async () => {
    process.env.SYSMON_NVIDIA_SMI = FAKE;
    process.env.FAKE_NVIDIA_SMI_LOG = logFile();
    const c = new GpuCollector({ root: path.join(FIX, 'gpu-nvidia-asleep'), intervalMs: 100 });
    await c.init();
    c.startStreaming();
    const gpus = c.sample();
    expect(fs.existsSync(process.env.FAKE_NVIDIA_SMI_LOG)).toBe(false);
    // Its DRM card is still listed, without figures.
    expect(gpus.find((g) => g.vendor === 'nvidia')).toMatchObject({ utilization: null });
  });

  it('streams from one long-lived nvidia-smi child', async () => {
    process.env.SYSMON_NVIDIA_SMI = FAKE;
    const log = (process.env.FAKE_NVIDIA_SMI_LOG = logFile());
    const c = new GpuCollector({ root: path.join(FIX, 'gpu'), intervalMs: 50 });
    await c.init();
    c.startStreaming();
    const seen = new Set<number | null>();
    for (let i = 0; i < 200 && seen.size < 2; i++) {
      await new Promise((r) => setTimeout(r, 25));
      seen.add(c.sample().find((g) => g.vendor === 'nvidia')!.utilization);
    }
    c.stop();
    expect(seen.size).toBeGreaterThanOrEqual(2); // the fake's utilization moves each block
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.filter((l) => l.includes('-lms'))).toHaveLength(1);
  });
});

describe('DCGM-named families', () => {
  it('export awake GPUs with dcgm-exporter names and labels, and mark sleeping ones', async () => {
    process.env.SYSMON_NVIDIA_SMI = FAKE;
    const c = new GpuCollector({ root: path.join(FIX, 'gpu'), intervalMs: 100 });
    await c.init();
    const text = renderMetrics(sample({}, { gpus: c.sample() }), { top: 0 });
    expect(text).toContain('# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n');
    expect(text).toContain('DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-11111111-2222-3333-4444-555555555555",device="nvidia0",modelName="NVIDIA A100-SXM4-40GB"} 37\n');
    expect(text).toContain('DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-11111111-2222-3333-4444-555555555555",device="nvidia0",modelName="NVIDIA A100-SXM4-40GB"} 1234\n');
    expect(text).toContain('DCGM_FI_DEV_FB_FREE{gpu="0",UUID="",device="card0",modelName="Radeon RX 6600"} 7152\n');
    expect(text).toContain('sysmon_gpu_asleep{gpu="2",UUID="",device="card2",modelName="amdgpu card2"} 1\n');
    expect(text).not.toMatch(/DCGM_FI_DEV_GPU_UTIL\{gpu="2",UUID="",device="card2"/);
  });

  it('are absent without GPUs', () => {
    expect(renderMetrics(sample(), { top: 0 })).not.toContain('DCGM_');
  });
});

describe('sysmon gpu', () => {
  it('prints the table, JSON, and a stream', async () => {
    const env = cliEnv({ SYSMON_NVIDIA_SMI: FAKE });
    const t = await runSysmon(['--root', path.join(FIX, 'gpu'), 'gpu'], { env });
    expect(t.code).toBe(0);
    expect(t.stdout.split('\n')[0]).toMatch(/^GPU VENDOR NAME +BUSY MEM-USED MEM-TOTAL TEMP +POWER +LIMIT +CLOCK +FAN$/);
    expect(t.stdout).toMatch(/^ {2}0 amd {4}Radeon RX 6600 +37% +1G +8G +54C +23\.5W +100W 2044MHz +40%$/m);
    expect(t.stdout).toMatch(/^ {2}2 amd {4}amdgpu card2 +asleep/m);
    const s = await runSysmon(['--root', path.join(FIX, 'gpu'), 'gpu', '--json', '-s', '0.1', '-c', '3'], { env });
    expect(s.code).toBe(0);
    const lines = s.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[2].gpus).toHaveLength(5);
  });

  it('says so and exits 1 on a machine without GPUs; bad numbers are usage errors', async () => {
    const none = await runSysmon(['--root', path.join(FIX, 'sysinfo-server'), 'gpu']);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toMatch(/^sysmon: no GPU found/);
    for (const args of [['-s', '0'], ['-s', 'x'], ['-c', '0'], ['-c', '1.5']]) {
      const r = await runSysmon(['gpu', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
