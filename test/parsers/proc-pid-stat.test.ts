import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { parseProcPidStat, parseProcPidStatBytes, parseProcPidStatInto, parseProcPidStatOnce, PF_KTHREAD, type ProcPidStat } from '../../src/parsers/proc-pid-stat.js';

const enc = new TextEncoder();

function viaBytes(text: string): ProcPidStat | null {
  const into = {} as ProcPidStat;
  const buf = enc.encode(text);
  return parseProcPidStatBytes(buf, buf.length, into) ? into : null;
}

const NORMAL =
  '1 (systemd) S 0 1 1 0 -1 4194560 53800 1118860 0 748 470 1460 1390 758 20 0 13 0 24 49147904 4121 ' +
  '18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
const WEIRD =
  '120 (we ird) (x) R 100 120 100 34816 120 4194304 1000 0 10 0 3000 600 0 0 20 0 3 0 19994000 2560000000 ' +
  '100000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
const KTHREAD =
  '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 2 0 0 20 0 1 0 1 0 0 18446744073709551615 0 0 0 0 0 0 0 ' +
  '2147483647 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
const RT_NEGATIVE =
  '145 (rtprio) S 1 145 145 0 -1 4194560 0 0 0 0 7 8 0 0 -51 0 1 0 100 5120000 250 ' +
  '18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 50 1 0 0 0 0 0 0 0 0 0 0 0\n';

describe('parseProcPidStat', () => {
  it('reads the fields of an ordinary process', () => {
    const s = parseProcPidStat(NORMAL)!;
    expect(s).toMatchObject({
      pid: 1, comm: 'systemd', state: 'S', ppid: 0, pgrp: 1, session: 1, ttyNr: 0, tpgid: -1, flags: 4194560,
      minflt: 53800, majflt: 0, utime: 470, stime: 1460, priority: 20, nice: 0, numThreads: 13, starttime: 24,
      vsize: 49147904, rssPages: 4121, processor: 1, rtPriority: 0, policy: 0,
    });
  });

  it('takes comm between the first ( and the LAST ), spaces and parentheses included', () => {
    const s = parseProcPidStat(WEIRD)!;
    expect(s.comm).toBe('we ird) (x');
    expect(s.state).toBe('R');
    expect(s.ppid).toBe(100);
    expect(s.ttyNr).toBe(34816);
    expect(s.numThreads).toBe(3);
    expect(s.starttime).toBe(19994000);
  });

  it('handles comm made of ) and ( only, and an empty comm', () => {
    expect(parseProcPidStat('7 ()) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0')!.comm).toBe(')');
    expect(parseProcPidStat('8 () S 1 8 8 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0')!.comm).toBe('');
    expect(parseProcPidStat('9 (a) (b) (c) Z 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0')!).toMatchObject({ comm: 'a) (b) (c', state: 'Z', ppid: 1 });
  });

  it('marks kernel threads with PF_KTHREAD', () => {
    const s = parseProcPidStat(KTHREAD)!;
    expect(s.flags & PF_KTHREAD).not.toBe(0);
    expect(s.vsize).toBe(0);
  });

  it('reads negative priority and tpgid', () => {
    const s = parseProcPidStat(RT_NEGATIVE)!;
    expect(s.priority).toBe(-51);
    expect(s.tpgid).toBe(-1);
    expect(s.rtPriority).toBe(50);
    expect(s.policy).toBe(1);
  });

  it('rejects text that is not a stat line', () => {
    expect(parseProcPidStat('')).toBeNull();
    expect(parseProcPidStat('12 (trunc')).toBeNull();
    expect(parseProcPidStat('x (a) S 1')).toBeNull();
    expect(parseProcPidStat('5 (a)')).toBeNull();
  });

  it('reads a short line from an old kernel with missing trailing fields as 0', () => {
    const s = parseProcPidStat('5 (old) S 1 5 5 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 77 1000 10')!;
    expect(s).toMatchObject({ utime: 3, stime: 4, starttime: 77, vsize: 1000, rssPages: 10, processor: 0, policy: 0 });
  });
});

function viaInto(text: string): ProcPidStat | null {
  const into = {} as ProcPidStat;
  return parseProcPidStatInto(text, into) ? into : null;
}

