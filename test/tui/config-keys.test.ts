import { describe, expect, it } from 'vitest';
import type { Mount } from '../../src/core/filesystem.js';
import { fsFields, fsFormatContext } from '../../src/fields/fs-fields.js';
import { processFields } from '../../src/fields/process-fields.js';
import { applyConfig, configFromState } from '../../src/tui/config.js';
import { chooserFields, chooserKey, chooserLines } from '../../src/tui/field-chooser-view.js';
import { dfRows, fieldTable, mountTree } from '../../src/tui/fs-view.js';
import { buildKeymap } from '../../src/tui/keymap.js';
import { DASHBOARD_VIEWS, mountsView } from '../../src/tui/main-views.js';
import { MetricsStore } from '../../src/store/metrics-store.js';
import { snapshot } from './snapshot-fixture.js';
import { normalizeState } from '../../src/tui/process-view.js';
import { bareTheme } from '../../src/tui/theme.js';
import { cycleView, initialViewState, parseFilter } from '../../src/tui/view-state.js';

const reg = processFields;
const base = normalizeState(initialViewState(), reg);

const keymap = buildKeymap(processFields).keymap;
const actionFor = (ch: string | undefined, name: string | undefined) => keymap.actionFor(ch, name);
const helpLines = () => keymap.helpLines();

