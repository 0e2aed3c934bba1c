import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runSysmon } from '../helpers/sysmon-cli.js';

// Kubernetes-shaped cgroups made by hand under this machine's cgroup v1 hierarchies (the cgroupfs driver's
// /kubepods/burstable/pod<uid>/<container id>), with real processes moved in and real limits set, and the
// kubelet's pod log directory that names the pod. sysmon's rows are compared with the cgroup files. Needs root
// and v1 memory, cpu, cpuacct and pids hierarchies; elsewhere the tests say why and skip.

const CONTROLLERS = ['memory', 'cpu', 'cpuacct', 'pids'] as const;
const UID = randomUUID();
const IDS = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
const POD = `/kubepods/burstable/pod${UID}`;
const NAMESPACE = 'sysmon-test';
const POD_NAME = `web-${process.pid}`;
const LIMIT = 96 * 1024 * 1024;

const made: string[] = []; // directories to remove, deepest last
const children: ChildProcess[] = [];
let why = '';
let ready = false;

function v1Available(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to make cgroups';
  for (const c of CONTROLLERS) {
    if (!fs.existsSync(`/sys/fs/cgroup/${c}/cgroup.procs`) || fs.existsSync(`/sys/fs/cgroup/${c}/cgroup.controllers`)) {
      return `needs a cgroup v1 ${c} hierarchy at /sys/fs/cgroup/${c} (this machine: ${fs.existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'cgroup v2' : 'no such hierarchy'})`;
    }
  }
  return null;
}

function mkdirTracked(dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = dir.slice(0, dir.lastIndexOf('/'));
  mkdirTracked(parent);
  fs.mkdirSync(dir);
  made.push(dir);
}

