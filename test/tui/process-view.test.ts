import { describe, expect, it } from 'vitest';
import { processFields } from '../../src/fields/process-fields.js';
import {
  columnAt, filterRows, formatContextOf, moveSortColumn, normalizeState, orderRows, processTable, sortByHotkey, visibleFields,
} from '../../src/tui/process-view.js';
import { bareTheme, colourTheme, stripTags } from '../../src/tui/theme.js';
import {
  initialViewState, moveColumn, moveSelection, parseFilter, selectRow, toggleColumn, type ViewState,
} from '../../src/tui/view-state.js';
import { proc, snapshot } from './snapshot-fixture.js';

const reg = processFields;
const isField = (n: string): boolean => reg.find(n) !== undefined;

const rows = [
  proc(1, { comm: 'init', ppid: 0, user: 'root', uid: 0, utime: 500, rssPages: 300, cpuDeltaTicks: 1, cmdline: ['/sbin/init'] }),
  proc(20, { comm: 'sshd', ppid: 1, user: 'root', uid: 0, utime: 50, rssPages: 2000, cpuDeltaTicks: 0, cmdline: ['sshd: /usr/sbin/sshd -D'] }),
  proc(300, { comm: 'bash', ppid: 20, utime: 7000, rssPages: 900, cpuDeltaTicks: 30, cmdline: ['-bash'] }),
  proc(41, { comm: 'vim', ppid: 300, state: 'R', utime: 20, rssPages: 5000, cpuDeltaTicks: 90, cmdline: ['vim', 'notes.txt'] }),
  proc(5, { comm: 'kworker/0:1', ppid: 2, user: 'root', uid: 0, rssPages: 0, vsize: 0, cmdline: [], cpuDeltaTicks: 0 }),
];
const snap = snapshot(rows);
const base = normalizeState(initialViewState(), reg);

function pids(state: ViewState): number[] {
  return processTable(snap, state, reg, 120, 40, bareTheme).ordered.map((o) => o.row.pid);
}

describe('process view: sorting', () => {
  it('starts as top does: %CPU high to low', () => {
    expect(base.sortKey).toBe('pcpu');
    expect(pids(base)).toEqual([41, 300, 1, 20, 5]);
  });
  it('sorts by every top hotkey from the registry', () => {
    const byKey = (k: string): number[] => pids(sortByHotkey(base, reg, k)!);
    expect(byKey('P')).toEqual([41, 300, 1, 20, 5]);
    expect(byKey('M')).toEqual([41, 20, 300, 1, 5]); // RSS high to low
    expect(byKey('N')).toEqual([1, 5, 20, 41, 300]); // pid ascending
    expect(byKey('T')).toEqual([300, 1, 20, 41, 5]); // CPU time high to low
    expect(sortByHotkey(base, reg, 'Q')).toBeNull();
  });
  it('R reverses, < and > walk the visible columns', () => {
    const rev = { ...sortByHotkey(base, reg, 'N')!, sortDesc: true };
    expect(pids(rev)).toEqual([300, 41, 20, 5, 1]);
    const left = moveSortColumn(base, reg, -1); // %CPU -> S
    expect(left.sortKey).toBe('state');
    const right = moveSortColumn(base, reg, 1); // %CPU -> %MEM
    expect(right.sortKey).toBe('pmem');
    expect(right.sortDesc).toBe(true);
    const first = moveSortColumn(sortByHotkey(base, reg, 'N')!, reg, -1);
    expect(first.sortKey).toBe('pid');
  });
  it('marks the sort column in the header', () => {
    const t = processTable(snap, base, reg, 120, 10, colourTheme);
    const marked = t.header.split('{/}').filter((p) => p.includes('{bold}'));
    expect(marked).toHaveLength(1);
    expect(stripTags(marked[0]!).trim()).toBe('%CPU');
  });
});

