import type { FsUsage, Mount } from '../core/filesystem.js';
import type { FsRow } from '../fields/fs-fields.js';
import { mountFields, type MountRow } from '../fields/mount-fields.js';
import type { Field, FormatContext } from '../fields/registry.js';
import { displayWidth, fitToWidth, padToWidth } from '../format/display-width.js';
import { escapeForTui } from '../format/escape.js';
import type { Theme } from './theme.js';
import { clamp } from './view-state.js';

/** A scrolled list of rows as the dashboard draws it. */
export interface ListView {
  header: string;
  lines: string[];
  /** First row shown, brought in range. */
  scroll: number;
  /** Rows in the list. */
  count: number;
}

function fit(text: string, width: number, align: 'left' | 'right'): string {
  return fitToWidth(text, width, align);
}

/**
 * Any registry's rows as a table in `width` x `height` (header + rows from `scroll`): column widths fit the
 * header and the cells on screen, the last column takes the rest of the line.
 */
export function fieldTable<Row>(
  rows: readonly Row[],
  fields: readonly Field<Row>[],
  ctx: FormatContext,
  width: number,
  height: number,
  scroll: number,
  theme: Theme,
  headerOf: (f: Field<Row>) => string = (f) => f.header,
): ListView {
  const body = Math.max(0, height - 1);
  const top = clamp(scroll, 0, Math.max(0, rows.length - body));
  const visible = rows.slice(top, top + body);
  // Kernel text (paths, sources, options) is escaped before it is measured or painted.
  const cells = visible.map((r) => fields.map((f) => escapeForTui(f.text(r, ctx))));
  return {
    ...cellTable(cells, fields.map((f) => ({ header: headerOf(f), width: f.width, align: f.align })), width, theme),
    scroll: top,
    count: rows.length,
  };
}

/** Header and lines of escaped cells: columns as wide as header and cells (display columns), the last takes the rest. */
function cellTable(
  cells: readonly string[][],
  cols: readonly { header: string; width: number; align: 'left' | 'right' }[],
  width: number,
  theme: Theme,
): { header: string; lines: string[] } {
  const widths = cols.map((f, c) => {
    let w = Math.max(f.width, displayWidth(f.header));
    for (const row of cells) w = Math.max(w, displayWidth(row[c]!));
    return w;
  });
  const line = (parts: string[]): string =>
    fit(parts.map((p, c) => (c === parts.length - 1 ? p : padToWidth(p, widths[c]!, cols[c]!.align))).join(' '), width, 'left');
  return {
    header: theme.paint('header', theme.esc(line(cols.map((f) => f.header)))),
    lines: cells.map((c) => theme.esc(line(c))),
  };
}

/** df's default listing: pseudo filesystems and zero-sized ones left out, as `df` without -a does. */
export function dfRows(filesystems: readonly FsUsage[] | undefined): FsRow[] {
  return (filesystems ?? []).filter((f) => f.stale || f.size > 0);
}

/** A mount with its depth in the mount tree (findmnt's order: children under their parent). */
export interface MountLine {
  mount: Mount;
  depth: number;
}

/** Mounts as findmnt shows them: a tree by parent id, in mountinfo order among siblings. */
export function mountTree(mounts: readonly Mount[]): MountLine[] {
  const ids = new Set(mounts.map((m) => m.id));
  const kids = new Map<number, Mount[]>();
  const roots: Mount[] = [];
  for (const m of mounts) {
    if (m.parentId !== m.id && ids.has(m.parentId)) {
      let l = kids.get(m.parentId);
      if (!l) kids.set(m.parentId, (l = []));
      l.push(m);
    } else roots.push(m);
  }
  const out: MountLine[] = [];
  const seen = new Set<number>();
  const stack: MountLine[] = roots.map((mount) => ({ mount, depth: 0 })).reverse();
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (seen.has(cur.mount.id)) continue;
    seen.add(cur.mount.id);
    out.push(cur);
    const k = kids.get(cur.mount.id) ?? [];
    for (let i = k.length - 1; i >= 0; i--) stack.push({ mount: k[i]!, depth: cur.depth + 1 });
  }
  return out;
}

/** The Mounts view's columns, from the findmnt registry (the same cells as `sysmon mounts`). */
const MOUNT_VIEW_COLUMNS = ['target', 'source', 'fstype', 'options'].map((k) => mountFields.get(k));
const MOUNT_VIEW_CONTEXT: FormatContext = {
  now: 0, uptime: 0, btime: 0, hz: 100, pageSize: 4096, memTotal: 0, interval: null, cpuCount: 1,
};

/** The mount view: TARGET (indented by depth) SOURCE FSTYPE OPTIONS, as findmnt prints them. */
export function mountsTable(mounts: readonly Mount[], width: number, height: number, scroll: number, theme: Theme): ListView {
  const tree = mountTree(mounts);
  const body = Math.max(0, height - 1);
  const top = clamp(scroll, 0, Math.max(0, tree.length - body));
  const visible = tree.slice(top, top + body);
  const cells = visible.map((l) => {
    const row: MountRow = { mount: l.mount };
    return MOUNT_VIEW_COLUMNS.map((f, c) =>
      (c === 0 ? '  '.repeat(l.depth) : '') + escapeForTui(f.text(row, MOUNT_VIEW_CONTEXT)),
    );
  });
  const cols = MOUNT_VIEW_COLUMNS.map((f) => ({ header: f.header, width: 6, align: f.align }));
  return { ...cellTable(cells, cols, width, theme), scroll: top, count: tree.length };
}
