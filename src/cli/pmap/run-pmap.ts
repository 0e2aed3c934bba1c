import { out, outJson } from '../../format/output.js';
import { parseProcPidCmdline } from '../../parsers/proc-pid-cmdline.js';
import { parseSmaps, parseStatComm, parseStatStartStack, type SmapsEntry } from '../../parsers/smaps.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { renderRc, type PmapRc } from './pmap-rc.js';
import { pmapHeader, renderAll, renderExtended, renderMaps, type PmapLayout, type PmapProcess } from './pmap-render.js';

/** Parsed options of `sysmon pmap`. */
export interface PmapOptions extends PmapLayout {
  format: 'default' | 'extended' | 'device' | 'all' | 'everything' | 'rc';
  /** -c / -C: the rc file's columns. */
  rc?: PmapRc;
  json: boolean;
  pids: number[];
}

/** pmap's status when a PID was not found (it adds 42 to the others). */
export const PMAP_NOT_FOUND = 42;

function processOf(fs: ProcFs, pid: number): PmapProcess | null {
  const stat = fs.readPid(pid, 'stat');
  if (stat === null) return null;
  const args = parseProcPidCmdline(fs.readPid(pid, 'cmdline') ?? '');
  return {
    pid,
    command: args.length > 0 ? args.join(' ') : `[${parseStatComm(stat)}]`,
    startStack: BigInt(parseStatStartStack(stat)),
  };
}

function jsonMapping(e: SmapsEntry): Record<string, unknown> {
  const kb = (k: string): number | null => {
    const d = e.details.find(([key]) => key === k);
    return d ? Number(d[1]) * 1024 : null;
  };
  return {
    address: `0x${e.start}`,
    size: Number(BigInt(`0x${e.end}`) - BigInt(`0x${e.start}`)),
    perms: e.perms,
    offset: parseInt(e.offset, 16),
    device: e.device,
    inode: Number(e.inode),
    mapping: e.name,
    ...(e.details.length > 0
      ? { rss: kb('Rss'), pss: kb('Pss'), dirty: (kb('Shared_Dirty') ?? 0) + (kb('Private_Dirty') ?? 0), swap: kb('Swap') }
      : {}),
  };
}

/** Print each PID's map in the chosen layout; returns pmap's exit status (42 when a PID was not found). */
export function runPmap(fs: ProcFs, o: PmapOptions): number {
  let status = 0;
  const docs: unknown[] = [];
  const smapsWanted = o.format !== 'default' && o.format !== 'device';
  for (const pid of o.pids) {
    const p = processOf(fs, pid);
    if (!p) {
      status |= PMAP_NOT_FOUND;
      continue;
    }
    const text = fs.readPid(pid, smapsWanted || o.json ? 'smaps' : 'maps');
    if (text === null) {
      // pmap has printed the process's line by then; it gives up on the map silently, with status 1.
      if (!o.json) out(pmapHeader(p));
      status |= 1;
      continue;
    }
    const entries = parseSmaps(text);
    if (o.json) {
      docs.push({ pid, command: p.command, mappings: entries.map(jsonMapping) });
      continue;
    }
    switch (o.format) {
      case 'default':
        out(renderMaps(p, entries, o, false));
        break;
      case 'device':
        out(renderMaps(p, entries, o, true));
        break;
      case 'extended':
        out(renderExtended(p, entries, o));
        break;
      case 'all':
        out(renderAll(p, entries, o, false));
        break;
      case 'everything':
        out(renderAll(p, entries, o, true));
        break;
      case 'rc':
        out(renderRc(p, entries, o, o.rc!));
        break;
    }
  }
  if (o.json) outJson({ processes: docs });
  return status;
}
