import { describe, expect, it } from 'vitest';
import { FLEET_COLUMNS, fleetFields, fleetFormatContext } from '../../../src/fields/fleet-fields.js';
import {
  initialFleetState, update, visibleHosts, type FleetAction, type FleetEnv, type FleetState,
} from '../../../src/tui/fleet/fleet-controller.js';
import { hostLines, statusLine, tableLines } from '../../../src/tui/fleet/fleet-render.js';
import { stripTags, themeFor } from '../../../src/tui/theme.js';
import { host } from './fleet-fixture.js';

const env: FleetEnv = { reg: fleetFields, ctx: fleetFormatContext(0) };
const mono = themeFor({ NO_COLOR: '1' });

function start(): FleetState {
  return initialFleetState({ columns: [...FLEET_COLUMNS], sortKey: 'cpu', sortDesc: true });
}

function run(s: FleetState, ...actions: FleetAction[]): { state: FleetState; effects: ReturnType<typeof update>['effects'] } {
  let state = s;
  const effects: ReturnType<typeof update>['effects'] = [];
  for (const a of actions) {
    const r = update(state, a, env);
    state = r.state;
    effects.push(...r.effects);
  }
  return { state, effects };
}

const keys = (text: string): FleetAction[] => [...text].map((ch) => ({ type: 'key', ch }));
const loaded = (hosts = [host('a:9101', { cpuBusyPercent: 5 }), host('b:9101', { cpuBusyPercent: 50, memUsedBytes: 2 ** 30 }), host('c:9100', { cpuBusyPercent: 20, exporter: 'node', topCpu: null, topMem: null, job: 'node' })]): FleetAction =>
  ({ type: 'fleet-loaded', hosts, warnings: [], at: 1000 });

