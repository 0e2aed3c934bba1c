import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runSysmon } from '../helpers/sysmon-cli.js';
import { corpusSize, readCorpus, type CorpusCase } from './corpus-runner.js';
import { hasProcps, startZoo, type Zoo } from './ps-zoo.js';

// Real-world ps invocations (test/corpus/ps.txt: ps(1) EXAMPLES, script idioms, usage errors) run through
// the built CLI next to procps-ng's ps on this machine: stdout, stderr and exit status. Other sessions' processes
// come and go, so whole-system listings compare the header, every line of a process that holds still and most
// of the rest; listings of the test's own sleepers compare exactly, read between two procps reads.

let zoo: Zoo;
const vars: Record<string, string> = {};

function real(c: CorpusCase): { stdout: string; stderr: string; code: number } {
  const r = spawnSync('ps', c.args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LANG: 'C.UTF-8', TZ: process.env.TZ, ...c.env },
    maxBuffer: 64 << 20,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

async function ours(c: CorpusCase): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = cliEnv({ LANG: 'C.UTF-8', ...c.env });
  for (const k of ['COLUMNS', 'PS_FORMAT', 'PS_PERSONALITY', 'LINES']) if (!(k in c.env)) delete env[k];
  return runSysmon(['ps', ...c.args], { env, timeout: 60_000 });
}

/**
 * The shape of a help text: headings, usage and closing lines whole; of each option line its option column
 * (the first 21 characters); descriptions, their continuations and notes left out (sysmon words them itself).
 */
function helpShape(text: string): string {
  return text.split('\n').flatMap((l) => {
    if (/^ {1,2}(-|[A-Za-z][ ,])/.test(l) || /^ {5,8}--/.test(l)) return [l.slice(0, 21).trimEnd()];
    return /^ {2,}/.test(l) ? [] : [l];
  }).join('\n');
}

/** procps's stderr with sysmon's prefix on its first line. */
function prefixed(stderr: string): string {
  return stderr === '' ? '' : `sysmon: ${stderr}`;
}

function stableLineTrouble(before: string[], after: string[], ourLines: string[], stable: Set<string>): string | null {
  const head = ourLines[0] ?? '';
  const pidCol = head.trim().split(/\s+/).findIndex((h) => h === 'PID');
  const known = new Set([...before, ...after]);
  const pidOf = (l: string): string => l.trim().split(/\s+/)[pidCol] ?? '';
  const linesOf = (ls: string[], pid: string): string => ls.find((x) => pidOf(x) === pid) ?? '';
  let same = 0;
  for (const l of ourLines.slice(1)) {
    if (known.has(l)) same++;
    else if (pidCol >= 0 && stable.has(pidOf(l))) {
      // A test process's line: each token procps's, or between its values before and after (a young
      // process's lifetime %CPU falls between the reads).
      const pid = pidOf(l);
      if (!linesAgree(linesOf(before, pid), l, linesOf(after, pid))) return `stable line differs: ${JSON.stringify(l)}`;
      same++;
    }
  }
  if (ourLines.length > 2 && same < (ourLines.length - 1) / 2) return `only ${same} of ${ourLines.length - 1} lines found in procps's output`;
  return null;
}

/** Seconds of a clock token (`12`, `01:02`, `1-02:03:04`, `0:05`), or NaN. */
function clockValue(t: string): number {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$/.exec(t);
  if (!m) return Number.NaN;
  const parts = [m[2], m[3], m[4]].filter((x) => x !== undefined).map(Number);
  let v = 0;
  for (const p of parts) v = v * 60 + p;
  return v + Number(m[1] ?? 0) * 86400;
}

/**
 * Clocks move between two reads (elapsed time, a sleeper's falling lifetime %CPU): a line of sysmon's agrees
 * when every token is procps's, or a number (or clock) between procps's values before and after it.
 */
