import { describe, expect, it } from 'vitest';
import type { Mount } from '../../src/core/filesystem.js';
import { processFields } from '../../src/fields/process-fields.js';
import { MetricsStore } from '../../src/store/metrics-store.js';
import {
  initialDashState, reduce, type ControllerContext, type DashState, type Effect, type Input,
} from '../../src/tui/controller.js';
import { buildKeymap } from '../../src/tui/keymap.js';
import { MAIN_VIEWS, type MainView } from '../../src/tui/main-views.js';
import type { Moment } from '../../src/tui/moment.js';
import { screenPanels } from '../../src/tui/screen-panels.js';
import { statusLine } from '../../src/tui/status-line.js';
import { bareTheme } from '../../src/tui/theme.js';
import { initialViewState } from '../../src/tui/view-state.js';
import { details, proc, snapshot } from './snapshot-fixture.js';

const reg = processFields;

function context(over: Partial<ControllerContext> = {}): ControllerContext {
  return { reg, keymap: buildKeymap(reg).keymap, theme: bareTheme, views: MAIN_VIEWS, canThreads: true, canStep: false, ...over };
}

/** 30 processes: pid 1..30, %CPU rising with the pid, memory falling. */
function moment(over: Partial<Parameters<typeof snapshot>[1]> = {}, n = 30): Moment {
  const rows = Array.from({ length: n }, (_, i) => proc(i + 1, { cpuDeltaTicks: i, rssPages: 1000 - i, utime: 500 - i * 3, comm: `p${i + 1}` }));
  const store = new MetricsStore({ retentionSeconds: 60, intervalSeconds: 1.5 });
  const snap = snapshot(rows, over);
  store.push(snap);
  return { snapshot: snap, history: store };
}

/** A dashboard in 120x40 showing `moment()`; returns the state after the first moment. */
function start(ctx = context(), m = moment(), width = 120, height = 40): { s: DashState; effects: Effect[] } {
  let s = initialDashState(initialViewState(), ctx, { width, height });
  const a = reduce(s, { type: 'init' }, ctx);
  const b = reduce(a.state, { type: 'moment', moment: m, host: { hostname: 'box', users: 1 } }, ctx);
  s = b.state;
  return { s, effects: [...a.effects, ...b.effects] };
}

/** Feed inputs one after the other; all effects, in order. */
function feed(s: DashState, inputs: Input[], ctx = context()): { s: DashState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const i of inputs) {
    const r = reduce(s, i, ctx);
    s = r.state;
    effects.push(...r.effects);
  }
  return { s, effects };
}

/** Keys as blessed reports them: a typed character (its own name), or a key name. */
function keys(...ks: string[]): Input[] {
  return ks.map((k) => (k.length === 1 ? { type: 'key', ch: k, name: k } : { type: 'key', name: k }));
}
const typed = (text: string): Input[] => [...text].map((c) => ({ type: 'key', ch: c, name: c }));

const selectedPid = (s: DashState): number | null => s.view.selectedPid;
const firstPid = (s: DashState): number => s.frame!.table!.ordered[0]!.row.pid;

describe('controller: sorting keys come from the registry', () => {
  it('P M N T sort by the fields that carry those hotkeys, in their default direction', () => {
    const { s } = start();
    for (const f of reg.fields.filter((x) => x.hotkey)) {
      const r = feed(s, keys(f.hotkey!));
      expect(r.s.view.sortKey).toBe(f.key);
      expect(r.s.view.sortDesc).toBe(f.descByDefault);
    }
    expect(firstPid(feed(s, keys('P')).s)).toBe(30);
    expect(firstPid(feed(s, keys('M')).s)).toBe(1);
    expect(firstPid(feed(s, keys('N')).s)).toBe(1);
    expect(firstPid(feed(s, keys('T')).s)).toBe(1);
  });
  it('R reverses, < and > move the sort to the neighbouring column', () => {
    const { s } = start();
    expect(feed(s, keys('R')).s.view.sortDesc).toBe(!s.view.sortDesc);
    const cols = s.view.columns;
    const at = cols.indexOf(s.view.sortKey);
    expect(feed(s, keys('<')).s.view.sortKey).toBe(cols[at - 1]);
    expect(feed(s, keys('>')).s.view.sortKey).toBe(cols[at + 1]);
  });
  it('a field without a hotkey gets none: the keymap holds no sort key of its own', () => {
    const km = buildKeymap(reg).keymap;
    const sorts = km.bindings.filter((b) => b.action.startsWith('sort:'));
    expect(sorts.map((b) => b.keys[0]).sort()).toEqual(reg.fields.filter((f) => f.hotkey).map((f) => f.hotkey).sort());
  });
});

