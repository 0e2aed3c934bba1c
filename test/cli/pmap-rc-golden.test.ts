import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon } from '../helpers/sysmon-cli.js';

// Goldens from the REAL procps-ng 4.0.2 `pmap -C RCFILE` (test/golden/capture-pmap-rc.sh) over the process of
// test/fixtures/pmap, for each rc file of test/fixtures/pmap-rc (plain, -q, -p): stdout and stderr.

const goldenDir = path.join(REPO, 'test', 'golden', 'pmap-rc');
const rcDir = path.join(REPO, 'test', 'fixtures', 'pmap-rc');
const root = path.join(REPO, 'test', 'fixtures', 'pmap');
const pid = fs.readFileSync(path.join(REPO, 'test', 'golden', 'pmap', 'pid'), 'utf8').trim();

describe('sysmon pmap -C matches procps pmap on a captured process', () => {
  const files = fs.readdirSync(goldenDir).filter((f) => f.endsWith('.txt')).sort();
  it('has goldens', () => expect(files.length).toBeGreaterThanOrEqual(15));
  for (const file of files) {
    const [rc, mode] = file.slice(0, -4).split('_');
    it(`pmap -C ${rc}.rc ${mode ?? ''} PID`, async () => {
      const args = ['pmap', '-C', path.join(rcDir, `${rc}.rc`), ...(mode ? [mode] : []), pid];
      const r = await runSysmon(args, { env: cliEnv({ SYSMON_ROOT: root }), timeout: 60_000 });
      const err = fs.readFileSync(path.join(goldenDir, `${file.slice(0, -4)}.err`), 'utf8');
      expect(r.stderr).toBe(err.replace(/^pmap: /gm, 'sysmon: '));
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(fs.readFileSync(path.join(goldenDir, file), 'utf8'));
    }, 90_000);
  }
});
