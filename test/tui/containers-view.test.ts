import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ContainerCollector } from '../../src/collectors/container-collector.js';
import type { ProcessContainer } from '../../src/core/container.js';
import { processFields } from '../../src/fields/process-fields.js';
import { ProcFs } from '../../src/source/proc-fs.js';
import { MetricsStore } from '../../src/store/metrics-store.js';
import { initialDashState, reduce, type ControllerContext, type DashState, type Input } from '../../src/tui/controller.js';
import { buildKeymap } from '../../src/tui/keymap.js';
import { MAIN_VIEWS } from '../../src/tui/main-views.js';
import { bareTheme } from '../../src/tui/theme.js';
import { initialViewState } from '../../src/tui/view-state.js';
import { stateFiles, v2SystemdCgroups, writeCgroupFixture } from '../helpers/cgroup-fixture.js';
import { proc, snapshot } from './snapshot-fixture.js';

// The Containers view through the pure controller: Tab reaches it, sort keys reorder it, Enter filters the
// process table to the container or pod under the cursor. Rows come from the container collector on a
// generated cgroup tree.
const root = writeCgroupFixture(2, v2SystemdCgroups(), stateFiles());
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const containers = new ContainerCollector(new ProcFs(root)).collect();

const ctx: ControllerContext = {
  reg: processFields, keymap: buildKeymap(processFields).keymap, theme: bareTheme, views: MAIN_VIEWS, canThreads: true, canStep: false,
};

function start(): DashState {
  const c = (container: string | null, pod: string | null = null): ProcessContainer =>
    ({ container, containerId: null, runtime: container ? 'docker' : null, pod, namespace: null, unit: null, cgroup: '/' });
  const rows = [
    proc(201, { comm: 'nginx', container: c('web') }), proc(202, { comm: 'nginx', container: c('web') }),
    proc(301, { comm: 'postgres', container: c('db') }), proc(401, { comm: 'app', container: c('app', 'api-7d9f') }),
    proc(900, { comm: 'bash', container: c(null) }),
  ];
  const snap = snapshot(rows, {});
  snap.containers = containers;
  const store = new MetricsStore({ retentionSeconds: 60, intervalSeconds: 1.5 });
  store.push(snap);
  let s = initialDashState(initialViewState(), ctx, { width: 160, height: 40 });
  s = reduce(s, { type: 'init' }, ctx).state;
  return reduce(s, { type: 'moment', moment: { snapshot: snap, history: store }, host: { hostname: 'box', users: 1 } }, ctx).state;
}

function feed(s: DashState, inputs: Input[]): { s: DashState; effects: unknown[] } {
  const effects: unknown[] = [];
  for (const i of inputs) {
    const r = reduce(s, i, ctx);
    s = r.state;
    effects.push(...r.effects);
  }
  return { s, effects };
}
const keys = (...ks: string[]): Input[] => ks.map((k) => (k.length === 1 ? { type: 'key', ch: k, name: k } : { type: 'key', name: k }));
const names = (s: DashState): string[] => s.frame!.lines.map((l) => l.trim().split(/ +/)[0]!);

describe('dashboard: the Containers view', () => {
  it('Tab cycles to it; it asks for the containers family and shows the rows', () => {
    const r = feed(start(), keys('tab', 'tab', 'tab'));
    expect(r.s.view.view).toBe('containers');
    expect(r.effects).toContainEqual({ type: 'set-view', view: 'containers' });
    expect(MAIN_VIEWS.find((v) => v.id === 'containers')!.families).toEqual(['containers']);
    expect(r.s.frame!.header).toMatch(/^NAME +KIND +RUNTIME +POD +CPU%/);
    expect(names(r.s)).toEqual(expect.arrayContaining(['web', 'db', 'app', 'api-7d9f', 'box', 'web1']));
    expect(r.s.frame!.count).toBe(containers.rows.length);
  });

  it('M sorts by working set, N by main pid, R reverses', () => {
    const s = feed(start(), keys('S-tab', 'S-tab')).s;
    expect(s.view.view).toBe('containers');
    const byMem = feed(s, keys('M')).s;
    expect(names(byMem)[0]).toBe('web'); // 80 MiB, the largest working set
    expect(byMem.frame!.header).toMatch(/MEMv/);
    const rev = feed(byMem, keys('R')).s;
    expect(names(rev).at(-1)).toBe('web');
  });

  it('Enter on a container filters the process table to it; on a pod, to the pod', () => {
    const s = feed(start(), keys('S-tab', 'S-tab', 'M')).s;
    const web = feed(s, keys('return')).s;
    expect(web.view.view).toBe('processes');
    expect(web.view.filters).toEqual([{ field: 'container', op: '=', value: 'web', negate: false }]);
    expect(web.frame!.table!.ordered.map((o) => o.row.pid)).toEqual([201, 202]);
    expect(web.message).toMatch(/filter container=web/);
    // Back to the view, down to the pod row, Enter: the pod's processes.
    let v = feed(web, keys('S-tab', 'S-tab')).s;
    const podIndex = (): number => names(v).indexOf('api-7d9f');
    while (podIndex() !== v.frame!.scroll) v = feed(v, keys('j')).s;
    const pod = feed(v, keys('return')).s;
    expect(pod.view.filters).toEqual([{ field: 'pod', op: '=', value: 'api-7d9f', negate: false }]);
    expect(pod.frame!.table!.ordered.map((o) => o.row.pid)).toEqual([401]);
  });

  it('C asks the app to switch between the cgroup limits and the host totals', () => {
    expect(feed(start(), keys('C')).effects).toContainEqual({ type: 'host-totals' });
  });

  it('the container column is in the field chooser of the process table', () => {
    expect(processFields.find('container')?.key).toBe('container');
    const s = feed(start(), keys('f')).s;
    expect(s.overlay).toBe('fields');
  });
});
