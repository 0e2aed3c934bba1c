import type { GpuSample } from '../core/gpu.js';
import type { SystemInfo } from '../core/system-info.js';
import { utilLinuxSize } from '../core/size-units.js';
import { escapeForTui } from '../format/escape.js';
import { cutToWidth } from '../format/display-width.js';
import type { MainFrame, MainView } from './main-views.js';
import type { Theme } from './theme.js';

/*
 * The dashboard's System view: the static facts of `sysmon info` (read once when the view first shows) and
 * every GPU with its figures now. Text from the machine (DMI strings, GPU names) goes through escapeForTui.
 */

function facts(info: SystemInfo): Array<[string, string]> {
  const { os, cpu, board, virtualization: v } = info;
  const caches = cpu.caches.map((c) => `L${c.level}${c.type === 'Data' ? 'd' : c.type === 'Instruction' ? 'i' : ''} ${utilLinuxSize(c.size)}${c.instances > 1 ? ` x${c.instances}` : ''}`);
  const join = (...xs: Array<string | null>) => xs.filter(Boolean).join(' ') || '-';
  return [
    ['OS', join(os.name)],
    ['Kernel', join(os.kernel, os.arch)],
    ['CPU', join(cpu.model, cpu.vendor ? `(${cpu.vendor})` : null)],
    ['Topology', `${cpu.sockets} socket(s), ${cpu.cores} core(s), ${cpu.threads} thread(s), ${cpu.online} online`],
    ['Frequency', cpu.currentMhz === null ? '-' : `${Math.round(cpu.currentMhz)} MHz` + (cpu.maxMhz ? ` (max ${Math.round(cpu.maxMhz)})` : '')],
    ['Caches', caches.join(', ') || '-'],
    ['Memory', `${utilLinuxSize(info.memTotal)}, swap ${utilLinuxSize(info.swapTotal)}`],
    ['System', join(board.systemVendor, board.product)],
    ['Firmware', join(board.biosVendor, board.biosVersion, board.biosDate)],
    ['Virtualization', `${v.hypervisor ?? 'none'}; container: ${v.container ?? 'none'}`],
  ];
}

/** One line per GPU: index, vendor, name, busy, memory, temperature, power, clock. */
export function gpuLines(gpus: readonly GpuSample[], width: number, theme: Theme): string[] {
  const dash = (v: number | null, f: (n: number) => string) => (v === null ? '-' : f(v));
  return gpus.map((g) => {
    const text = g.asleep
      ? `${g.vendor}${g.index} ${g.name}  asleep (not read)`
      : `${g.vendor}${g.index} ${g.name}  busy ${dash(g.utilization, (x) => `${Math.round(x)}%`)}  mem ${dash(g.memoryUsed, utilLinuxSize)}/${dash(g.memoryTotal, utilLinuxSize)}` +
        `  ${dash(g.temperature, (x) => `${Math.round(x)}C`)}  ${dash(g.power, (x) => `${x.toFixed(0)}W`)}  ${dash(g.clockGraphics, (x) => `${Math.round(x)}MHz`)}`;
    const line = theme.esc(cutToWidth(escapeForTui(text), width));
    return g.asleep ? theme.paint('dim', line) : line;
  });
}

/** The System view. */
export const systemView: MainView = {
  id: 'system',
  families: ['system'],
  render: ({ moment, width, height, scroll, theme }): MainFrame => {
    const info = moment.snapshot.system;
    if (info === undefined) return { header: theme.paint('dim', 'reading system facts...'), lines: [], scroll: 0, count: 0 };
    const all: string[] = facts(info).map(([k, v]) => `${theme.paint('label', `${k}:`.padEnd(16))}${theme.esc(cutToWidth(escapeForTui(v), Math.max(0, width - 16)))}`);
    const gpus = moment.snapshot.gpus ?? [];
    all.push('', theme.paint('label', gpus.length ? `GPUs (${gpus.length})` : 'GPUs: none found'));
    all.push(...gpuLines(gpus, width, theme));
    const body = Math.max(1, height - 1);
    const top = Math.max(0, Math.min(scroll, all.length - body));
    return { header: theme.paint('label', 'System'), lines: all.slice(top, top + body), scroll: top, count: all.length };
  },
};
