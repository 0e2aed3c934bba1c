import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { haveTmux, TmuxSession } from './tmux-harness.js';

if (!haveTmux()) throw new Error('tmux is not installed: the dashboard tests need it (apt-get install tmux)');

// The dashboard on a root holding the procs fixture's /proc and the GPU fixture's /sys, with the test's
// stand-in nvidia-smi: the GPU panel shows on the main screen, and Shift-Tab reaches the System view.
const FIX = path.resolve(__dirname, '..', 'fixtures');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-tui-gpu-'));
fs.cpSync(path.join(FIX, 'procs'), root, { recursive: true });
fs.cpSync(path.join(FIX, 'gpu', 'sys'), path.join(root, 'sys'), { recursive: true });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('dashboard with GPUs (tmux, 120x40)', () => {
  it('shows the GPU panel, the System view, and leaves no nvidia-smi behind', async () => {
    const log = path.join(root, 'nvidia-smi.log');
    const s = new TmuxSession({
      width: 120,
      height: 40,
      args: ['--no-config'],
      env: { SYSMON_ROOT: root, SYSMON_NVIDIA_SMI: path.join(FIX, 'fake-nvidia-smi.cjs'), FAKE_NVIDIA_SMI_LOG: log },
    });
    try {
      s.start();
      const main = await s.waitFor((scr) => /GPUs \(5\)/.test(scr) && /nvidia0 NVIDIA A100/.test(scr), 15_000, 'the GPU panel');
      expect(main).toMatch(/amd0 Radeon RX 6600 +busy 37%/);
      s.keys(['BTab']);
      const sys = await s.waitFor((scr) => /Virtualization:/.test(scr), 10_000, 'the System view');
      expect(sys).toMatch(/^Topology: +\d+ socket/m);
      expect(sys).toMatch(/amd2 amdgpu card2 +asleep \(not read\)/);
      // The panel can show the first one-shot query before the long-lived loop's child has logged its start.
      const loopsNow = (): string[] => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('-lms')) : []);
      for (const end = Date.now() + 10_000; loopsNow().length === 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
      expect(await s.quit()).toEqual({ status: 0, stderr: '' });
      // One long-lived loop was started, and it ended with the dashboard.
      const loops = loopsNow();
      expect(loops).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 300));
      const alive = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).some((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`${FIX}/fake-nvidia-smi.cjs`) && fs.readFileSync(`/proc/${p}/environ`, 'utf8').includes(log);
        } catch {
          return false;
        }
      });
      expect(alive).toBe(false);
    } finally {
      s.kill();
    }
  }, 40_000);
});
