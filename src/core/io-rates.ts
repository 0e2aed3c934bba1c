import type { DiskStats, NetDevStats } from './io.js';

/** Read and write rate of one block device, bytes per second. */
export interface DiskRate {
  device: string;
  read: number;
  write: number;
}

/** Receive and transmit rate of one interface, bytes per second. */
export interface NetRate {
  device: string;
  rx: number;
  tx: number;
}

/** Rates between two samples, per device and in total. */
export interface IoRates {
  disks: DiskRate[];
  network: NetRate[];
  /** Whole disks only (partitions and device-mapper volumes would count the same bytes twice). */
  diskRead: number;
  diskWrite: number;
  /** Every interface but loopback. */
  netRx: number;
  netTx: number;
}

/** A partition, or a device stacked on disks (dm, md), or a pseudo device: not counted in the disk total. */
export function isWholeDisk(device: string): boolean {
  if (/^(loop|ram|zram|sr|fd)\d*/.test(device)) return false;
  if (/^(dm|md)-?\d+$/.test(device)) return false;
  if (/^(nvme\d+n\d+|mmcblk\d+|nbd\d+)p\d+$/.test(device)) return false;
  if (/^(sd|vd|xvd|hd)[a-z]+\d+$/.test(device)) return false;
  return true;
}

/** Counter growth per second; 0 when a counter went backwards (a device that was replaced). */
function rate(now: number, before: number | undefined, seconds: number): number {
  if (before === undefined || seconds <= 0 || now < before) return 0;
  return (now - before) / seconds;
}

/** Rates from the counters of two snapshots `seconds` apart. */
export function ioRates(
  prev: { disks?: readonly DiskStats[]; network?: readonly NetDevStats[] },
  cur: { disks?: readonly DiskStats[]; network?: readonly NetDevStats[] },
  seconds: number,
): IoRates {
  const out: IoRates = { disks: [], network: [], diskRead: 0, diskWrite: 0, netRx: 0, netTx: 0 };
  const pd = new Map((prev.disks ?? []).map((d) => [d.device, d]));
  for (const d of cur.disks ?? []) {
    const p = pd.get(d.device);
    const r = { device: d.device, read: rate(d.sectorsRead * 512, p && p.sectorsRead * 512, seconds), write: rate(d.sectorsWritten * 512, p && p.sectorsWritten * 512, seconds) };
    out.disks.push(r);
    if (isWholeDisk(d.device)) {
      out.diskRead += r.read;
      out.diskWrite += r.write;
    }
  }
  const pn = new Map((prev.network ?? []).map((n) => [n.device, n]));
  for (const n of cur.network ?? []) {
    const p = pn.get(n.device);
    const r = { device: n.device, rx: rate(n.rxBytes, p?.rxBytes, seconds), tx: rate(n.txBytes, p?.txBytes, seconds) };
    out.network.push(r);
    if (n.device !== 'lo') {
      out.netRx += r.rx;
      out.netTx += r.tx;
    }
  }
  return out;
}

/**
 * The rates a live snapshot shows against the one taken just before it (the collector's interval apart);
 * null for a first snapshot or one without disk and network counters.
 */
export function liveIoRates(
  prev: { disks?: readonly DiskStats[]; network?: readonly NetDevStats[] } | null | undefined,
  cur: { disks?: readonly DiskStats[]; network?: readonly NetDevStats[]; interval: number | null },
): IoRates | null {
  return prev && cur.interval !== null && (cur.disks || cur.network) ? ioRates(prev, cur, cur.interval) : null;
}
