import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runSysmon } from '../helpers/sysmon-cli.js';
import { IDS, stateFiles, v1CgroupfsCgroups, v2SystemdCgroups, writeCgroupFixture } from '../helpers/cgroup-fixture.js';

// `sysmon containers` and the container process fields end to end, on generated cgroup trees (--root).
let v2: string;
let v1: string;
beforeAll(() => {
  v2 = writeCgroupFixture(2, v2SystemdCgroups(), stateFiles());
  v1 = writeCgroupFixture(1, v1CgroupfsCgroups(), stateFiles());
});
afterAll(() => {
  fs.rmSync(v2, { recursive: true, force: true });
  fs.rmSync(v1, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => {
  const e = cliEnv({ SYSMON_NOW: '1764200000', TZ: 'UTC' });
  delete e.COLUMNS;
  delete e.SYSMON_ROOT;
  return e;
};
const sysmon = (args: string[]) => runSysmon(args, { env: env(), timeout: 30_000 });

describe('sysmon containers', () => {
  it('prints a table of containers and pods', async () => {
    const r = await sysmon(['--root', v2, 'containers', '-d', '0', '-o', 'name,kind,runtime,pod,namespace,mem,limit,mem%,pids,procs,command', '--sort', 'kind,name']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +KIND +RUNTIME +POD +NAMESPACE +MEM +LIMIT +MEM% +PIDS +PROCS COMMAND$/);
    const web = lines.find((l) => l.startsWith('web '))!;
    expect(web.split(/ +/)).toEqual(['web', 'container', 'docker', '-', '-', '80M', '512M', '15.6', '2', '2', 'nginx', '-g', 'daemon', 'off;']);
    const pod = lines.find((l) => / pod /.test(l) && l.startsWith('api-7d9f'))!;
    expect(pod.split(/ +/).slice(0, 10)).toEqual(['api-7d9f', 'pod', '-', 'api-7d9f', 'shop', '1.0M', '1.0G', '0.1', '2', '2']);
    expect(lines.length).toBe(1 + 8 + 2);
  });

  it('--json: base units, the full id, sorted by a key high to low', async () => {
    const r = await sysmon(['--root', v2, 'containers', '-d', '0', '--json', '-o', 'name,id,mem,limit,cpus,read', '--sort', '-mem']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { cgroupVersion: number; containers: Record<string, unknown>[] };
    expect(doc.cgroupVersion).toBe(2);
    expect(doc.containers[0]).toEqual({ name: 'web', id: IDS.docker, mem: 80 * 1024 * 1024, limit: 512 * 1024 * 1024, cpus: 0.5, read: 4096 });
    const mems = doc.containers.map((c) => c.mem as number);
    expect(mems).toEqual([...mems].sort((a, b) => b - a));
  });

  it('streams NDJSON with -s and -c', async () => {
    const r = await sysmon(['--root', v1, 'containers', '-s', '0.05', '-c', '2', '--json', '-o', 'name,cpu']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { interval: number; containers: { name: string; cpu: number }[] });
    expect(lines).toHaveLength(2);
    // Counters do not move in a fixture: 0 % once there is a previous sample.
    for (const l of lines) expect(l.containers.find((c) => c.name === 'web')?.cpu).toBe(0);
  });

  it('--all adds units and other cgroups', async () => {
    const r = await sysmon(['--root', v2, 'containers', '-d', '0', '--all', '-o', 'name,kind', '--no-headers']);
    expect(r.stdout).toMatch(/^nginx\.service +unit$/m);
  });

  it('usage errors exit 2 with one line, no cgroups exit 1', async () => {
    for (const args of [['-o', 'nosuch'], ['--sort', 'nosuch'], ['-s', '0'], ['-c', 'x'], ['-d', '-1']]) {
      const r = await sysmon(['--root', v2, 'containers', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^sysmon: /);
    }
    const empty = fs.mkdtempSync(`${v2}-empty`);
    try {
      fs.mkdirSync(`${empty}/proc`);
      fs.copyFileSync(`${v2}/proc/stat`, `${empty}/proc/stat`);
      const r = await sysmon(['--root', empty, 'containers']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^sysmon: containers: no cgroup filesystem under .*\/sys\/fs\/cgroup\n$/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('serve --containers takes a bound of 0..5000, else a usage error', async () => {
    for (const bad of ['x', '5001', '-1']) {
      const r = await sysmon(['serve', '--listen', '127.0.0.1:0', `--containers=${bad}`]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/^sysmon: serve: --containers /);
    }
  });

  it('--list-fields lists the registry', async () => {
    const r = await sysmon(['containers', '--list-fields']);
    expect(r.code).toBe(0);
    for (const k of ['name', 'cpu', 'throttled', 'mem', 'limit', 'pids_max', 'psi_io', 'command']) expect(r.stdout).toMatch(new RegExp(`^${k} `, 'm'));
  });
});

describe('container process fields in ps and top', () => {
  it('ps -o container,runtime,pod,namespace,unit', async () => {
    const r = await sysmon(['--root', v2, 'ps', '-eo', 'pid,container,runtime,pod,namespace,unit,comm']);
    expect(r.stderr).toBe('');
    const rows = new Map(r.stdout.trimEnd().split('\n').slice(1).map((l) => {
      const f = l.trim().split(/ +/);
      return [Number(f[0]), f.slice(1)];
    }));
    expect(rows.get(201)).toEqual(['web', 'docker', '-', '-', `docker-${IDS.docker}.scope`, 'nginx']);
    expect(rows.get(301)).toEqual(['db', 'podman', '-', '-', `libpod-${IDS.podman}.scope`, 'postgres']);
    expect(rows.get(401)).toEqual(['app', 'containerd', 'api-7d9f', 'shop', `cri-containerd-${IDS.app}.scope`, 'app']);
    expect(rows.get(450)).toEqual(['-', 'cri-o', IDS.podUid2, '-', `crio-conmon-${IDS.crio}.scope`, 'conmon']);
    expect(rows.get(701)).toEqual(['-', '-', '-', '-', 'nginx.service', 'nginx']);
  });

  it('ps --sort container and --json', async () => {
    const r = await sysmon(['--root', v1, 'ps', '-e', '--json', '-o', 'pid,container,pod', '--sort', 'container,pid']);
    const rows = JSON.parse(r.stdout) as { pid: number; container: string | null; pod: string | null }[];
    // pid 300 is podman's conmon (outside the container); the pod's app is named by the kubelet's log link.
    expect(rows.map((x) => [x.pid, x.container])).toEqual([[300, null], [401, 'app'], [400, 'c2bbbbbbbbbb'], [301, 'db'], [201, 'web']]);
    expect(rows.find((x) => x.pid === 401)?.pod).toBe('api-7d9f');
  });

  it('top -b -o container sorts on it', async () => {
    const r = await sysmon(['--root', v2, 'top', '-b', '-n', '1', '-o', 'container']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const table = r.stdout.split('\n');
    const head = table.findIndex((l) => /^\s*PID /.test(l));
    const firstPid = Number(table[head + 1]!.trim().split(/ +/)[0]);
    // High to low: "web1" (the LXC container, pid 601) sorts last by name, so it leads.
    expect(firstPid).toBe(601);
  });
});
