import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, get, parseExposition, startSysmon, stopChild, type Sysmon } from './serve-helpers.js';

// `sysmon serve` on a root that holds the procs fixture's /proc and the GPU fixture's /sys, with the fake
// nvidia-smi: the DCGM families come through the real HTTP server, and --no-gpu turns them off.
const FIX = path.resolve(__dirname, '..', 'fixtures');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-serve-gpu-'));
fs.cpSync(path.join(FIX, 'procs'), root, { recursive: true });
fs.cpSync(path.join(FIX, 'gpu', 'sys'), path.join(root, 'sys'), { recursive: true });
const env = childEnv({ SYSMON_NVIDIA_SMI: path.join(FIX, 'fake-nvidia-smi.cjs'), SYSMON_ROOT: root });
const running: Sysmon[] = [];
afterAll(async () => {
  for (const s of running) await stopChild(s);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('sysmon serve with GPUs', () => {
  it('exports DCGM-named families for NVIDIA and AMD, and none with --no-gpu', async () => {
    const s = await startSysmon([], env);
    running.push(s);
    const fams = parseExposition((await get(`${s.base}/metrics`)).body);
    const util = fams.get('DCGM_FI_DEV_GPU_UTIL');
    expect(util?.type).toBe('gauge');
    expect([...util!.series.keys()].some((k) => k.includes('device="nvidia0"'))).toBe(true);
    expect([...util!.series.keys()].some((k) => k.includes('device="card0"'))).toBe(true);
    expect(fams.get('DCGM_FI_DEV_FB_USED')?.series.size).toBeGreaterThanOrEqual(3);
    const off = await startSysmon(['--no-gpu'], env);
    running.push(off);
    const text = (await get(`${off.base}/metrics`)).body;
    expect(text).toContain('node_load1');
    expect(text).not.toContain('DCGM_');
  });
});
