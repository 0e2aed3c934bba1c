import type { ProcessRow } from '../core/process.js';
import { CONTAINER_PROCESS_FIELDS } from './container-process-fields.js';
import { PROCESS_IO_FIELDS } from './process-io-fields.js';
import { processFields } from './process-fields.js';
import { psSpec } from './ps-specs.js';
import type { Field } from './registry.js';
import { TOP_FIELD_NAMES } from './top-field-names.js';

/*
 * top's field names (procps-ng 4.0.2 top.c Fieldstab, the order `top -O` prints) and the column each one sorts
 * by under `top -o NAME`. Most are a ps specifier or a column of sysmon's own table; the rest (top's memory
 * splits and statm figures) are defined here. top matches the names case-sensitively.
 */

/**
 * A value read from `Key:  N kB` lines of status or smaps_rollup, in bytes; 0 when unreadable (a zombie has
 * no smaps_rollup), as top counts it, so such a task ties with the others rather than sorting below them.
 */
function kib(file: 'status' | 'smaps_rollup', ...keys: string[]): (r: ProcessRow) => number {
  return (r) => {
    const m = r.files?.keyed(file);
    if (!m) return 0;
    let sum = 0;
    for (const k of keys) sum += (Number.parseInt(m.get(k) ?? '0', 10) || 0) * 1024;
    return sum;
  };
}

/** Field N (0-based) of statm, in bytes (pages times the page size). */
function statmBytes(n: number): Field<ProcessRow>['value'] {
  return (r, ctx) => {
    const t = r.files?.text('statm');
    const v = Number(t?.trim().split(/\s+/)[n] ?? 0);
    return Number.isFinite(v) ? v * ctx.pageSize : 0;
  };
}

function own(name: string, description: string, value: Field<ProcessRow>['value'], needs: Field<ProcessRow>['needs'] = ['files']): Field<ProcessRow> {
  return {
    key: `top:${name}`, aliases: [], header: name, width: 6, align: 'right', description, descByDefault: true,
    needs, value, text: (r, ctx) => String(value(r, ctx) ?? '-'),
  };
}

const OWN: Record<string, Field<ProcessRow>> = {
  SWAP: own('SWAP', 'swapped out memory (status VmSwap)', kib('status', 'VmSwap')),
  USED: own('USED', 'resident plus swapped memory (VmRSS + VmSwap)', kib('status', 'VmRSS', 'VmSwap')),
  CODE: own('CODE', 'text (statm trs)', statmBytes(3)),
  DATA: own('DATA', 'data and stack (statm drs)', statmBytes(5)),
  nDRT: own('nDRT', 'dirty pages (statm dt, 0 since Linux 2.6)', statmBytes(6)),
  RSan: own('RSan', 'resident anonymous memory (status RssAnon)', kib('status', 'RssAnon')),
  RSfd: own('RSfd', 'resident file-backed memory (status RssFile)', kib('status', 'RssFile')),
  RSlk: own('RSlk', 'locked memory (status VmLck)', kib('status', 'VmLck')),
  RSsh: own('RSsh', 'resident shared memory (status RssShmem)', kib('status', 'RssShmem')),
  PSan: own('PSan', 'proportional anonymous memory (smaps_rollup Pss_Anon)', kib('smaps_rollup', 'Pss_Anon')),
  PSfd: own('PSfd', 'proportional file-backed memory (smaps_rollup Pss_File)', kib('smaps_rollup', 'Pss_File')),
  PSsh: own('PSsh', 'proportional shared memory (smaps_rollup Pss_Shmem)', kib('smaps_rollup', 'Pss_Shmem')),
  Flags: own('Flags', 'kernel task flags word (stat flags, PF_*)', (r) => r.flags, ['stat']),
  vMj: own('vMj', 'major page faults since the previous frame', (r) => r.majfltDelta ?? 0, ['stat', 'faults']),
  vMn: own('vMn', 'minor page faults since the previous frame', (r) => r.minfltDelta ?? 0, ['stat', 'faults']),
  // top compares start times in clock ticks: processes started in the same second still sort.
  STARTED: own('STARTED', 'start time after boot (clock ticks)', (r) => r.starttime, ['stat']),
  ELAPSED: own('ELAPSED', 'time since start (clock ticks)', (r, ctx) => ctx.uptime * ctx.hz - r.starttime, ['stat']),
  ENVIRON: own('ENVIRON', 'environment text', (r) => r.files?.text('environ')?.replace(/\0/g, ' ').trimEnd() ?? null),
};

/** top name -> the ps specifier (or sysmon column, `=key`) it sorts by. */
const BY_SPEC: Record<string, string> = {
  PID: '=pid', PPID: 'ppid', UID: 'euid', USER: 'euser', RUID: 'ruid', RUSER: 'ruser', SUID: 'suid', SUSER: 'suser',
  GID: 'egid', GROUP: 'egroup', PGRP: 'pgrp', TTY: 'tty', TPGID: 'tpgid', SID: 'sid', PR: '=pr', NI: 'ni',
  nTH: 'nlwp', P: 'psr', '%CPU': '=pcpu', TIME: '=time+', 'TIME+': '=time+', '%MEM': '=pmem', VIRT: '=virt',
  RES: '=res', SHR: '=shr', nMaj: 'maj_flt', nMin: 'min_flt', S: 's', COMMAND: '=comm', WCHAN: 'wchan',
  CGROUPS: 'cgroup', SUPGIDS: 'supgid', SUPGRPS: 'supgrp', TGID: 'tgid', OOMa: 'oomadj',
  OOMs: 'oom', nsIPC: 'ipcns', nsMNT: 'mntns', nsNET: 'netns', nsPID: 'pidns',
  nsUSER: 'userns', nsUTS: 'utsns', LXC: 'lxc', CGNAME: 'cgname', NU: 'numa', LOGID: 'luid', EXE: 'exe',
  RSS: 'rss', PSS: 'pss', USS: 'uss', ioR: 'rbytes', ioRop: 'rops', ioW: 'wbytes', ioWop: 'wops', AGID: 'ag_id',
  AGNI: 'ag_nice', '%CUU': 'cuu', '%CUC': 'cuc', nsCGROUP: 'cgroupns',
  nsTIME: 'timens',
};

export { TOP_FIELD_NAMES };

/** sysmon's own columns `top -o` also takes (container attribution, I/O rates), by their exact key. */
const EXTRA = new Map([...CONTAINER_PROCESS_FIELDS, ...PROCESS_IO_FIELDS].map((f) => [f.key, f]));

/**
 * The column `top -o NAME` sorts by, or undefined for a name top does not know (matched case-sensitively, as
 * top does); sysmon's container and I/O columns are accepted by key too.
 */
export function topSortField(name: string): Field<ProcessRow> | undefined {
  if (!TOP_FIELD_NAMES.includes(name)) return EXTRA.get(name);
  const o = OWN[name];
  if (o) return o;
  const spec = BY_SPEC[name];
  if (spec === undefined) return undefined;
  return spec.startsWith('=') ? processFields.find(spec.slice(1)) : psSpec(spec);
}