describe('process view: columns', () => {
  it('shows top\'s columns in top\'s order', () => {
    const t = processTable(snap, base, reg, 120, 10, bareTheme);
    expect(t.header.split(/\s+/).filter(Boolean)).toEqual(['PID', 'USER', 'PR', 'NI', 'VIRT', 'RES', 'SHR', 'S', '%CPU', '%MEM', 'TIME+', 'COMMAND']);
    expect(t.header).toHaveLength(120);
  });
  it('c switches the command column between name and command line', () => {
    const name = processTable(snap, base, reg, 120, 10, bareTheme);
    expect(name.lines[0]).toMatch(/ vim +$/);
    const full = processTable(snap, { ...base, fullCommand: true }, reg, 120, 10, bareTheme);
    expect(full.lines[0]).toMatch(/ vim notes\.txt +$/);
    expect(full.lines.some((l) => l.includes('[kworker/0:1]'))).toBe(true);
  });
  it('the field chooser hides, shows and moves columns', () => {
    let s = toggleColumn(base, 'virt');
    expect(visibleFields(s, reg).map((f) => f.header)).not.toContain('VIRT');
    s = toggleColumn(s, 'ppid', 1);
    expect(visibleFields(s, reg).map((f) => f.key).slice(0, 3)).toEqual(['pid', 'ppid', 'user']);
    s = moveColumn(s, 'ppid', -1);
    expect(s.columns.slice(0, 2)).toEqual(['ppid', 'pid']);
    expect(moveColumn(s, 'ppid', -1)).toBe(s);
    const only = { ...base, columns: ['pid'] };
    expect(toggleColumn(only, 'pid')).toBe(only); // never zero columns
  });
  it('normalizes aliases and drops unknown names', () => {
    const s = normalizeState({ ...base, columns: ['PID', 'RES', 'nonsense', 'pid'], sortKey: 'RES' }, reg);
    expect(s.columns).toEqual(['pid', 'res']);
    expect(s.sortKey).toBe('res');
  });
  it('a click on a header finds its column', () => {
    const t = processTable(snap, base, reg, 120, 10, bareTheme);
    const cpu = t.columns.find((c) => c.field.key === 'pcpu')!;
    expect(columnAt(t.columns, cpu.x + 1)?.field.key).toBe('pcpu');
    expect(columnAt(t.columns, 0)?.field.key).toBe('pid');
  });
});

describe('process view: filters', () => {
  const ctx = formatContextOf(snap);
  const run = (over: Partial<ViewState>): number[] => filterRows(rows, { ...base, ...over }, reg, ctx).map((r) => r.pid);
  it('parses FIELD=value, negation, comparisons and plain text', () => {
    expect(parseFilter('COMMAND=ssh', isField)).toEqual({ field: 'COMMAND', op: '=', value: 'ssh', negate: false });
    expect(parseFilter('!USER=root', isField)).toEqual({ field: 'USER', op: '=', value: 'root', negate: true });
    expect(parseFilter('%CPU>1.5', isField)).toEqual({ field: '%CPU', op: '>', value: '1.5', negate: false });
    expect(parseFilter('a=b', isField)).toEqual({ field: null, op: '=', value: 'a=b', negate: false });
    expect(parseFilter('  ', isField)).toBeNull();
  });
  it('plain text matches the command name or line', () => {
    expect(run({ filters: [parseFilter('notes', isField)!] })).toEqual([41]);
    expect(run({ filters: [parseFilter('SSH', isField)!] })).toEqual([20]);
    expect(run({ filters: [parseFilter('!kworker', isField)!] })).toEqual([1, 20, 300, 41]);
  });
  it('FIELD=value matches the cell text, combined filters all apply', () => {
    expect(run({ filters: [parseFilter('USER=root', isField)!] })).toEqual([1, 20, 5]);
    expect(run({ filters: [parseFilter('!USER=root', isField)!] })).toEqual([300, 41]);
    expect(run({ filters: [parseFilter('USER=root', isField)!, parseFilter('COMMAND=sh', isField)!] })).toEqual([20]);
    expect(run({ filters: [parseFilter('%CPU>50', isField)!] })).toEqual([41]);
    expect(run({ filters: [parseFilter('PID<21', isField)!] })).toEqual([1, 20, 5]);
  });
  it('u filters by user name or uid, ! excludes; i hides idle tasks', () => {
    expect(run({ userFilter: 'alice' })).toEqual([300, 41]);
    expect(run({ userFilter: '0' })).toEqual([1, 20, 5]);
    expect(run({ userFilter: '!root' })).toEqual([300, 41]);
    expect(run({ hideIdle: true })).toEqual([1, 300, 41]);
  });
});

