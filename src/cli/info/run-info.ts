import type { CpuCache, SystemInfo } from '../../core/system-info.js';
import { utilLinuxSize } from '../../core/size-units.js';
import { readSystemInfo } from '../../collectors/system-info.js';
import { out, outJson } from '../../format/output.js';
import { escapeForTerminal } from '../../format/escape.js';
import { padToWidth } from '../../format/display-width.js';
import type { ProcFs } from '../../source/proc-fs.js';

/** Options of `sysmon info`. */
export interface InfoOptions {
  json: boolean;
  /** Also ask systeminformation for memory modules and physical disks (spawns dmidecode and lsblk). */
  hardware: boolean;
}

function cacheText(c: CpuCache): string {
  const kind = c.type === 'Data' ? 'd' : c.type === 'Instruction' ? 'i' : '';
  return `L${c.level}${kind} ${utilLinuxSize(c.size)}${c.instances > 1 ? ` x${c.instances}` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function mhz(v: number | null): string | null {
  return v === null ? null : `${Math.round(v)} MHz`;
}

/** The text report: one fact a line, `-` for what this machine does not tell. */
export function renderInfo(info: SystemInfo): string {
  const rows: Array<[string, string | null]> = [];
  const { os, cpu, board, virtualization: virt } = info;
  rows.push(['OS', [os.name, os.version && !os.name?.includes(os.version) ? os.version : null].filter(Boolean).join(' ') || null]);
  rows.push(['Kernel', os.kernel ? `${os.kernel} ${os.arch}` : os.arch]);
  rows.push(['Hostname', os.hostname]);
  rows.push(['CPU', [cpu.model, cpu.vendor ? `(${cpu.vendor})` : null].filter(Boolean).join(' ') || null]);
  rows.push([
    'Topology',
    `${plural(cpu.sockets, 'socket')}, ${plural(cpu.cores, 'core')}, ${plural(cpu.threads, 'thread')}` +
      (cpu.online !== cpu.threads ? ` (${cpu.online} online)` : ''),
  ]);
  const freq = [mhz(cpu.currentMhz), cpu.minMhz !== null && cpu.maxMhz !== null ? `range ${mhz(cpu.minMhz)} - ${mhz(cpu.maxMhz)}` : null];
  rows.push(['Frequency', freq.filter(Boolean).join(', ') || null]);
  rows.push(['Caches', cpu.caches.length ? cpu.caches.map(cacheText).join(', ') : null]);
  rows.push(['Memory', `${utilLinuxSize(info.memTotal)}, swap ${utilLinuxSize(info.swapTotal)}`]);
  rows.push(['System', [board.systemVendor, board.product].filter(Boolean).join(' ') || null]);
  rows.push(['Board', [board.boardVendor, board.board].filter(Boolean).join(' ') || null]);
  rows.push(['Firmware', [board.biosVendor, board.biosVersion, board.biosDate].filter(Boolean).join(' ') || null]);
  rows.push(['Virtualization', virt.hypervisor ?? 'none']);
  rows.push(['Container', virt.container ?? 'none']);
  rows.push(['Booted', info.bootTime === null ? null : new Date(info.bootTime * 1000).toISOString().replace('.000Z', 'Z')]);
  if (info.memoryModules) {
    info.memoryModules.forEach((m, i) => {
      rows.push([`Memory module ${i}`, [utilLinuxSize(m.size), m.type, m.speed ? `${m.speed} MT/s` : null, m.bank, m.manufacturer].filter(Boolean).join(', ')]);
    });
  }
  if (info.disks) {
    info.disks.forEach((d, i) => {
      rows.push([`Disk ${i}`, [d.device, d.name, d.vendor, d.type, utilLinuxSize(d.size)].filter(Boolean).join(', ')]);
    });
  }
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${padToWidth(`${k}:`, width, 'left')}${v === null || v === '' ? '-' : escapeForTerminal(v)}\n`).join('');
}

/** `sysmon info`: print the machine's static facts once. */
export async function runInfo(fs: ProcFs, o: InfoOptions): Promise<void> {
  const info = readSystemInfo(fs);
  if (o.hardware) {
    const { readHardwareExtras } = await import('../../source/hardware-extras.js');
    Object.assign(info, await readHardwareExtras());
  }
  if (o.json) outJson(info);
  else out(renderInfo(info));
}
