import zlib from 'node:zlib';
import type { Snapshot } from '../../core/snapshot.js';

/** The snapshot without its process table: what the `system` column holds, as deflated JSON. */
export type SystemPart = Omit<Snapshot, 'processes'>;

/** Families a recording never keeps: mounts are the dashboard's live view, and heavy. */
function strip(s: Snapshot): SystemPart {
  const { processes: _p, mounts: _m, ...rest } = s;
  return rest;
}

/**
 * The system part as JSON, deflated with the reference sample's JSON as the zlib dictionary: consecutive
 * samples share nearly every key and most values (meminfo's ~50 names, mount points), so a sample costs
 * about a third of what it does alone. `raw` is kept by writer and reader as the next sample's dictionary.
 */
export function encodeSystem(s: Snapshot, dictionary: Buffer | null): { blob: Buffer; raw: Buffer } {
  const raw = Buffer.from(JSON.stringify(strip(s)));
  return { blob: zlib.deflateRawSync(raw, { level: 6, ...(dictionary ? { dictionary: tail(dictionary) } : {}) }), raw };
}

/** Decode what {@link encodeSystem} made, with the same dictionary. */
export function decodeSystem(blob: Uint8Array, dictionary: Buffer | null): { part: SystemPart; raw: Buffer } {
  const raw = zlib.inflateRawSync(blob, dictionary ? { dictionary: tail(dictionary) } : {});
  return { part: JSON.parse(raw.toString('utf8')) as SystemPart, raw };
}

/** deflate looks back 32 KiB at most: a longer dictionary only costs time. */
function tail(b: Buffer): Buffer {
  return b.length > 32768 ? b.subarray(b.length - 32768) : b;
}
