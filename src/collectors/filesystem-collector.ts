import type { FsUsage, Mount } from '../core/filesystem.js';
import { RuntimeError } from '../core/errors.js';
import { isDummyFsType, isRemoteFs } from '../core/fs-types.js';
import { parseMountinfo } from '../parsers/mountinfo.js';
import type { ProcFs } from '../source/proc-fs.js';
import { mayHang, statfsFromMemory } from '../source/may-hang.js';
import { DEFAULT_STATFS_TIMEOUT_MS, statfsSourceFor, type StatfsOutcome, type StatfsSource } from '../source/statfs.js';

/**
 * Filesystems: mountinfo + statfs -> FsUsage[], and df's choice of which filesystems to show.
 *
 * The small API other parts use:
 * - {@link readMounts}: every mount, in mountinfo order.
 * - {@link collectFilesystems}: the filesystems `df` shows by default (or all with `all: true`), with usage;
 *   a statfs that does not answer within the time limit gives a row with `stale: true`, never a hang.
 * - {@link planDf} / {@link finishDf}: df's selection as pure functions of the mount list (unit-tested).
 */

/** Which filesystems df shows: its -a, -l, -t, -x and --total options. */
export interface DfSelection {
  /** -a: include dummy, zero-size, duplicate and inaccessible filesystems. */
  all: boolean;
  /** -l: local filesystems only. */
  local: boolean;
  /** -t: only these types (empty: any). */
  types: string[];
  /** -x: not these types. */
  excludeTypes: string[];
  /** --total: keeps remote duplicates apart less eagerly (coreutils de-duplicates them for the total). */
  total: boolean;
}

/** Options of {@link collectFilesystems}. */
export interface CollectFsOptions extends Partial<DfSelection> {
  /** Time limit of each statfs, milliseconds (default 2000). */
  timeoutMs?: number;
  /** Where statfs answers come from (default: live for root `/`, the fixture's statfs.json otherwise). */
  statfs?: StatfsSource;
}

/** Every mount of /proc/self/mountinfo (under the ProcFs root), in file order. */
export function readMounts(procFs: ProcFs): Mount[] {
  const text = procFs.readText('/proc/self/mountinfo');
  if (text === null) throw new RuntimeError(`cannot read ${procFs.path('/proc/self/mountinfo')}`);
  return parseMountinfo(text);
}

/** The filesystems df would list (default selection unless options say otherwise), with their usage. */
export async function collectFilesystems(procFs: ProcFs, opts: CollectFsOptions = {}): Promise<FsUsage[]> {
  const sel: DfSelection = {
    all: opts.all ?? false,
    local: opts.local ?? false,
    types: opts.types ?? [],
    excludeTypes: opts.excludeTypes ?? [],
    total: opts.total ?? false,
  };
  const mounts = readMounts(procFs);
  const plan = planDf(mounts, sel);
  const source = opts.statfs ?? statfsSourceFor(procFs.root);
  const usages = await statfsMounts(plan.map((p) => p.mount), source, opts.timeoutMs ?? DEFAULT_STATFS_TIMEOUT_MS);
  return finishDf(usages, plan, sel);
}

/**
 * statfs every mount point (at once; the source bounds the calls in flight), in the given order.
 *
 * `inThreadAmong` (the whole mount table) lets a one-shot ask in this thread, as df does, every mount whose
 * type answers from memory (ext4, tmpfs, ...) and whose path crosses no mount that may hang (the path walk
 * of /mnt/nfs/disk goes through the NFS directory): a `sysmon df` then never starts libuv's thread pool (8
 * threads, ~1.5 ms). Monitors that refresh leave it out, so nothing they ask can stall a refresh.
 */