function linesAgree(before: string, ours: string, after: string): boolean {
  const a = before.split('\n');
  const b = ours.split('\n');
  const c = after.split('\n');
  if (a.length !== b.length || c.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === a[i] || b[i] === c[i]) continue;
    const ta = a[i]!.trim().split(/\s+/);
    const tb = b[i]!.trim().split(/\s+/);
    const tc = c[i]!.trim().split(/\s+/);
    if (ta.length !== tb.length || tc.length !== tb.length) return false;
    for (let k = 0; k < tb.length; k++) {
      if (tb[k] === ta[k] || tb[k] === tc[k]) continue;
      const [x, y, z] = [clockValue(ta[k]!), clockValue(tb[k]!), clockValue(tc[k]!)];
      if (![x, y, z].every(Number.isFinite) || y < Math.min(x, z) || y > Math.max(x, z)) return false;
    }
  }
  return true;
}

// A sleeper whose dead child burnt CPU first: its TIME+ is 0 but for top -S (stat cutime + cstime).
let reaped: ChildProcess | undefined;

afterAll(() => {
  zoo?.stop();
  reaped?.kill('SIGKILL');
});

/** Start the sleeper of $REAPED and wait until its children's CPU time shows in stat. */
async function startReaped(): Promise<number> {
  reaped = spawn('sh', ['-c', '(i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done); exec sleep 100000'], { stdio: 'ignore' });
  const pid = reaped.pid!;
  for (let i = 0; i < 1200; i++) {
    try {
      const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      if (s.includes('(sleep)') && Number(f[13]) + Number(f[14]) > 0) return pid;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the reaped sleeper did not start');
}

/** Start the test processes once for both corpora and name them for the placeholders. */
async function setUp(): Promise<void> {
  if (zoo) return;
  zoo = await startZoo();
  const byWhat = (w: string): number => [...zoo.what].find(([, x]) => x === w)![0];
  const statOf = (pid: number): string[] => {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  };
  const onPty = byWhat('sleep on a pty');
  const ttyNr = Number(statOf(onPty)[4]);
  const ptyNum = String(((ttyNr >> 8) - 136) * 256 + (ttyNr & 0xff));
  const own = byWhat('own session');
  Object.assign(vars, {
    REAPED: String(await startReaped()),
    ZOO: zoo.pids.join(','),
    S1: String(byWhat('niced sleeper')),
    S2: String(byWhat('negative nice')),
    THR: String(byWhat('threaded')),
    ZOMBIE: String(byWhat('zombie')),
    ZPARENT: String(byWhat('zombie parent')),
    RT: String(byWhat('SCHED_FIFO 12')),
    PTY: `pts/${ptyNum}`,
    PTYNUM: ptyNum,
    SID: statOf(own)[3]!,
    PGRP: statOf(own)[2]!,
  });
}


describe.runIf(hasProcps)('ps corpus against procps-ng', () => {
  beforeAll(setUp, 300_000);
  it('holds at least 110 invocations', () => {
    expect(corpusSize('ps')).toBeGreaterThanOrEqual(110);
  });

  // Cases are read lazily so that placeholders get the pids of this run.
  const lines = hasProcps ? readCorpus('ps', new Proxy({}, { get: () => '1' })) : [];
  lines.forEach((shape, n) => {
    it(`ps ${shape.line}`, async () => {
      const c = readCorpus('ps', vars)[n]!;
      const stable = new Set([...zoo.pids.map(String), '1', '2']);
      let trouble = '';
      for (let attempt = 0; attempt < 4; attempt++) {
        const before = real(c);
        const got = await ours(c);
        const after = real(c);
        trouble = '';
        if (got.code !== before.code && got.code !== after.code) trouble = `status ${got.code}, procps ${before.code}`;
        else if (got.stderr !== prefixed(before.stderr) && got.stderr !== prefixed(after.stderr)) {
          trouble = `stderr ${JSON.stringify(got.stderr)}, procps ${JSON.stringify(before.stderr)}`;
        } else if (c.mode === 'help') {
          // sysmon's own options (--json, --list-fields) are the lines procps has not.
          const ourHelp = got.stdout.replace(/^ sysmon ps /m, ' ps ').replace(/^ +--(json|list-fields) .*\n/gm, '');
          const [a, b] = [helpShape(before.stdout), helpShape(ourHelp)];
          if (a !== b) trouble = `help differs in shape:\n--- procps\n${a}\n--- sysmon\n${b}`;
        } else if (c.mode === 'system') {
          const ourLines = got.stdout.split('\n');
          const b = before.stdout.split('\n');
          const a = after.stdout.split('\n');
          if (ourLines[0] !== b[0]) trouble = `header ${JSON.stringify(ourLines[0])}, procps ${JSON.stringify(b[0])}`;
          else trouble = stableLineTrouble(b, a, ourLines, stable) ?? '';
        } else if (!linesAgree(before.stdout, got.stdout, after.stdout)) {
          trouble = `stdout differs:\n--- procps\n${before.stdout}--- sysmon\n${got.stdout}`;
        }
        if (!trouble) break;
      }
      expect(trouble, `ps ${c.args.join(' ')}`).toBe('');
    }, 120_000);
  });
});

function realTop(c: CorpusCase): { stdout: string; stderr: string; code: number } {
  const r = spawnSync('top', c.args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LANG: 'C.UTF-8', TZ: process.env.TZ, HOME: process.env.HOME, ...c.env },
    maxBuffer: 64 << 20,
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/**
 * What a top -b output says that holds still: frames, summary labels, header, the test processes' identity.
 * `mem` adds the memory lines with numbers masked (their form and units) and the processes' VIRT RES SHR;
 * `time` adds their TIME+.
 */
function topShape(out: string, stable: Set<string>, mode: string): string[] {
  const shape: string[] = [];
  for (const frame of out.split(/\n(?=top - )/)) {
    const lines = frame.split('\n');
    shape.push(lines.slice(0, 5).map((l) => l.split(/[:,]/)[0]!.replace(/\s+/g, ' ').replace(/^top - .*/, 'top')).join('|'));
    // Numbers as their form only (whole, or one decimal): figures move and may gain a digit between the runs.
    if (mode === 'mem') {
      shape.push(...lines.filter((l) => /^.iB (Mem|Swap)/.test(l))
        .map((l) => l.replace(/\d+\.\d/g, 'N.N').replace(/\d+/g, 'N').replace(/ +/g, ' ')));
    }
    const head = lines.findIndex((l) => /^\s*PID\s+USER/.test(l));
    shape.push(head < 0 ? 'no header' : lines[head]!.trimEnd());
    const rows = lines.slice(head + 1).map((l) => l.trim().split(/\s+/)).filter((t) => stable.has(t[0] ?? ''));
    const cols = mode === 'mem' ? [0, 1, 2, 3, 7, 4, 5, 6] : mode === 'time' ? [0, 1, 2, 3, 7, 10] : [0, 1, 2, 3, 7];
    const ids = rows.map((t) => cols.map((i) => t[i]).join(' '));
    shape.push((mode === 'order' ? ids : ids.sort()).join(';'));
  }
  return shape;
}

describe.runIf(hasProcps)('top -b corpus against procps-ng', () => {
  beforeAll(setUp, 300_000);
  it('holds the top invocations', () => {
    expect(corpusSize('top')).toBeGreaterThanOrEqual(20);
  });
  const lines = hasProcps ? readCorpus('top', new Proxy({}, { get: () => '1' })) : [];
  lines.forEach((shape, n) => {
    it(`top ${shape.line}`, async () => {
      const c = readCorpus('top', vars)[n]!;
      const stable = new Set([...zoo.pids.map(String), vars.REAPED!]);
      let trouble = '';
      for (let attempt = 0; attempt < 3; attempt++) {
        const theirs = realTop(c);
        const env = cliEnv({ LANG: 'C.UTF-8', ...c.env });
        delete env.COLUMNS;
        const got = await runSysmon(['top', ...c.args], { env, timeout: 60_000 });
        trouble = '';
        if (got.code !== theirs.code) trouble = `status ${got.code}, top ${theirs.code}`;
        else if (got.stderr !== theirs.stderr.replace(/^top: /, 'sysmon: ')) {
          trouble = `stderr ${JSON.stringify(got.stderr)}, top ${JSON.stringify(theirs.stderr)}`;
        } else if (['frame', 'order', 'mem', 'time'].includes(c.mode)) {
          const a = topShape(theirs.stdout, stable, c.mode);
          const b = topShape(got.stdout, stable, c.mode);
          if (JSON.stringify(a) !== JSON.stringify(b)) trouble = `frames differ:\n${a.join('\n')}\n--- sysmon\n${b.join('\n')}`;
        } else if (got.stdout !== theirs.stdout) trouble = `stdout differs:\n${theirs.stdout}--- sysmon\n${got.stdout}`;
        if (!trouble) break;
      }
      expect(trouble, `top ${c.args.join(' ')}`).toBe('');
    }, 180_000);
  });
});

/** The test's processes in the order a top -b frame lists them. */
function pidOrder(out: string, stable: Set<string>): string[] {
  return out.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter((p) => stable.has(p));
}

/**
 * Proportional set sizes move whenever another process maps or drops a shared page, so for these fields the
 * orders are checked against the test's own reading of smaps_rollup instead: each listing must be sorted by
 * it up to 3% (or 16 KiB) between neighbours.
 */
const MOVING: Record<string, string> = { PSS: 'Pss', PSan: 'Pss_Anon', PSfd: 'Pss_File', PSsh: 'Pss_Shmem' };

function rollupKib(pid: string, key: string): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Where a listing is out of order by more than the tolerance, or null. */
function unsorted(order: string[], key: string, desc: boolean): string | null {
  const v = order.map((p) => rollupKib(p, key));
  for (let i = 1; i < v.length; i++) {
    const [hi, lo] = desc ? [v[i - 1]!, v[i]!] : [v[i]!, v[i - 1]!];
    if (lo - hi > Math.max(16, 0.03 * lo)) return `${order[i - 1]} (${v[i - 1]} KiB) before ${order[i]} (${v[i]} KiB)`;
  }
  return null;
}

// Generated: every field name real top -O lists, as top's sort field (-o NAME, and -o -NAME low to high) over
// the test's processes. Ties keep the -p order in both (top's sort is stable), so the orders must be equal.
describe.runIf(hasProcps)('top -o over every top -O field against procps-ng', () => {
  beforeAll(setUp, 300_000);
  const names = hasProcps ? spawnSync('top', ['-O'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean) : [];
  it('lists the same field names', async () => {
    const got = await runSysmon(['top', '-O'], { env: cliEnv({ LANG: 'C.UTF-8' }), timeout: 60_000 });
    expect(got.stdout.split('\n').filter(Boolean)).toEqual(names);
  });
  for (const name of names) {
    for (const spec of [name, `-${name}`]) {
      it(`top -b -n 1 -o ${spec} -p ZOO`, async () => {
        const stable = new Set(zoo.pids.map(String));
        const args = ['-b', '-n', '1', '-w', '512', '-o', spec, '-p', zoo.pids.join(',')];
        let trouble = '';
        for (let attempt = 0; attempt < 3; attempt++) {
          const theirs = realTop({ mode: 'order', env: {}, args, line: '' });
          const got = await runSysmon(['top', ...args], { env: cliEnv({ LANG: 'C.UTF-8' }), timeout: 60_000 });
          const a = pidOrder(theirs.stdout, stable);
          const b = pidOrder(got.stdout, stable);
          trouble = got.code !== theirs.code ? `status ${got.code}, top ${theirs.code}` : '';
          const moving = MOVING[name];
          if (!trouble && moving) {
            const bad = unsorted(a, moving, spec === name) ?? unsorted(b, moving, spec === name);
            if (bad) trouble = `not sorted by ${moving}: ${bad}`;
          } else if (!trouble && a.join(',') !== b.join(',')) {
            trouble = `order differs: top ${a.map((p) => zoo.what.get(Number(p))).join(' | ')}\nsysmon ${b.map((p) => zoo.what.get(Number(p))).join(' | ')}`;
          }
          if (!trouble && a.length !== zoo.pids.length) trouble = `top listed ${a.length} of ${zoo.pids.length}`;
          if (!trouble) break;
        }
        expect(trouble).toBe('');
      }, 180_000);
    }
  }
});
