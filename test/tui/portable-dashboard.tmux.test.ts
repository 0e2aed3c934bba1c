import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { haveTmux, TmuxSession } from './tmux-harness.js';

if (!haveTmux()) throw new Error('tmux is not installed: the dashboard tests need it (apt-get install tmux)');

// The dashboard on the portable backend (SYSMON_BACKEND=portable) on this Linux machine, in tmux: the
// header, memory, the filesystems panel and a process the test owns come from systeminformation and pidusage;
// SHR, which that backend cannot fill, shows `-`; q leaves with status 0 and nothing on stderr.
const sleeper = spawn('sleep', ['313.25'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill('SIGKILL');
});

function memTotalGiB(): string {
  const kib = Number(/^MemTotal:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]);
  return `${(kib / 1024 / 1024).toFixed(1)}G`;
}

describe('dashboard on the portable backend (tmux, 120x40)', () => {
  it('shows memory, filesystems and processes from it, - where it has nothing, and quits cleanly', async () => {
    const s = new TmuxSession({
      width: 120,
      height: 40,
      args: ['-d', '1', '--no-config', '--no-gpu'],
      env: { SYSMON_BACKEND: 'portable' },
    });
    try {
      s.start();
      const screen = await s.waitFor((scr) => /Filesystems, fullest first/.test(scr) && /\d+% +\S+\/\S+ +\/\s/.test(scr) && /PID USER/.test(scr), 30_000, 'the main screen');
      expect(screen).toMatch(/^\S+ - \d\d:\d\d:\d\d up /m);
      expect(screen).toContain(`/${memTotalGiB()}]`);
      // The kernel here has PSI; it is the backend that has no source for it, and the panel says so.
      expect(screen).toContain('no pressure stall information on the portable backend');
      // Filter to the test's own process: its row is the portable backend's.
      s.keys(['o']);
      await s.waitFor((scr) => scr.includes('filter'), 4000, 'the filter prompt');
      s.keys(['313.25'], true);
      s.keys(['Enter']);
      s.keys(['c']);
      const row = await s.waitFor((scr) => scr.split('\n').some((l) => l.includes('sleep 313.25')), 20_000, 'the sleeper row');
      const line = row.split('\n').find((l) => l.includes('sleep 313.25'))!;
      const cells = line.trim().split(/\s+/);
      expect(cells[0]).toBe(String(sleeper.pid));
      expect(cells[6], line).toBe('-');
      expect(await s.quit()).toEqual({ status: 0, stderr: '' });
    } finally {
      s.kill();
    }
  }, 60_000);
});
