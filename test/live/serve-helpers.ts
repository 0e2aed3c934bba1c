import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

// Helpers for the `sysmon serve` integration tests. Everything listens on 127.0.0.1 only.

import { cliEnv, REPO, SYSMON_BIN } from '../helpers/sysmon-cli.js';

export { REPO as repo, SYSMON_BIN as bin };
const bin = SYSMON_BIN;

/** Environment for child processes: no extra CA certificates (80 ms per node start), no fixture root. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cliEnv(extra);
  if (!('SYSMON_ROOT' in extra)) delete env.SYSMON_ROOT;
  return env;
}

/** A port that was free a moment ago on 127.0.0.1 (for programs that cannot be told to pick one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A running child with its output collected. */
export interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startChild(cmd: string, args: string[], env = childEnv()): Child {
  const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Stop a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: Child | undefined, graceMs = 3000): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const t = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(t);
}

/** Poll until `fn` returns a value (not undefined) or the time is up; the last error is in the message. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, stepMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** A running `sysmon serve` on a kernel-chosen loopback port. */
export interface Sysmon extends Child {
  port: number;
  base: string;
}

/** Start `sysmon serve --listen 127.0.0.1:0 --json ...` and wait for its startup line. */
export async function startSysmon(args: string[] = [], env = childEnv()): Promise<Sysmon> {
  const child = startChild(process.execPath, [bin, 'serve', '--listen', '127.0.0.1:0', '--json', ...args], env);
  const line = await waitFor('sysmon serve to listen', async () => {
    if (child.proc.exitCode !== null) throw new Error(`sysmon serve exited: ${child.stderr()}`);
    const first = child.stdout().split('\n')[0];
    return first && child.stdout().includes('\n') ? first : undefined;
  }, 15_000, 50);
  const info = JSON.parse(line) as { port: number };
  return { ...child, port: info.port, base: `http://127.0.0.1:${info.port}` };
}

/** GET a loopback URL; status, headers and body. */
export async function get(url: string, init: RequestInit = {}): Promise<{ status: number; type: string; body: string; headers: Headers }> {
  const res = await fetch(url, init);
  const body = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body, headers: res.headers };
}

/** Families of a text exposition: name -> type, label-name sets, and series (label text -> value). */
export interface Family {
  type: string;
  labelSets: Set<string>;
  series: Map<string, number>;
}

export function parseExposition(text: string): Map<string, Family> {
  const out = new Map<string, Family>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      out.set(name!, { type: type!, labelSets: new Set(), series: new Map() });
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable line: ${line}`);
    const fam = out.get(m[1]!);
    if (!fam) continue; // summary/histogram parts (_sum, _count) of node_exporter's own metrics
    const labels = m[2] ?? '';
    const names = [...labels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).sort();
    fam.labelSets.add(names.join(','));
    fam.series.set(labels, Number(m[3]));
  }
  return out;
}

/** Value of one label in a label text such as `device="sda",mountpoint="/"` (escapes left as they are). */
export function label(labels: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|,)${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(labels);
  return m?.[1];
}
