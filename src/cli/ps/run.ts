import { readOwnCgroup } from '../../collectors/own-cgroup.js';
import { containerMemInfo } from '../../core/container.js';
import { ProcessCollector } from '../../collectors/process-collector.js';
import { SystemCollector } from '../../collectors/system-collector.js';
import type { ProcessRow } from '../../core/process.js';
import { UsageError } from '../../core/errors.js';
import { columnWidth, processFields } from '../../fields/process-fields.js';
import { neededSources, sortRows, type Field, type FormatContext, type Source } from '../../fields/registry.js';
import { cutToWidth, displayWidth } from '../../format/display-width.js';
import { out, outJson, terminalColumns } from '../../format/output.js';
import { renderProcpsRows } from '../../format/procps-layout.js';
import { renderTable } from '../../format/table.js';
import { pageSize, USER_HZ } from '../../source/machine.js';
import { pidDigits } from '../../source/pid-max.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { UserNames } from '../../source/users.js';
import { nowMs } from '../clock.js';
import { parseColumns, PS_JSON_DEFAULT, type PsPlan, type PsSelection } from './options.js';

/** `sysmon ps --list-fields`: key, header, aliases and description of every process field. */
export function listFields(): void {
  const rows = processFields.fields.map((f) => [f.key, f.header, f.aliases.join(','), f.description]);
  out(renderTable(
    [
      { header: 'KEY', width: 0, align: 'left' },
      { header: 'HEADER', width: 0, align: 'left' },
      { header: 'ALIASES', width: 0, align: 'left' },
      { header: 'DESCRIPTION', width: 0, align: 'left' },
    ],
    rows,
  ));
}

/** The format context of a one-shot read: ps conventions, no interval. */
export function psContext(fs: ProcFs, system: SystemCollector, needMem: boolean, container = false): FormatContext {
  const stat = system.readStat();
  const host = needMem ? system.readMem() : null;
  const own = host !== null && container ? readOwnCgroup(fs) : null;
  const mem = host === null ? null : own === null ? host : containerMemInfo(host, own);
  return {
    now: nowMs(),
    uptime: system.readUptime(),
    btime: stat.btime,
    hz: USER_HZ,
    pageSize: pageSize(fs),
    memTotal: mem === null ? 0 : mem.MemTotal ?? 0,
    interval: null,
    cpuCount: Math.max(1, stat.perCpu.length),
    style: 'ps',
  };
}

/** Keep the rows a selection asks for. */
function selectRows(rows: ProcessRow[], sel: PsSelection, users: UserNames): ProcessRow[] {
  if (sel.all) return rows;
  const uids = new Set<number>();
  for (const u of sel.users) {
    if (/^\d+$/.test(u)) uids.add(Number(u));
    else {
      const uid = users.uidOf(u);
      if (uid === undefined) throw new UsageError(`ps: user name does not exist: '${u}'`);
      uids.add(uid);
    }
  }
  const pids = new Set(sel.pids);
  const names = new Set(sel.names);
  return rows.filter(
    (r) =>
      (sel.ttyOnly && r.ttyNr !== 0) ||
      (sel.ownUid !== null && r.uid === sel.ownUid) ||
      pids.has(r.pid) ||
      (r.uid !== null && uids.has(r.uid)) ||
      names.has(r.comm),
  );
}

/** Read, select, sort and print; `recorded` (ps --at) gives the rows and their context instead of /proc. */
export function runPs(fs: ProcFs, plan: PsPlan, recorded?: { rows: ProcessRow[]; ctx: FormatContext }): void {
  const jsonColumns = plan.json && !plan.customColumns ? parseColumns(PS_JSON_DEFAULT) : plan.columns;
  const shown = plan.json ? jsonColumns.map((c) => c.field) : plan.columns.map((c) => c.field);
  const needs = neededSources<ProcessRow>([...shown, ...plan.sort.map((k) => k.field)]);
  const sel = plan.select;
  if (sel.users.length > 0 || sel.ownUid !== null) needs.add('uid');
  needs.add('stat');
  const users = new UserNames(fs);
  const system = new SystemCollector(fs);
  const ctx = recorded?.ctx ?? psContext(fs, system, needsMemTotal(shown, plan), plan.container === true);

  // Only -p alone lets us skip listing /proc.
  const onlyPids = !sel.all && sel.pids.length > 0 && sel.users.length === 0 && sel.names.length === 0 && !sel.ttyOnly && sel.ownUid === null;
  const collector = new ProcessCollector(fs, users);
  let rows: ProcessRow[];
  if (recorded) rows = recorded.rows;
  else {
    try {
      rows = collector.collect({ needs: needs as ReadonlySet<Source>, oneShot: true, ...(onlyPids ? { pids: sel.pids } : {}) });
    } finally {
      collector.close();
    }
  }
  rows = selectRows(rows, sel, users);
  if (plan.sort.length > 0) rows = sortRows(rows, plan.sort, ctx);

  if (plan.json) {
    outJson(rows.map((r) => jsonRow(r, jsonColumns.map((c) => c.field), ctx)));
    return;
  }
  const fields = plan.columns.map((c) => c.field);
  // A column given a width (`user:12`) formats its cells for that width.
  const ctxs = plan.columns.map((c) => (c.width !== undefined ? { ...ctx, width: c.width } : ctx));
  const digits = pidDigits(fs);
  let text = renderProcpsRows(
    plan.columns.map((c) => ({ header: c.header, width: c.width ?? columnWidth(c.field, digits), align: c.field.align })),
    rows,
    (r, c) => fields[c]!.text(r, ctxs[c]!),
    { headers: plan.headers && plan.columns.some((c) => c.header !== '') },
  );
  const cols = plan.wide ? 0 : terminalColumns();
  if (cols > 0) text = text.split('\n').map((l) => (displayWidth(l) > cols ? cutToWidth(l, cols) : l)).join('\n');
  out(text);
}

function needsMemTotal(fields: Field<ProcessRow>[], plan: PsPlan): boolean {
  const all = [...fields, ...plan.sort.map((k) => k.field)];
  return all.some((f) => f === processFields.find('pmem'));
}

/** One JSON object: field key -> raw value (bytes, seconds, percent). */
export function jsonRow(r: ProcessRow, fields: Field<ProcessRow>[], ctx: FormatContext): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) o[f.key] = f.value(r, ctx);
  return o;
}
