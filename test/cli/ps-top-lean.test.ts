import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// ps and top -b are one-shot/streaming paths: they must not load blessed, blessed-contrib, systeminformation or
// pidusage. Those are CommonJS, so whatever loaded them left them in the shared CommonJS module cache.
const repo = path.resolve(__dirname, '..', '..');
const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { main } = await import(${JSON.stringify(path.join(repo, 'dist', 'cli', 'main.js'))});
await main(JSON.parse(process.env.SYSMON_ARGS));
const heavy = Object.keys(require.cache).filter((k) => /node_modules\\/(blessed|blessed-contrib|systeminformation|pidusage)\\//.test(k));
const cjs = () => Object.keys(require.cache).filter((k) => /node_modules\\/commander\\//.test(k)).length;
// The plain command line is read without commander; the check then loads it itself, to prove it sees packages.
const commander = cjs();
require('commander');
process.stderr.write(JSON.stringify({ heavy, commander, seen: cjs() }) + '\\n');
`;

describe('ps and top -b start-up', () => {
  for (const args of [['ps', 'aux'], ['ps', '--json', '-ef'], ['top', '-b', '-n', '1'], ['top', '-b', '-n', '1', '--json']]) {
    it(`${args.join(' ')} loads none of the heavy packages`, () => {
      const env: NodeJS.ProcessEnv = { ...process.env, SYSMON_ROOT: path.join(repo, 'test', 'fixtures', 'procs') };
      delete env.NODE_EXTRA_CA_CERTS;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...env, SYSMON_ARGS: JSON.stringify(args) },
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      const seen = JSON.parse(r.stderr.trim().split('\n').pop()!) as { heavy: string[]; commander: number; seen: number };
      expect(seen.commander).toBe(0);
      expect(seen.seen).toBeGreaterThan(0); // proves the cache check sees CommonJS packages
      expect(seen.heavy).toEqual([]);
    });
  }
});
