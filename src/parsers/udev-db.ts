/**
 * Parser for one udev database record, /run/udev/data/b<major>:<minor> (systemd-udevd's format): lines of
 * `X:value`, where `E:KEY=value` lines hold the device properties blkid found (ID_FS_TYPE, ID_FS_UUID,
 * ID_FS_LABEL_ENC ...). Only the properties lsblk -f shows are kept.
 */

/** Filesystem identity of a block device as udev recorded it; null where the record has no such key. */
export interface UdevFsInfo {
  fstype: string | null;
  fsver: string | null;
  /** Label, decoded from ID_FS_LABEL_ENC (`\x20` escapes), else ID_FS_LABEL. */
  label: string | null;
  uuid: string | null;
  partLabel: string | null;
  partUuid: string | null;
}

/** Every property (`E:KEY=value` line) of a udev database record. */
export function parseUdevProperties(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('E:')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    env.set(line.slice(2, eq), line.slice(eq + 1));
  }
  return env;
}

/** Parse the text of a udev database record. */
export function parseUdevDb(text: string): UdevFsInfo {
  const env = parseUdevProperties(text);
  const get = (k: string): string | null => {
    const v = env.get(k);
    return v === undefined || v === '' ? null : v;
  };
  const labelEnc = get('ID_FS_LABEL_ENC');
  const partEnc = get('ID_PART_ENTRY_NAME');
  return {
    fstype: get('ID_FS_TYPE'),
    fsver: get('ID_FS_VERSION'),
    label: labelEnc !== null ? decodeUdevHex(labelEnc) : get('ID_FS_LABEL'),
    uuid: get('ID_FS_UUID'),
    partLabel: partEnc !== null ? decodeUdevHex(partEnc) : null,
    partUuid: get('ID_PART_ENTRY_UUID'),
  };
}

/** The directory of /dev/disk that names devices by this tag (udev's links). */
const TAG_DIRS: Readonly<Record<string, string>> = {
  LABEL: 'by-label', UUID: 'by-uuid', PARTLABEL: 'by-partlabel', PARTUUID: 'by-partuuid', ID: 'by-id',
};

/** The /dev/disk link udev makes for a `LABEL=`/`UUID=`/`PARTLABEL=`/`PARTUUID=`/`ID=` tag, or null. */
export function udevTagLink(tag: string): string | null {
  const eq = tag.indexOf('=');
  const dir = eq < 0 ? undefined : TAG_DIRS[tag.slice(0, eq)];
  if (dir === undefined) return null;
  const value = tag.slice(eq + 1).replace(/^"(.*)"$/, '$1');
  return value === '' ? null : `/dev/disk/${dir}/${encodeUdevHex(value)}`;
}

/** A value as udev spells it in a /dev/disk link name (blkid_encode_string): bytes outside its safe set as `\xHH`. */
export function encodeUdevHex(value: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(value)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && /[A-Za-z0-9#+\-.:=@_]/.test(c) ? c : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Decode udev's `\xNN` escapes (blkid_encode_string) as UTF-8 bytes. */
export function decodeUdevHex(s: string): string {
  if (!s.includes('\\x')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
      bytes.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      const code = s.charCodeAt(i);
      if (code < 0x80) bytes.push(code);
      else for (const b of new TextEncoder().encode(s[i]!)) bytes.push(b);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
