import os from 'node:os';
import type { BoardInfo, CpuCache, CpuInfo, OsInfo, SystemInfo, Virtualization } from '../core/system-info.js';
import { parseMeminfo } from '../parsers/meminfo.js';
import { parseCacheSize, parseCpuinfo, parseCpuList } from '../parsers/cpuinfo.js';
import { parseOsRelease } from '../parsers/os-release.js';
import { parseProcStat } from '../parsers/proc-stat.js';
import type { ProcFs } from '../source/proc-fs.js';
import { SysFs } from '../source/sysfs.js';

/** uname -m spellings of Node's process.arch. */
const UNAME_ARCH: Record<string, string> = {
  x64: 'x86_64', ia32: 'i686', arm64: 'aarch64', arm: 'armv7l', ppc64: 'ppc64le', s390x: 's390x',
  riscv64: 'riscv64', loong64: 'loongarch64', mips: 'mips', mipsel: 'mips',
};

/** DMI vendor or product text -> hypervisor name, as systemd-detect-virt names them. */
const DMI_HYPERVISORS: Array<[RegExp, string]> = [
  [/^KVM|^Google Compute Engine|^OpenStack/i, 'kvm'],
  [/^QEMU/i, 'qemu'],
  [/^VMware/i, 'vmware'],
  [/^innotek GmbH|^VirtualBox|^Oracle Corporation/i, 'oracle'],
  [/^Xen/i, 'xen'],
  [/^Microsoft Corporation/i, 'microsoft'],
  [/^Amazon EC2/i, 'amazon'],
  [/^Parallels/i, 'parallels'],
  [/^Bochs/i, 'bochs'],
];

function cpuFacts(fs: ProcFs, sys: SysFs): CpuInfo {
  const summary = parseCpuinfo(fs.readText('/proc/cpuinfo') ?? '');
  const present = parseCpuList(sys.read('/sys/devices/system/cpu/present') ?? '');
  const online = parseCpuList(sys.read('/sys/devices/system/cpu/online') ?? '');
  const threads = Math.max(summary.threads, present.length);
  // Per-CPU topology in sysfs is authoritative where cpuinfo has no physical/core ids (arm).
  const packages = new Set<string>();
  const cores = new Set<string>();
  const cpus = online.length ? online : present;
  for (const n of cpus) {
    const pkg = sys.read(`/sys/devices/system/cpu/cpu${n}/topology/physical_package_id`);
    const core = sys.read(`/sys/devices/system/cpu/cpu${n}/topology/core_id`);
    if (pkg === null || core === null) continue;
    packages.add(pkg);
    cores.add(`${pkg}:${core}`);
  }
  const khz = (file: string): number[] =>
    cpus
      .map((n) => Number(sys.read(`/sys/devices/system/cpu/cpu${n}/cpufreq/${file}`)))
      .filter((v) => Number.isFinite(v) && v > 0);
  const mins = khz('cpuinfo_min_freq');
  const maxs = khz('cpuinfo_max_freq');
  const curs = khz('scaling_cur_freq');
  return {
    vendor: summary.vendor,
    model: summary.model,
    sockets: packages.size || summary.sockets,
    cores: cores.size || summary.cores,
    threads,
    online: online.length || threads,
    minMhz: mins.length ? Math.min(...mins) / 1000 : null,
    maxMhz: maxs.length ? Math.max(...maxs) / 1000 : null,
    currentMhz: curs.length ? curs.reduce((a, b) => a + b, 0) / curs.length / 1000 : summary.mhz,
    caches: cacheFacts(sys, cpus),
    flagCount: summary.flags.length,
  };
}

