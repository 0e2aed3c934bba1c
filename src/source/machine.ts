import type { ProcFs } from './proc-fs.js';

/**
 * Clock ticks per second of the counters in /proc/stat and /proc/PID/stat (sysconf(_SC_CLK_TCK)).
 *
 * The kernel converts its internal jiffies to USER_HZ before showing them to user space, and USER_HZ is 100 on
 * every architecture Node runs on (x86, arm, arm64, ppc64, s390x, riscv64, loong64, mips); only alpha and the
 * retired ia64 used 1024. A constant therefore beats spawning `getconf CLK_TCK` (~1 ms and a fork per start).
 */
export const USER_HZ = 100;

/** Architectures whose base page is always 4 KiB (x86 has no other base page size). */
const FIXED_4K = new Set(['x64', 'ia32']);

/**
 * Page size in bytes (sysconf(_SC_PAGESIZE)), without spawning `getconf`.
 *
 * On x86 it is always 4096. Elsewhere (arm64 and ppc64 kernels may use 16 or 64 KiB pages) it is derived from
 * this process: /proc/self/statm gives the virtual size in pages, /proc/self/status gives VmSize in kB, and
 * their ratio is the page size. Both describe the same address space read a moment apart, so the ratio is
 * rounded to the nearest power of two between 4 KiB and 64 KiB. Falls back to 4096 when either file is
 * missing (a fixture root without /proc/self).
 */
export function pageSize(fs: ProcFs, arch: string = process.arch): number {
  if (FIXED_4K.has(arch)) return 4096;
  const statm = fs.readText('/proc/self/statm');
  const status = fs.readText('/proc/self/status');
  if (statm === null || status === null) return 4096;
  const pages = Number(statm.trim().split(/\s+/)[0]);
  const m = /^VmSize:\s+(\d+)\s+kB/m.exec(status);
  if (!m || !(pages > 0)) return 4096;
  return nearestPageSize((Number(m[1]) * 1024) / pages);
}

/** Round a measured bytes-per-page ratio to the page size it must be (4, 8, 16, 32 or 64 KiB). */
export function nearestPageSize(ratio: number): number {
  let best = 4096;
  for (let p = 4096; p <= 65536; p *= 2) {
    if (Math.abs(Math.log2(ratio / p)) < Math.abs(Math.log2(ratio / best))) best = p;
  }
  return best;
}