describe('controller: moving', () => {
  it('Down/j, Up, PgDn/PgUp, Ctrl-D/Ctrl-U, Home/g and End/G move the selection', () => {
    const { s } = start(context(), moment({}, 200));
    const body = s.frame!.lines.length;
    expect(body).toBeGreaterThan(4);
    const pidAt = (st: DashState, i: number) => st.frame!.table!.ordered[i]!.row.pid;
    expect(feed(s, keys('down')).s.view.selected).toBe(1);
    expect(feed(s, keys('j', 'j', 'up')).s.view.selected).toBe(1);
    expect(feed(s, keys('pagedown')).s.view.selected).toBe(body);
    expect(feed(s, keys('pagedown', 'pageup')).s.view.selected).toBe(0);
    expect(feed(s, keys('C-d')).s.view.selected).toBe(Math.floor(body / 2));
    expect(feed(s, keys('C-d', 'C-u')).s.view.selected).toBe(0);
    const end = feed(s, keys('G')).s;
    expect(end.view.selected).toBe(199);
    expect(selectedPid(end)).toBe(pidAt(end, 199));
    expect(end.frame!.lines.at(-1)).toContain(`p${pidAt(end, 199)}`);
    expect(feed(s, keys('end', 'g')).s.view.selected).toBe(0);
    expect(feed(s, keys('end', 'home')).s.view.selected).toBe(0);
  });
  it('the selection follows its process across a re-sort', () => {
    const { s } = start();
    const r = feed(s, keys('j', 'j', 'j'));
    const pid = selectedPid(r.s)!;
    const sorted = feed(r.s, keys('N')).s;
    expect(sorted.frame!.table!.ordered[sorted.view.selected]!.row.pid).toBe(pid);
  });
});

describe('controller: views', () => {
  const mount = (id: number, parentId: number, target: string): Mount => ({
    id, parentId, majMin: '8:1', root: '/', target, mountOptions: 'rw,relatime', optional: [], fstype: 'ext4', source: `/dev/x${id}`, superOptions: 'rw',
  });
  it('Tab and S-Tab cycle the views and tell the collector', () => {
    const { s, effects } = start();
    expect(effects).toContainEqual({ type: 'set-view', view: 'processes' });
    const a = feed(s, keys('tab'));
    expect(a.s.view.view).toBe('filesystems');
    expect(a.effects).toContainEqual({ type: 'set-view', view: 'filesystems' });
    expect(a.s.frame!.header).toMatch(/reading filesystems/);
    expect(feed(s, keys('S-tab')).s.view.view).toBe('system');
    expect(feed(s, keys('S-tab', 'S-tab')).s.view.view).toBe('containers');
    expect(feed(s, keys('S-tab', 'S-tab', 'S-tab')).s.view.view).toBe('mounts');
  });
  it('the mounts view draws the mount registry\'s columns, a tree, and scrolls with the movement keys', () => {
    const mounts = [mount(1, 0, '/'), ...Array.from({ length: 60 }, (_, i) => mount(i + 2, 1, `/m${i}`))];
    const { s } = start(context(), moment({ mounts }));
    const v = feed(s, keys('S-tab', 'S-tab', 'S-tab')).s;
    expect(v.frame!.header).toMatch(/^TARGET\s+SOURCE\s+FSTYPE\s+OPTIONS/);
    expect(v.frame!.lines[1]).toMatch(/^ {2}\/m0\s+\/dev\/x2\s+ext4\s+rw,relatime/);
    const down = feed(v, keys('j', 'j')).s;
    expect(down.listScroll.mounts).toBe(2);
    expect(down.frame!.lines[0]).toMatch(/^ {2}\/m1\s/);
    const end = feed(v, keys('G')).s;
    expect(end.frame!.lines.at(-1)).toMatch(/\/m59\s/);
  });
  it('a view added to the list is reachable with Tab and renders from the moment', () => {
    const extra: MainView = {
      id: 'counts',
      families: ['nothing'],
      render: ({ moment: m }) => ({ header: 'COUNT', lines: [`${m.snapshot.processes.length} processes`], scroll: 0, count: 1 }),
    };
    const ctx = context({ views: [...MAIN_VIEWS, extra] });
    const { s } = start(ctx);
    const r = feed(s, keys('S-tab'), ctx);
    expect(r.s.view.view).toBe('counts');
    expect(r.effects).toContainEqual({ type: 'set-view', view: 'counts' });
    expect(r.s.frame!.lines).toEqual(['30 processes']);
  });
});

