import type { DrmCardFiles } from '../core/gpu.js';
import fs from 'node:fs';
import { readRegularFile } from './regular-file.js';
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

/** How often the card list is read again (a card bound or unbound), and a missing file looked for, milliseconds. */
const RELIST_MS = 10_000;

/** Most descriptors a {@link DrmCardReader} keeps open (about ten a card); beyond it files are opened per read. */
const MAX_KEPT = 128;

/** What the kept files of one reader share: one read buffer and the count of open descriptors. */
interface KeptPool {
  buf: Buffer;
  open: number;
  /** False after an EMFILE/ENFILE: from then on every read opens and closes its file. */
  keep: boolean;
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed: nothing to give back
  }
}

/**
 * One sysfs file read every tick: held open and re-read at offset 0, one pread(2) instead of open, fstat, read
 * and close (sysfs builds an attribute's text anew on each read from offset 0). While its bytes do not change the
 * previous text is handed back, so a still card allocates nothing. A read that fails (the card was unbound: ENODEV)
 * closes the descriptor and counts as missing; the next read opens the file again.
 */
class KeptFile {
  private fd = -1;
  private bytes: Buffer | null = null;
  private text: string | null = null;
  /** A file that could not be opened is tried again only after this time (ms since the epoch). */
  private retryAt = 0;

  constructor(
    private readonly real: string,
    private readonly pool: KeptPool,
  ) {}

  read(now: number): string | null {
    const pool = this.pool;
    if (this.fd < 0) {
      // A missing file (no runtime PM on this device) is not looked for every tick: a failed open costs an exception.
      if (now < this.retryAt) return this.remember(null);
      if (pool.keep && pool.open < MAX_KEPT) this.openFile();
      if (this.fd < 0) {
        const bytes = readRegularFile(this.real);
        if (bytes === null) this.retryAt = now + RELIST_MS;
        return this.remember(bytes);
      }
    }
    let n: number;
    try {
      for (;;) {
        n = fs.readSync(this.fd, pool.buf, 0, pool.buf.length, 0);
        if (n < pool.buf.length) break;
        pool.buf = Buffer.allocUnsafe(pool.buf.length * 2);
      }
    } catch {
      this.close();
      return this.remember(null);
    }
    const prev = this.bytes;
    if (prev !== null && sameBytes(prev, pool.buf, n)) return this.text;
    return this.remember(Buffer.from(pool.buf.subarray(0, n)));
  }

  /** Open without blocking and keep it only when it is a regular file (not a FIFO planted in a hostile root). */
  private openFile(): void {
    let fd: number;
    try {
      fd = fs.openSync(this.real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EMFILE' || code === 'ENFILE') this.pool.keep = false;
      return;
    }
    let regular = false;
    try {
      regular = fs.fstatSync(fd).isFile();
    } catch {
      // unreadable: not kept
    }
    if (!regular) {
      closeQuietly(fd);
      return;
    }
    this.fd = fd;
    this.pool.open++;
  }

  /** The text the last {@link read} gave. */
  get value(): string | null {
    return this.text;
  }

  private remember(bytes: Buffer | null): string | null {
    this.bytes = bytes;
    this.text = bytes === null ? null : bytes.toString('utf8').replace(/\n$/, '');
    return this.text;
  }

  close(): void {
    if (this.fd < 0) return;
    closeQuietly(this.fd);
    this.fd = -1;
    this.pool.open--;
  }
}

/** True when `buf`'s first `n` bytes are `prev`: a loop, as sysfs values are a few bytes (Buffer.compare's checks cost more). */
function sameBytes(prev: Buffer, buf: Buffer, n: number): boolean {
  if (prev.length !== n) return false;
  if (n > 64) return buf.compare(prev, 0, n, 0, n) === 0;
  for (let i = 0; i < n; i++) if (prev[i] !== buf[i]) return false;
  return true;
}

/** What is known of one card once probed awake: its fixed facts and which changing files it has. */
interface ProbedCard {
  vendor: string | null;
  uevent: string | null;
  product: string | null;
  vramTotal: string | null;
  pwmMax: string | null;
  /** device/power/runtime_status, read first every time. */
  status: KeptFile;
  /** null until the card was first seen awake (a suspended card's files are not touched). */
  dynamic: Array<[DynamicKey, KeptFile]> | null;
  /** The files last handed out: given again, the same object, while none of them changed. */
  last: DrmCardFiles | null;
}

/**
 * The sysfs files of every DRM card under the root, for a monitor that asks every tick. The runtime power state
 * is read first each time, and a suspended card's other files are not touched: reading busy % or hwmon of a
 * sleeping GPU wakes it. What a card is (vendor, product, VRAM size) and which of the optional files it has are
 * found once, so a tick reads only the files that exist and move: a missing file costs nothing after the probe.
 * Those files stay open (see {@link KeptFile}); {@link close} gives them back.
 */
export class DrmCardReader {
  private readonly sys: SysFs;
  private cards: number[] = [];
  private listedAt = -Infinity;
  private readonly probed = new Map<number, ProbedCard>();
  private readonly pool: KeptPool = { buf: Buffer.allocUnsafe(4096), open: 0, keep: true };

