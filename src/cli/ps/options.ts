import type { ProcessRow } from '../../core/process.js';
import { UsageError } from '../../core/errors.js';
import { PS_FORMATS, processFields } from '../../fields/process-fields.js';
import type { Field, SortKey } from '../../fields/registry.js';
import type { RawPsOpts } from '../commands/ps.js';

/** One output column: a registry field, the header to print (procps `key=HEADER`), a width (`key:WIDTH`). */
export interface PsColumn {
  field: Field<ProcessRow>;
  header: string;
  /** Width asked for with `key:WIDTH`; the field's own width otherwise. */
  width?: number;
}

/** Which processes to show. Selections add up (a process matching any is shown). */
export interface PsSelection {
  /** No selection restricts: every process. */
  all: boolean;
  /** BSD `a` without `x`: only processes with a terminal. */
  ttyOnly: boolean;
  /** BSD `x` without `a`: only processes of this effective uid. */
  ownUid: number | null;
  pids: number[];
  /** Names or numeric ids, resolved against /etc/passwd at run time. */
  users: string[];
  names: string[];
}

/** A checked ps command line. */
export interface PsPlan {
  columns: PsColumn[];
  /** True when -o was given: --json then uses those columns. */
  customColumns: boolean;
  select: PsSelection;
  sort: SortKey<ProcessRow>[];
  headers: boolean;
  json: boolean;
  wide: boolean;
  listFields: boolean;
  /** `--container`: %MEM against the memory limit of sysmon's cgroup instead of MemTotal. */
  container?: boolean;
}

/** Fields of `--json` when no -o is given. */
export const PS_JSON_DEFAULT = 'pid,ppid,uid,user,pcpu,pmem,vsz,rss,tty,stat,start,time,nlwp,ni,pri,psr,comm,args';

/**
 * Parse `key[:WIDTH][=HEADER]` items, comma separated, as procps -o takes them: `user:20`, `pid=PROCESS`,
 * `comm=` (blank header).
 */
export function parseColumns(list: string): PsColumn[] {
  const items = list.split(/[\s,]+/).filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError('ps: empty format list');
  return items.map((item) => {
    const eq = item.indexOf('=');
    let name = eq < 0 ? item : item.slice(0, eq);
    let width: number | undefined;
    // No field key holds a ':', so a ':' always starts a width.
    const colon = name.lastIndexOf(':');
    if (colon > 0) {
      const w = name.slice(colon + 1);
      if (!/^\d+$/.test(w) || Number(w) < 1) throw new UsageError(`ps: bad width in format '${item}'`);
      width = Number(w);
      name = name.slice(0, colon);
    }
    const field = processFields.find(name);
    if (!field) throw new UsageError(`ps: unknown format field '${name}' (see sysmon ps --list-fields)`);
    return { field, header: eq < 0 ? field.header : item.slice(eq + 1), ...(width !== undefined ? { width } : {}) };
  });
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[\s,]+/)).filter((s) => s.length > 0);
}

/** Check and combine the raw options. Every mistake is a UsageError (exit 2). */
export function parsePsOptions(bsd: string | undefined, raw: RawPsOpts, euid = process.geteuid?.() ?? 0): PsPlan {
  let bsdA = false;
  let bsdX = false;
  let bsdU = false;
  let wide = Boolean(raw.wide);
  if (bsd !== undefined) {
    for (const ch of bsd) {
      if (ch === 'a') bsdA = true;
      else if (ch === 'x') bsdX = true;
      else if (ch === 'u') bsdU = true;
      else if (ch === 'w') wide = true;
      else if (ch === 'e') continue; // BSD e (show environment) changes nothing we print
      else throw new UsageError(`ps: unsupported BSD option '${ch}' in '${bsd}' (supported: a u x w)`);
    }
  }
  const standardAll = Boolean(raw.e || raw.A);

  const pids = splitList(raw.pid).map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1) throw new UsageError(`ps: process ID list syntax error: '${p}'`);
    return Number(p);
  });
  const users = splitList(raw.user);
  const names = splitList(raw.C);
  const selecting = pids.length > 0 || users.length > 0 || names.length > 0;

  const select: PsSelection = {
    all: standardAll || (!selecting && !(bsdA !== bsdX)),
    ttyOnly: bsdA && !bsdX && !standardAll,
    ownUid: bsdX && !bsdA && !standardAll ? euid : null,
    pids,
    users,
    names,
  };
  if (selecting && !standardAll) {
    select.all = false;
    select.ttyOnly = false;
    select.ownUid = null;
  }

  let format: string;
  const custom = raw.format !== undefined && raw.format.length > 0;
  if (custom) format = raw.format!.join(',');
  else if (raw.f) format = PS_FORMATS.full;
  else if (bsdU) format = PS_FORMATS.user;
  else if (bsd !== undefined && (bsdA || bsdX)) format = PS_FORMATS.bsd;
  // -e, -A and the selections (-p, -u, -C) print procps' plain PID TTY TIME CMD; only a bare `sysmon ps` (and BSD
  // `u`) gives the aux columns.
  else if (standardAll || selecting) format = PS_FORMATS.basic;
  else format = PS_FORMATS.user;
  const columns = parseColumns(format);

  const sortSpec = (raw.sort ?? []).join(',');
  let sort: SortKey<ProcessRow>[] = [];
  if (raw.sort !== undefined) {
    try {
      sort = processFields.parseSort(sortSpec);
    } catch (err) {
      throw new UsageError(`ps: ${(err as Error).message} (see sysmon ps --list-fields)`);
    }
  }

  return {
    columns,
    customColumns: custom,
    select,
    sort,
    headers: raw.headers !== false,
    json: Boolean(raw.json),
    wide,
    listFields: Boolean(raw.listFields),
    container: Boolean(raw.container),
  };
}