describe('controller: prompts and process actions', () => {
  it('/ adds a filter, Enter on an empty prompt clears, = clears', () => {
    const { s } = start();
    const f = feed(s, [...keys('/'), ...typed('COMMAND=p1'), ...keys('return')]).s;
    expect(f.view.filters).toHaveLength(1);
    expect(f.message).toMatch(/filter COMMAND=p1/);
    expect(f.frame!.table!.ordered.every((o) => o.row.comm.includes('p1'))).toBe(true);
    expect(feed(f, [...keys('o'), ...keys('return')]).s.view.filters).toEqual([]);
    expect(feed(f, keys('=')).s.view.filters).toEqual([]);
    const esc = feed(s, [...keys('/'), ...typed('x'), ...keys('escape')]).s;
    expect(esc.prompt).toBeNull();
    expect(esc.view.filters).toEqual([]);
  });
  it('backspace and Ctrl-U edit a prompt; the filter field asks for its file', () => {
    const { s } = start();
    const r = feed(s, [...keys('/'), ...typed('ab'), ...keys('backspace'), ...typed('c')]);
    expect(r.s.prompt!.value).toBe('ac');
    expect(feed(r.s, keys('C-u')).s.prompt!.value).toBe('');
    const args = feed(s, [...keys('/'), ...typed('ssh'), ...keys('return')]);
    expect(args.effects.find((e) => e.type === 'set-fields')).toMatchObject({ fields: expect.arrayContaining([reg.get('args')]) });
  });
  it('u filters by user', () => {
    const { s } = start();
    const r = feed(s, [...keys('u'), ...typed('bob'), ...keys('return')]).s;
    expect(r.view.userFilter).toBe('bob');
    expect(r.frame!.table!.ordered).toHaveLength(0);
  });
  it('k sends TERM by default to the selected process and reports the outcome', () => {
    const { s } = start();
    const pid = selectedPid(s)!;
    const r = feed(s, [...keys('k'), ...keys('return')]);
    const kill = r.effects.find((e) => e.type === 'kill');
    expect(kill).toEqual({ type: 'kill', pid, signal: 'TERM' });
    expect(feed(r.s, [{ type: 'outcome', of: kill!, outcome: { ok: true } }]).s.message).toBe(`sent SIGTERM to ${pid}`);
    const bad = feed(r.s, [{ type: 'outcome', of: kill!, outcome: { ok: false, message: 'Operation not permitted' } }]).s;
    expect(bad.message).toBe(`kill ${pid}: Operation not permitted`);
    expect(bad.messageIsError).toBe(true);
    const nine = feed(s, [...keys('f9'), ...typed('KILL'), ...keys('return')]);
    expect(nine.effects).toContainEqual({ type: 'kill', pid, signal: 'KILL' });
  });
  it('k with no process says so', () => {
    const ctx = context();
    const { s } = start(ctx, moment({}, 0));
    const r = feed(s, keys('k'), ctx).s;
    expect(r.prompt).toBeNull();
    expect(r.message).toBe('kill: no process selected');
  });
  it('r renices to a whole number, F7 and F8 step the nice value', () => {
    const { s } = start();
    const pid = selectedPid(s)!;
    expect(feed(s, [...keys('r'), ...typed('x'), ...keys('return')]).s.message).toBe("renice: 'x' is not a whole number");
    expect(feed(s, [...keys('r'), ...typed('5'), ...keys('return')]).effects).toContainEqual({ type: 'renice', pid, nice: 5 });
    expect(feed(s, keys('f8')).effects).toContainEqual({ type: 'renice', pid, nice: 1 });
    expect(feed(s, keys('f7')).effects).toContainEqual({ type: 'renice', pid, nice: -1 });
    const done = feed(s, [{ type: 'outcome', of: { type: 'renice', pid, nice: 5 }, outcome: { ok: true } }]).s;
    expect(done.message).toBe(`pid ${pid} nice 5`);
  });
  it('d changes the delay', () => {
    const { s } = start();
    const r = feed(s, [...keys('d'), ...typed('0.5'), ...keys('return')]);
    expect(r.s.view.delay).toBe(0.5);
    expect(r.effects).toContainEqual({ type: 'set-delay', seconds: 0.5 });
    expect(feed(s, [...keys('s'), ...typed('-1'), ...keys('return')]).s.message).toMatch(/not a positive number/);
  });
  it('Ctrl-C quits from a prompt', () => {
    const { s } = start();
    const r = feed(s, [...keys('/'), ...keys('C-c')]);
    expect(r.effects).toContainEqual({ type: 'quit', code: 0 });
    expect(r.s.quit).toBe(0);
  });
});

