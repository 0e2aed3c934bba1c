/** One cache of a CPU, as /sys/devices/system/cpu/cpuN/cache/indexM describes it. */
export interface CpuCache {
  /** 1, 2, 3 ... */
  level: number;
  /** Data, Instruction or Unified. */
  type: string;
  /** Size of one instance, bytes. */
  size: number;
  /** How many instances of this cache the machine has (distinct shared_cpu_list sets). */
  instances: number;
}

/** Static facts about the processors. */
export interface CpuInfo {
  vendor: string | null;
  model: string | null;
  /** Distinct physical packages. */
  sockets: number;
  /** Distinct (package, core) pairs. */
  cores: number;
  /** Logical CPUs the kernel lists (online and offline). */
  threads: number;
  /** CPUs online now (/sys/devices/system/cpu/online), or threads when unknown. */
  online: number;
  /** Lowest and highest frequency the driver allows, and the mean current one, MHz; null when unknown. */
  minMhz: number | null;
  maxMhz: number | null;
  currentMhz: number | null;
  caches: CpuCache[];
  /** Number of feature flags (the list itself is in /proc/cpuinfo). */
  flagCount: number;
}

/** The operating system and kernel. */
export interface OsInfo {
  /** PRETTY_NAME of os-release, else NAME VERSION. */
  name: string | null;
  id: string | null;
  version: string | null;
  kernel: string | null;
  hostname: string | null;
  /** Node's process.arch spelled as uname -m spells it (x86_64, aarch64 ...). */
  arch: string;
}

/** Board, system and firmware from DMI (/sys/class/dmi/id); every field null where the machine has no DMI. */
export interface BoardInfo {
  systemVendor: string | null;
  product: string | null;
  boardVendor: string | null;
  board: string | null;
  biosVendor: string | null;
  biosVersion: string | null;
  biosDate: string | null;
}

/** What sysmon runs on top of: a hypervisor and/or a container runtime, as far as the files tell. */
export interface Virtualization {
  /** kvm, xen, vmware, microsoft, qemu, ... or null when no hypervisor is seen. */
  hypervisor: string | null;
  /** docker, podman, lxc, kubernetes, systemd-nspawn, wsl ... or null. */
  container: string | null;
}

/** One memory module (from systeminformation's memLayout, which needs DMI access). */
export interface MemoryModule {
  /** Bytes. */
  size: number;
  type: string | null;
  /** MT/s; null when unknown. */
  speed: number | null;
  bank: string | null;
  manufacturer: string | null;
}

/** One physical disk (from systeminformation's diskLayout). */
export interface PhysicalDisk {
  device: string | null;
  name: string | null;
  type: string | null;
  vendor: string | null;
  /** Bytes. */
  size: number;
  serial: string | null;
}

/** Everything `sysmon info` prints; read once, never in a refresh loop. */
export interface SystemInfo {
  os: OsInfo;
  cpu: CpuInfo;
  /** MemTotal, bytes. */
  memTotal: number;
  /** SwapTotal, bytes. */
  swapTotal: number;
  board: BoardInfo;
  virtualization: Virtualization;
  /** Boot time, seconds since the epoch. */
  bootTime: number | null;
  /** null when not asked for (they cost a child process) or not readable. */
  memoryModules: MemoryModule[] | null;
  disks: PhysicalDisk[] | null;
}