export async function statfsMounts(mounts: Mount[], source: StatfsSource, timeoutMs: number, inThreadAmong?: readonly Mount[]): Promise<FsUsage[]> {
  // Network and FUSE mounts go to a child process when the source can: a hung one then costs nothing here.
  const isolate = source.statfsIsolated ? mounts.map((m) => mayHang(m.fstype)) : mounts.map(() => false);
  const hangs = inThreadAmong?.filter((a) => mayHang(a.fstype)) ?? [];
  const now = mounts.map((m) =>
    inThreadAmong !== undefined && source.statfsNow !== undefined && statfsFromMemory(m.fstype) &&
    !hangs.some((a) => a.target === '/' || m.target === a.target || m.target.startsWith(`${a.target}/`)));
  const risky = mounts.filter((_, i) => isolate[i]);
  const [isolated, local] = await Promise.all([
    risky.length > 0 ? source.statfsIsolated!(risky.map((m) => m.target), timeoutMs) : Promise.resolve([]),
    Promise.all(mounts.map((m, i) => (isolate[i] ? null : now[i] ? source.statfsNow!(m.target) : source.statfs(m.target, timeoutMs)))),
  ]);
  let k = 0;
  return mounts.map((m, i) => usageFrom(m, isolate[i] ? isolated[k++]! : local[i]!));
}

/** FsUsage.error of a statfs whose numbers cannot be true: listed, shown as stale, with a message. */
export const IMPLAUSIBLE = 'IMPLAUSIBLE';

/**
 * statfs numbers a file system can report: whole non-negative counts, free within total, and sizes a double
 * holds exactly. A broken FUSE daemon or a corrupted fixture giving 1e26 blocks or -5 free is shown as
 * stale (`-`), not as 4e+26 or a negative size.
 */
function plausibleStatfs(v: { bsize: number; blocks: number; bfree: number; bavail: number; files: number; ffree: number }): boolean {
  const whole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  if (![v.bsize, v.blocks, v.bfree, v.bavail, v.files, v.ffree].every(whole)) return false;
  return v.bfree <= v.blocks && Number.isSafeInteger(v.blocks * v.bsize);
}

/** Turn a statfs outcome into an FsUsage (stale with the error code when there are no numbers). */
export function usageFrom(mount: Mount, o: StatfsOutcome): FsUsage {
  if (!o.ok) {
    return { mount, blockSize: 0, size: 0, free: 0, avail: 0, files: 0, filesFree: 0, stale: true, error: o.code };
  }
  const v = o.value;
  if (!plausibleStatfs(v)) {
    return { mount, blockSize: 0, size: 0, free: 0, avail: 0, files: 0, filesFree: 0, stale: true, error: IMPLAUSIBLE };
  }
  return {
    mount,
    blockSize: v.bsize,
    size: v.blocks * v.bsize,
    free: v.bfree * v.bsize,
    avail: v.bavail * v.bsize,
    files: v.files,
    filesFree: v.ffree,
    stale: false,
  };
}

/** One mount df means to statfs, with what the selection learned about it. */
export interface DfPlanEntry {
  mount: Mount;
  /**
   * The mount that owns this mount point's device after de-duplication (coreutils me_for_dev), used by
   * -a to blank out over-mounted entries; undefined when none.
   */
  deviceOwner?: Mount;
}

function typeSelected(fstype: string, sel: DfSelection): boolean {
  if (sel.types.length > 0 && !sel.types.includes(fstype)) return false;
  return !sel.excludeTypes.includes(fstype);
}

/**
 * df's selection before statfs (coreutils filter_mount_list and the first checks of get_dev), pure.
 *
 * - The device of a mount point is the device of the LAST mount on that exact path (what stat(2) of the
 *   path sees), so an over-mounted entry and the one on top count as one device.
 * - Duplicates of a device: a source with a `/` beats one without; else the entry nearer the root (shorter
 *   mount point) wins unless its bind root lies deeper; else a different source on the same mount point
 *   (an over-mount) wins; the winner takes the first one's place in the list.
 * - Then, unless -a: dummy types, remote ones under -l, and types -t/-x reject are dropped. Without -a
 *   duplicates are dropped; with -a every mount stays.
 */