describe('process view: tree', () => {
  it('puts children under parents, siblings in sort order', () => {
    const s = { ...sortByHotkey(base, reg, 'N')!, tree: true, fullCommand: false };
    const ctx = formatContextOf(snap);
    const o = orderRows(rows, s, reg, ctx);
    expect(o.map((x) => x.row.pid)).toEqual([1, 20, 300, 41, 5]);
    expect(o.map((x) => x.depth)).toEqual([0, 1, 2, 3, 0]);
    const t = processTable(snap, s, reg, 100, 10, bareTheme);
    expect(t.lines[3]).toMatch(/ {6}└─ vim/);
  });
  it('survives a parent loop and orphans', () => {
    const loop = [proc(7, { ppid: 8 }), proc(8, { ppid: 7 }), proc(9, { ppid: 12345 })];
    const o = orderRows(loop, { ...base, tree: true }, reg, formatContextOf(snapshot(loop)));
    expect(o.map((x) => x.row.pid).sort()).toEqual([9]);
  });
});

describe('process view: selection and scrolling', () => {
  const many = Array.from({ length: 100 }, (_, i) => proc(i + 1, { utime: i }));
  const big = snapshot(many);
  const s0 = normalizeState({ ...initialViewState(), sortKey: 'pid', sortDesc: false }, reg);
  it('keeps the selection on screen while moving', () => {
    let s = s0;
    let t = processTable(big, s, reg, 80, 11, bareTheme); // 10 body rows
    expect(t.lines).toHaveLength(10);
    s = moveSelection(t.state, 15, t.ordered.length, 10);
    t = processTable(big, s, reg, 80, 11, bareTheme);
    expect(t.state.selected).toBe(15);
    expect(t.state.scroll).toBe(6);
    expect(t.state.selectedPid).toBe(16);
    s = selectRow(t.state, 1000, t.ordered.length, 10); // End
    t = processTable(big, s, reg, 80, 11, bareTheme);
    expect(t.state.selected).toBe(99);
    expect(t.lines.at(-1)).toMatch(/^\s*100 /);
    s = moveSelection(t.state, -1000, t.ordered.length, 10); // Home
    expect(s.selected).toBe(0);
    expect(s.scroll).toBe(0);
  });
  it('follows the selected pid when the order changes', () => {
    const t = processTable(big, { ...s0, selectedPid: 42, selected: 0 }, reg, 80, 11, bareTheme);
    expect(t.state.selected).toBe(41);
    const rev = processTable(big, { ...t.state, sortDesc: true }, reg, 80, 11, bareTheme);
    expect(rev.state.selected).toBe(58);
    expect(rev.ordered[rev.state.selected]!.row.pid).toBe(42);
  });
  it('keeps the position when the selected process is gone', () => {
    const t = processTable(snapshot(many.slice(0, 50)), { ...s0, selectedPid: 77, selected: 76 }, reg, 80, 11, bareTheme);
    expect(t.state.selected).toBe(49);
    expect(t.state.selectedPid).toBe(50);
  });
  it('renders at small sizes without throwing', () => {
    for (const [w, h] of [[40, 12], [40, 2], [20, 1], [1, 1], [0, 0]] as const) {
      const t = processTable(big, s0, reg, w, h, bareTheme);
      expect(t.lines.length).toBeLessThanOrEqual(Math.max(0, h - 1));
      for (const l of t.lines) expect(l.length).toBeLessThanOrEqual(Math.max(w, 1));
    }
  });
  it('an empty snapshot is an empty table', () => {
    const t = processTable(snapshot([]), s0, reg, 80, 10, bareTheme);
    expect(t.lines).toEqual([]);
    expect(t.state.selectedPid).toBeNull();
  });
});
