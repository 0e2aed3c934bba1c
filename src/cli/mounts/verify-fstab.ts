import { matchFsTypes } from '../../core/fs-types.js';
import { parseModulesDepFilesystems, parseProcFilesystems } from '../../parsers/kernel-filesystems.js';
import { deviceOfTag } from './tag-device.js';
import type { FstabEntry, Mount } from '../../core/filesystem.js';
import { isPseudoFsType } from '../../core/fs-types.js';
import { blockDeviceOf } from '../../collectors/block-collector.js';
import { escapeHexBytes } from '../../format/escape.js';
import { out } from '../../format/output.js';
import { userOptions } from '../../parsers/fstab.js';
import { parseUdevProperties } from '../../parsers/udev-db.js';
import type { ProcFs } from '../../source/proc-fs.js';
import {
  canonicalSource, canonicalTarget, errnoMessage, kernelFilesystemTexts, openFailure, statWithin,
} from '../../source/paths.js';

/** What `findmnt --verify` checks and how it reports. */
export interface VerifyInput {
  procFs: ProcFs;
  /** The whole table, for the order checks. */
  table: readonly FstabEntry[];
  /** The entries to check (those the search matched), in table order. */
  entries: readonly FstabEntry[];
  /** Order and duplicate checks are made only when the whole table is checked. */
  checkOrder: boolean;
  /** --verbose: also say what is fine. */
  verbose: boolean;
  /** Lines of the table that could not be parsed. */
  parseErrors: number;
  /** The kernel's mount table: the type a mounted device's file system has. */
  mounts: readonly Mount[];
  /** Kernel release (uname -r), for modules.dep. */
  release: string;
  timeoutMs: number;
}

/** The names libmount takes as tags in a source (`UUID=...`). */
const TAGS = /^(ID|UUID|LABEL|PARTUUID|PARTLABEL)=/;

/** libmount mnt_fstype_is_netfs. */
function isNetFs(type: string): boolean {
  return ['cifs', 'smb3', 'smbfs', 'afs', 'ncpfs', 'glusterfs', 'fuse.curlftpfs', 'fuse.sshfs'].includes(type) ||
    type.startsWith('nfs') || type.startsWith('9p');
}

/** An option of the entry: its value ('' without one), or undefined when absent (libmount mnt_fs_get_option). */
function option(e: FstabEntry, name: string): string | undefined {
  for (const o of e.options.split(',')) {
    const eq = o.indexOf('=');
    if ((eq < 0 ? o : o.slice(0, eq)) === name) return eq < 0 ? '' : o.slice(eq + 1);
  }
  return undefined;
}


/**
 * `findmnt --verify` (-x): check each fstab entry as util-linux's findmnt-verify does (order, target, options,
 * source, file system type, fsck pass), print `[E]` errors and `[W]` warnings under its target (`[ ]` notes
 * with --verbose), then the counts on stderr, or the all-clear on stdout. Returns the exit status: 1 when
 * there were errors or parse errors. The on-disk type is not probed: sysmon takes it from the mount table
 * or udev's record of the device, and says why it cannot when it has neither.
 */
