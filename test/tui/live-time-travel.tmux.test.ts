import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTmux, TmuxSession } from './tmux-harness.js';

if (!haveTmux()) throw new Error('tmux is not installed: the time travel test needs it (apt-get install tmux)');

// The live dashboard on this machine, stepped back with {: the status line says where it is, and the CPU and
// memory charts draw the window around that moment with its column marked (a cell style of its own), the
// newer points to its right. The machine's values do not matter: the mark is found by its style.

// No recorder database in this home: time travel stays in memory.
const state = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-tt-state-'));
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

/** Per visible cell of a `capture-pane -e` line: its character and the attributes (SGR state) it is drawn with. */
function cells(line: string): { ch: string; sgr: string }[] {
  const out: { ch: string; sgr: string }[] = [];
  let fg = '';
  let bg = '';
  const attrs = new Set<number>();
  for (let i = 0; i < line.length; ) {
    const m = /^\x1b\[([0-9;]*)m/.exec(line.slice(i));
    if (m) {
      const p = m[1] === '' ? [0] : m[1]!.split(';').map(Number);
      for (let k = 0; k < p.length; k++) {
        const v = p[k]!;
        if (v === 0) {
          fg = bg = '';
          attrs.clear();
        } else if (v === 38 || v === 48) {
          const n = p[k + 1] === 5 ? 3 : 5;
          const c = p.slice(k + 1, k + n).join(':');
          if (v === 38) fg = c;
          else bg = c;
          k += n - 1;
        } else if (v === 39) fg = '';
        else if (v === 49) bg = '';
        else if ((v >= 30 && v <= 37) || (v >= 90 && v <= 97)) fg = String(v);
        else if ((v >= 40 && v <= 47) || (v >= 100 && v <= 107)) bg = String(v);
        else if (v >= 21 && v <= 29) attrs.delete(v === 22 ? 1 : v - 20);
        else attrs.add(v);
      }
      i += m[0].length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    out.push({ ch, sgr: `${fg}/${bg}/${[...attrs].sort().join(',')}` });
    i += ch.length;
  }
  return out;
}

const WIDTH = 120;

/** The chart under the title `title` (rows, cut to its half of the screen) from a capture with escapes. */
function chart(screen: string, title: string): { ch: string; sgr: string }[][] {
  const lines = screen.split('\n');
  const at = lines.findIndex((l) => cells(l).map((c) => c.ch).join('').includes(title));
  const head = cells(lines[at]!).map((c) => c.ch).join('');
  const left = head.indexOf(title);
  const right = title.startsWith('CPU') ? head.indexOf('Memory used') : WIDTH;
  const rows = [];
  for (let i = at + 1; i < lines.length; i++) {
    const all = cells(lines[i]!);
    // The chart ends where the next row of panels begins (network and disk).
    if (all.map((c) => c.ch).join('').includes('Network')) break;
    // capture-pane drops trailing blanks: put them back, so every row is the chart's width.
    const row = all.slice(left, right);
    while (row.length < right - left) row.push({ ch: ' ', sgr: '//' });
    rows.push(row);
  }
  return rows;
}

/** Columns drawn in a style none of their row's other columns have, per row (the marked column); cells in the
 * terminal's default style (the gap between two panels) are never it. */
function marked(rows: { ch: string; sgr: string }[][]): number[] {
  const cols = new Set<number>();
  for (const r of rows) {
    const count = new Map<string, number>();
    for (const c of r) count.set(c.sgr, (count.get(c.sgr) ?? 0) + 1);
    r.forEach((c, x) => {
      if (count.get(c.sgr) === 1 && c.sgr !== '//' && r.length > 10) cols.add(x);
    });
  }
  return [...cols];
}

describe('live dashboard time travel in tmux', () => {
  const s = new TmuxSession({ width: WIDTH, height: 40, env: { TZ: 'UTC', XDG_STATE_HOME: state }, args: ['-d', '0.5', '--no-config'] });
  beforeAll(() => s.start());
  afterAll(() => s.kill());

  it('{ steps back: the charts show the window around the moment, marked; @ now returns to live', async () => {
    // Enough history for 20 steps back: the CPU chart's span grows by the delay each tick.
    await s.waitFor((x) => /CPU history .*\((1[2-9]|[2-9]\d) s\)/.test(x), 30_000, '12 s of history');
    let scr = s.capture(true);
    expect(marked(chart(scr, 'CPU history'))).toEqual([]);
    expect(marked(chart(scr, 'Memory used'))).toEqual([]);

    s.keys(['{', '{', '{', '{', '{']);
    await s.waitFor((x) => /past \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(-5; @ now: live\)/.test(x), 5000, 'five moments back');
    // Live ticks go on while the past is shown: wait a few, the moment then sits further from the right.
    await new Promise((r) => setTimeout(r, 1600));
    scr = s.capture(true);
    const cpu = chart(scr, 'CPU history');
    const mem = chart(scr, 'Memory used');
    const cpuMark = marked(cpu);
    const memMark = marked(mem);
    expect(cpuMark).toHaveLength(1);
    expect(memMark).toHaveLength(1);
    // At least 5 newer points right of the mark (more arrived since), in both charts; the newest at the edge.
    // A chart's right edge: its last column drawn in a style (the CPU chart ends before the gap to memory's).
    const edge = (rows: typeof cpu) => Math.max(...rows.map((r) => r.map((c) => c.sgr !== '//').lastIndexOf(true)));
    const after = edge(cpu) - cpuMark[0]!;
    expect(after).toBeGreaterThanOrEqual(5);
    expect(edge(mem) - memMark[0]!).toBe(after);
    expect(mem.at(-1)!.at(-1)!.ch).not.toBe(' ');
    expect(mem.at(-1)!.slice(memMark[0]! + 1).every((c) => c.ch !== ' ')).toBe(true);

    // Back to live: no mark, the status line without `past`.
    s.keys(['@']);
    await s.waitFor((x) => x.includes('go to time'), 5000, 'the time prompt');
    s.keys(['now'], true);
    s.keys(['Enter']);
    await s.waitFor((x) => !x.includes('@ now: live'), 5000, 'live again');
    await new Promise((r) => setTimeout(r, 700));
    scr = s.capture(true);
    expect(marked(chart(scr, 'CPU history'))).toEqual([]);
    expect(marked(chart(scr, 'Memory used'))).toEqual([]);
    expect(await s.quit()).toEqual({ status: 0, stderr: '' });
  });
});
