import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, SYSMON_BIN } from '../helpers/sysmon-cli.js';

// Live: df's and du's diagnostics name a missing file exactly as coreutils quotes it, in a UTF-8 and in the C
// locale: quotes only where the shell needs them (df) or always (du), `$'\033'` for control characters, so no
// raw escape reaches the terminal and scripts read the same words.
const NAMES = [
  'plain', 'a b', "it's", "it's $x", 'tab\there', 'nl\nx', '\x1b[31mred', 'csi\u009bx', 'caf\u00e9', '~home', 'x~',
  '#hash', 'a#b', '{', 'a{', '=eq', 'q?', 'back\\slash', 'star*', 'colon:', 'pct%+,-._@]', '\x07\b\f\r\v\x7f', "'",
];
let dir = '';

function stderrOf(cmd: string, args: string[], env: NodeJS.ProcessEnv): { text: string; status: number | null } {
  const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
  return { text: r.stderr, status: r.status };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-quote-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('file names in df and du diagnostics are quoted as coreutils quotes them', () => {
  for (const lang of ['C.UTF-8', 'C']) {
    for (const tool of ['df', 'du']) {
      it(`${tool}, LANG=${lang}`, () => {
        const env = cliEnv({ LANG: lang, LC_ALL: '' });
        delete env.LC_ALL;
        delete env.LC_CTYPE;
        for (const name of NAMES) {
          // Relative to an empty directory, so each name is missing and a leading `~` or `#` stays leading.
          const real = stderrOf(tool, [name], env);
          const ours = stderrOf(process.execPath, [SYSMON_BIN, tool, name], env);
          expect(ours.status, JSON.stringify(name)).toBe(real.status);
          expect(ours.text, JSON.stringify(name)).toBe(real.text.replace(new RegExp(`^${tool}: `, 'gm'), 'sysmon: '));
        }
      }, 120_000);
    }
  }
});
