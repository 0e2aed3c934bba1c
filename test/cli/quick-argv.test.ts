import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { optionShape, optionValues, quickTokens, type CommandLine, type Occurrence } from '../../src/cli/option-spec.js';
import { buildProgram } from '../../src/cli/program.js';

// The quick reading of a command line (src/cli/option-spec.ts) must say exactly what commander says whenever
// it says anything: the same options, the same operands, the same occurrences in the same order. Random
// command lines of each command's own flags, values and stray words are read both ways.

interface Reading {
  opts: Record<string, unknown>;
  args: string[];
  seen: Array<[string, string | undefined]>;
}

const names = (seen: readonly Occurrence[]): Array<[string, string | undefined]> => seen.map(([o, v]) => [optionShape(o).name, v]);

/** What commander makes of `argv` for the command `name`, through the real program, or the error it throws. */
async function commanderReading(name: string, line: CommandLine, argv: string[]): Promise<Reading | { error: string }> {
  let got: Reading | null = null;
  const spy = vi.spyOn(line, 'run').mockImplementation(async (parsed, seen) => {
    got = { opts: { ...parsed.opts }, args: [...parsed.args], seen: names(seen) };
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const program = await buildProgram([name]);
    program.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
    for (const c of program.commands) c.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
    await program.parseAsync([name, ...argv], { from: 'user' });
  } catch (e) {
    return { error: String((e as Error).message) };
  } finally {
    spy.mockRestore();
    stderr.mockRestore();
    stdout.mockRestore();
  }
  return got ?? { error: 'the action did not run' };
}

/** The quick reading, or null when it leaves the line to commander; a check's throw as an error. */
function quickReading(line: CommandLine, argv: string[]): Reading | { error: string } | null {
  const t = quickTokens(line.options, argv, line.operands);
  if (!t) return null;
  const seen: Occurrence[] = [];
  try {
    for (const o of t.seen) {
      seen.push(o);
      line.check?.(seen);
    }
  } catch (e) {
    return { error: String((e as Error).message) };
  }
  return { opts: optionValues(line.options, seen), args: t.args, seen: names(seen) };
}

/** A small seeded generator, so that a failure names a command line that fails again. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

const VALUES = ['1', '0.5', 'ext4', '', '-1', '--json', '/', 'a,b', '%MEM'];
const STRAYS = ['--', '-', '/', 'extra', '-Z', '--nope', '--help', '-h', '-V', '--version', '--hum', '-5'];

function words(line: CommandLine, rnd: () => number): string[] {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const shapes = line.options.map(optionShape);
  const shorts = shapes.filter((s) => s.short !== null);
  const out: string[] = [];
  const n = Math.floor(rnd() * 5);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.1 || shapes.length === 0) {
      out.push(pick(STRAYS));
      continue;
    }
    const s = pick(shapes);
    if (r < 0.4 && s.long) {
      if (s.value === 'none') out.push(rnd() < 0.9 ? s.long : `${s.long}=x`);
      else if (rnd() < 0.5) out.push(`${s.long}=${pick(VALUES)}`);
      else out.push(s.long, ...(rnd() < 0.9 ? [pick(VALUES)] : []));
    } else if (r < 0.7 && s.short) {
      if (s.value === 'none') out.push(s.short);
      else if (rnd() < 0.5) out.push(`${s.short}${pick(VALUES)}`);
      else out.push(s.short, ...(rnd() < 0.9 ? [pick(VALUES)] : []));
    } else if (shorts.length > 0) {
      // A group: two or three letters, the last perhaps one that takes a value.
      const k = 2 + Math.floor(rnd() * 2);
      let g = '-';
      for (let j = 0; j < k; j++) g += pick(shorts).short!.slice(1);
      out.push(g, ...(rnd() < 0.5 ? [pick(VALUES)] : []));
    } else {
      out.push(pick(STRAYS));
    }
  }
  return out;
}

describe('command lines read without commander', () => {
  afterEach(() => vi.restoreAllMocks());

  const withLines = ['free', 'df', 'uptime', 'top', 'ps'];
  for (const name of withLines) {
    it(`${name}: every line the quick reading takes, commander reads the same way`, async () => {
      const entry = COMMANDS.find((c) => c.name === name)!;
      const line = ((await entry.load()) as { line?: CommandLine }).line;
      expect(line, `${name} exports its CommandLine`).toBeDefined();
      const rnd = prng(name.length * 7919 + name.charCodeAt(0));
      let taken = 0;
      let left = 0;
      for (let i = 0; i < 600; i++) {
        const argv = words(line!, rnd);
        const quick = quickReading(line!, argv);
        if (quick === null) {
          left++;
          continue;
        }
        taken++;
        expect(await commanderReading(name, line!, argv), `${name} ${JSON.stringify(argv)}`).toEqual(quick);
      }
      // Both kinds must occur, or the comparison proved nothing.
      expect(taken).toBeGreaterThan(100);
      if (name !== 'ps') expect(left).toBeGreaterThan(50);
    });
  }

  it('reads the forms scripts use', () => {
    const spec = [
      { flags: '-h, --human', description: '' },
      { flags: '-s, --seconds <N>', description: '' },
      { flags: '-w, --width [N]', description: '' },
      { flags: '-t, --type <T>', description: '', parse: (v: string, p: unknown) => [...((p as string[]) ?? []), v] },
      { flags: '--timeout <MS>', description: '', defaultValue: '2000' },
    ];
    const read = (argv: string[]) => {
      const t = quickTokens(spec, argv, 'many');
      return t && { opts: optionValues(spec, t.seen), args: t.args };
    };
    expect(read(['-hs1', '/'])).toEqual({ opts: { human: true, seconds: '1', timeout: '2000' }, args: ['/'] });
    expect(read(['-h', '-s', '2', '-t', 'a', '--type=b'])).toEqual({ opts: { human: true, seconds: '2', type: ['a', 'b'], timeout: '2000' }, args: [] });
    expect(read(['-w80', '--width=90'])).toEqual({ opts: { width: '90', timeout: '2000' }, args: [] });
    expect(read(['--seconds', '--weird'])).toEqual({ opts: { seconds: '--weird', timeout: '2000' }, args: [] });
    // Left to commander: a bare optional value, a missing value, `--`, unknown and abbreviated options.
    for (const argv of [['-w'], ['--width'], ['-s'], ['--seconds'], ['--'], ['--help'], ['-x'], ['--hum'], ['--human=1'], ['-hx']]) {
      expect(read(argv), JSON.stringify(argv)).toBeNull();
    }
    expect(quickTokens(spec, ['/'], 'none')).toBeNull();
    expect(quickTokens([], ['aux', '--sort', '-rss'], 'raw')).toEqual({ seen: [], args: ['aux', '--sort', '-rss'] });
    expect(quickTokens([], ['--', 'aux'], 'raw')).toBeNull();
  });
});
