import { createRequire } from 'node:module';
import type { MemoryModule, PhysicalDisk } from '../core/system-info.js';

/**
 * Memory modules and physical disks through systeminformation's static calls. They spawn dmidecode and lsblk,
 * so only `sysmon info` and the dashboard's System view ask, once, and never on a refresh tick; the module is
 * loaded only here, on that path.
 */
export async function readHardwareExtras(): Promise<{ memoryModules: MemoryModule[] | null; disks: PhysicalDisk[] | null }> {
  // require, not import(): the bundle runs as a vm.Script, which has no dynamic import.
  const si = createRequire(import.meta.url)('systeminformation') as typeof import('systeminformation');
  const [mem, disks] = await Promise.allSettled([si.memLayout(), si.diskLayout()]);
  const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  return {
    memoryModules:
      mem.status === 'fulfilled' && mem.value.some((m) => str(m.type) ?? str(m.bank) ?? str(m.partNum) ?? str(m.manufacturer))
        ? mem.value.map((m) => ({
            size: m.size,
            type: str(m.type),
            speed: typeof m.clockSpeed === 'number' && m.clockSpeed > 0 ? m.clockSpeed : null,
            bank: str(m.bank),
            manufacturer: str(m.manufacturer),
          }))
        : null,
    disks:
      disks.status === 'fulfilled' && disks.value.length > 0
        ? disks.value.map((d) => ({
            device: str(d.device),
            name: str(d.name),
            type: str(d.type),
            vendor: str(d.vendor),
            size: d.size,
            serial: str(d.serialNum),
          }))
        : null,
  };
}
