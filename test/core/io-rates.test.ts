import { describe, expect, it } from 'vitest';
import type { DiskStats, NetDevStats } from '../../src/core/io.js';
import { ioRates, isWholeDisk } from '../../src/core/io-rates.js';

const disk = (device: string, sectorsRead: number, sectorsWritten: number) => ({ device, sectorsRead, sectorsWritten }) as DiskStats;
const net = (device: string, rxBytes: number, txBytes: number) => ({ device, rxBytes, txBytes }) as NetDevStats;

describe('ioRates', () => {
  it('gives bytes per second per device; totals count whole disks and every interface but lo', () => {
    const r = ioRates(
      { disks: [disk('vda', 0, 0), disk('vda1', 0, 0), disk('dm-0', 0, 0)], network: [net('eth0', 0, 0), net('lo', 0, 0)] },
      { disks: [disk('vda', 4, 8), disk('vda1', 4, 8), disk('dm-0', 4, 8)], network: [net('eth0', 2000, 1000), net('lo', 500, 500)] },
      2,
    );
    expect(r.disks.find((d) => d.device === 'vda')).toEqual({ device: 'vda', read: 1024, write: 2048 });
    expect(r.diskRead).toBe(1024);
    expect(r.diskWrite).toBe(2048);
    expect(r.netRx).toBe(1000);
    expect(r.netTx).toBe(500);
  });
  it('reads a counter that went backwards (a device replaced) as 0', () => {
    expect(ioRates({ network: [net('eth0', 5000, 0)] }, { network: [net('eth0', 10, 0)] }, 1).netRx).toBe(0);
  });
  it('tells whole disks from partitions and stacked devices', () => {
    for (const d of ['sda', 'vda', 'nvme0n1', 'mmcblk0', 'xvdb']) expect(isWholeDisk(d)).toBe(true);
    for (const d of ['sda1', 'nvme0n1p2', 'mmcblk0p1', 'dm-0', 'md0', 'loop3', 'zram0']) expect(isWholeDisk(d)).toBe(false);
  });
});