beforeAll(async () => {
  const no = v1Available();
  if (no !== null) {
    why = no;
    return;
  }
  for (const c of CONTROLLERS) for (const id of IDS) mkdirTracked(`/sys/fs/cgroup/${c}${POD}/${id}`);
  // Limits: the pod's memory, and per container a CPU quota and a task limit.
  fs.writeFileSync(`/sys/fs/cgroup/memory${POD}/memory.limit_in_bytes`, String(LIMIT));
  for (const [i, id] of IDS.entries()) {
    fs.writeFileSync(`/sys/fs/cgroup/cpu${POD}/${id}/cpu.cfs_period_us`, '100000');
    fs.writeFileSync(`/sys/fs/cgroup/cpu${POD}/${id}/cpu.cfs_quota_us`, String(25000 * (i + 1)));
    fs.writeFileSync(`/sys/fs/cgroup/pids${POD}/${id}/pids.max`, String(50 + i));
    fs.writeFileSync(`/sys/fs/cgroup/memory${POD}/${id}/memory.limit_in_bytes`, String(LIMIT / 2));
  }
  // One sleeping process per container (two in the first), moved into every hierarchy.
  for (const id of [IDS[0]!, IDS[0]!, IDS[1]!]) {
    const child = spawn('sleep', ['300'], { stdio: 'ignore' });
    children.push(child);
    await new Promise((r) => child.once('spawn', r));
    for (const c of CONTROLLERS) fs.writeFileSync(`/sys/fs/cgroup/${c}${POD}/${id}/cgroup.procs`, String(child.pid));
  }
  // The kubelet's log directory names the pod; /var/log/containers names the first container.
  for (const d of ['/var/log/pods', `/var/log/pods/${NAMESPACE}_${POD_NAME}_${UID}`, `/var/log/pods/${NAMESPACE}_${POD_NAME}_${UID}/app`, '/var/log/containers']) {
    if (!fs.existsSync(d)) {
      fs.mkdirSync(d);
      made.push(d);
    }
  }
  const link = `/var/log/containers/${POD_NAME}_${NAMESPACE}_app-${IDS[0]}.log`;
  fs.symlinkSync(`/var/log/pods/${NAMESPACE}_${POD_NAME}_${UID}/app/0.log`, link);
  made.push(link);
  ready = true;
}, 60_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))));
  for (const d of made.reverse()) {
    // An emptied cgroup can be removed once the kernel has let its last task go: retry briefly.
    for (let i = 0; i < 50; i++) {
      try {
        const st = fs.lstatSync(d);
        if (st.isSymbolicLink() || st.isFile()) fs.unlinkSync(d);
        else fs.rmdirSync(d);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}, 60_000);

interface Row {
  kind: string; id: string; name: string; runtime: string | null; pod: string; namespace: string; qos: string;
  limit: number | null; cpus: number | null; pids_max: number | null; procs: number; usage: number; mem: number; containers: number;
}

async function rows(): Promise<Row[]> {
  const env = cliEnv();
  delete env.SYSMON_ROOT;
  const r = await runSysmon(['containers', '-d', '0', '--json', '-o', 'kind,id,name,runtime,pod,namespace,qos,limit,cpus,pids_max,procs,usage,mem,containers'], { env, timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { containers: Row[] }).containers;
}

function file(c: string, p: string): number {
  return Number(fs.readFileSync(`/sys/fs/cgroup/${c}${p}`, 'utf8'));
}

describe('live: hand-made kubepods cgroups (v1, cgroupfs driver)', () => {
  it('each container is found in its pod, named by the kubelet state, with its limits', async (ctx) => {
    ctx.skip(!ready, why);
    const all = await rows();
    const [a, b] = IDS.map((id) => all.find((r) => r.id === id));
    expect(a).toMatchObject({ kind: 'container', name: 'app', runtime: 'cri', pod: POD_NAME, namespace: NAMESPACE, qos: 'burstable',
      limit: LIMIT / 2, cpus: 0.25, pids_max: 50, procs: 2 });
    expect(b).toMatchObject({ kind: 'container', name: IDS[1]!.slice(0, 12), pod: POD_NAME, limit: LIMIT / 2, cpus: 0.5, pids_max: 51, procs: 1 });
  });

  it('the pod sums its containers and takes its limit from the pod cgroup', async (ctx) => {
    ctx.skip(!ready, why);
    for (let attempt = 0; ; attempt++) {
      const all = await rows();
      const pod = all.find((r) => r.kind === 'pod' && r.id === UID)!;
      const usage = IDS.reduce((n, id) => n + file('memory', `${POD}/${id}/memory.usage_in_bytes`), 0);
      const ok = pod !== undefined && Math.abs(pod.usage - usage) <= 128 * 1024;
      if (ok || attempt === 4) {
        expect(pod).toMatchObject({ name: POD_NAME, namespace: NAMESPACE, containers: 2, procs: 3, limit: LIMIT });
        expect(Math.abs(pod.usage - usage)).toBeLessThanOrEqual(128 * 1024);
        expect(pod.mem).toBeLessThanOrEqual(pod.usage);
        break;
      }
    }
  });

  it('ps attributes the moved processes to the container and pod', async (ctx) => {
    ctx.skip(!ready, why);
    const env = cliEnv();
    delete env.SYSMON_ROOT;
    const r = await runSysmon(['ps', '--json', '-o', 'pid,container,runtime,pod,namespace', '-p', children.map((c) => c.pid).join(',')], { env });
    expect(JSON.parse(r.stdout)).toEqual([
      { pid: children[0]!.pid, container: 'app', runtime: 'cri', pod: POD_NAME, namespace: NAMESPACE },
      { pid: children[1]!.pid, container: 'app', runtime: 'cri', pod: POD_NAME, namespace: NAMESPACE },
      { pid: children[2]!.pid, container: IDS[1]!.slice(0, 12), runtime: 'cri', pod: POD_NAME, namespace: NAMESPACE },
    ].sort((x, y) => x.pid! - y.pid!));
  });
});