export function planDf(mounts: Mount[], sel: DfSelection): DfPlanEntry[] {
  const topDev = new Map<string, string>();
  for (const m of mounts) topDev.set(m.target, m.majMin);

  interface Slot {
    mount: Mount;
  }
  const slots: Slot[] = [];
  const seen = new Map<string, Slot>();
  for (const m of mounts) {
    const remote = isRemoteFs(m.source, m.fstype);
    const dummy = isDummyFsType(m.fstype);
    let dev: string;
    let discard = false;
    if ((remote && sel.local) || (dummy && !sel.all) || !typeSelected(m.fstype, sel)) {
      dev = m.majMin;
    } else {
      dev = topDev.get(m.target) ?? m.majMin;
      const prev = seen.get(dev);
      if (prev) {
        const p = prev.mount;
        const targetNearerRoot = p.target.length > m.target.length;
        const sourceBelowRoot = p.root.length < m.root.length;
        if (!sel.total && remote && isRemoteFs(p.source, p.fstype) && p.source !== m.source) {
          // Different remote exports on one device: both were mounted on purpose.
        } else if (
          (m.source.includes('/') && !p.source.includes('/')) ||
          (targetNearerRoot && !sourceBelowRoot) ||
          (p.source !== m.source && p.target === m.target)
        ) {
          prev.mount = m;
          discard = true;
        } else {
          discard = true;
        }
      }
    }
    if (!discard) {
      const slot = { mount: m };
      slots.push(slot);
      if (!seen.has(dev)) seen.set(dev, slot);
    }
  }

  const candidates = sel.all ? mounts : slots.map((s) => s.mount);
  const out: DfPlanEntry[] = [];
  for (const m of candidates) {
    if (isRemoteFs(m.source, m.fstype) && sel.local) continue;
    if (isDummyFsType(m.fstype) && !sel.all) continue;
    if (!typeSelected(m.fstype, sel)) continue;
    if (!m.target.startsWith('/')) continue;
    const owner = seen.get(topDev.get(m.target) ?? m.majMin)?.mount;
    out.push(owner ? { mount: m, deviceOwner: owner } : { mount: m });
  }
  return out;
}

/**
 * df's selection after statfs, pure: without -a, drop filesystems with no blocks and those whose mount point
 * cannot be reached (ENOENT, EACCES); with -a, keep them, blanking the numbers of an entry whose mount
 * point now shows another device (error 'SHADOWED'). A statfs that timed out always stays, as stale.
 */
export function finishDf(usages: FsUsage[], plan: DfPlanEntry[], sel: DfSelection): FsUsage[] {
  const out: FsUsage[] = [];
  usages.forEach((u, i) => {
    const entry = plan[i];
    if (u.stale) {
      if (u.error === 'ETIMEDOUT' || u.error === IMPLAUSIBLE || sel.all) out.push(u);
      return;
    }
    if (sel.all && entry?.deviceOwner) {
      const owner = entry.deviceOwner;
      const m = u.mount;
      if (owner.source !== m.source && (!isRemoteFs(owner.source, owner.fstype) || !isRemoteFs(m.source, m.fstype))) {
        out.push({ ...u, blockSize: 0, size: 0, free: 0, avail: 0, files: 0, filesFree: 0, stale: true, error: 'SHADOWED' });
        return;
      }
    }
    if (u.size === 0 && !sel.all) return;
    out.push(u);
  });
  return out;
}

/**
 * The mount that holds an absolute, already resolved path (coreutils df get_point, findmnt -T): the mount
 * with the longest mount point that is a prefix of the path at a `/` boundary; a later (upper) mount wins a
 * tie, and a dummy filesystem never beats a real one. When the device of the path is known ("maj:min" from
 * stat) and that mount is on another device, the last mount of that device is taken instead, as df does.
 * Null when none matches.
 */
export function mountForPath(mounts: Mount[], absPath: string, dev?: string): Mount | null {
  let best: Mount | null = null;
  let bestLen = 0;
  const better = (m: Mount): boolean => !best || isDummyFsType(best.fstype) || !isDummyFsType(m.fstype);
  for (const m of mounts) {
    if (m.fstype === 'lofs' || !better(m)) continue;
    const len = m.target.length;
    if (bestLen <= len && len <= absPath.length) {
      if (len === 1 ? m.target === '/' : absPath.startsWith(m.target) && (len === absPath.length || absPath[len] === '/')) {
        best = m;
        bestLen = len;
      }
    }
  }
  if (dev === undefined || (best && best.majMin === dev)) return best;
  let byDev: Mount | null = null;
  for (const m of mounts) {
    if (m.majMin !== dev || m.fstype === 'lofs') continue;
    if (!byDev || isDummyFsType(byDev.fstype) || !isDummyFsType(m.fstype)) byDev = m;
  }
  return byDev ?? best;
}
