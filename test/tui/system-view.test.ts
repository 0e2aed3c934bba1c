import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSystemInfo } from '../../src/collectors/system-info.js';
import { GpuCollector } from '../../src/collectors/gpu-collector.js';
import { ProcFs } from '../../src/source/proc-fs.js';
import { systemView } from '../../src/tui/system-view.js';
import { screenPanel } from '../../src/tui/panels.js';
import { themeFor } from '../../src/tui/theme.js';
import { snapshot } from './snapshot-fixture.js';

const FIX = path.resolve(__dirname, '..', 'fixtures');
const theme = themeFor({ NO_COLOR: '1' });

describe('dashboard: the System view and the GPU panel', () => {
  it('shows the static facts, escaped, and every GPU', async () => {
    const snap = snapshot([]);
    snap.system = readSystemInfo(new ProcFs(path.join(FIX, 'sysinfo-guest')), {});
    const prev = process.env.SYSMON_NVIDIA_SMI;
    process.env.SYSMON_NVIDIA_SMI = path.join(FIX, 'fake-nvidia-smi.cjs');
    const gpus = new GpuCollector({ root: path.join(FIX, 'gpu'), intervalMs: 100 });
    await gpus.init();
    snap.gpus = gpus.sample();
    if (prev === undefined) delete process.env.SYSMON_NVIDIA_SMI;
    else process.env.SYSMON_NVIDIA_SMI = prev;
    const frame = systemView.render({ moment: { snapshot: snap, history: { series: () => ({ length: 0, toArray: () => [] }) } } as never, state: {} as never, scroll: 0, width: 100, height: 40, theme, reg: {} as never });
    const text = frame.lines.join('\n');
    expect(text).toMatch(/^CPU: +AMD EPYC \(AuthenticAMD\)$/m);
    expect(text).toMatch(/^Virtualization: +qemu; container: podman$/m);
    expect(text).toContain('System:         QEMU Standard PC ?[31m(Q35)\u00c2?');
    expect(text).toContain('GPUs (5)');
    expect(text).toMatch(/^nvidia0 NVIDIA A100-SXM4-40GB {2}busy 37% {2}mem 1\.2G\/40G {2}45C {2}121W {2}1410MHz$/m);
    expect(text).toMatch(/^amd2 amdgpu card2 {2}asleep \(not read\)$/m);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    const panel = screenPanel('gpu')!.render({ snapshot: snap, width: 60, theme } as never);
    expect(panel[0]).toBe('GPUs (5)');
    expect(panel).toHaveLength(6);
    expect(screenPanel('gpu')!.render({ snapshot: snapshot([]), width: 60, theme } as never)).toEqual(['no GPU found']);
  });

  it('draws the GPU panel again when a figure moved or the width changed, not for the same list', () => {
    const gpu = { index: 0, vendor: 'amd', name: 'Radeon', busId: null, uuid: null, asleep: false, utilization: 10, memoryUsed: null, memoryTotal: null, temperature: null, power: null, powerLimit: null, clockGraphics: null, clockMemory: null, fan: null, processes: [] } as const;
    const snap = snapshot([]);
    snap.gpus = [{ ...gpu, processes: [] }];
    const render = (width: number) => screenPanel('gpu')!.render({ snapshot: snap, width, theme } as never);
    const a = render(60);
    expect(render(60)).toBe(a);
    expect(render(40)).not.toBe(a);
    snap.gpus = [{ ...gpu, utilization: 90, processes: [] }];
    expect(render(40)[1]).toMatch(/busy 90%/);
  });
});

describe('dashboard: the pressure panel', () => {
  it('says the portable backend has no PSI rather than blaming the kernel', () => {
    const snap = snapshot([]);
    delete snap.pressure;
    const text = (s: typeof snap) => screenPanel('pressure')!.render({ snapshot: s, width: 80, theme } as never).join('\n');
    expect(text(snap)).toContain('no pressure stall information (kernel without PSI)');
    expect(text({ ...snap, portable: true })).toContain('no pressure stall information on the portable backend');
    expect(text({ ...snap, portable: true })).not.toContain('kernel');
  });
});
