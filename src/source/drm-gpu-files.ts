import type { DrmCardFiles } from '../core/gpu.js';
import { SysFs } from './sysfs.js';

/** Card directories of /sys/class/drm: `card0`, `card1` (not connectors such as `card0-DP-1`). */
function cardNumbers(sys: SysFs): number[] {
  return (sys.listDir('/sys/class/drm') ?? [])
    .map((n) => /^card(\d+)$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The first hwmon directory of a device, or null. */
function hwmonDir(sys: SysFs, device: string): string | null {
  const names = (sys.listDir(`${device}/hwmon`) ?? []).filter((n) => /^hwmon\d+$/.test(n)).sort();
  return names.length ? `${device}/hwmon/${names[0]}` : null;
}

/**
 * The sysfs files of every DRM card under the root. The runtime power state is read first, and a suspended
 * card's other files are not touched: reading busy % or hwmon of a sleeping GPU wakes it.
 */
export function readDrmCards(root: string): DrmCardFiles[] {
  const sys = new SysFs(root);
  return cardNumbers(sys).map((card) => {
    const dev = `/sys/class/drm/card${card}/device`;
    const runtimeStatus = sys.read(`${dev}/power/runtime_status`);
    const files: DrmCardFiles = {
      card,
      vendor: sys.read(`${dev}/vendor`),
      uevent: sys.read(`${dev}/uevent`),
      runtimeStatus,
      busyPercent: null, vramUsed: null, vramTotal: null, sclk: null, mclk: null, actFreqMhz: null,
      temp: null, power: null, powerCap: null, pwm: null, pwmMax: null, product: null,
    };
    if (runtimeStatus?.trim() === 'suspended') return files;
    files.busyPercent = sys.read(`${dev}/gpu_busy_percent`);
    files.vramUsed = sys.read(`${dev}/mem_info_vram_used`);
    files.vramTotal = sys.read(`${dev}/mem_info_vram_total`);
    files.sclk = sys.read(`${dev}/pp_dpm_sclk`);
    files.mclk = sys.read(`${dev}/pp_dpm_mclk`);
    files.actFreqMhz = sys.read(`/sys/class/drm/card${card}/gt_act_freq_mhz`) ?? sys.read(`/sys/class/drm/card${card}/gt_cur_freq_mhz`);
    files.product = sys.read(`${dev}/product_name`)?.trim() || null;
    const hw = hwmonDir(sys, dev);
    if (hw) {
      files.temp = sys.read(`${hw}/temp1_input`);
      files.power = sys.read(`${hw}/power1_average`) ?? sys.read(`${hw}/power1_input`);
      files.powerCap = sys.read(`${hw}/power1_cap`);
      files.pwm = sys.read(`${hw}/pwm1`);
      files.pwmMax = sys.read(`${hw}/pwm1_max`);
    }
    return files;
  });
}

/**
 * True when the machine has an NVIDIA display or 3D controller (PCI class 0x03xxxx, vendor 0x10de) that is
 * not runtime-suspended: only then is nvidia-smi worth starting, since it wakes a sleeping GPU.
 */
export function nvidiaAwake(root: string): { present: boolean; awake: boolean } {
  const sys = new SysFs(root);
  let present = false;
  let awake = false;
  for (const dev of sys.listDir('/sys/bus/pci/devices') ?? []) {
    const base = `/sys/bus/pci/devices/${dev}`;
    if (sys.read(`${base}/vendor`)?.trim() !== '0x10de') continue;
    if (!/^0x03/.test(sys.read(`${base}/class`)?.trim() ?? '')) continue;
    present = true;
    if (sys.read(`${base}/power/runtime_status`)?.trim() !== 'suspended') awake = true;
  }
  return { present, awake };
}
