import { describe, expect, it } from 'vitest';
import { REPLAY_KEYS } from '../../src/cli/replay/run.js';
import { processFields } from '../../src/fields/process-fields.js';
import { MetricsStore } from '../../src/store/metrics-store.js';
import { initialDashState, layoutOf, reduce, type ControllerContext, type DashState, type Effect, type Input } from '../../src/tui/controller.js';
import { chartWindow, historyChart } from '../../src/tui/chart-view.js';
import { buildKeymap } from '../../src/tui/keymap.js';
import { MAIN_VIEWS } from '../../src/tui/main-views.js';
import { bareTheme } from '../../src/tui/theme.js';
import { initialViewState } from '../../src/tui/view-state.js';
import { proc, snapshot } from './snapshot-fixture.js';

// The controller's side of replay and time travel: which keys and clicks ask the timeline for what.

const reg = processFields;
const ctxOf = (canStep: boolean, replayKeys = false): ControllerContext => ({
  reg, keymap: buildKeymap(reg, replayKeys ? REPLAY_KEYS : {}).keymap, theme: bareTheme, views: MAIN_VIEWS, canThreads: false, canStep,
});

function start(ctx: ControllerContext): DashState {
  const store = new MetricsStore({ retentionSeconds: 600, intervalSeconds: 5 });
  for (let i = 0; i < 50; i++) store.push(snapshot([proc(1), proc(2)], { time: 1_700_000_000_000 + i * 5000 }));
  let s = initialDashState(initialViewState(), ctx, { width: 120, height: 40 });
  s = reduce(s, { type: 'init' }, ctx).state;
  return reduce(s, { type: 'moment', moment: { snapshot: store.latest!, history: store, position: 'replay x 50/50' } }, ctx).state;
}

function feed(s: DashState, inputs: Input[], ctx: ControllerContext): { s: DashState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const i of inputs) {
    const r = reduce(s, i, ctx);
    s = r.state;
    effects.push(...r.effects);
  }
  return { s, effects };
}
const keys = (...ks: string[]): Input[] => ks.map((k) => (k.length === 1 ? { type: 'key', ch: k, name: k } : { type: 'key', name: k }));

describe('replay keys', () => {
  const ctx = ctxOf(true, true);
  it('t / T step newer / older; g opens a time prompt whose answer goes to the timeline', () => {
    const s = start(ctx);
    expect(feed(s, keys('t'), ctx).effects).toContainEqual({ type: 'step', delta: 1 });
    expect(feed(s, keys('T'), ctx).effects).toContainEqual({ type: 'step', delta: -1 });
    const g = feed(s, [...keys('g'), ...keys(...'03:00'.split('')), ...keys('enter')], ctx);
    expect(g.effects).toContainEqual({ type: 'goto', text: '03:00' });
    expect(g.s.prompt).toBeNull();
  });

  it('[ and ] change the speed; space pauses and plays through the store', () => {
    const s = start(ctx);
    expect(feed(s, keys(']'), ctx).effects).toContainEqual({ type: 'speed', factor: 2 });
    expect(feed(s, keys('['), ctx).effects).toContainEqual({ type: 'speed', factor: 0.5 });
    expect(feed(s, keys(' '), ctx).effects).toContainEqual({ type: 'freeze', on: true });
  });

  it('a click in the CPU or memory chart goes back that many samples; the rightmost column is the moment shown', () => {
    const s = start(ctx);
    const L = layoutOf(s);
    for (const r of [L.cpuChart!, L.memoryChart!]) {
      const right = r.left + r.width - 1;
      expect(feed(s, [{ type: 'mouse', action: 'mousedown', x: right - 7, y: r.top + 2 }], ctx).effects).toContainEqual({ type: 'step', delta: -7 });
      expect(feed(s, [{ type: 'mouse', action: 'mousedown', x: right, y: r.top + 2 }], ctx).effects.filter((e) => e.type === 'step')).toEqual([]);
    }
  });
});

describe('replay charts: the window around the sample shown', () => {
  const ctx = ctxOf(true, true);
  it('with samples after the moment, it sits mid-chart: a click left of it steps back, right of it forward', () => {
    const s0 = start(ctx);
    const store = new MetricsStore({ retentionSeconds: 600, intervalSeconds: 5 });
    for (let i = 0; i < 100; i++) store.push(snapshot([proc(1)], { time: 1_700_000_000_000 + i * 5000 }));
    // 40 of the 100 points come after the moment: a replay's window.
    const history = { series: store.series.bind(store), ahead: 40 };
    const s = reduce(s0, { type: 'moment', moment: { snapshot: store.latest!, history, position: 'replay x 60/100' } }, ctx).state;
    const L = layoutOf(s);
    for (const r of [L.cpuChart!, L.memoryChart!]) {
      const mid = r.left + Math.floor(r.width / 2);
      const click = (x: number) => feed(s, [{ type: 'mouse', action: 'mousedown', x, y: r.top + 2 }], ctx).effects.filter((e) => e.type === 'step');
      expect(click(mid)).toEqual([]);
      expect(click(mid - 5)).toEqual([{ type: 'step', delta: -5 }]);
      expect(click(mid + 3)).toEqual([{ type: 'step', delta: 3 }]);
    }
  });

  it('chartWindow: the moment mid-chart when both sides have points, else as near as the ends allow; live rightmost', () => {
    expect(chartWindow(100, 20, 40)).toEqual({ start: 49, end: 69, cursor: 10 });
    expect(chartWindow(100, 20, 3)).toEqual({ start: 80, end: 100, cursor: 16 });
    expect(chartWindow(100, 20, 0)).toEqual({ start: 80, end: 100, cursor: 19 });
    // Near the start of the history: fewer points before it, drawn right-aligned.
    expect(chartWindow(30, 20, 28)).toEqual({ start: 0, end: 20, cursor: 1 });
    expect(chartWindow(5, 20, 2)).toEqual({ start: 0, end: 5, cursor: 17 });
  });

  it('the chart marks the moment\'s column', () => {
    const lines = historyChart([1, 1, 1, 5, 1, 1], 8, 2, 5, bareTheme, 'chartCpu', 5);
    expect(lines.map((l) => l[5])).toEqual(['█', '█']);
    expect(historyChart([0, 0, 0], 4, 2, 5, bareTheme, 'chartCpu', 2).map((l) => l[2])).toEqual(['│', '│']);
  });
});

describe('the live dashboard without a timeline', () => {
  const ctx = ctxOf(false);
  it('@, [ and ] say there is nothing to travel in; T still sorts by TIME+ and g goes home', () => {
    const s = start(ctx);
    const at = feed(s, keys('@'), ctx);
    expect(at.s.prompt).toBeNull();
    expect(at.s.messageIsError).toBe(true);
    expect(feed(s, keys(']'), ctx).effects.filter((e) => e.type === 'speed')).toEqual([]);
    expect(feed(s, keys('T'), ctx).s.view.sortKey).toBe('time+');
    const L = layoutOf(s);
    expect(feed(s, [{ type: 'mouse', action: 'mousedown', x: L.cpuChart!.left + 1, y: L.cpuChart!.top + 1 }], ctx).effects.filter((e) => e.type === 'step')).toEqual([]);
  });
});
