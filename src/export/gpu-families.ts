import type { GpuSample } from '../core/gpu.js';
import { rowFamily, type ExportSample, type MetricFamily } from './metric-family.js';

/*
 * GPU families under the NVIDIA DCGM exporter's names, units and labels (gpu, UUID, device, modelName), so
 * Grafana dashboards built for dcgm-exporter work. AMD and Intel GPUs use the same names: `device` says
 * `card0`/`nvidia0`, and UUID is empty where the driver has none. DCGM reports memory in MiB, power in W,
 * clocks in MHz and temperature in degrees C; so do these. A sleeping GPU exports nothing but is listed by
 * sysmon_gpu_asleep (reading it would wake it).
 */

const labels = ['gpu', 'UUID', 'device', 'modelName'] as const;
const MIB = 1024 * 1024;

function labelValues(g: GpuSample): string[] {
  return [String(g.index), g.uuid ?? '', g.vendor === 'nvidia' ? `nvidia${g.index}` : `card${g.index}`, g.name];
}

const rows = (s: ExportSample): readonly GpuSample[] => s.snapshot.gpus ?? [];
const awake = (s: ExportSample): readonly GpuSample[] => rows(s).filter((g) => !g.asleep);

function gauge(name: string, help: string, source: string, value: (g: GpuSample) => number | null): MetricFamily {
  return rowFamily({ name, help, type: 'gauge', unit: '', labels, source, rows: awake, labelValues, value });
}

/** Present only in samples that carry GPUs. */
export const GPU_FAMILIES: readonly MetricFamily[] = [
  gauge('DCGM_FI_DEV_GPU_UTIL', 'GPU utilization (in %).', 'nvidia-smi utilization.gpu; amdgpu gpu_busy_percent', (g) => g.utilization),
  gauge('DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).', 'nvidia-smi memory.used; amdgpu mem_info_vram_used',
    (g) => (g.memoryUsed === null ? null : Math.round(g.memoryUsed / MIB))),
  gauge('DCGM_FI_DEV_FB_FREE', 'Framebuffer memory free (in MiB).', 'memory.total - memory.used',
    (g) => (g.memoryUsed === null || g.memoryTotal === null ? null : Math.round((g.memoryTotal - g.memoryUsed) / MIB))),
  gauge('DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).', 'nvidia-smi temperature.gpu; hwmon temp1_input', (g) => g.temperature),
  gauge('DCGM_FI_DEV_POWER_USAGE', 'Power draw (in W).', 'nvidia-smi power.draw; hwmon power1_average', (g) => g.power),
  gauge('DCGM_FI_DEV_SM_CLOCK', 'SM clock frequency (in MHz).', 'nvidia-smi clocks.gr; pp_dpm_sclk; gt_act_freq_mhz', (g) => g.clockGraphics),
  gauge('DCGM_FI_DEV_MEM_CLOCK', 'Memory clock frequency (in MHz).', 'nvidia-smi clocks.mem; pp_dpm_mclk', (g) => g.clockMemory),
  gauge('DCGM_FI_DEV_FAN_SPEED', 'Fan speed (in %).', 'nvidia-smi fan.speed; hwmon pwm1', (g) => g.fan),
  rowFamily({
    name: 'sysmon_gpu_asleep', help: '1 when the GPU is runtime-suspended and was not read (reading would wake it).',
    type: 'gauge', unit: '', labels, source: 'device/power/runtime_status', rows, labelValues, value: (g) => (g.asleep ? 1 : 0),
  }),
];