  constructor(root: string) {
    this.sys = new SysFs(root);
  }

  /**
   * Every card's files now. `skip` leaves cards out by their PCI vendor id (`0x10de`) before anything of them
   * is read each tick: NVIDIA cards when nvidia-smi reports them.
   */
  read(now = Date.now(), skip?: (vendorId: string) => boolean): DrmCardFiles[] {
    if (now - this.listedAt >= RELIST_MS) {
      this.cards = cardNumbers(this.sys);
      this.listedAt = now;
      for (const [c, p] of [...this.probed]) {
        if (this.cards.includes(c)) continue;
        closeCard(p);
        this.probed.delete(c);
      }
    }
    const out: DrmCardFiles[] = [];
    for (const card of this.cards) {
      const p = this.probed.get(card);
      if (skip && p?.vendor && skip(p.vendor.trim())) continue;
      out.push(this.readCard(card, now));
    }
    return out;
  }

  /** Close every kept file (a later read opens them again). */
  close(): void {
    for (const p of this.probed.values()) closeCard(p);
  }

  private readCard(card: number, now: number): DrmCardFiles {
    const sys = this.sys;
    const dev = `/sys/class/drm/card${card}/device`;
    let p = this.probed.get(card);
    if (!p) {
      p = {
        vendor: sys.read(`${dev}/vendor`), uevent: sys.read(`${dev}/uevent`), product: null, vramTotal: null, pwmMax: null,
        status: new KeptFile(sys.path(`${dev}/power/runtime_status`), this.pool), dynamic: null, last: null,
      };
      this.probed.set(card, p);
    }
    const runtimeStatus = p.status.read(now);
    const asleep = runtimeStatus?.trim() === 'suspended';
    if (!asleep && p.dynamic === null) this.probe(p, card);
    const last = p.last;
    // Unchanged files give back the very same strings, so this compares references, not text.
    let same = last !== null && last.runtimeStatus === runtimeStatus;
    if (!asleep) for (const [key, file] of p.dynamic!) if (file.read(now) !== last?.[key]) same = false;
    // The same object when no file moved: the sample built from it can be handed out again as well.
    if (same) return last!;
    const files: DrmCardFiles = {
      card, vendor: p.vendor, uevent: p.uevent, runtimeStatus,
      busyPercent: null, vramUsed: null, vramTotal: null, sclk: null, mclk: null, actFreqMhz: null,
      temp: null, power: null, powerCap: null, pwm: null, pwmMax: null, product: null,
    };
    if (!asleep) {
      for (const [key, file] of p.dynamic!) files[key] = file.value;
      files.product = p.product;
      files.vramTotal = p.vramTotal;
      files.pwmMax = p.pwmMax;
    }
    p.last = files;
    return files;
  }

  /** First time awake: the fixed facts, and which of the changing files exist. */
  private probe(p: ProbedCard, card: number): void {
    const sys = this.sys;
    const dev = `/sys/class/drm/card${card}/device`;
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
        if (sys.read(path) === null) continue;
        p.dynamic.push([key, new KeptFile(sys.path(path), this.pool)]);
        break;
      }
    }
  }
}

function closeCard(p: ProbedCard): void {
  p.status.close();
  for (const [, f] of p.dynamic ?? []) f.close();
}

/** The sysfs files of every DRM card under the root, read once (see {@link DrmCardReader} for monitors). */
export function readDrmCards(root: string): DrmCardFiles[] {
  const reader = new DrmCardReader(root);
  try {
    return reader.read();
  } finally {
    reader.close();
  }
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
