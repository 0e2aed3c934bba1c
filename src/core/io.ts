/**
 * One line of /proc/diskstats (see the kernel's Documentation/admin-guide/iostats.rst). Counters are raw:
 * sectors are always 512 bytes there, whatever the device's real sector size; times are milliseconds.
 * Fields an older kernel does not print (discards since 4.18, flushes since 5.5) are null.
 */
export interface DiskStats {
  major: number;
  minor: number;
  /** Kernel device name (sda, nvme0n1p2, dm-0). */
  device: string;
  readsCompleted: number;
  readsMerged: number;
  /** 512-byte sectors read. */
  sectorsRead: number;
  /** Milliseconds spent by all reads. */
  readTimeMs: number;
  writesCompleted: number;
  writesMerged: number;
  /** 512-byte sectors written. */
  sectorsWritten: number;
  /** Milliseconds spent by all writes. */
  writeTimeMs: number;
  /** I/Os in flight now (a gauge, not a counter). */
  ioInProgress: number;
  /** Milliseconds the device had I/O in flight. */
  ioTimeMs: number;
  /** Weighted milliseconds doing I/O (time x queue depth). */
  weightedIoTimeMs: number;
  discardsCompleted: number | null;
  discardsMerged: number | null;
  /** 512-byte sectors discarded. */
  sectorsDiscarded: number | null;
  /** Milliseconds spent by all discards. */
  discardTimeMs: number | null;
  flushRequests: number | null;
  /** Milliseconds spent by all flushes. */
  flushTimeMs: number | null;
}

/** One interface of /proc/net/dev; every counter since the interface appeared (bytes or packets). */
export interface NetDevStats {
  /** Interface name (eth0, lo, wlp2s0). */
  device: string;
  rxBytes: number;
  rxPackets: number;
  rxErrs: number;
  rxDrop: number;
  rxFifo: number;
  rxFrame: number;
  rxCompressed: number;
  rxMulticast: number;
  txBytes: number;
  txPackets: number;
  txErrs: number;
  txDrop: number;
  txFifo: number;
  txColls: number;
  txCarrier: number;
  txCompressed: number;
}
