import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The free path must stay lean: no blessed, blessed-contrib, systeminformation or pidusage. They are CommonJS,
// so whatever loaded them, ESM import or require, left them in the shared CommonJS module cache.
const repo = path.resolve(__dirname, '..', '..');
const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { main } = await import(${JSON.stringify(path.join(repo, 'dist', 'cli', 'main.js'))});
await main(['free', ...JSON.parse(process.env.FREE_ARGS)]);
const heavy = Object.keys(require.cache).filter((k) => /node_modules\\/(blessed|blessed-contrib|systeminformation|pidusage)\\//.test(k));
const cjs = () => Object.keys(require.cache).filter((k) => /node_modules\\/commander\\//.test(k)).length;
// free's plain command line is read without commander; the check then loads it itself, to prove it sees packages.
const commander = cjs();
require('commander');
process.stderr.write(JSON.stringify({ heavy, commander, seen: cjs() }) + '\\n');
`;

describe('sysmon free start-up', () => {
  for (const args of [[], ['-h', '-w', '-t', '-l', '-v'], ['--json']]) {
    it(`free ${args.join(' ')} loads none of the heavy packages`, () => {
      const env: NodeJS.ProcessEnv = { ...process.env, SYSMON_ROOT: path.join(repo, 'test', 'fixtures', 'desktop') };
      delete env.NODE_EXTRA_CA_CERTS;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...env, FREE_ARGS: JSON.stringify(args) }, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/total/);
      const seen = JSON.parse(r.stderr.trim().split('\n').pop()!) as { heavy: string[]; commander: number; seen: number };
      expect(seen.commander).toBe(0);
      // commander is CommonJS too: seeing it once required proves the cache check works.
      expect(seen.seen).toBeGreaterThan(0);
      expect(seen.heavy).toEqual([]);
    });
  }
});
