import { describe, expect, it } from 'vitest';
import type { ContainerCpu } from '../../src/core/container.js';
import { processFields } from '../../src/fields/process-fields.js';
import { MetricsStore } from '../../src/store/metrics-store.js';
import { initialDashState, reduce, type ControllerContext, type DashState } from '../../src/tui/controller.js';
import { buildKeymap } from '../../src/tui/keymap.js';
import { MAIN_VIEWS } from '../../src/tui/main-views.js';
import { screenPanel } from '../../src/tui/panels.js';
import { screenPanels } from '../../src/tui/screen-panels.js';
import { cpuMeters } from '../../src/tui/summary-view.js';
import { bareTheme, stripTags } from '../../src/tui/theme.js';
import { initialViewState } from '../../src/tui/view-state.js';
import { pct, snapshot } from './snapshot-fixture.js';

// The CPU meter and the CPU history inside a limited cgroup (snapshot.containerCpu, set by the own-cgroup
// extension unless --host): the cgroup's share of its limit, "of 0.5 CPUs"; the host's line without it.

const inside = (busy: number | null, limit = 0.5): ContainerCpu => ({
  limit, percent: busy === null ? null : pct(busy * 0.75, busy * 0.25), cpus: busy === null ? null : (busy / 100) * limit,
});

describe('CPU meter against the cgroup limit', () => {
  it('shows the share of the limit and the limit; the per-CPU bars stay the host\'s', () => {
    const s = snapshot([], { containerCpu: inside(60) });
    const lines = cpuMeters(s, true, 40, 3, bareTheme);
    expect(lines[0]).toMatch(/^CPU\[\|+#+ *60\.0% of 0\.5 CPUs\]$/);
    expect(lines[0]).toHaveLength(40);
    // Bars fill to the share: 60 % of the 75 cells inside an 80-wide meter, user (45 %) and system apart.
    const wide = cpuMeters(s, false, 80, 1, bareTheme)[0]!;
    expect(wide).toBe(`CPU[${'|'.repeat(34)}${'#'.repeat(11)}${' '.repeat(75 - 45 - 17)}60.0% of 0.5 CPUs]`);
    expect(lines[1]).toMatch(/40\.0%\]$/);
    expect(lines[2]).toMatch(/13\.0%\]$/);
    // The host's total would have read 26.0 %.
    expect(cpuMeters(snapshot([]), false, 40, 1, bareTheme)[0]).toMatch(/26\.0%\]$/);
  });

  it('before the second tick: an empty bar that still names the limit', () => {
    expect(cpuMeters(snapshot([], { containerCpu: inside(null, 2) }), false, 40, 1, bareTheme)[0])
      .toBe(`CPU[${' '.repeat(19)}0.0% of 2.0 CPUs]`);
  });

  it('a narrow meter drops the limit before it drops the figure', () => {
    const line = cpuMeters(snapshot([], { containerCpu: inside(100) }), false, 18, 1, bareTheme)[0]!;
    expect(line).toHaveLength(18);
    expect(line).toMatch(/^CPU\[\|+100\.0%\]$/);
  });
});

describe('CPU history against the cgroup limit', () => {
  it('the store keeps the share of the limit, and the chart\'s title says of what', () => {
    const store = new MetricsStore({ retentionSeconds: 60, intervalSeconds: 1 });
    store.push(snapshot([]));
    const s = snapshot([], { containerCpu: inside(80) });
    store.push(s);
    expect(store.series('cpu').toArray()).toEqual([26, 80]);
    const chart = screenPanel('cpu')!.render({ snapshot: s, history: store, width: 40, height: 4, theme: bareTheme, delay: 1 });
    expect(stripTags(chart[0]!)).toContain('CPU history 80.0% of 0.5 CPUs');
    const host = screenPanel('cpu')!.render({ snapshot: snapshot([]), history: store, width: 40, height: 4, theme: bareTheme, delay: 1 });
    expect(stripTags(host[0]!)).not.toContain(' of ');
  });
});

describe('through the controller: header, meter, and C', () => {
  const ctx: ControllerContext = {
    reg: processFields, keymap: buildKeymap(processFields).keymap, theme: bareTheme, views: MAIN_VIEWS, canThreads: true, canStep: false,
  };
  const store = new MetricsStore({ retentionSeconds: 60, intervalSeconds: 1.5 });
  const moment = (s: DashState, containerCpu: ContainerCpu | undefined, note: string): DashState => {
    const snap = snapshot([], containerCpu ? { containerCpu } : {});
    store.push(snap);
    return reduce(s, { type: 'moment', moment: { snapshot: snap, history: store }, host: { hostname: 'box', users: 1, container: note } }, ctx).state;
  };
  const panelText = (s: DashState, id: string): string => stripTags(screenPanels(s, ctx).find((p) => p.id === id)!.content);

  it('inside: the header names the limits and the CPU meter is against them; C asks for the host totals', () => {
    let s = initialDashState(initialViewState(), ctx, { width: 120, height: 40 });
    s = reduce(s, { type: 'init' }, ctx).state;
    s = moment(s, inside(45), 'container: 0.5 CPUs, 256.0 MiB');
    expect(panelText(s, 'header')).toContain('container: 0.5 CPUs, 256.0 MiB');
    expect(panelText(s, 'cpu').split('\n')[0]).toMatch(/45\.0% of 0\.5 CPUs\]$/);
    expect(reduce(s, { type: 'key', ch: 'C', name: 'C' }, ctx).effects).toContainEqual({ type: 'host-totals' });
    // The next tick after C (the CLI stops setting containerCpu): the host's line, and the header says so.
    s = moment(s, undefined, 'container: 0.5 CPUs, 256.0 MiB (host totals)');
    expect(panelText(s, 'header')).toContain('(host totals)');
    expect(panelText(s, 'cpu').split('\n')[0]).toMatch(/26\.0%\]$/);
    expect(panelText(s, 'cpu')).not.toContain('CPUs');
  });
});
