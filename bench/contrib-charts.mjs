#!/usr/bin/env node
// CPU cost of one history chart redraw: blessed-contrib's line chart (required alone, as the dashboard
// would) against sysmon's own block chart drawn by its line renderer. Both draw a 60x8 panel with 60
// points, the newest point changing each time, as a dashboard tick does. A benchmark, not a test.
//
//   node bench/contrib-charts.mjs [--iterations 300]
import { createRequire } from 'node:module';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const require = createRequire(import.meta.url);
const i = process.argv.indexOf('--iterations');
const N = i >= 0 ? Number(process.argv[i + 1]) : 300;
const W = 60;
const H = 8;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const series = (k) => Array.from({ length: W }, (_, j) => 50 + 40 * Math.sin((j + k) / 5));

// blessed-contrib: a screen on a sink stream (no terminal needed), the line widget alone.
let t0 = performance.now();
const blessed = require('blessed');
const Line = require('blessed-contrib/lib/widget/charts/line');
const requireMs = performance.now() - t0;
const out = new PassThrough();
out.on('data', () => {});
Object.assign(out, { isTTY: true, columns: 120, rows: 40 });
const input = new PassThrough();
Object.assign(input, { isTTY: true, setRawMode() {} });
const screen = blessed.screen({ input, output: out, terminal: 'xterm-256color', warnings: false });
const line = Line({ top: 0, left: 0, width: W, height: H, showLegend: false, minY: 0, maxY: 100 });
screen.append(line);
const labels = Array.from({ length: W }, (_, j) => String(j));
const contrib = () => {
  for (let k = 0; k < N; k++) {
    line.setData([{ title: 'cpu', x: labels, y: series(k) }]);
    screen.render();
  }
};

const { titledChart } = await import(pathToFileURL(path.join(dist, 'tui', 'chart-view.js')).href);
const { LineDiff } = await import(pathToFileURL(path.join(dist, 'tui', 'line-renderer.js')).href);
const { colourTheme } = await import(pathToFileURL(path.join(dist, 'tui', 'theme.js')).href);
const diff = new LineDiff(256);
const ours = () => {
  for (let k = 0; k < N; k++) {
    const lines = titledChart(`CPU ${k}`, series(k), W, H, 100, colourTheme, 'chartCpu');
    diff.frame([{ key: 'chart', top: 0, left: 0, width: W, height: H, lines }]);
  }
};

const results = {};
// A B A B: the machine is shared; medians of the pairs.
for (let round = 0; round < 4; round++) {
  for (const [name, fn] of round % 2 ? [['sysmon', ours], ['contrib', contrib]] : [['contrib', contrib], ['sysmon', ours]]) {
    const c0 = cpuMs();
    fn();
    (results[name] ??= []).push((cpuMs() - c0) / N);
  }
}
screen.destroy();
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`one ${W}x${H} chart redraw, CPU ms (median of 4 runs of ${N}):`);
console.log(`  blessed-contrib line (+ blessed render)  ${median(results.contrib).toFixed(3)}`);
console.log(`  sysmon block chart (+ line renderer)     ${median(results.sysmon).toFixed(3)}`);
console.log(`  require blessed + contrib line: ${requireMs.toFixed(0)} ms`);
