import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { childEnv, freePort, get, startChild, waitFor, type Child } from './serve-helpers.js';

// A real Prometheus (Debian package `prometheus`, installed by .ci/run) on a loopback port, with a data
// directory under `dir` and the given prometheus.yml text.

export function which(cmd: string, pkg = cmd): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${cmd} is not installed: apt-get install ${pkg} (.ci/run does it)`);
  }
}

export interface Prometheus extends Child {
  base: string;
  /** Instant query through the HTTP API; throws unless status is success. */
  query(q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  targets(): Promise<Array<{ labels: Record<string, string>; scrapePool: string; health: string; lastError: string; scrapeUrl: string }>>;
}

/** Start Prometheus with this configuration; retried on another port if the chosen one was taken. */
export async function startPrometheus(dir: string, config: string): Promise<Prometheus> {
  const bin = which('prometheus');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = startChild(bin, [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, `data${attempt}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ], childEnv());
    const ready = await waitFor('Prometheus to be ready', async () => {
      if (child.proc.exitCode !== null) return false;
      return (await get(`${base}/-/ready`)).status === 200 ? true : undefined;
    }, 30_000, 200);
    if (ready) {
      return {
        ...child, base,
        async query(q) {
          const r = await get(`${base}/api/v1/query?query=${encodeURIComponent(q)}`);
          const body = JSON.parse(r.body) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
          if (body.status !== 'success') throw new Error(`query ${q}: ${r.body}`);
          return body.data.result;
        },
        async targets() {
          const r = await get(`${base}/api/v1/targets`);
          return (JSON.parse(r.body) as { data: { activeTargets: Awaited<ReturnType<Prometheus['targets']>> } }).data.activeTargets;
        },
      };
    }
    if (attempt === 3) throw new Error(`prometheus exited: ${child.stderr()}`);
  }
}
