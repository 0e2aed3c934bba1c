import zlib from 'node:zlib';
import type { Snapshot } from '../../core/snapshot.js';

/** The snapshot without its process table: what the `system` column holds, as deflated JSON. */
export type SystemPart = Omit<Snapshot, 'processes'>;

/** The JSON of the last filesystems list seen: a recorder hands the same list for 5 s (statfs is throttled). */
let fsJson: { list: unknown; json: string } | null = null;

/**
 * The system part as JSON: the snapshot without processes and mounts (the dashboard's live view, and heavy).
 * The filesystems list comes last, serialised once per list rather than once per sample.
 */
function systemJson(s: Snapshot): string {
  const { processes: _p, mounts: _m, filesystems, ...rest } = s;
  const json = JSON.stringify(rest);
  if (filesystems === undefined) return json;
  if (fsJson === null || fsJson.list !== filesystems) fsJson = { list: filesystems, json: JSON.stringify(filesystems) };
  return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}"filesystems":${fsJson.json}}`;
}

/**
 * The system part as JSON, deflated with the reference sample's JSON as the zlib dictionary: consecutive
 * samples share nearly every key and most values (meminfo's ~50 names, mount points), so a sample costs
 * about a third of what it does alone. `raw` is kept by writer and reader as the next sample's dictionary.
 */
export function encodeSystem(s: Snapshot, dictionary: Buffer | null): { blob: Buffer; raw: Buffer } {
  const raw = Buffer.from(systemJson(s));
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
