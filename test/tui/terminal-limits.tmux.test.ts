import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haveTmux, TmuxSession } from './tmux-harness.js';

// Terminals that go away or cannot draw, and delays beyond what one Node timer holds.
if (!haveTmux()) throw new Error('tmux is not installed: the dashboard tests need it (apt-get install tmux)');

/** utime + stime of a process, clock ticks (proc(5) stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

describe('terminal limits', () => {
  it('the terminal closed under the dashboard: a quiet exit with status 1, no abort, no stack', async () => {
    const s = new TmuxSession({ width: 100, height: 30, outliveHangup: true });
    try {
      s.start();
      await s.waitFor((scr) => /PID\s+USER/.test(scr), 20_000, 'the dashboard');
      s.killSession();
      expect(await s.exitStatus(15_000)).toBe(1);
      expect(s.stderr()).toBe('');
    } finally {
      s.kill();
    }
  }, 60_000);

  it('TERM=dumb is refused with a pointer to top -b', async () => {
    const s = new TmuxSession({ width: 100, height: 30, term: 'dumb' });
    try {
      s.start();
      expect(await s.exitStatus(15_000)).toBe(2);
      expect(s.stderr()).toBe('sysmon: the terminal (TERM=dumb) cannot draw the dashboard; use `sysmon top -b` for plain frames\n');
    } finally {
      s.kill();
    }
  }, 60_000);

  it('-d 3000000 (beyond 2^31 ms): no TimeoutOverflowWarning, no busy refresh', async () => {
    const s = new TmuxSession({ width: 120, height: 30, args: ['-d', '3000000'] });
    try {
      s.start();
      await s.waitFor((scr) => /3000000s/.test(scr) && /PID\s+USER/.test(scr), 20_000, 'the dashboard');
      const pid = s.sysmonPid();
      const before = cpuTicks(pid);
      await new Promise((r) => setTimeout(r, 3000));
      // A 1 ms refresh loop burns most of a core (about 280 ticks in 3 s); an idle dashboard next to nothing.
      expect(cpuTicks(pid) - before).toBeLessThan(100);
      expect(s.stderr()).toBe('');
      expect(await s.quit()).toEqual({ status: 0, stderr: '' });
    } finally {
      s.kill();
    }
  }, 60_000);
});
