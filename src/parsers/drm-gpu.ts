import type { DrmCardFiles, GpuSample, GpuVendor } from '../core/gpu.js';

export type { DrmCardFiles };

/** PCI vendor ids of /sys/class/drm/cardN/device/vendor. */
export const PCI_VENDORS: Record<string, GpuVendor> = { '0x10de': 'nvidia', '0x1002': 'amd', '0x8086': 'intel' };

function int(text: string | null): number | null {
  if (text === null) return null;
  const v = Number(text.trim());
  return Number.isFinite(v) && text.trim() !== '' ? v : null;
}

/** The current level of a pp_dpm_* table (`1: 1800Mhz *`), MHz. */
export function currentDpmMhz(text: string | null): number | null {
  if (text === null) return null;
  const m = /^\s*\d+:\s*(\d+)\s*M[Hh]z\s*\*\s*$/m.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Turn one card's files into a sample. A runtime-suspended card is returned asleep with no figures: the
 * files were not read, since reading them would wake it.
 */
export function drmCardSample(f: DrmCardFiles): GpuSample {
  const vendor = (f.vendor && PCI_VENDORS[f.vendor.trim()]) || 'other';
  const slot = f.uevent ? /^PCI_SLOT_NAME=(.+)$/m.exec(f.uevent)?.[1] ?? null : null;
  const driver = f.uevent ? /^DRIVER=(.+)$/m.exec(f.uevent)?.[1] ?? null : null;
  const asleep = f.runtimeStatus?.trim() === 'suspended';
  const sample: GpuSample = {
    index: f.card,
    vendor,
    name: f.product ?? (driver ? `${driver} card${f.card}` : `card${f.card}`),
    busId: slot,
    uuid: null,
    asleep,
    utilization: null,
    memoryUsed: null,
    memoryTotal: null,
    temperature: null,
    power: null,
    powerLimit: null,
    clockGraphics: null,
    clockMemory: null,
    fan: null,
    processes: [],
  };
  if (asleep) return sample;
  const milli = int(f.temp);
  const micro = int(f.power);
  const cap = int(f.powerCap);
  const pwm = int(f.pwm);
  const pwmMax = int(f.pwmMax) ?? 255;
  sample.utilization = int(f.busyPercent);
  sample.memoryUsed = int(f.vramUsed);
  sample.memoryTotal = int(f.vramTotal);
  sample.temperature = milli === null ? null : milli / 1000;
  sample.power = micro === null ? null : micro / 1e6;
  sample.powerLimit = cap === null ? null : cap / 1e6;
  sample.clockGraphics = currentDpmMhz(f.sclk) ?? int(f.actFreqMhz);
  sample.clockMemory = currentDpmMhz(f.mclk);
  sample.fan = pwm === null || pwmMax <= 0 ? null : Math.round((pwm / pwmMax) * 100);
  return sample;
}
