import type { ProcessRow } from '../core/process.js';
import { DF_DASHBOARD_COLUMNS, fsFields, fsFormatContext } from '../fields/fs-fields.js';
import { FINDMNT_DEFAULT, mountFields } from '../fields/mount-fields.js';
import type { FieldRegistry } from '../fields/registry.js';
import { dfRows, fieldTable, mountTableRows, treeTarget, type ListView } from './fs-view.js';
import type { Moment } from './moment.js';
import { processTable, type ProcessTable } from './process-view.js';
import type { Theme } from './theme.js';
import { containersView } from './containers-view.js';
import { systemView } from './system-view.js';
import type { ProcessFilter, ViewState } from './view-state.js';

/**
 * The views that fill the lower part of the dashboard, in Tab order. A view is a small object: an id (the
 * config file's `view`), the snapshot families the collector must read while it is on screen, and a pure
 * render of the current moment into a header and the visible rows. To add a view, write one in its own file
 * and append it to {@link MAIN_VIEWS}; the collector side maps each family name to what reads it
 * (src/cli/dashboard/run.ts, VIEW_FAMILIES).
 */

/** What a view draws, plus what the controller needs to map keys and clicks back to rows. */
export interface MainFrame extends ListView {
  /** The process table, for the views whose rows are processes (selection, kill, details, mouse). */
  table?: ProcessTable;
  /** Enter on this view shows the process table with this filter (the Containers view: the row's container). */
  enterFilter?: ProcessFilter;
}

/** Everything a view's render gets. */
export interface MainViewInput {
  moment: Moment;
  state: ViewState;
  /** First row the user scrolled to (views without a selection). */
  scroll: number;
  width: number;
  height: number;
  theme: Theme;
  reg: FieldRegistry<ProcessRow>;
}

/** One view of the main area. */
export interface MainView {
  /** Name in the config file and in `setView`. */
  id: string;
  /** Families of the snapshot the view reads (`filesystems`, `mounts`), collected only while it shows. */
  families: readonly string[];
  /** Draw `height` lines (header first) of `width` characters; pure. */
  render(input: MainViewInput): MainFrame;
}

function loading(text: string, theme: Theme): MainFrame {
  return { header: theme.paint('dim', text), lines: [], scroll: 0, count: 0 };
}

/** The process table (top's). */
export const processesView: MainView = {
  id: 'processes',
  families: [],
  render: ({ moment, state, reg, width, height, theme }) => {
    const t = processTable(moment.snapshot, state, reg, width, height, theme);
    return { header: t.header, lines: t.lines, scroll: t.state.scroll, count: t.ordered.length, table: t };
  },
};

/** df -hT: the filesystem registry's dashboard columns. */
export const filesystemsView: MainView = {
  id: 'filesystems',
  families: ['filesystems'],
  render: ({ moment, width, height, scroll, theme }) => {
    const fss = moment.snapshot.filesystems;
    if (fss === undefined) return loading('reading filesystems...', theme);
    const ctx = fsFormatContext({ kind: 'human', base: 1024 }, moment.snapshot.time);
    return fieldTable(dfRows(fss), fsFields.parseList(DF_DASHBOARD_COLUMNS), ctx, width, height, scroll, theme);
  },
};

/** findmnt: the mount registry's default columns, targets indented as a tree. */
export const mountsView: MainView = {
  id: 'mounts',
  families: ['mounts'],
  render: ({ moment, width, height, scroll, theme }) => {
    const mounts = moment.snapshot.mounts;
    if (mounts === undefined) return loading('reading mounts...', theme);
    const fields = mountFields.parseList(FINDMNT_DEFAULT).map((f) => (f.key === 'target' ? treeTarget(f) : f));
    const ctx = fsFormatContext(undefined, moment.snapshot.time);
    return fieldTable(mountTableRows(mounts), fields, ctx, width, height, scroll, theme);
  },
};

/** The views in Tab order. */
export const MAIN_VIEWS: readonly MainView[] = [processesView, filesystemsView, mountsView, containersView, systemView];

/** View ids in Tab order (config file values). */
export const DASHBOARD_VIEWS: readonly string[] = MAIN_VIEWS.map((v) => v.id);

/** The view with this id (the first one for an unknown id). */
export function mainView(id: string, views: readonly MainView[] = MAIN_VIEWS): MainView {
  return views.find((v) => v.id === id) ?? views[0]!;
}
