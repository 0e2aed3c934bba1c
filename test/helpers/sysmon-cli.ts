import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** The launcher users run (npm test builds dist/ first). */
export const SYSMON_BIN = path.resolve(__dirname, '..', '..', 'bin', 'sysmon');

/** The repository root, for fixture and golden paths. */
export const REPO = path.resolve(__dirname, '..', '..');

/** The test's environment plus `extra`, without NODE_EXTRA_CA_CERTS (it adds ~80 ms to every start). */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** What one run of the CLI said and how it ended. A non-zero exit is a result, not an exception. */
export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

const run = promisify(execFile);

/** Run `node bin/sysmon ARGS` to completion. */
export async function runSysmon(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeout?: number; maxBuffer?: number } = {},
): Promise<CliResult> {
  try {
    const r = await run(process.execPath, [SYSMON_BIN, ...args], {
      env: opts.env ?? cliEnv(),
      ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
      maxBuffer: opts.maxBuffer ?? 64 << 20,
    });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof err.code !== 'number') throw e; // could not start, or a timeout: not an exit status
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: err.code };
  }
}
