import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// A delay longer than one Node timer holds (2^31 - 1 ms, about 24.8 days) overflowed to 1 ms: endless frames
// and a TimeoutOverflowWarning each. It is now waited out as a chain of timers.
describe('top -b with a delay beyond 2^31 ms', () => {
  it('-d 1e9 prints one frame, then waits, silently', async () => {
    const child = spawn(process.execPath, [SYSMON_BIN, 'top', '-b', '-d', '1e9', '-n', '3'], { env: cliEnv() });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const end = Date.now() + 30_000;
      while (!/^top - /m.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(/^top - /);
      // Whatever the load, the old code had printed its remaining frames and warnings by now.
      await new Promise((r) => setTimeout(r, 1500));
      expect(out.match(/^top - /gm)).toHaveLength(1);
      expect(err).toBe('');
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
