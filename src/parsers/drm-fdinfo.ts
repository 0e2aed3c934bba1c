/*
 * /proc/PID/fdinfo/FD of an open DRM device (the kernel's DRM client usage stats, Documentation/gpu/
 * drm-usage-stats.rst): `drm-driver:`, `drm-client-id:`, and memory per region as `drm-memory-<region>:`
 * (amdgpu) or `drm-resident-<region>:` / `drm-total-<region>:` (i915, xe, newer amdgpu), each `<n> [KiB|MiB]`.
 */

/** One DRM client (an open device file) as its fdinfo describes it. */
export interface DrmClientMemory {
  driver: string;
  /** Unique per open of the device: several fds of one client (dup, fork) carry the same id. */
  clientId: string;
  /** Device-local memory (VRAM) the client holds, bytes. */
  deviceBytes: number;
}

const UNIT: Record<string, number> = { '': 1, KiB: 1024, MiB: 1024 * 1024, GiB: 1024 * 1024 * 1024 };

/** Regions that are the card's own memory: amdgpu `vram`, xe `vram0`, i915 `local0` (not gtt, cpu or system). */
const DEVICE_REGION = /^(vram\d*|local\d*)$/;

/**
 * The DRM client of one fdinfo text, or null when the file is not a DRM client's (no drm-driver / client id).
 * Resident figures are preferred where the driver gives them; else `drm-memory-` (amdgpu's older keys).
 */
export function parseDrmFdinfo(text: string): DrmClientMemory | null {
  let driver: string | null = null;
  let clientId: string | null = null;
  let resident = 0;
  let memory = 0;
  let haveResident = false;
  for (const line of text.split('\n')) {
    const m = /^([a-z0-9_-]+):\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'drm-driver') driver = value;
    else if (key === 'drm-client-id') clientId = value;
    else {
      const r = /^drm-(memory|resident)-(.+)$/.exec(key);
      if (!r || !DEVICE_REGION.test(r[2]!)) continue;
      const v = /^(\d+)\s*(KiB|MiB|GiB)?$/.exec(value);
      if (!v) continue;
      const bytes = Number(v[1]) * (UNIT[v[2] ?? ''] ?? 1);
      if (r[1] === 'resident') {
        resident += bytes;
        haveResident = true;
      } else memory += bytes;
    }
  }
  if (driver === null || clientId === null) return null;
  return { driver, clientId, deviceBytes: haveResident ? resident : memory };
}
