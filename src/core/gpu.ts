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
