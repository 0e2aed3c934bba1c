import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO, runSysmon, type CliResult } from '../helpers/sysmon-cli.js';

// Golden files were captured from the real procps-ng 4.0.2 `free` reading each fixture's proc/meminfo
// (test/golden/capture-free.sh); sysmon must print the same bytes on the same input.
const repo = REPO;
const goldenDir = path.join(repo, 'test', 'golden', 'free');
const fixtures = path.join(repo, 'test', 'fixtures');
const env = cliEnv();

function sysmon(root: string, args: string[]): Promise<CliResult> {
  return runSysmon(args, { env: { ...env, SYSMON_ROOT: root } });
}

const scenarios = fs.readdirSync(goldenDir).sort();

describe('sysmon free matches procps-ng free on fixtures', () => {
  it('has golden files for the edge-case fixtures', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['container', 'desktop', 'highmem32', 'huge', 'old-kernel']));
  });
  for (const scenario of scenarios) {
    it(`${scenario}: every captured mode`, async () => {
      const files = fs.readdirSync(path.join(goldenDir, scenario)).filter((f) => f.endsWith('.txt')).sort();
      expect(files.length).toBeGreaterThan(10);
      const root = path.join(fixtures, scenario);
      // Two at a time: the machine has two cores shared with the other tests.
      for (let i = 0; i < files.length; i += 2) {
        await Promise.all(files.slice(i, i + 2).map(async (file) => {
          const args = file.replace(/\.txt$/, '').split('_').slice(1);
          const want = fs.readFileSync(path.join(goldenDir, scenario, file), 'utf8');
          const got = await sysmon(root, ['free', ...args]);
          expect(got.stderr, `free ${args.join(' ')}`).toBe('');
          expect(got.stdout, `free ${args.join(' ')} on ${scenario}`).toBe(want);
        }));
      }
    });
  }
});