/** Caches of every online CPU, merged by (level, type); instances are distinct shared_cpu_list sets. */
function cacheFacts(sys: SysFs, cpus: number[]): CpuCache[] {
  const byKey = new Map<string, { level: number; type: string; size: number; sharing: Set<string> }>();
  for (const n of cpus) {
    const base = `/sys/devices/system/cpu/cpu${n}/cache`;
    for (const idx of sys.listDir(base) ?? []) {
      if (!/^index\d+$/.test(idx)) continue;
      const level = Number(sys.read(`${base}/${idx}/level`));
      const type = sys.read(`${base}/${idx}/type`) ?? 'Unified';
      const size = parseCacheSize(sys.read(`${base}/${idx}/size`) ?? '');
      if (!Number.isInteger(level) || size === null) continue;
      const key = `${level}:${type}`;
      const entry = byKey.get(key) ?? { level, type, size, sharing: new Set<string>() };
      entry.sharing.add(sys.read(`${base}/${idx}/shared_cpu_list`) ?? String(n));
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()]
    .sort((a, b) => a.level - b.level || a.type.localeCompare(b.type))
    .map((c) => ({ level: c.level, type: c.type, size: c.size, instances: c.sharing.size }));
}

function osFacts(fs: ProcFs): OsInfo {
  const rel = parseOsRelease(fs.readText('/etc/os-release') ?? fs.readText('/usr/lib/os-release') ?? '');
  const fallback = [rel.NAME, rel.VERSION].filter(Boolean).join(' ');
  return {
    name: rel.PRETTY_NAME ?? (fallback || null),
    id: rel.ID ?? null,
    version: rel.VERSION_ID ?? null,
    kernel: fs.readText('/proc/sys/kernel/osrelease')?.trim() || null,
    hostname: fs.readText('/proc/sys/kernel/hostname')?.trim() || null,
    arch: UNAME_ARCH[process.arch] ?? process.arch,
  };
}

function boardFacts(sys: SysFs): BoardInfo {
  const dmi = (name: string): string | null => {
    const v = sys.read(`/sys/class/dmi/id/${name}`)?.trim();
    return v ? v : null;
  };
  return {
    systemVendor: dmi('sys_vendor'),
    product: dmi('product_name'),
    boardVendor: dmi('board_vendor'),
    board: dmi('board_name'),
    biosVendor: dmi('bios_vendor'),
    biosVersion: dmi('bios_version'),
    biosDate: dmi('bios_date'),
  };
}

/**
 * Hypervisor from DMI, Xen's /sys/hypervisor, the device tree or cpuinfo's `hypervisor` flag (then "unknown":
 * the vendor signature is a CPUID leaf that only native code can read, so the paravirtual clock sources are asked); container runtime from the marker files
 * runtimes leave (/.dockerenv, /run/.containerenv), PID 1's `container=` variable and its cgroup path.
 */
function virtFacts(fs: ProcFs, sys: SysFs, board: BoardInfo, flags: string[], env: NodeJS.ProcessEnv): Virtualization {
  let hypervisor: string | null = null;
  for (const text of [board.systemVendor, board.product, board.boardVendor]) {
    const hit = text ? DMI_HYPERVISORS.find(([re]) => re.test(text)) : undefined;
    if (hit) {
      hypervisor = hit[1];
      break;
    }
  }
  hypervisor ??= sys.read('/sys/hypervisor/type')?.trim() || null;
  const dt = sys.read('/proc/device-tree/hypervisor/compatible');
  if (!hypervisor && dt) hypervisor = dt.replace(/\0.*$/s, '').replace(/^.*,/, '') || null;
  // A paravirtual clock names its hypervisor (kvm-clock, xen, hyperv_clocksource_tsc_page, vmware's vmw-).
  const clocks = sys.read('/sys/devices/system/clocksource/clocksource0/available_clocksource') ?? '';
  if (!hypervisor && flags.includes('hypervisor')) {
    hypervisor = /\bkvm-clock\b/.test(clocks) ? 'kvm' : /\bxen\b/.test(clocks) ? 'xen' : /hyperv/.test(clocks) ? 'microsoft' : /\bvmw/.test(clocks) ? 'vmware' : 'unknown';
  }

  const kernel = fs.readText('/proc/sys/kernel/osrelease') ?? '';
  let container: string | null = null;
  const pid1Env = fs.readText('/proc/1/environ');
  const declared = pid1Env ? /(?:^|\0)container=([^\0]+)/.exec(pid1Env)?.[1] : undefined;
  const cgroup = fs.readText('/proc/1/cgroup') ?? '';
  if (env.KUBERNETES_SERVICE_HOST) container = 'kubernetes';
  else if (declared) container = declared === 'oci' ? 'podman' : declared;
  else if (sys.exists('/run/.containerenv')) container = 'podman';
  else if (sys.exists('/.dockerenv')) container = 'docker';
  else if (/\/kubepods/.test(cgroup)) container = 'kubernetes';
  else if (/\/docker[/-]/.test(cgroup)) container = 'docker';
  else if (/\/lxc[./]/.test(cgroup)) container = 'lxc';
  else if (/microsoft/i.test(kernel)) container = 'wsl';
  return { hypervisor, container };
}

/**
 * The static facts of `sysmon info`, from /proc, /sys and /etc under the root. Memory modules and physical
 * disks are left null here: they need systeminformation (which spawns dmidecode and lsblk), see
 * {@link readHardwareExtras}.
 */
export function readSystemInfo(fs: ProcFs, env: NodeJS.ProcessEnv = process.env): SystemInfo {
  const sys = new SysFs(fs.root);
  const cpu = cpuFacts(fs, sys);
  const flags = parseCpuinfo(fs.readText('/proc/cpuinfo') ?? '').flags;
  const board = boardFacts(sys);
  const mem = parseMeminfo(fs.readText('/proc/meminfo') ?? '');
  const statText = fs.readText('/proc/stat');
  const btime = statText ? parseProcStat(statText).btime : 0;
  return {
    os: osFacts(fs),
    cpu,
    memTotal: mem.MemTotal ?? os.totalmem(),
    swapTotal: mem.SwapTotal ?? 0,
    board,
    virtualization: virtFacts(fs, sys, board, flags, env),
    bootTime: btime > 0 ? btime : null,
    memoryModules: null,
    disks: null,
  };
}