describe('keys', () => {
  it('maps top\'s keys and htop\'s function keys', () => {
    expect(actionFor('P', 'S-p')).toBe('sort:pcpu');
    expect(actionFor('M', 'S-m')).toBe('sort:pmem');
    expect(actionFor('N', 'S-n')).toBe('sort:pid');
    expect(actionFor('T', 'S-t')).toBe('sort:time+');
    expect(actionFor('k', 'k')).toBe('kill');
    expect(actionFor(undefined, 'f9')).toBe('kill');
    expect(actionFor(undefined, 'f6')).toBe('fields');
    expect(actionFor(undefined, 'f5')).toBe('tree');
    expect(actionFor(undefined, 'f10')).toBe('quit');
    expect(actionFor('\x03', 'C-c')).toBe('quit');
    expect(actionFor(' ', 'space')).toBe('freeze');
    expect(actionFor('?', '?')).toBe('help');
    expect(actionFor('\r', 'enter')).toBe('details');
    expect(actionFor('x', 'x')).toBeUndefined();
  });
  it('binds no key twice', () => {
    for (const mode of ['main', 'chooser']) {
      const keys = keymap.bindings.filter((b) => b.mode === mode).flatMap((b) => b.keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
  it('agrees with the registry\'s sort hotkeys', () => {
    for (const f of reg.fields.filter((x) => x.hotkey)) expect(actionFor(f.hotkey, undefined)).toBe(`sort:${f.key}`);
  });
  it('lists every key on the help screen', () => {
    const help = helpLines().join('\n');
    for (const label of ['P', 'M', 'N', 'T', 'R', '< / >', 'f F F6', '/ o O F4', 'u U', 'k F9', 'r', 'F7 / F8', 'V F5', 'g / End G', 'Ctrl-U / Ctrl-D', 'H', '1', 'c', 'i', 'd', 'space', 'W', 'Tab', 'Enter', 'h ? F1', 'q F10 Ctrl-C', 'mouse']) {
      expect(help).toContain(label);
    }
  });
});

describe('configuration', () => {
  it('round-trips the state through the config file format', () => {
    const s = { ...base, delay: 3, tree: true, sortKey: 'rss', sortDesc: true, columns: ['pid', 'rss', 'comm'], filters: [parseFilter('!USER=root', (n) => !!reg.find(n))!], userFilter: 'alice', view: 'mounts' as const };
    const json = JSON.parse(JSON.stringify(configFromState(s)));
    expect(json.sort).toBe('-rss');
    expect(json.filters).toEqual(['!USER=root']);
    const back = applyConfig(base, json, reg);
    expect(back.problems).toEqual([]);
    expect(back.state).toMatchObject({ delay: 3, tree: true, sortKey: 'rss', sortDesc: true, columns: ['pid', 'rss', 'comm'], userFilter: 'alice', view: 'mounts' });
    expect(back.state.filters).toEqual(s.filters);
  });
  it('skips bad values with a reason and keeps the rest', () => {
    const r = applyConfig(base, { delay: -1, columns: ['pid', 'bogus'], sort: 'nope', tree: 'yes', view: 'x', perCpu: false }, reg);
    expect(r.state.delay).toBe(base.delay);
    expect(r.state.columns).toEqual(['pid']);
    expect(r.state.sortKey).toBe(base.sortKey);
    expect(r.state.perCpu).toBe(false);
    expect(r.problems).toHaveLength(5);
    expect(applyConfig(base, [1, 2], reg).problems).toEqual(['config is not a JSON object']);
  });
});

describe('field chooser', () => {
  it('lists shown fields first, then the rest', () => {
    const list = chooserFields(base, reg);
    expect(list.slice(0, base.columns.length).map((f) => f.key)).toEqual(base.columns);
    expect(list).toHaveLength(reg.fields.length);
  });
  it('hides, shows, sorts and moves fields', () => {
    let st = base;
    let ch = { cursor: 0, moving: false };
    ({ state: st, chooser: ch } = chooserKey(st, ch, reg, 'down')); // user
    ({ state: st, chooser: ch } = chooserKey(st, ch, reg, 'toggle'));
    expect(st.columns).not.toContain('user');
    ({ state: st, chooser: ch } = chooserKey(st, ch, reg, 'pick')); // on 'pr' now
    ({ state: st, chooser: ch } = chooserKey(st, ch, reg, 'up'));
    expect(st.columns.slice(0, 2)).toEqual(['pr', 'pid']);
    expect(ch.cursor).toBe(0);
    ({ state: st, chooser: ch } = chooserKey(st, ch, reg, 'drop'));
    ({ state: st, chooser: ch } = chooserKey(st, ch, reg, 'sort'));
    expect(st.sortKey).toBe('pr');
    const lines = chooserLines(st, ch, reg, 100, bareTheme);
    expect(lines[2]).toMatch(/^\*v PR/);
  });
});

describe('views', () => {
  it('Tab cycles processes, filesystems, mounts, containers, system', () => {
    const v1 = cycleView(base, 1, DASHBOARD_VIEWS);
    expect(v1.view).toBe('filesystems');
    expect(cycleView(cycleView(v1, 1, DASHBOARD_VIEWS), 1, DASHBOARD_VIEWS).view).toBe('containers');
    const v4 = cycleView(cycleView(cycleView(v1, 1, DASHBOARD_VIEWS), 1, DASHBOARD_VIEWS), 1, DASHBOARD_VIEWS);
    expect(v4.view).toBe('system');
    expect(cycleView(v4, 1, DASHBOARD_VIEWS).view).toBe('processes');
    expect(cycleView(base, -1, DASHBOARD_VIEWS).view).toBe('system');
  });
  const mount = (id: number, parentId: number, target: string, fstype = 'ext4'): Mount => ({
    id, parentId, majMin: '8:1', root: '/', target, mountOptions: 'rw,relatime', optional: [], fstype, source: `/dev/x${id}`, superOptions: 'rw',
  });
  it('draws mounts as a tree, as findmnt does', () => {
    const mounts = [mount(1, 0, '/'), mount(3, 1, '/home'), mount(2, 1, '/boot'), mount(4, 3, '/home/a b')];
    expect(mountTree(mounts).map((l) => [l.mount.target, l.depth])).toEqual([['/', 0], ['/home', 1], ['/home/a b', 2], ['/boot', 1]]);
    const store = new MetricsStore({ retentionSeconds: 10, intervalSeconds: 1 });
    const moment = { snapshot: snapshot([], { mounts }), history: store };
    const t = mountsView.render({ moment, state: base, scroll: 0, width: 60, height: 10, theme: bareTheme, reg });
    expect(t.header).toMatch(/^TARGET\s+SOURCE\s+FSTYPE\s+OPTIONS/);
    expect(t.lines[2]).toMatch(/^ {4}\/home\/a b\s+\/dev\/x4 +ext4 +rw,relatime/);
  });
  it('draws df rows through the filesystem registry, scrolled', () => {
    const usage = (id: number, size: number) => ({ mount: mount(id, 1, `/m${id}`), blockSize: 4096, size, free: size / 2, avail: size / 4, files: 10, filesFree: 5, stale: false });
    const rows = dfRows([usage(1, 1024 ** 3), usage(2, 0), usage(3, 2 * 1024 ** 3)]);
    expect(rows).toHaveLength(2);
    const fields = ['source', 'size', 'used', 'avail', 'pcent', 'target'].map((k) => fsFields.get(k));
    const t = fieldTable(rows, fields, fsFormatContext({ kind: 'human', base: 1024 }), 80, 2, 5, bareTheme);
    expect(t.scroll).toBe(1);
    expect(t.header).toMatch(/^Filesystem\s+Size\s+Used\s+Avail\s+Use%\s+Mounted on/);
    expect(t.lines).toEqual([expect.stringMatching(/^\/dev\/x3\s+2\.0G\s+1\.0G\s+512M\s+67% \/m3\s*$/)]);
  });
});

describe('configuration: panels, grouping, themes', () => {
  it('round-trips panels and grouping, and names bad panels', () => {
    const s = { ...base, panels: ['pressure', 'cpu'], grouped: true };
    const json = JSON.parse(JSON.stringify(configFromState(s)));
    expect(json.panels).toEqual(['pressure', 'cpu']);
    const back = applyConfig(base, json, reg);
    expect(back.problems).toEqual([]);
    expect(back.state).toMatchObject({ panels: ['pressure', 'cpu'], grouped: true });
    const bad = applyConfig(base, { panels: ['disk', 'nonesuch'] }, reg);
    expect(bad.state.panels).toEqual(['disk']);
    expect(bad.problems[0]).toMatch(/unknown panel nonesuch/);
  });
  it('spells theme names as users do; NO_COLOR wins over any theme', async () => {
    const { parseThemeName, themeFor, lightTheme, colourBlindTheme, monoTheme } = await import('../../src/tui/theme.js');
    expect(parseThemeName('Color-Blind')).toBe('colour-blind');
    expect(parseThemeName('colorblind')).toBe('colour-blind');
    expect(parseThemeName('sepia')).toBeNull();
    expect(themeFor({}, 'light')).toBe(lightTheme);
    expect(themeFor({}, 'colour-blind')).toBe(colourBlindTheme);
    expect(themeFor({ NO_COLOR: '1' }, 'light')).toBe(monoTheme);
    // Colour-blind bars differ by character too, not only by colour.
    expect(colourBlindTheme.barChar('user')).not.toBe(colourBlindTheme.barChar('system'));
  });
});
