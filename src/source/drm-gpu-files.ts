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

/** The files of a card that move (read every time), by {@link DrmCardFiles} key: the paths that exist. */
type DynamicKey = 'busyPercent' | 'vramUsed' | 'sclk' | 'mclk' | 'actFreqMhz' | 'temp' | 'power' | 'powerCap' | 'pwm';

/** What is known of one card once probed awake: its fixed facts and which changing files it has. */
interface ProbedCard {
  vendor: string | null;
  uevent: string | null;
  product: string | null;
  vramTotal: string | null;
  pwmMax: string | null;
  /** null until the card was first seen awake (a suspended card's files are not touched). */
  dynamic: Array<[DynamicKey, string]> | null;
}

/** How often the card list is read again (a card bound or unbound), milliseconds. */
const RELIST_MS = 10_000;

/**
 * The sysfs files of every DRM card under the root, for a monitor that asks every tick. The runtime power state
 * is read first each time, and a suspended card's other files are not touched: reading busy % or hwmon of a
 * sleeping GPU wakes it. What a card is (vendor, product, VRAM size) and which of the optional files it has are
 * found once, so a tick reads only the files that exist and move: a missing file costs nothing after the probe.
 */
export class DrmCardReader {
  private readonly sys: SysFs;
  private cards: number[] = [];
  private listedAt = -Infinity;
  private readonly probed = new Map<number, ProbedCard>();

  constructor(root: string) {
    this.sys = new SysFs(root);
  }

  read(now = Date.now()): DrmCardFiles[] {
    if (now - this.listedAt >= RELIST_MS) {
      this.cards = cardNumbers(this.sys);
      this.listedAt = now;
      for (const c of [...this.probed.keys()]) if (!this.cards.includes(c)) this.probed.delete(c);
    }
    return this.cards.map((card) => this.readCard(card));
  }

  private readCard(card: number): DrmCardFiles {
    const sys = this.sys;
    const dev = `/sys/class/drm/card${card}/device`;
    const runtimeStatus = sys.read(`${dev}/power/runtime_status`);
    let p = this.probed.get(card);
    if (!p) {
      p = { vendor: sys.read(`${dev}/vendor`), uevent: sys.read(`${dev}/uevent`), product: null, vramTotal: null, pwmMax: null, dynamic: null };
      this.probed.set(card, p);
    }
    const files: DrmCardFiles = {
      card, vendor: p.vendor, uevent: p.uevent, runtimeStatus,
      busyPercent: null, vramUsed: null, vramTotal: null, sclk: null, mclk: null, actFreqMhz: null,
      temp: null, power: null, powerCap: null, pwm: null, pwmMax: null, product: null,
    };
    if (runtimeStatus?.trim() === 'suspended') return files;
    if (p.dynamic === null) {
      // First time awake: the fixed facts, and which of the changing files exist (read now, so this tick has them).
      p.product = sys.read(`${dev}/product_name`)?.trim() || null;
      p.vramTotal = sys.read(`${dev}/mem_info_vram_total`);
      const hw = hwmonDir(sys, dev);
      p.pwmMax = hw ? sys.read(`${hw}/pwm1_max`) : null;
      const candidates: Array<[DynamicKey, string[]]> = [
        ['busyPercent', [`${dev}/gpu_busy_percent`]],
        ['vramUsed', [`${dev}/mem_info_vram_used`]],
        ['sclk', [`${dev}/pp_dpm_sclk`]],
        ['mclk', [`${dev}/pp_dpm_mclk`]],
        ['actFreqMhz', [`/sys/class/drm/card${card}/gt_act_freq_mhz`, `/sys/class/drm/card${card}/gt_cur_freq_mhz`]],
        ...(hw ? ([
          ['temp', [`${hw}/temp1_input`]],
          ['power', [`${hw}/power1_average`, `${hw}/power1_input`]],
          ['powerCap', [`${hw}/power1_cap`]],
          ['pwm', [`${hw}/pwm1`]],
        ] as Array<[DynamicKey, string[]]>) : []),
      ];
      p.dynamic = [];
      for (const [key, paths] of candidates) {
        for (const path of paths) {
          const text = sys.read(path);
          if (text === null) continue;
          files[key] = text;
          p.dynamic.push([key, path]);
          break;
        }
      }
    } else {
      for (const [key, path] of p.dynamic) files[key] = sys.read(path);
    }
    files.product = p.product;
    files.vramTotal = p.vramTotal;
    files.pwmMax = p.pwmMax;
    return files;
  }
}

/** The sysfs files of every DRM card under the root, read once (see {@link DrmCardReader} for monitors). */
export function readDrmCards(root: string): DrmCardFiles[] {
  return new DrmCardReader(root).read();
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
