import { describe, expect, it } from 'vitest';
import { currentDpmMhz, drmCardSample, type DrmCardFiles } from '../../src/parsers/drm-gpu.js';
import { parseNvidiaAppsCsv, parseNvidiaGpuCsv } from '../../src/parsers/nvidia-smi.js';

describe('nvidia-smi CSV', () => {
  it('reads every queried column, MiB as bytes, [N/A] and [Not Supported] as null', () => {
    const text =
      '0, GPU-aaaa, 00000000:41:00.0, NVIDIA A100-SXM4-40GB, 37, 1234, 40960, 45, 120.52, 400.00, 1410, 1215, [N/A]\n' +
      '1, GPU-bbbb, 00000000:42:00.0, Tesla T4, [Not Supported], 0, 15360, 31, [N/A], 70.00, 300, 5000, 0\n' +
      'garbage line\n\n';
    const gpus = parseNvidiaGpuCsv(text);
    expect(gpus).toHaveLength(2);
    expect(gpus[0]).toMatchObject({
      index: 0, vendor: 'nvidia', uuid: 'GPU-aaaa', busId: '0000:41:00.0', name: 'NVIDIA A100-SXM4-40GB', utilization: 37,
      memoryUsed: 1234 * 1048576, memoryTotal: 40960 * 1048576, temperature: 45, power: 120.52, powerLimit: 400,
      clockGraphics: 1410, clockMemory: 1215, fan: null, asleep: false,
    });
    expect(gpus[1]).toMatchObject({ index: 1, utilization: null, power: null, fan: 0 });
  });

  it('groups compute apps by GPU UUID', () => {
    const apps = parseNvidiaAppsCsv('4242, 1200, GPU-aaaa\n77, [N/A], GPU-aaaa\n9, 10, GPU-bbbb\nbad\n');
    expect(apps.get('GPU-aaaa')).toEqual([{ pid: 4242, memoryUsed: 1200 * 1048576 }, { pid: 77, memoryUsed: 0 }]);
    expect(apps.get('GPU-bbbb')).toEqual([{ pid: 9, memoryUsed: 10 * 1048576 }]);
  });
});

describe('DRM sysfs', () => {
  const empty: DrmCardFiles = {
    card: 0, vendor: null, uevent: null, runtimeStatus: null, busyPercent: null, vramUsed: null, vramTotal: null,
    sclk: null, mclk: null, actFreqMhz: null, temp: null, power: null, powerCap: null, pwm: null, pwmMax: null, product: null,
  };

  it('finds the current DPM level', () => {
    expect(currentDpmMhz('0: 500Mhz\n1: 2044Mhz *\n2: 2491Mhz\n')).toBe(2044);
    expect(currentDpmMhz('0: 500Mhz\n')).toBeNull();
    expect(currentDpmMhz(null)).toBeNull();
  });

  it('converts hwmon units: millidegrees, microwatts, pwm of its maximum', () => {
    const g = drmCardSample({
      ...empty, vendor: '0x1002', uevent: 'DRIVER=amdgpu\nPCI_SLOT_NAME=0000:03:00.0', runtimeStatus: 'active',
      busyPercent: '12', vramUsed: '1024', vramTotal: '2048', temp: '54500', power: '23500000', powerCap: '100000000',
      pwm: '128', pwmMax: '255', sclk: '0: 500Mhz *', product: 'Radeon',
    });
    expect(g).toMatchObject({
      vendor: 'amd', name: 'Radeon', busId: '0000:03:00.0', utilization: 12, memoryUsed: 1024, memoryTotal: 2048,
      temperature: 54.5, power: 23.5, powerLimit: 100, fan: 50, clockGraphics: 500,
    });
  });

  it('a suspended card is asleep with no figures, even if files were handed over', () => {
    const g = drmCardSample({ ...empty, card: 2, vendor: '0x1002', runtimeStatus: 'suspended\n', busyPercent: '99' });
    expect(g).toMatchObject({ index: 2, asleep: true, utilization: null, name: 'card2' });
  });
});