describe('controller: toggles', () => {
  it('V H 1 c i toggle tree, threads, per-CPU, full command, idle', () => {
    const { s } = start();
    expect(feed(s, keys('V')).s.view.tree).toBe(true);
    expect(feed(s, keys('f5')).s.view.tree).toBe(true);
    const h = feed(s, keys('H'));
    expect(h.s.view.threads).toBe(true);
    expect(h.effects).toContainEqual({ type: 'set-threads', on: true });
    expect(feed(s, keys('1')).s.view.perCpu).toBe(!s.view.perCpu);
    const c = feed(s, keys('c'));
    expect(c.s.view.fullCommand).toBe(true);
    expect(c.effects.find((e) => e.type === 'set-fields')).toBeDefined();
    const idle = feed(s, keys('i')).s;
    expect(idle.view.hideIdle).toBe(true);
    expect(idle.frame!.table!.ordered.length).toBeLessThan(30);
  });
  it('H says so when the collector cannot list threads', () => {
    const ctx = context({ canThreads: false });
    const { s } = start(ctx);
    const r = feed(s, keys('H'), ctx);
    expect(r.s.view.threads).toBe(false);
    expect(r.s.message).toMatch(/cannot list threads/);
  });
  it('space freezes and thaws; W writes the configuration and reports where', () => {
    const { s } = start();
    const f = feed(s, keys(' '));
    expect(f.effects).toContainEqual({ type: 'freeze', on: true });
    expect(statusLine(f.s, context(), 120)).toMatch(/FROZEN/);
    expect(feed(f.s, keys(' ')).effects).toContainEqual({ type: 'freeze', on: false });
    const w = feed(s, keys('W'));
    const write = w.effects.find((e) => e.type === 'write-config')!;
    expect(write).toMatchObject({ config: { sort: '-pcpu', view: 'processes' } });
    expect(feed(w.s, [{ type: 'outcome', of: write, outcome: { ok: true, detail: '/x/config.json' } }]).s.message).toBe('wrote /x/config.json');
    expect(feed(w.s, [{ type: 'outcome', of: write, outcome: { ok: false, message: 'read-only' } }]).s.message).toBe('W: read-only');
  });
  it('Ctrl-L redraws; Esc clears a message; q quits', () => {
    const { s } = start();
    expect(feed(s, keys('C-l')).effects).toContainEqual({ type: 'redraw' });
    const m = feed(s, [{ type: 'say', text: 'hello' }]).s;
    expect(feed(m, keys('escape')).s.message).toBe('');
    expect(feed(s, keys('q')).effects).toContainEqual({ type: 'quit', code: 0 });
    expect(feed(s, keys('f10')).effects).toContainEqual({ type: 'quit', code: 0 });
  });
});

