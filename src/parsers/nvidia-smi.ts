import type { GpuProcess, GpuSample } from '../core/gpu.js';

/**
 * The columns sysmon asks nvidia-smi for, in order (`--query-gpu=... --format=csv,noheader,nounits`).
 * Memory is in MiB, power in W, clocks in MHz, temperature in degrees C, utilization and fan in percent.
 */
export const NVIDIA_GPU_QUERY = [
  'index', 'uuid', 'pci.bus_id', 'name', 'utilization.gpu', 'memory.used', 'memory.total', 'temperature.gpu',
  'power.draw', 'power.limit', 'clocks.gr', 'clocks.mem', 'fan.speed',
] as const;

/** `--query-compute-apps=` columns: pid, used_memory (MiB), gpu_uuid. */
export const NVIDIA_APPS_QUERY = ['pid', 'used_memory', 'gpu_uuid'] as const;

const MIB = 1024 * 1024;

/** A number, or null for nvidia-smi's `[N/A]`, `[Not Supported]`, `N/A` and anything else that is not one. */
function num(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (t === '' || t.startsWith('[') || /^n\/a$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** Split one CSV line of nvidia-smi (no quoting is used; names hold no commas). */
function cells(line: string): string[] {
  return line.split(',').map((c) => c.trim());
}

/** Parse `--query-gpu` lines (noheader, nounits) into samples; lines with too few cells are skipped. */
export function parseNvidiaGpuCsv(text: string): GpuSample[] {
  const out: GpuSample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const c = cells(line);
    if (c.length < NVIDIA_GPU_QUERY.length) continue;
    const index = num(c[0]);
    if (index === null) continue;
    const mem = (v: string | undefined) => {
      const n = num(v);
      return n === null ? null : n * MIB;
    };
    out.push({
      index,
      vendor: 'nvidia',
      uuid: c[1] || null,
      busId: c[2] ? c[2].toLowerCase().replace(/^0000(?=[0-9a-f]{4}:)/, '') : null,
      name: c[3] ?? 'NVIDIA GPU',
      asleep: false,
      utilization: num(c[4]),
      memoryUsed: mem(c[5]),
      memoryTotal: mem(c[6]),
      temperature: num(c[7]),
      power: num(c[8]),
      powerLimit: num(c[9]),
      clockGraphics: num(c[10]),
      clockMemory: num(c[11]),
      fan: num(c[12]),
      processes: [],
    });
  }
  return out;
}

/** Parse `--query-compute-apps` lines into processes per GPU UUID. */
export function parseNvidiaAppsCsv(text: string): Map<string, GpuProcess[]> {
  const byGpu = new Map<string, GpuProcess[]>();
  for (const line of text.split('\n')) {
    const c = cells(line);
    if (c.length < NVIDIA_APPS_QUERY.length) continue;
    const pid = num(c[0]);
    const used = num(c[1]);
    if (pid === null || !c[2]) continue;
    const list = byGpu.get(c[2]) ?? [];
    list.push({ pid, memoryUsed: (used ?? 0) * MIB });
    byGpu.set(c[2], list);
  }
  return byGpu;
}
