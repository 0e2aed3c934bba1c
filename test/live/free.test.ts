import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// sysmon free against procps free on this machine. Totals never change, so they must match exactly, in every
// unit; the rest moves while other programs run, so each mode is retried a few times and must agree within a
// tolerance (plus one printed unit) once. The header line must be identical.
const run = promisify(execFile);
const repo = path.resolve(__dirname, '..', '..');
const bin = path.join(repo, 'bin', 'sysmon');
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
delete env.SYSMON_ROOT;

const MiB = 1024 * 1024;
const ATTEMPTS = 5;

async function realFree(args: string[]): Promise<string> {
  return (await run('free', args, { env: { ...env, LC_ALL: 'C' } })).stdout;
}
async function ourFree(args: string[]): Promise<string> {
  return (await run(process.execPath, [bin, 'free', ...args], { env })).stdout;
}

/** Bytes one printed unit stands for in this mode (for -h, per cell suffix). */
function cellBytes(cell: string, args: string[]): { value: number; resolution: number } {
  const si = args.includes('--si');
  const base = si ? 1000 : 1024;
  const m = /^(-?[\d.]+)([BKMGTP]?)(i?)$/.exec(cell);
  if (!m) throw new Error(`unexpected cell ${cell}`);
  const n = Number(m[1]);
  if (m[2]) {
    const p = 'BKMGTP'.indexOf(m[2]);
    return { value: n * base ** p, resolution: base ** p };
  }
  const unitExp: Record<string, number> = {
    '-b': 0, '-k': 1, '-m': 2, '-g': 3, '--tebi': 4, '--pebi': 5, '--kilo': 1, '--mega': 2, '--giga': 3, '--tera': 4, '--peta': 5,
  };
  const flag = args.find((a) => a in unitExp);
  const e = flag === undefined ? 1 : unitExp[flag]!;
  const b = flag && flag.startsWith('--') && !['--tebi', '--pebi'].includes(flag) ? 1000 : base;
  return { value: n * b ** e, resolution: b ** e };
}

function rows(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.trimEnd().split('\n').slice(1)) {
    const [label, ...cells] = line.trim().split(/\s+/);
    out.set(label!, cells);
  }
  return out;
}

/** Columns that move with the machine, and how far (bytes) two reads a moment apart may differ. */
const TOLERANCE: Record<string, number> = {
  used: 48 * MiB, free: 48 * MiB, available: 48 * MiB, 'buff/cache': 48 * MiB, cache: 48 * MiB,
  shared: 8 * MiB, buffers: 8 * MiB,
};

function compare(theirs: string, ours: string, args: string[]): string[] {
  const problems: string[] = [];
  const th = theirs.split('\n')[0]!;
  if (ours.split('\n')[0] !== th) problems.push(`header differs: ${JSON.stringify(ours.split('\n')[0])}`);
  const headers = th.trim().split(/\s+/);
  const a = rows(theirs);
  const b = rows(ours);
  if ([...a.keys()].join() !== [...b.keys()].join()) return [...problems, `rows differ: ${[...b.keys()]} vs ${[...a.keys()]}`];
  for (const [label, cells] of a) {
    const mine = b.get(label)!;
    if (mine.length !== cells.length) problems.push(`${label} has ${mine.length} cells, free ${cells.length}`);
    cells.forEach((cell, i) => {
      const col = headers[i]!;
      // totals never move (Mem, Low, High, Swap, Total, CommitLimit): exact
      if (col === 'total') {
        if (mine[i] !== cell) problems.push(`${label} ${col}: ${mine[i]} vs ${cell}`);
        return;
      }
      const x = cellBytes(cell, args);
      const y = cellBytes(mine[i]!, args);
      // Committed_AS jumps by a node process's reservations whenever a test worker starts.
      const moving = label === 'Comm:' ? 256 * MiB : TOLERANCE[col] ?? 0;
      const tol = moving + Math.max(x.resolution, y.resolution);
      if (Math.abs(x.value - y.value) > tol) problems.push(`${label} ${col}: ${mine[i]} vs ${cell}`);
    });
  }
  return problems;
}

const MODES = [
  [], ['-b'], ['-k'], ['-m'], ['-g'], ['--tebi'], ['--pebi'], ['--kilo'], ['--mega'], ['--giga'], ['--tera'],
  ['--peta'], ['--si'], ['-h'], ['--si', '-h'], ['-w'], ['-h', '-w'], ['-t', '-l', '-v'], ['-b', '-w', '-t'],
];

describe('sysmon free agrees with procps free on this machine', () => {
  it('the real free is procps-ng', async () => {
    expect(await realFree(['--version'])).toMatch(/procps-ng/);
  });
  for (const args of MODES) {
    it(`free ${args.join(' ') || '(default)'}`, async () => {
      let problems: string[] = [];
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const theirs = await realFree(args);
        const ours = await ourFree(args);
        problems = compare(theirs, ours, args);
        if (problems.length === 0) break;
      }
      expect(problems).toEqual([]);
    });
  }
  it('Mem and Swap totals are exactly equal in bytes', async () => {
    const a = rows(await realFree(['-b']));
    const b = rows(await ourFree(['-b']));
    expect(b.get('Mem:')![0]).toBe(a.get('Mem:')![0]);
    expect(b.get('Swap:')![0]).toBe(a.get('Swap:')![0]);
  });
});