describe('controller: overlays', () => {
  it('h shows the keys in force; any key returns, Ctrl-C quits', () => {
    const ctx = context();
    const { s } = start(ctx);
    const h = feed(s, keys('h'), ctx).s;
    expect(h.overlay).toBe('help');
    const overlay = screenPanels(h, ctx).find((p) => p.id === 'overlay')!;
    expect(overlay.content).toMatch(/^P\s+sort by %CPU/m);
    expect(overlay.content).toMatch(/^k F9\s+send a signal/m);
    expect(feed(h, keys('x'), ctx).s.overlay).toBe('none');
    expect(feed(h, keys('C-c'), ctx).effects).toContainEqual({ type: 'quit', code: 0 });
  });
  it('f opens the field chooser: j/k move, d toggles, s sorts, Esc closes', () => {
    const { s } = start();
    const f = feed(s, keys('f')).s;
    expect(f.overlay).toBe('fields');
    const first = f.view.columns[0]!;
    const hidden = feed(f, keys('d'));
    expect(hidden.s.view.columns).not.toContain(first);
    expect(hidden.effects.find((e) => e.type === 'set-fields')).toBeDefined();
    const sorted = feed(f, keys('j', 's')).s;
    expect(sorted.view.sortKey).toBe(f.view.columns[1]);
    expect(feed(f, keys('escape')).s.overlay).toBe('none');
    expect(feed(f, keys('q')).s.overlay).toBe('none');
    expect(feed(f, keys('q')).s.quit).toBeNull();
  });
  it('Enter reads the details of the selected process; a moment reads them again; a gone process closes them', () => {
    const { s } = start();
    const pid = selectedPid(s)!;
    const e = feed(s, keys('return'));
    expect(e.effects).toContainEqual({ type: 'load-details', pid });
    const open = feed(e.s, [{ type: 'details', pid, data: details(pid), now: Date.now() }]).s;
    expect(open.overlay).toBe('details');
    expect(screenPanels(open, context()).find((p) => p.id === 'overlay')!.content).toContain(`/usr/bin/p${pid}`);
    const scrolled = feed(open, keys('j', 'j')).s;
    expect(scrolled.details!.scroll).toBe(2);
    const section = feed(open, keys('tab')).s;
    expect(section.details!.scroll).toBe(open.details!.render.sections[1]!.line);
    expect(section.view.view).toBe('processes');
    expect(feed(open, [{ type: 'moment', moment: moment() }]).effects).toContainEqual({ type: 'load-details', pid });
    const gone = feed(open, [{ type: 'details', pid, data: null, now: Date.now() }]).s;
    expect(gone.overlay).toBe('none');
    expect(gone.message).toBe(`process ${pid} is gone`);
    const back = feed(open, keys('q'));
    expect(back.s.overlay).toBe('none');
    expect(back.s.quit).toBeNull();
    expect(feed(open, keys('C-c')).s.quit).toBe(0);
  });
});

describe('controller: the mouse', () => {
  it('a click on a header sorts by it (again: reverses), a click on a row selects it, the wheel scrolls', () => {
    const { s } = start();
    const main = screenPanels(s, context()).find((p) => p.id === 'main')!.rect!;
    const pidCol = s.frame!.table!.columns.find((c) => c.field.key === 'pid')!;
    const click = (st: DashState, x: number, y: number) => feed(st, [{ type: 'mouse', action: 'mousedown', x, y }]).s;
    const byPid = click(s, main.left + pidCol.x, main.top);
    expect(byPid.view.sortKey).toBe('pid');
    expect(click(byPid, main.left + pidCol.x, main.top).view.sortDesc).toBe(!byPid.view.sortDesc);
    const row3 = click(s, main.left + 5, main.top + 3);
    expect(row3.view.selected).toBe(2);
    expect(feed(s, [{ type: 'mouse', action: 'wheeldown', x: 0, y: 0 }]).s.view.selected).toBe(3);
  });
});

