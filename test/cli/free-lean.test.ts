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
const cached = Object.keys(require.cache).filter((k) => /node_modules\\/commander\\//.test(k));
process.stderr.write(JSON.stringify({ heavy, commander: cached.length }) + '\\n');
`;

describe('sysmon free start-up', () => {
  for (const args of [[], ['-h', '-w', '-t', '-l', '-v'], ['--json']]) {
    it(`free ${args.join(' ')} loads none of the heavy packages`, () => {
      const env: NodeJS.ProcessEnv = { ...process.env, SYSMON_ROOT: path.join(repo, 'test', 'fixtures', 'desktop') };
      delete env.NODE_EXTRA_CA_CERTS;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...env, FREE_ARGS: JSON.stringify(args) }, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/total/);
      const seen = JSON.parse(r.stderr.trim().split('\n').pop()!) as { heavy: string[]; commander: number };
      // commander is CommonJS too: seeing it proves the cache check works.
      expect(seen.commander).toBeGreaterThan(0);
      expect(seen.heavy).toEqual([]);
    });
  }
});
