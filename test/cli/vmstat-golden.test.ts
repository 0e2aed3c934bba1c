import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon } from '../helpers/sysmon-cli.js';

// Goldens from the REAL procps-ng 4.0.2 vmstat (test/golden/capture-vmstat.sh): each fixture's proc/{stat,
// vmstat,meminfo,uptime,diskstats,slabinfo} bind-mounted over the real ones in a private mount namespace,
// TZ=UTC. The file name is the arguments ('_' for a space, '%' for '/'); `.err` is vmstat's stderr, and
// `.now` the clock just before and after the run (for -t), tried in turn.

const goldenDir = path.join(REPO, 'test', 'golden', 'vmstat');
const fixtures = path.join(REPO, 'test', 'fixtures', 'vmstat');

describe('sysmon vmstat matches procps vmstat on fixture trees', () => {
  const scenarios = fs.readdirSync(goldenDir).sort();
  it('has goldens', () => expect(scenarios.length).toBeGreaterThanOrEqual(2));
  for (const scenario of scenarios) {
    const dir = path.join(goldenDir, scenario);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      const base = file.slice(0, -4);
      const args = base === 'vmstat' ? [] : base.slice('vmstat_'.length).replace(/%/g, '/').split('_');
      it(`${scenario}: vmstat ${args.join(' ')}`, async () => {
        const golden = fs.readFileSync(path.join(dir, file), 'utf8');
        const err = fs.readFileSync(path.join(dir, `${base}.err`), 'utf8');
        const ends = fs.readFileSync(path.join(dir, `${base}.now`), 'utf8').trim().split(' ');
        const results = [];
        for (const now of ends) {
          const r = await runSysmon(['vmstat', ...args], {
            env: cliEnv({ SYSMON_ROOT: path.join(fixtures, scenario), SYSMON_NOW: now, TZ: 'UTC' }),
            timeout: 60_000,
          });
          results.push(r);
          if (r.stdout === golden) break;
        }
        const r = results[results.length - 1]!;
        expect(r.stderr).toBe(err.replace(/^vmstat: /, 'sysmon: '));
        expect(r.code).toBe(err === '' ? 0 : 1);
        expect(r.stdout).toBe(golden);
      }, 120_000);
    }
  }
});