describe('controller: keys from the config file', () => {
  it('remapped keys take over and leave their old action; the help screen shows them', () => {
    const { keymap, problems } = buildKeymap(reg, { up: ['k', 'up'], kill: ['K', 'f9'], bogus: ['x'] });
    expect(problems).toEqual(['keys: unknown action bogus']);
    const ctx = context({ keymap });
    const { s } = start(ctx);
    expect(feed(s, keys('j', 'j', 'k'), ctx).s.view.selected).toBe(1);
    expect(feed(s, keys('K'), ctx).s.prompt?.kind).toBe('kill');
    expect(keymap.helpLines().join('\n')).toMatch(/^K F9\s+send a signal/m);
    expect(statusLine(s, ctx, 120)).toMatch(/K kill/);
  });
});

describe('controller: moments from a recorded source', () => {
  it('shows any moment it is handed, with its position on the status line; { and } ask the timeline to step', () => {
    const ctx = context({ canStep: true });
    const { s } = start(ctx);
    const old = moment({ time: Date.UTC(2026, 0, 1) }, 3);
    const r = feed(s, [{ type: 'moment', moment: { ...old, position: 'replay 00:00:00 1/9' } }], ctx).s;
    expect(r.frame!.table!.ordered).toHaveLength(3);
    expect(statusLine(r, ctx, 120)).toMatch(/replay 00:00:00 1\/9/);
    expect(feed(r, keys('{'), ctx).effects).toContainEqual({ type: 'step', delta: -1 });
    expect(feed(r, keys('}'), ctx).effects).toContainEqual({ type: 'step', delta: 1 });
  });
  it('the live view says it has nothing to step through', () => {
    const { s } = start();
    const r = feed(s, keys('{'));
    expect(r.effects.find((e) => e.type === 'step')).toBeUndefined();
    expect(r.s.message).toMatch(/no stored moments/);
  });
});

describe('controller: screen', () => {
  it('lays out every size from 40x12 to 300x80 with the status line at the bottom', () => {
    for (const [w, h] of [[40, 12], [80, 24], [200, 60], [300, 80]] as const) {
      const ctx = context();
      const { s } = start(ctx, moment(), w, h);
      const panels = screenPanels(s, ctx);
      const status = panels.find((p) => p.id === 'status')!;
      expect(status.rect).toEqual({ top: h - 1, left: 0, width: w, height: 1 });
      const main = panels.find((p) => p.id === 'main')!;
      const [head, ...rows] = main.content.split('\n');
      expect(head).toMatch(/^\s*PID\s+USER/);
      expect(rows.length).toBe(Math.min(30, main.rect!.height - 1));
      for (const line of rows) expect(line.length).toBe(w);
    }
  });
  it('says collecting before the first moment', () => {
    const ctx = context();
    const s = initialDashState(initialViewState(), ctx, { width: 80, height: 24 });
    expect(screenPanels(s, ctx).find((p) => p.id === 'status')!.content).toBe('collecting...');
  });
});