describe('fleet controller', () => {
  it('a tick asks for the fleet; the answer fills the table sorted by %CPU, high first', () => {
    const r = run(start(), { type: 'tick' });
    expect(r.effects).toEqual([{ type: 'fetch-fleet' }]);
    const s = run(r.state, loaded()).state;
    expect(visibleHosts(s, env).map((h) => h.instance)).toEqual(['b:9101', 'c:9100', 'a:9101']);
    expect(s.status).toEqual({ kind: 'ok', text: '3 hosts', lastOk: 1000 });
  });

  it('sort keys as in the process table: N by instance ascending, M by %MEM, R reverses, < > move', () => {
    let s = run(start(), loaded()).state;
    s = run(s, ...keys('N')).state;
    expect(visibleHosts(s, env).map((h) => h.instance)).toEqual(['a:9101', 'b:9101', 'c:9100']);
    s = run(s, ...keys('R')).state;
    expect(visibleHosts(s, env).map((h) => h.instance)).toEqual(['c:9100', 'b:9101', 'a:9101']);
    s = run(s, ...keys('M')).state;
    expect(s.sortKey).toBe('pmem');
    expect(visibleHosts(s, env)[visibleHosts(s, env).length - 1]!.instance).toBe('b:9101');
    s = run(start(), loaded(), ...keys('>')).state;
    expect(s.sortKey).toBe('load1');
    s = run(s, ...keys('<<')).state;
    expect(s.sortKey).toBe('age');
  });

  it('filters with the process table syntax: text, FIELD>n, a target label, negation; = clears', () => {
    const typed = (text: string): FleetAction[] => [{ type: 'key', ch: 'o' }, ...keys(text), { type: 'key', name: 'enter' }];
    let s = run(start(), loaded(), ...typed('cpu>15')).state;
    expect(visibleHosts(s, env).map((h) => h.instance).sort()).toEqual(['b:9101', 'c:9100']);
    s = run(s, ...typed('!node')).state;
    expect(visibleHosts(s, env).map((h) => h.instance)).toEqual(['b:9101']);
    s = run(s, ...keys('=')).state;
    expect(visibleHosts(s, env)).toHaveLength(3);
    const labelled = loaded([host('x:1', { labels: { dc: 'eu' } }), host('y:1', { labels: { dc: 'us' } })]);
    s = run(start(), labelled, ...typed('dc=eu')).state;
    expect(visibleHosts(s, env).map((h) => h.instance)).toEqual(['x:1']);
    // Esc abandons the prompt without a filter.
    s = run(start(), loaded(), { type: 'key', ch: '/' }, ...keys('zz'), { type: 'key', name: 'escape' }).state;
    expect(s.prompt).toBeNull();
    expect(s.filters).toEqual([]);
  });

  it('Enter opens the selected host and asks for its history; Esc returns; ticks refresh both', () => {
    let r = run(start(), loaded(), { type: 'key', name: 'down' }, { type: 'key', name: 'enter' });
    expect(r.state.screen).toBe('host');
    expect(r.state.detailInstance).toBe('c:9100');
    expect(r.effects).toEqual([{ type: 'fetch-detail', instance: 'c:9100' }]);
    r = run(r.state, { type: 'tick' });
    expect(r.effects).toEqual([{ type: 'fetch-fleet' }, { type: 'fetch-detail', instance: 'c:9100' }]);
    const detail = { instance: 'c:9100', charts: [{ title: 'Load', unit: 'load' as const, series: [{ name: '1m', times: [1, 2], values: [0.5, 1.5] }] }], processes: [] };
    r = run(r.state, { type: 'detail-loaded', detail });
    expect(r.state.detail).toBe(detail);
    const lines = hostLines(r.state, 80, 20, mono).map(stripTags);
    expect(lines[0]).toContain('c:9100');
    expect(lines.join('\n')).toContain('Load: 1m 1.50');
    expect(lines.join('\n')).toContain('processes: n/a (the host runs no sysmon serve)');
    // An answer for another host (a late reply) is dropped.
    expect(run(r.state, { type: 'detail-loaded', detail: { ...detail, instance: 'a:9101' } }).state.detail).toBe(detail);
    r = run(r.state, { type: 'key', name: 'escape' });
    expect(r.state.screen).toBe('table');
    expect(r.state.detail).toBeNull();
  });

  it('the selection follows its host across refreshes that reorder the rows', () => {
    let s = run(start(), loaded(), { type: 'key', name: 'down' }).state;
    expect(s.selectedInstance).toBe('c:9100');
    s = run(s, loaded([host('a:9101', { cpuBusyPercent: 90 }), host('b:9101'), host('c:9100', { cpuBusyPercent: 1 })])).state;
    expect(visibleHosts(s, env)[s.selected]!.instance).toBe('c:9100');
  });

  it('a dead server is a status line, the last rows stay, and q quits with 0', () => {
    let s = run(start(), loaded()).state;
    s = run(s, { type: 'fleet-failed', message: 'connection refused', at: 5000 }).state;
    expect(s.hosts).toHaveLength(3);
    expect(stripTags(statusLine(s, env, 'http://prom:9090', 200, mono, 7000))).toBe('http://prom:9090: connection refused; showing the answer of 6s ago');
    expect(tableLines(s, env, 200, 10, mono)).toHaveLength(4);
    expect(run(s, ...keys('q')).effects).toEqual([{ type: 'quit', code: 0 }]);
    expect(run(s, { type: 'key', name: 'C-c' }).effects).toEqual([{ type: 'quit', code: 0 }]);
    // Before any answer the table says it is waiting, not empty.
    const first = run(start(), { type: 'fleet-failed', message: 'timed out after 5 s', at: 1 }).state;
    expect(stripTags(tableLines(first, env, 80, 10, mono)[1]!)).toBe('waiting for Prometheus...');
  });

  it('down and node_exporter-only hosts: the table marks what is missing', () => {
    const s = run(start(), loaded([host('d:1', { up: false, cpuBusyPercent: null, memUsedBytes: null, topCpu: null, topMem: null, fullestFs: null }), host('n:1', { exporter: 'node', topCpu: null, topMem: null })])).state;
    const lines = tableLines(s, env, 250, 10, mono).map((l) => stripTags(l).trimEnd());
    const d = lines.find((l) => l.startsWith('d:1'))!;
    const n = lines.find((l) => l.startsWith('n:1'))!;
    expect(d).toMatch(/^d:1\s+DOWN\s+1s\s+-\s/);
    expect(n).toMatch(/n\/a\s+n\/a$/);
    expect(lines[0]).toContain('%CPUv');
  });

  it('labels with terminal controls are escaped before they reach the screen', () => {
    const s = run(start(), loaded([host('evil\x1b]0;pwn\x07:1', { topCpu: { pid: 1, comm: 'a\x9bb', user: 'u', cpuPercent: 1, rssBytes: null } })])).state;
    const text = tableLines(s, env, 250, 10, mono).map(stripTags).join('\n');
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(text).toContain('evil?]0;pwn?:1');
    expect(text).toContain('a?b');
  });
});
