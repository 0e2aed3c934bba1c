/** Which driver family a GPU is read through. */
export type GpuVendor = 'nvidia' | 'amd' | 'intel' | 'other';

/** One process's use of one GPU, where the driver reports it. */
export interface GpuProcess {
  pid: number;
  /** Device memory the process holds, bytes. */
  memoryUsed: number;
}

/**
 * One GPU at one moment. Every figure is null where the driver does not give it (Intel has no busy % in
 * sysfs; a passive card has no fan).
 */
export interface GpuSample {
  /** Stable index: nvidia-smi's index, or the DRM card number. */
  index: number;
  vendor: GpuVendor;
  name: string;
  /** PCI bus id (0000:01:00.0), or null. */
  busId: string | null;
  /** NVIDIA's GPU UUID, or null. */
  uuid: string | null;
  /** True when the device was runtime-suspended and therefore not polled (polling would wake it). */
  asleep: boolean;
  /** Busy percent over the driver's last period, 0-100. */
  utilization: number | null;
  /** Device memory used and total, bytes. */
  memoryUsed: number | null;
  memoryTotal: number | null;
  /** Degrees Celsius. */
  temperature: number | null;
  /** Watts now and the enforced limit. */
  power: number | null;
  powerLimit: number | null;
  /** Graphics (shader) and memory clocks, MHz. */
  clockGraphics: number | null;
  clockMemory: number | null;
  /** Fan speed, percent of its maximum. */
  fan: number | null;
  processes: GpuProcess[];
}

/** The raw sysfs texts of one DRM card; each is null when the file is missing or unreadable. */
export interface DrmCardFiles {
  card: number;
  vendor: string | null;
  /** device/uevent (PCI_SLOT_NAME, DRIVER). */
  uevent: string | null;
  /** device/power/runtime_status: active, suspended, suspending, resuming, unsupported. */
  runtimeStatus: string | null;
  /** amdgpu: device/gpu_busy_percent, mem_info_vram_used, mem_info_vram_total (bytes), pp_dpm_sclk, pp_dpm_mclk. */
  busyPercent: string | null;
  vramUsed: string | null;
  vramTotal: string | null;
  sclk: string | null;
  mclk: string | null;
  /** i915/xe: gt_act_freq_mhz (or gt_cur_freq_mhz) of the card. */
  actFreqMhz: string | null;
  /** hwmon: temp1_input (millidegrees C), power1_average or power1_input and power1_cap (microwatts), pwm1 (0-255) and pwm1_max. */
  temp: string | null;
  power: string | null;
  powerCap: string | null;
  pwm: string | null;
  pwmMax: string | null;
  /** Product name from the PCI database is not on sysfs: the driver name stands for it. */
  product: string | null;
}