export async function verifyFstab(v: VerifyInput): Promise<number> {
  let errors = 0;
  let warnings = 0;
  const texts = kernelFilesystemTexts(v.procFs.root, v.release);
  const supported = [...parseProcFilesystems(texts.filesystems), ...parseModulesDepFilesystems(texts.modulesDep)];
  const isSupported = (name: string): boolean => supported.some((t) => matchFsTypes(t, name, true));
  const canon = new Map<string, string>();
  const target = async (t: string): Promise<string> => {
    let c = canon.get(t);
    if (c === undefined) canon.set(t, (c = await canonicalTarget(v.procFs.root, t, v.timeoutMs)));
    return c;
  };

  for (const e of v.entries) {
    let lines = '';
    const mesg = (type: string, text: string): void => {
      lines += `   [${type}] ${escapeHexBytes(text)}\n`;
    };
    const warn = (text: string): void => {
      warnings++;
      mesg('W', text);
    };
    const err = (text: string): void => {
      errors++;
      mesg('E', text);
    };
    const ok = (text: string): void => {
      if (v.verbose) mesg(' ', text);
    };
    const noauto = option(e, 'noauto') !== undefined;
    const bind = option(e, 'bind') !== undefined;
    const pseudo = isPseudoFsType(e.fstype);
    const net = isNetFs(e.fstype);
    let noFsck = false;

    if (v.checkOrder && e.target !== '') {
      const tgt = await target(e.target);
      const at = v.table.indexOf(e);
      for (const n of v.table.slice(at + 1)) {
        if (n.target === '') continue;
        const nt = await target(n.target);
        if (!tgt.startsWith(nt)) continue;
        if (tgt.length === nt.length) warn('target specified more than once');
        else if (tgt[nt.length] === '/') err(`wrong order: ${tgt} specified before ${nt}`);
      }
    }

    if (e.fstype === 'swap') {
      const discard = option(e, 'discard');
      if (discard !== undefined && discard !== '' && !'once'.startsWith(discard) && !'pages'.startsWith(discard)) {
        err(`unsupported swaparea discard policy: ${discard}`);
      }
      const pri = option(e, 'pri');
      if (pri !== undefined && pri !== '' && !/^-?\d*$/.test(pri)) err('failed to parse swaparea priority option');
    } else {
      if (e.target === '') err('undefined target (fs_file)');
      else {
        const tgt = await target(e.target);
        if (tgt !== e.target) warn(`non-canonical target path (real: ${tgt})`);
        const st = await statWithin(v.procFs.root, tgt, v.timeoutMs);
        if (!st.ok) {
          if (!noauto) err(`unreachable on boot required target: ${errnoMessage(st.code)}`);
          else warn(`unreachable target: ${errnoMessage(st.code)}`);
        } else if (st.kind !== 'dir' && !bind) err('target is not a directory');
        else ok('target exists');
      }
      if (e.vfsOptions !== '') ok(`VFS options: ${e.vfsOptions}`);
      if (e.fsOptions !== '') ok(`FS options: ${e.fsOptions}`);
      const user = userOptions(e.options);
      if (user !== '') ok(`userspace options: ${user}`);
    }

    // The source: a tag must name a device; a path is only looked at.
    let device: string | null = e.source;
    let checkType = true;
    if (e.source === '') {
      err('undefined source (fs_spec)');
      checkType = false;
    } else if (TAGS.test(e.source)) {
      const eq = e.source.indexOf('=');
      const name = e.source.slice(0, eq);
      const value = e.source.slice(eq + 1).replace(/^"(.*)"$/, '$1');
      device = deviceOfTag(v.procFs.root, e.source);
      if (device === null) {
        if (!noauto) err(`unreachable on boot required source: ${name}=${value}`);
        else warn(`unreachable: ${name}=${value}`);
        checkType = false;
      } else ok(`${name}=${value} translated to ${device}`);
    } else if (/^[^=]+=/.test(e.source) && !(await statWithin(v.procFs.root, e.source, v.timeoutMs)).ok) {
      err(`unsupported source tag: ${e.source}`);
      device = await canonicalSource(v.procFs.root, e.source, v.timeoutMs);
    }
    if (device !== null && !TAGS.test(e.source) && !/^[^=]+=/.test(e.source)) {
      if (pseudo || net) ok(`do not check ${device} source (pseudo/net)`);
      else {
        const st = await statWithin(v.procFs.root, device, v.timeoutMs);
        if (!st.ok) warn(`unreachable source: ${device}: ${errnoMessage(st.code)}`);
        else if ((st.kind === 'dir' || st.kind === 'file') && !bind) warn(`non-bind mount source ${device} is a directory or regular file`);
        else if (st.kind !== 'block' && !bind) warn(`source ${device} is not a block device`);
        else ok(`source ${device} exists`);
      }
    }

    // The file system type, against what the device holds.
    if (checkType && device !== null) {
      const src = TAGS.test(e.source) ? device : await canonicalSource(v.procFs.root, e.source, v.timeoutMs);
      const type = e.fstype;
      const isAuto = type === 'auto';
      let isSwap = type === 'swap';
      if (pseudo || net) ok(`do not check ${src} FS type (pseudo/net)`);
      else if (type === 'none' && !bind && option(e, 'move') === undefined) {
        warn('"none" FS type is recommended for bind or move oprations only');
      } else {
        if (type === 'xfs' || type === 'btrfs') noFsck = true;
        if (!isSwap && !isAuto && type !== 'none' && !isSupported(type)) warn(`${type} seems unsupported by the current kernel`);
        const found = await onDiskType(v, src);
        if ('reason' in found) {
          if (isAuto) err(`cannot detect on-disk filesystem type (${found.reason})`);
          else warn(`cannot detect on-disk filesystem type (${found.reason})`);
        } else {
          isSwap = found.type === 'swap';
          noFsck = found.type === 'xfs' || found.type === 'btrfs';
          if (!isAuto && type !== found.type) err(`${type} does not match with on-disk ${found.type}`);
          else if (!isSwap && !isSupported(found.type)) err(`on-disk ${found.type} seems unsupported by the current kernel`);
          else ok(`FS type is ${found.type}`);
        }
      }
    }
    if (e.target === '/' && e.passno !== 1 && !noFsck) warn(`recommended root FS passno is 1 (current is ${e.passno})`);

    if (lines !== '') out(`${escapeHexBytes(e.target)}\n${lines}`);
  }

  if (errors > 0 || warnings > 0 || v.parseErrors > 0) {
    const n = (k: number, one: string, many: string): string => `${k} ${k === 1 ? one : many}`;
    process.stderr.write(`\n${n(v.parseErrors, 'parse error', 'parse errors')}, ${n(errors, 'error', 'errors')}, ${n(warnings, 'warning', 'warnings')}\n`);
  } else {
    out('Success, no errors or warnings detected\n');
  }
  return errors + v.parseErrors > 0 ? 1 : 0;
}

/**
 * The file system type on a device, without probing it: why libblkid could not tell (the device does not
 * open, is not a block device, or is empty), else the type its mount or udev's record names.
 */
async function onDiskType(v: VerifyInput, src: string): Promise<{ type: string } | { reason: string }> {
  const failed = openFailure(v.procFs.root, src);
  if (failed !== null) return { reason: errnoMessage(failed) };
  const st = await statWithin(v.procFs.root, src, v.timeoutMs);
  if (!st.ok) return { reason: errnoMessage(st.code) };
  if (st.kind === 'dir' || st.kind === 'char' || st.kind === 'other') return { reason: errnoMessage('EINVAL') };
  if (st.kind === 'block') {
    const which = blockDeviceOf(v.procFs.root, src);
    const devno = which !== null && 'devno' in which ? which.devno : null;
    if (devno !== null) {
      const mounted = v.mounts.find((m) => m.majMin === devno);
      if (mounted) return { type: mounted.fstype };
      const udev = v.procFs.readText(`/run/udev/data/b${devno}`);
      const type = udev === null ? undefined : parseUdevProperties(udev).get('ID_FS_TYPE');
      if (type) return { type };
      // libblkid finds nothing on an empty device and says so with ENOENT.
      if ((v.procFs.readText(`/sys/dev/block/${devno}/size`) ?? '').trim() === '0') return { reason: errnoMessage('ENOENT') };
    }
  }
  return { reason: 'reason unknown' };
}