describe('controller: main-screen panels', () => {
  it('2-7 show and hide panels, 0 rotates them, and the layout follows', () => {
    const ctx = context();
    const { s } = start(ctx, moment(), 200, 60);
    expect(s.view.panels).toEqual(['cpu', 'memory', 'network', 'disk', 'filesystems', 'pressure']);
    const ids = (st: DashState) => screenPanels(st, ctx).filter((p) => p.id.startsWith('panel:') && p.rect).map((p) => p.id);
    expect(ids(s)).toEqual(['panel:cpu', 'panel:memory', 'panel:network', 'panel:disk', 'panel:filesystems', 'panel:pressure']);
    const hidden = feed(s, keys('4'), ctx).s;
    expect(hidden.view.panels).not.toContain('network');
    expect(ids(hidden)).not.toContain('panel:network');
    expect(feed(hidden, keys('4'), ctx).s.view.panels.at(-1)).toBe('network');
    expect(feed(s, keys('0'), ctx).s.view.panels).toEqual(['memory', 'network', 'disk', 'filesystems', 'pressure', 'cpu']);
  });
  it('draws load and PSI, and the fullest filesystems first', () => {
    const ctx = context();
    const some = { avg10: 12.5, avg60: 3, avg300: 1, totalUs: 0 };
    const fs = (target: string, size: number, free: number) => ({
      mount: { id: 1, parentId: 0, majMin: `0:${target.charCodeAt(1)}`, root: '/', target, mountOptions: 'rw', optional: [], fstype: 'ext4', source: '/dev/x', superOptions: 'rw' },
      blockSize: 4096, size, free, avail: free, files: 1, filesFree: 1, stale: false,
    });
    const m = moment({
      pressure: { cpu: { some, full: null }, memory: { some, full: some }, io: null },
      filesystems: [fs('/half', 1000, 500), fs('/full', 1000, 50), fs('/empty', 1000, 1000)],
    });
    const { s } = start(ctx, m, 200, 60);
    const text = (id: string) => screenPanels(s, ctx).find((p) => p.id === id)!.content;
    expect(text('panel:pressure')).toMatch(/^Load 0\.50 0\.25 0\.13/);
    expect(text('panel:pressure')).toMatch(/cpu some\s+12\.50\s+3\.00\s+1\.00/);
    expect(text('panel:pressure')).toMatch(/mem full/);
    const lines = text('panel:filesystems').split('\n');
    expect(lines[1]).toMatch(/95% .*\/full$/);
    expect(lines[2]).toMatch(/50% .*\/half$/);
  });
});

describe('controller: grouping and I/O columns', () => {
  it('b groups rows by command name with summed CPU and memory and a count; kill then asks to ungroup', () => {
    const rows = [
      proc(10, { comm: 'web', cpuDeltaTicks: 10, rssPages: 100 }),
      proc(11, { comm: 'web', cpuDeltaTicks: 20, rssPages: 50 }),
      proc(12, { comm: 'db', cpuDeltaTicks: 5, rssPages: 500 }),
    ];
    const store = new MetricsStore({ retentionSeconds: 60, intervalSeconds: 1.5 });
    const snap = snapshot(rows);
    store.push(snap);
    const ctx = context();
    const { s } = start(ctx, { snapshot: snap, history: store });
    const g = feed(s, keys('b'), ctx).s;
    expect(g.view.grouped).toBe(true);
    const ordered = g.frame!.table!.ordered.map((o) => [o.row.comm, o.row.pid, o.row.cpuDeltaTicks, o.row.rssPages]);
    expect(ordered).toEqual([['web (2)', 10, 30, 150], ['db', 12, 5, 500]]);
    expect(g.frame!.lines[0]).toMatch(/web \(2\)\s*$/);
    expect(statusLine(g, ctx, 120)).toMatch(/by name/);
    const k = feed(g, keys('k'), ctx).s;
    expect(k.prompt).toBeNull();
    expect(k.message).toMatch(/grouped by name; press b/);
    expect(feed(g, keys('b'), ctx).s.frame!.table!.ordered).toHaveLength(3);
  });
  it('the DISK R/s and W/s columns are bytes per second over the tick, asked for only when shown', () => {
    const io = reg.get('io-read');
    expect(io.needs).toContain('io');
    const ctx = context();
    const { s } = start(ctx);
    expect(s.needsKey.split(',')).not.toContain('io-read');
    const rows = [proc(1, { ioDelta: { read: 3 * 1024 * 1024, write: 0 } }), proc(2, { ioDelta: null })];
    const m = moment();
    const snap = { ...m.snapshot, processes: rows };
    const withIo = { ...s.view, columns: [...s.view.columns.slice(0, -1), 'io-read', 'io-write', 'comm'], sortKey: 'io-read' };
    const r = reduce({ ...s, view: withIo }, { type: 'moment', moment: { ...m, snapshot: snap } }, ctx);
    expect(r.effects.find((e) => e.type === 'set-fields')).toMatchObject({ fields: expect.arrayContaining([io]) });
    const t = r.state.frame!;
    expect(t.header).toMatch(/DISK R\/s DISK W\/s COMMAND/);
    expect(t.lines[0]).toMatch(/^\s*1 .* 2M\/s\s+0 proc1/);
    expect(t.lines[1]).toMatch(/^\s*2 .*\s-\s+- proc2/);
  });
});