describe('parseProcPidStatBytes and parseProcPidStatInto agree with the text parser', () => {
  for (const [name, text] of Object.entries({ NORMAL, WEIRD, KTHREAD, RT_NEGATIVE })) {
    it(name, () => {
      expect(viaBytes(text)).toEqual(parseProcPidStat(text));
      expect(viaInto(text)).toEqual(parseProcPidStat(text));
    });
  }

  it('string scanner rejects garbage too', () => {
    for (const t of ['', 'abc', '12 (x', '(x) S', '5 (a)']) expect(viaInto(t), t).toBeNull();
  });

  it('decodes a UTF-8 comm', () => {
    const text = '33 (naïve ✓) S 1 33 33 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0';
    expect(viaBytes(text)!.comm).toBe('naïve ✓');
    expect(viaBytes(text)).toEqual(parseProcPidStat(text));
    expect(viaInto(text)).toEqual(parseProcPidStat(text));
  });

  it('reads only the first len bytes of a reused buffer', () => {
    const buf = new Uint8Array(4096).fill(41); // stale ')' bytes after the data must be ignored
    const bytes = enc.encode(WEIRD);
    buf.set(bytes);
    const into = {} as ProcPidStat;
    expect(parseProcPidStatBytes(buf, bytes.length, into)).toBe(true);
    expect(into.comm).toBe('we ird) (x');
  });

  it('rejects garbage', () => {
    const into = {} as ProcPidStat;
    for (const t of ['', 'abc', '12 (x', '(x) S']) {
      const b = enc.encode(t);
      expect(parseProcPidStatBytes(b, b.length, into), t).toBe(false);
    }
  });
});

describe('parseProcPidStatOnce (one-shot scans in the interpreter) reads every line as parseProcPidStatBytes does', () => {
  function both(text: string | Uint8Array, len?: number): [boolean, ProcPidStat, boolean, ProcPidStat] {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
    const n = len ?? bytes.length;
    const a = {} as ProcPidStat;
    const b = {} as ProcPidStat;
    return [parseProcPidStatOnce(bytes, n, a), a, parseProcPidStatBytes(bytes, n, b), b];
  }

  for (const [name, line] of [['normal', NORMAL], ['weird comm', WEIRD], ['kernel thread', KTHREAD], ['negative priority', RT_NEGATIVE]] as const) {
    it(name, () => {
      const [okA, a, okB, b] = both(line);
      expect(okA).toBe(true);
      expect(okB).toBe(true);
      expect(a).toEqual(b);
    });
  }

  it('on real lines of this machine', () => {
    let n = 0;
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(`/proc/${pid}/stat`);
      } catch {
        continue; // gone
      }
      const [okA, a, okB, b] = both(bytes);
      expect(okA).toBe(okB);
      expect(a).toEqual(b);
      n++;
    }
    expect(n).toBeGreaterThan(0);
  });

  it('on 20,000 random lines, odd ones included (the byte parser takes whatever is not the plain layout)', () => {
    let seed = 12345;
    const rnd = (k: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % k;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
    const comms = ['bash', 'we ird) (x', ')(', '', 'é中', 'a\u0000b', 'tab\there', 'new\nline', '\u00ff\u0080'];
    const numbers = ['0', '1', '-1', '42', '-51', '18446744073709551615', '4194560', '9007199254740991', '123456789012'];
    const odd = ['', ' ', '  ', 'x', '1x', '-', '--1', '0x1A', '1e5', '+3', 'Infinity', '\n', '\t'];
    let plain = 0;
    for (let t = 0; t < 20_000; t++) {
      const fields: string[] = [];
      const count = rnd(60);
      const oddLine = rnd(5) === 0;
      for (let f = 0; f < count; f++) fields.push(oddLine && rnd(6) === 0 ? pick(odd) : pick(numbers));
      const sep = rnd(10) === 0 ? pick(['  ', '\n', '\t', ' \n']) : ' ';
      const state = rnd(15) === 0 ? pick(['', 'SS', '\u00a0', ' ']) : pick(['S', 'R', 'D', 'Z', 'I', 't']);
      const head = rnd(20) === 0 ? pick(['', 'x', ' 7', '7 7']) : String(1 + rnd(99999));
      let line = `${head} (${pick(comms)})${rnd(20) === 0 ? '' : ' '}${state}${fields.length ? ' ' : ''}${fields.join(sep)}${rnd(4) ? '\n' : ''}`;
      if (rnd(30) === 0) line = line.slice(0, rnd(line.length + 1));
      const bytes = Buffer.from(line, 'utf8');
      // Sometimes only the start of a reused buffer is valid.
      const len = rnd(10) === 0 ? rnd(bytes.length + 1) : bytes.length;
      const [okA, a, okB, b] = both(bytes, len);
      expect(okA, JSON.stringify(line.slice(0, len))).toBe(okB);
      if (okB) expect(a, JSON.stringify(line.slice(0, len))).toEqual(b);
      if (okA && sep === ' ' && !fields.some((x) => odd.includes(x))) plain++;
    }
    expect(plain).toBeGreaterThan(5000);
  });
});
