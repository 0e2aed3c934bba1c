import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon } from '../helpers/sysmon-cli.js';

// Goldens from the REAL procps-ng 4.0.2 uptime (test/golden/capture-uptime.sh): each fixture's proc/uptime,
// proc/loadavg and var/run/utmp bind-mounted where uptime reads them, in a private mount namespace, TZ=UTC.
// Each golden is stored with the clock just before and after it was taken; sysmon runs with SYSMON_NOW set to each.

const goldenDir = path.join(REPO, 'test', 'golden', 'uptime');
const fixtures = path.join(REPO, 'test', 'fixtures', 'uptime');

describe('sysmon uptime matches procps uptime on fixture trees', () => {
  const scenarios = fs.readdirSync(goldenDir).sort();
  it('has goldens', () => expect(scenarios.length).toBeGreaterThanOrEqual(6));
  for (const scenario of scenarios) {
    for (const file of fs.readdirSync(path.join(goldenDir, scenario)).filter((f) => f.endsWith('.txt')).sort()) {
      const base = file.slice(0, -4);
      const args = base === 'uptime' ? [] : base.slice('uptime_'.length).split('_');
      it(`${scenario}: uptime ${args.join(' ')}`, async () => {
        // The real run happened between these two clock readings; sysmon must print the same at one of them.
        const ends = fs.readFileSync(path.join(goldenDir, scenario, `${base}.now`), 'utf8').trim().split(' ');
        const golden = fs.readFileSync(path.join(goldenDir, scenario, file), 'utf8');
        const outs: string[] = [];
        for (const now of ends) {
          const r = await runSysmon(['uptime', ...args], {
            env: cliEnv({ SYSMON_ROOT: path.join(fixtures, scenario), SYSMON_NOW: now, TZ: 'UTC' }),
            timeout: 60_000,
          });
          expect(r.stderr).toBe('');
          expect(r.code).toBe(0);
          outs.push(r.stdout);
        }
        expect(outs).toContain(golden);
      }, 90_000);
    }
  }

  it('--json gives seconds, the boot time in epoch seconds, users and load', async () => {
    const r = await runSysmon(['uptime', '--json'], {
      env: cliEnv({ SYSMON_ROOT: path.join(fixtures, 'days'), SYSMON_NOW: '1796156633' }),
      timeout: 60_000,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      uptime: 268980.12,
      boot_time: Math.round(1796156633 - 268980.12),
      users: 3,
      load: { '1m': 1.5, '5m': 0.75, '15m': 12.34 },
    });
  }, 90_000);
});
