import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPs, ourPs, startZoo, hasProcps, type Zoo } from './ps-zoo.js';

// Every format specifier that procps-ng's `ps L` lists, generated from `ps L` itself: `ps -o KEY -p PIDS` and
// `ps -o KEY,pid` (the column not last, so its width and cutting show) against procps for the processes of
// ps-zoo.ts. Header and text must be equal. What moves between two reads (elapsed time, lifetime %CPU) is
// handled by reading procps before and after sysmon and accepting either, retrying when the clock moved
// across both; never by loosening the comparison.

let zoo: Zoo;

/**
 * Lifetime averages move with the clock on every read (a sleeper's %CPU falls as it ages): sysmon's figure
 * must lie between the two procps reads around it. Those columns are compared so; everything else exactly.
 */
const BETWEEN = new Set(['cuu', 'cuc', '%cpu', 'pcpu', 'c', 'cp', 'util']);
/**
 * PSS shares every page among the processes mapping it, and the reader is one of them (procps's ps maps libc
 * and libprocps, node maps libc): a sleeper's PSS moves by the reader's share, a few KiB.
 */
const READER_SHARED = new Set(['pss']);
/**
 * Elapsed seconds: each reader takes its own look at /proc/uptime; on a loaded machine a read between two
 * procps reads was seen to land one second past both. One second either way, no more.
 */
const ELAPSED = new Set(['etime', 'etimes']);

/** Seconds of a number or an `[[DD-]HH:]MM:SS` clock. */
function clock(t: string): number {
  if (!t.includes(':')) return Number(t);
  const [d, rest] = t.includes('-') ? t.split('-') : ['0', t];
  return (rest ?? '').split(':').map(Number).reduce((a, b) => a * 60 + b, 0) + Number(d) * 86400;
}

function tokensAgree(spec: string, before: string, ours: string, after: string): boolean {
  const a = before.split('\n');
  const b = ours.split('\n');
  const c = after.split('\n');
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i] || c[i] === b[i]) continue;
    const ta = a[i]!.trim().split(/\s+/);
    const tb = b[i]!.trim().split(/\s+/);
    const tc = (c[i] ?? '').trim().split(/\s+/);
    if (ta.length !== tb.length || a[i]!.length !== b[i]!.length) return false;
    for (let k = 0; k < ta.length; k++) {
      if (ta[k] === tb[k]) continue;
      const x = clock(ta[k]!);
      const y = clock(tb[k]!);
      const z = clock(tc[k]!);
      if (![x, y, z].every(Number.isFinite)) return false;
      if (BETWEEN.has(spec) && y >= Math.min(x, z) && y <= Math.max(x, z)) continue;
      if (ELAPSED.has(spec) && Math.min(Math.abs(y - x), Math.abs(y - z)) <= 1) continue;
      if (READER_SHARED.has(spec) && Math.abs(y - x) <= Math.max(16, x * 0.03)) continue;
      return false;
    }
  }
  return true;
}
const specs = hasProcps ? realPs(['L']).stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]!) : [];

describe.runIf(hasProcps)('every ps L specifier against procps', () => {
  beforeAll(async () => {
    zoo = await startZoo();
  }, 300_000);
  afterAll(() => zoo?.stop());

  it('ps L lists 190 specifiers, and sysmon ps L lists the same', () => {
    expect(specs.length).toBe(190);
    expect(ourPs(['L']).stdout).toBe(realPs(['L']).stdout);
  });

  for (const spec of specs) {
    it(`-o ${spec}`, () => {
      const pids = zoo.pids.join(',');
      for (const format of [spec, `${spec},pid`]) {
        const args = ['-o', format, '-p', pids];
        let last = '';
        for (let attempt = 0; attempt < 5; attempt++) {
          const before = realPs(args);
          const ours = ourPs(args);
          const after = realPs(args);
          expect(ours.code, args.join(' ')).toBe(before.code);
          if (ours.stdout === before.stdout || ours.stdout === after.stdout ||
            tokensAgree(spec, before.stdout, ours.stdout, after.stdout)) {
            last = '';
            break;
          }
          last = diffLines(before.stdout, ours.stdout);
        }
        expect(last, `ps ${args.join(' ')}: procps | sysmon`).toBe('');
      }
    });
  }
});

function diffLines(theirs: string, ours: string): string {
  const a = theirs.split('\n');
  const b = ours.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) out.push(`procps: ${JSON.stringify(a[i])}\nsysmon: ${JSON.stringify(b[i])}`);
  }
  return out.join('\n');
}
